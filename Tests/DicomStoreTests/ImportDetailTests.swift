import ObjectStorage
import DICOM
import Foundation
import GRDB
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Import details: raw data sets, shared blobs, concurrent imports, running operations")
    struct ImportDetailTests {
        /// Copies pydicom test files into a new granted bucket.
        static func bucket(_ fixture: StoreFixture, _ name: String, files: [String]) throws -> URL {
            let folder = try fixture.folder(name)
            for file in files {
                try TestData.write(try Data(contentsOf: TestData.pydicomTestFiles().appendingPathComponent(file)), to: folder, file)
            }
            try fixture.addBucket(name, folder: folder)
            return folder
        }

        @Test("a raw data set (no preamble, no meta) is stored as Part 10 with the same elements")
        func rawDataSets() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let folder = try Self.bucket(fixture, "raw-bucket", files: ["ExplVR_LitEndNoMeta.dcm"])
            // CT_small without its preamble and meta group: the bytes after (0002,0000)'s group.
            let ct = try Data(contentsOf: TestData.pydicomTestFiles().appendingPathComponent("CT_small.dcm"))
            let groupLength = ct[(132 + 8)..<(132 + 12)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            try TestData.write(ct.subdata(in: (132 + 12 + groupLength)..<ct.count), to: folder, "CT_small_raw.dcm")

            let operation = try await fixture.importAndWait(into: store, uri: "gs://raw-bucket")
            #expect(operation.succeeded)
            #expect(operation.counter == .init(success: 2, failure: 0, pending: 0))
            for name in ["ExplVR_LitEndNoMeta.dcm", "CT_small_raw.dcm"] {
                let source = try DICOMFile(path: folder.appendingPathComponent(name).path)
                #expect(source.preamble == nil && source.fileMetaInformation.isEmpty, "\(name) is not raw")
                let uid = try #require(TestData.identity(of: source)).sop
                let stored = try await fixture.service.instanceBytes(in: store, sopInstanceUID: uid)
                #expect(stored.count > 132 && stored[128..<132] == Data("DICM".utf8), "\(name) is not stored as Part 10")
                let reread = try DICOMFile(data: stored)
                #expect(reread.fileMetaInformation.string(.mediaStorageSOPInstanceUID) == uid)
                #expect(reread.dataSet.elements.map(\.tag) == source.dataSet.elements.map(\.tag))
                for (a, b) in zip(reread.dataSet.elements, source.dataSet.elements) where a.bytes != nil {
                    #expect(a.vr == b.vr && a.bytes == b.bytes, "\(name): \(a.tag) changed")
                }
                let instance = try #require(try await fixture.allInstances(in: store).first { $0.sopInstanceUID == uid })
                #expect(instance.size == Int64(stored.count))
                #expect(instance.contentHash == TestData.contentKey(stored))
                #expect(instance.storageClass == .standard)
            }
        }

        @Test("stores share identical blobs: deleting one store keeps what another still uses")
        func sharedBlobs() async throws {
            let fixture = try StoreFixture()
            let first = try await fixture.makeStore(store: "first")
            let second = try await fixture.makeStore(store: "second")
            _ = try Self.bucket(fixture, "shared-bucket", files: ["CT_small.dcm", "MR_small.dcm"])
            for store in [first, second] {
                #expect(try await fixture.importAndWait(into: store, uri: "gs://shared-bucket/**.dcm").succeeded)
            }
            #expect(try fixture.service.blobs.allKeys().count == 2)
            try await fixture.service.deleteStore(first)
            #expect(try fixture.service.blobs.allKeys().count == 2)
            for instance in try await fixture.allInstances(in: second) {
                let bytes = try await fixture.service.instanceBytes(in: second, sopInstanceUID: instance.sopInstanceUID)
                #expect(TestData.contentKey(bytes) == instance.contentHash)
            }
            try await fixture.service.deleteStore(second)
            #expect(try fixture.service.blobs.allKeys().isEmpty)
        }

        @Test("results finishing out of order are recorded in listing order")
        func listingOrder() {
            var order = ListingOrder<String>()
            #expect(order.arrived("c", at: 2) == [])
            #expect(order.arrived("a", at: 0) == ["a"])
            #expect(order.arrived("b", at: 1) == ["b", "c"])
            #expect(order.arrived("d", at: 3) == ["d"])
        }

        @Test("a store whose blobs have SHA-256 keys (written before XXH3): re-importing the same files is identical, one blob each")
        func legacyKeysStayIdentical() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            _ = try Self.bucket(fixture, "legacy-bucket", files: ["CT_small.dcm", "MR_small.dcm"])
            #expect(try await fixture.importAndWait(into: store, uri: "gs://legacy-bucket/**").succeeded)
            // Give each blob a 64-digit key, as older data directories have them.
            let blobs = try #require(fixture.service.blobs as? FileBlobStore)
            var legacy: [String: String] = [:]
            for instance in try await fixture.allInstances(in: store) {
                let old = String(instance.contentHash.prefix(32)) + String(instance.contentHash.prefix(32))
                try FileManager.default.createDirectory(atPath: (blobs.path(old) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                #expect(rename(blobs.path(instance.contentHash), blobs.path(old)) == 0)
                try await fixture.service.index.pool.write { db in
                    try db.execute(sql: "UPDATE instance SET contentHash = ? WHERE contentHash = ?", arguments: [old, instance.contentHash])
                }
                legacy[instance.sopInstanceUID] = old
            }
            let again = try await fixture.importAndWait(into: store, uri: "gs://legacy-bucket/**")
            #expect(again.succeeded)
            #expect(again.counter == .init(success: 2, failure: 0, pending: 0))
            #expect(Set(try blobs.allKeys()) == Set(legacy.values), "the new copies are removed, the old blobs kept")
            for instance in try await fixture.allInstances(in: store) {
                #expect(instance.contentHash == legacy[instance.sopInstanceUID])
                let bytes = try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID)
                #expect(Int64(bytes.count) == instance.size)
            }
        }

        @Test("two imports of the same files at once both succeed fully; each instance is stored once")
        func concurrentImports() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            _ = try Self.bucket(fixture, "twice-bucket", files: TestData.goodFiles)
            let a = try await fixture.service.importDicom(into: store, gcsURI: "gs://twice-bucket/**.dcm", storageClass: nil)
            let b = try await fixture.service.importDicom(into: store, gcsURI: "gs://twice-bucket/**.dcm", storageClass: nil)
            #expect(a.name != b.name)
            for name in [a.name, b.name] {
                let done = try await fixture.waitUntilDone(name)
                #expect(done.succeeded, "\(done.error.map(\.message) ?? "")")
                #expect(done.counter == .init(success: 10, failure: 0, pending: 0))
            }
            #expect(try await fixture.service.store(store).instanceCount == 10)
            #expect(try fixture.service.blobs.allKeys().count == 10)
        }

        @Test("a done operation: progress gives it once and ends; cancel leaves it as it is")
        func doneOperation() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            _ = try Self.bucket(fixture, "done-bucket", files: ["rtplan.dcm"])
            let done = try await fixture.importAndWait(into: store, uri: "gs://done-bucket/rtplan.dcm")
            #expect(done.succeeded && done.counter == .init(success: 1, failure: 0, pending: 0))
            let endTime = try #require(done.endTime)
            #expect(endTime >= done.createTime)
            let snapshots = try await fixture.follow(done.name, timeout: .seconds(5))
            #expect(snapshots.map(\.operation) == [done])
            let cancelled = try await fixture.service.cancel(done.name)
            #expect(cancelled == done)
            #expect(try await fixture.service.logs(of: done.name).isEmpty)
        }

        @Test("while an import runs, its store and dataset cannot be deleted")
        func deleteWhileRunning() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let folder = try fixture.folder("many")
            _ = try TestData.writeDistinctInstances(count: 1500, into: folder)
            try fixture.addBucket("busy-bucket", folder: folder)
            let operation = try await fixture.service.importDicom(into: store, gcsURI: "gs://busy-bucket/**.dcm", storageClass: nil)
            let storeRefused = await #expect(throws: ServiceError.self) { try await fixture.service.deleteStore(store) }
            #expect(storeRefused?.code == .failedPrecondition)
            #expect(storeRefused?.message.contains("running") == true)
            let datasetRefused = await #expect(throws: ServiceError.self) { try await fixture.service.deleteDataset(store.dataset, force: true) }
            #expect(datasetRefused?.code == .failedPrecondition)
            #expect(try await fixture.service.operations(in: store.dataset, done: false, kind: nil).map(\.name) == [operation.name])
            let done = try await fixture.waitUntilDone(operation.name)
            #expect(done.succeeded && done.counter.success == 1500)
            try await fixture.service.deleteDataset(store.dataset, force: true)
            #expect(try fixture.service.blobs.allKeys().isEmpty)
        }
    }
}
