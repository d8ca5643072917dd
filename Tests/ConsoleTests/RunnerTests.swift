import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage

/// The command runner against a real `EmbeddedService` on a temporary data directory.
@Suite(.serialized) struct RunnerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("console-runner-\(UUID().uuidString)")
    var data: URL { root.appendingPathComponent("data") }
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources/samples").path

    func makeRunner() throws -> (EmbeddedService, Inbox, CommandRunner) {
        let storage = StorageRouter(local: try LocalStorage(dataDirectory: data), remote: nil)
        let service = try EmbeddedService(dataDirectory: data, storage: storage)
        let inbox = Inbox()
        return (service, inbox, CommandRunner(service: service, inbox: inbox, dataDirectory: data))
    }

    /// Drains the inbox until an event satisfies `done` (120 s at most: CI runs every suite at once); every event seen.
    func events(_ inbox: Inbox, until done: (Event) -> Bool) async throws -> [Event] {
        var seen: [Event] = []
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let drained = inbox.drain().events
            seen += drained
            if drained.contains(where: done) { return seen }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out; events: \(seen)")
        return seen
    }

    @Test func setupCreatesEverythingAndTheSampleImportSucceeds() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let (service, inbox, runner) = try makeRunner()
        let location = try LocationName(project: "p1", location: "local")
        runner.run(.runSetup(SetupPlan(location: location, datasetID: "dicom", storeID: "store1", bucket: "dicom-bucket",
                                       existingFolder: nil, samplesFolder: Self.samples)))
        let seen = try await events(inbox) { if case .setupFinished = $0 { true } else { false } }
        let steps = seen.compactMap { if case .setupStep(let step) = $0, step.outcome != nil { step } else { nil } }
        #expect(steps.count == 7)
        #expect(steps.allSatisfy { if case .done = $0.outcome { true } else { false } }, "\(steps)")
        guard case .setupFinished(let store?, let operation?)? = seen.last else { Issue.record("setup failed: \(seen)"); return }
        var last: DicomOperation?
        for try await snapshot in service.progress(of: operation.name) { last = snapshot }
        #expect(last?.succeeded == true)
        #expect(last?.counter.success == 6)
        let policy = try await service.storage.iamPolicy(bucket: "dicom-bucket")
        #expect(policy?.roles(of: service.serviceAgent(of: "p1")).sorted() == ["roles/storage.objectAdmin", "roles/storage.objectViewer"])
        // Running it again keeps what exists.
        runner.run(.runSetup(SetupPlan(location: location, datasetID: "dicom", storeID: "store1", bucket: "dicom-bucket",
                                       existingFolder: nil, samplesFolder: nil)))
        let again = try await events(inbox) { if case .setupFinished = $0 { true } else { false } }
        #expect(again.contains { if case .setupStep(let step) = $0 { step.outcome == .done("exists, kept") } else { false } })
        // The preview counts what a pattern matches.
        runner.run(.preview(uri: "gs://dicom-bucket/samples/phantom-s1-*.dcm", generation: 7))
        let preview = try await events(inbox) { if case .preview = $0 { true } else { false } }
        guard case .preview(7, .success(let result))? = preview.last else { Issue.record("no preview"); return }
        #expect(result.count == 3)
        #expect(result.bytes == 3 * 33_736)
        runner.run(.loadStudies(store))
        let studies = try await events(inbox) { if case .studies = $0 { true } else { false } }
        guard case .studies(_, .success(let list))? = studies.last else { Issue.record("no studies"); return }
        #expect(list.first?.instanceCount == 6)
        runner.run(.saveConfig(ConsoleConfig(project: "p1", location: "local", dataset: "dicom", store: "store1")))
        let deadline = ContinuousClock.now + .seconds(60)
        while CommandRunner.loadConfig(in: data) == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(CommandRunner.loadConfig(in: data)?.store == "store1")
    }

    @Test func missingRoleIsReportedWithTheGrantCommandAndGrantingStartsTheImport() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let (service, inbox, runner) = try makeRunner()
        let folder = root.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try service.storage.local.createBucket("src-bucket", folder: folder)
        let location = try LocationName(project: "p2", location: "local")
        let store = try StoreName(DatasetName(location, id: "d"), id: "s")
        _ = try await service.createDataset(store.dataset, labels: [:])
        _ = try await service.createStore(store, labels: [:])
        let start = Command.startImport(store, uri: "gs://src-bucket/**", storageClass: nil)
        runner.run(.checkAccess(bucket: "src-bucket", need: .read, project: "p2", then: start))
        let seen = try await events(inbox) { if case .accessMissing = $0 { true } else { false } }
        guard case .accessMissing(let problem)? = seen.last else { Issue.record("no access problem"); return }
        #expect(problem.canGrant)
        #expect(problem.role == "roles/storage.objectViewer")
        #expect(problem.grantCommand.hasPrefix("dicom-console storage buckets add-iam-policy-binding gs://src-bucket"))
        runner.run(.grant(bucket: problem.bucket, member: problem.member, roles: [problem.role], then: problem.then))
        let granted = try await events(inbox) { if case .operationStarted = $0 { true } else { false } }
        #expect(granted.contains { if case .granted(_, _, nil) = $0 { true } else { false } })
        guard case .operationStarted(.success(let operation))? = granted.last else { Issue.record("not started"); return }
        var last: DicomOperation?
        for try await snapshot in service.progress(of: operation.name) { last = snapshot }
        #expect(last?.done == true)
        #expect(last?.counter.success == 0)
    }
}
