import ObjectStorage
import Foundation
import Synchronization
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Large imports: cancel and progress")
    struct LargeImportTests {
        static let fileCount = 3000

        /// A store and a granted bucket of `fileCount` small instances, each its own SOP Instance UID.
        static func setUp(_ fixture: StoreFixture) async throws -> (StoreName, Set<String>) {
            let store = try await fixture.makeStore()
            let folder = try fixture.folder("many")
            let started = ContinuousClock.now
            let uids = try TestData.writeDistinctInstances(count: fileCount, into: folder)
            print("wrote \(fileCount) files in \(ContinuousClock.now - started)")
            try fixture.addBucket("many-files", folder: folder)
            return (store, uids)
        }

        /// When the cancel was sent, and the snapshot that prompted it.
        final class CancelRecord: Sendable {
            let sent = Mutex<(at: ContinuousClock.Instant, seen: StoreOperation)?>(nil)
        }

        @Test("cancel stops the import promptly: CANCELLED, true counters, the store holds exactly the successes")
        func cancel() async throws {
            let fixture = try StoreFixture()
            let (store, uids) = try await Self.setUp(fixture)
            let operation = try await fixture.service.importDicom(into: store, gcsURI: "gs://many-files/**.dcm", storageClass: nil)
            let record = CancelRecord()
            let service = fixture.service
            let snapshots = try await fixture.follow(operation.name) { snapshot in
                guard snapshot.counter.success > 0, !snapshot.done, record.sent.withLock({ $0 == nil }) else { return }
                record.sent.withLock { $0 = (ContinuousClock.now, snapshot) }
                let answer = try await service.cancel(operation.name)
                #expect(answer.cancelRequested)
            }
            let final = try #require(snapshots.last?.operation)
            let (sentAt, seen) = try #require(record.sent.withLock { $0 }, "the import was done before it could be cancelled")
            let stopped = snapshots.last!.at - sentAt
            print("cancel sent at success=\(seen.counter.success); done \(stopped) later with \(final.counter)")

            #expect(final.done && final.cancelRequested)
            let error = try #require(final.error)
            #expect(error.code == .cancelled)
            #expect(error.message.contains("cancel"))
            #expect(stopped < .seconds(5), "the import took \(stopped) to stop after the cancel")
            let counter = final.counter
            #expect(counter.success >= 0 && counter.failure >= 0 && counter.pending >= 0)
            #expect(counter.success >= seen.counter.success)
            #expect(counter.failure == 0)
            #expect(counter.success + counter.failure < Int64(Self.fileCount), "nothing was left when the cancel took effect")

            // What was counted a success is in the store, and nothing else; no blob is left without an instance.
            let instances = try await fixture.allInstances(in: store)
            #expect(Int64(instances.count) == counter.success)
            #expect(Set(instances.map(\.sopInstanceUID)).isSubset(of: uids))
            #expect(try await fixture.service.store(store).instanceCount == instances.count)
            #expect(try fixture.service.blobs.allKeys().count == instances.count)
            // A second cancel of a done operation changes nothing.
            let again = try await fixture.service.cancel(operation.name)
            #expect(again.done && again.counter == final.counter && again.error == final.error)
        }

        @Test("progress gives at least 4 snapshots a second while an import runs, with counters that only grow")
        func progressCadence() async throws {
            let fixture = try StoreFixture()
            let (store, uids) = try await Self.setUp(fixture)
            let operation = try await fixture.service.importDicom(into: store, gcsURI: "gs://many-files/**.dcm", storageClass: .coldline)
            let snapshots = try await fixture.follow(operation.name)
            let final = try #require(snapshots.last?.operation)
            #expect(final.succeeded)
            #expect(final.counter == .init(success: Int64(Self.fileCount), failure: 0, pending: 0))
            #expect(try await fixture.service.store(store).instanceCount == uids.count)

            for (previous, next) in zip(snapshots, snapshots.dropFirst()) {
                #expect(next.operation.counter.success >= previous.operation.counter.success)
                #expect(next.operation.counter.pending >= 0)
                #expect(!previous.operation.done)
            }
            // Whole seconds from the first snapshot to the done one; the last partial second is not judged.
            let start = snapshots.first!.at
            let running = snapshots.last!.at - start
            let seconds = Int(running / .seconds(1))
            let perSecond = (0..<seconds).map { second in
                let from = start + .seconds(second), to = start + .seconds(second + 1)
                return snapshots.filter { $0.at >= from && $0.at < to }.count
            }
            print("import of \(Self.fileCount) files ran \(running): \(snapshots.count) snapshots, per second \(perSecond); pending seen \(snapshots.map(\.operation.counter.pending))")
            try #require(seconds >= 1, "the import ran \(running), too short to measure a rate")
            for (second, count) in perSecond.enumerated() {
                #expect(count >= 4, "second \(second) of the import saw \(count) snapshots (\(perSecond))")
            }
        }
    }
}
