import DICOM
import Foundation
import ObjectStorage
import Testing
@testable import DicomStore

/// Every DicomStore suite is nested here so that the whole target runs one test at a time: the imports
/// are heavy for a 2-core machine and two tests measure time (progress cadence, prompt cancel).
@Suite(.serialized) struct StoreTests {}

/// A test's own world: a temporary folder holding the service's data directory (index, blobs,
/// `buckets.json`) and any source trees, removed at the end.
final class StoreFixture: Sendable {
    let root: URL
    let dataDirectory: URL
    let local: LocalStorage
    let storage: StorageRouter
    let service: EmbeddedService
    let project = "test-project"
    let location = "us-central1"

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("dicom-store-tests-\(UUID().uuidString)")
        dataDirectory = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        local = try LocalStorage(dataDirectory: dataDirectory)
        storage = StorageRouter(local: local, remote: nil)
        service = try EmbeddedService(dataDirectory: dataDirectory, storage: storage)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A new empty folder under the test's root (a source tree to register as a bucket).
    func folder(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    var locationName: LocationName { get throws { try LocationName(project: project, location: location) } }

    func datasetName(_ id: String = "ds") throws -> DatasetName { try DatasetName(locationName, id: id) }

    /// Creates a dataset and a store in it.
    func makeStore(dataset: String = "ds", store: String = "st") async throws -> StoreName {
        let datasetName = try datasetName(dataset)
        if (try? await service.dataset(datasetName)) == nil {
            _ = try await service.createDataset(datasetName, labels: [:])
        }
        let name = try StoreName(datasetName, id: store)
        _ = try await service.createStore(name, labels: [:])
        return name
    }

    /// Registers `folder` as the local bucket `name`; with `grant`, gives the project's service agent
    /// roles/storage.objectViewer on it (what an import needs).
    func addBucket(_ name: String, folder: URL, grant: Bool = true) throws {
        try local.createBucket(name, folder: folder)
        if grant {
            try local.addIAMBinding(bucket: name, member: service.serviceAgent(of: project), role: "roles/storage.objectViewer")
        }
    }

    /// Starts an import and waits (60 s at most) for the operation to be done.
    func importAndWait(into store: StoreName, uri: String, storageClass: StorageClass? = nil) async throws -> StoreOperation {
        let operation = try await service.importDicom(into: store, gcsURI: uri, storageClass: storageClass)
        #expect(!operation.done)
        return try await waitUntilDone(operation.name)
    }

    /// The last snapshot of `progress(of:)`, which must be done within `timeout`.
    func waitUntilDone(_ name: OperationName, timeout: Duration = .seconds(60)) async throws -> StoreOperation {
        let snapshots = try await follow(name, timeout: timeout)
        guard let last = snapshots.last?.operation, last.done else {
            throw FixtureError("operation \(name) ended its progress stream without being done")
        }
        return last
    }

    /// One snapshot of an operation and when it arrived.
    struct Snapshot: Sendable {
        let at: ContinuousClock.Instant
        let operation: StoreOperation
    }

    /// Every snapshot `progress(of:)` gives until the operation is done, bounded by `timeout`;
    /// `onSnapshot` sees each one as it arrives (e.g. to cancel).
    func follow(_ name: OperationName, timeout: Duration = .seconds(60),
                onSnapshot: @escaping @Sendable (StoreOperation) async throws -> Void = { _ in }) async throws -> [Snapshot] {
        let service = self.service
        let result = try await withThrowingTaskGroup(of: [Snapshot]?.self) { group in
            group.addTask {
                var snapshots: [Snapshot] = []
                for try await operation in service.progress(of: name) {
                    snapshots.append(Snapshot(at: .now, operation: operation))
                    try await onSnapshot(operation)
                }
                return snapshots
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let result else { throw FixtureError("operation \(name) not done after \(timeout)") }
        return result
    }

    /// Every instance of a store, found through its studies.
    func allInstances(in store: StoreName) async throws -> [Instance] {
        var instances: [Instance] = []
        for study in try await service.studies(in: store) {
            instances += try await service.instances(in: store, study: study.studyInstanceUID, series: nil)
        }
        return instances
    }
}

/// A failure of the test's own machinery (timeouts, missing test data).
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
