import ObjectStorage
import Foundation
import GRDB
import Testing
@testable import DicomStore
#if canImport(Glibc)
import Glibc
#endif

extension StoreTests {
    @Suite("Recovery when the service opens")
    struct RecoveryTests {
        /// The PID of a process that has ended and been reaped.
        static func deadPID() throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            process.waitUntilExit()
            let pid = process.processIdentifier
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "process \(pid) is still there")
            return pid
        }

        /// Sets the worker fields of an operation (and counters) as a worker process would have.
        static func setWorker(_ service: EmbeddedService, _ name: OperationName, pid: Int32, heartbeat: Date,
                              counter: StoreOperation.Counter = .init()) async throws {
            try await service.index.pool.write { db in
                try db.execute(sql: "UPDATE operation SET workerPID = ?, heartbeat = ?, success = ?, failure = ?, pending = ? WHERE name = ?",
                               arguments: [pid, heartbeat.timeIntervalSince1970, counter.success, counter.failure,
                                           counter.pending, name.description])
            }
        }

        /// A store with CT_small and MR_small imported (their blobs are referenced).
        static func storeWithInstances(_ fixture: StoreFixture) async throws -> StoreName {
            let store = try await fixture.makeStore()
            let folder = try fixture.folder("source")
            for name in ["CT_small.dcm", "MR_small.dcm"] {
                try TestData.write(try Data(contentsOf: TestData.pydicomTestFiles().appendingPathComponent(name)), to: folder, name)
            }
            try fixture.addBucket("source-bucket", folder: folder)
            let imported = try await fixture.importAndWait(into: store, uri: "gs://source-bucket/**.dcm")
            #expect(imported.succeeded && imported.counter.success == 2)
            return store
        }

        @Test("an operation whose worker died is ABORTED (cut off) on reopening; unreferenced blobs and leftovers go, referenced ones stay")
        func deadWorker() async throws {
            let fixture = try StoreFixture()
            let store = try await Self.storeWithInstances(fixture)
            let referenced = Set(try fixture.service.blobs.allKeys())
            #expect(referenced.count == 2)

            let operation = try await fixture.service.createOperation(
                kind: .importDicomData, store: store, requestJSON: #"{"gcsSource":{"uri":"gs://source-bucket/**.dcm"}}"#)
            try await Self.setWorker(fixture.service, operation.name, pid: try Self.deadPID(), heartbeat: Date(),
                                     counter: .init(success: 7, failure: 2, pending: 3))
            let orphan = Data("bytes no instance refers to".utf8)
            let orphanKey = try orphan.withUnsafeBytes { try fixture.service.blobs.put($0) }
            try FileManager.default.createDirectory(at: fixture.dataDirectory.appendingPathComponent("blobs/ab"), withIntermediateDirectories: true)
            let leftover = fixture.dataDirectory.appendingPathComponent("blobs/ab/.tmp-interrupted-write")
            try Data("half a blob".utf8).write(to: leftover)
            #expect(Set(try fixture.service.blobs.allKeys()) == referenced.union([orphanKey]))

            let reopened = try EmbeddedService(dataDirectory: fixture.dataDirectory, storage: fixture.storage)
            let recovered = try await reopened.operation(operation.name)
            #expect(recovered.done && recovered.endTime != nil)
            let error = try #require(recovered.error)
            #expect(error.code == .aborted)
            #expect(error.message.contains("cut off"), "\(error.message)")
            #expect(error.message.contains("7 succeeded") && error.message.contains("2 failed"), "\(error.message)")
            #expect(recovered.counter == .init(success: 7, failure: 2, pending: 3))
            #expect(try await reopened.operations(in: store.dataset, done: false, kind: nil).isEmpty)

            #expect(Set(try reopened.blobs.allKeys()) == referenced)
            #expect(!FileManager.default.fileExists(atPath: leftover.path))
            for instance in try await fixture.allInstances(in: store) {
                let bytes = try await reopened.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID)
                #expect(TestData.contentKey(bytes) == instance.contentHash)
            }
            // A done operation is never touched again.
            let third = try EmbeddedService(dataDirectory: fixture.dataDirectory, storage: fixture.storage)
            #expect(try await third.operation(operation.name) == recovered)
        }

        @Test("a live worker's operation is left running and blobs are kept; once its heartbeat is stale it is cut off")
        func liveAndStaleWorkers() async throws {
            let fixture = try StoreFixture()
            let store = try await Self.storeWithInstances(fixture)
            let operation = try await fixture.service.createOperation(kind: .importDicomData, store: store, requestJSON: "{}")
            try await Self.setWorker(fixture.service, operation.name, pid: getpid(), heartbeat: Date())
            // A blob a live worker has just written, not yet recorded.
            let pending = try Data("being imported".utf8).withUnsafeBytes { try fixture.service.blobs.put($0) }

            let reopened = try EmbeddedService(dataDirectory: fixture.dataDirectory, storage: fixture.storage)
            let running = try await reopened.operation(operation.name)
            #expect(!running.done && running.error == nil)
            #expect(try reopened.blobs.allKeys().contains(pending))

            // The worker stopped beating a minute ago (hung, or its PID reused): cut off, and its blob collected.
            try await Self.setWorker(fixture.service, operation.name, pid: getpid(), heartbeat: Date().addingTimeInterval(-60))
            let later = try EmbeddedService(dataDirectory: fixture.dataDirectory, storage: fixture.storage)
            let cut = try await later.operation(operation.name)
            #expect(cut.done && cut.error?.code == .aborted)
            #expect(try !later.blobs.allKeys().contains(pending))
            #expect(try later.blobs.allKeys().count == 2)
        }
    }
}
