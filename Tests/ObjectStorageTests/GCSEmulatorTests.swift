import Crypto
import Foundation
import Testing
@testable import ObjectStorage

/// `GCSStorage` against the real fake-gcs-server (one fresh server per test). Serialized: the 100 MB
/// test measures this process's memory, which concurrent tests of this suite would disturb.
@Suite("GCS emulator", .serialized)
struct GCSEmulatorTests {
    @Test("create bucket, write, read, metadata, list buckets, delete")
    func roundTrip() async throws {
        try await withFakeGCS { storage, _ async throws in
            let created = try await storage.createBucket(name: "studies")
            #expect(created.name == "studies")
            #expect(created.backend == "gcs")
            let again = await #expect(throws: StorageError.self) { try await storage.createBucket(name: "studies") }
            #expect(again?.code == .alreadyExists)
            #expect(try await storage.listBuckets().map(\.name).contains("studies"))
            #expect(try await storage.bucket("studies").name == "studies")

            // A name with spaces, `/`, `+`, `%`, `#`, `?` and non-ASCII survives the path encoding.
            let name = "a dir/sub+dir/ü 50%#?.dcm"
            let content = Data("DICM hello".utf8)
            let written = try await storage.write(bucket: "studies", object: name, contentType: "application/dicom",
                                                  data: content)
            #expect(written.name == name)
            #expect(written.size == Int64(content.count))
            #expect(written.md5Hash == Data(Insecure.MD5.hash(data: content)).base64EncodedString())
            var crc = CRC32C()
            content.withUnsafeBytes { crc.update($0) }
            #expect(written.crc32c == crc.base64)

            let info = try await storage.metadata(bucket: "studies", object: name)
            #expect(info.size == Int64(content.count))
            #expect(info.contentType == "application/dicom")
            #expect(info.crc32c == crc.base64)
            #expect(info.updated != nil)
            #expect(abs(info.updated!.timeIntervalSinceNow) < 300)
            #expect(try await storage.readAll(bucket: "studies", object: name) == content)

            // Replacing keeps one object with the new content.
            _ = try await storage.write(bucket: "studies", object: name, contentType: nil, data: Data("v2".utf8))
            #expect(try await storage.readAll(bucket: "studies", object: name) == Data("v2".utf8))

            try await storage.delete(bucket: "studies", object: name)
            let gone = await #expect(throws: StorageError.self) {
                try await storage.metadata(bucket: "studies", object: name)
            }
            #expect(gone?.code == .notFound)
        }
    }

    @Test("missing bucket and object are notFound, named; IAM is nil on the emulator")
    func notFoundAndIAM() async throws {
        try await withFakeGCS { storage, _ async throws in
            try await storage.createBucket(name: "present")
            func failure(_ call: () async throws -> Void) async -> StorageError? {
                await #expect(throws: StorageError.self) { try await call() }
            }
            let noObject = await failure { _ = try await storage.metadata(bucket: "present", object: "x/y.dcm") }
            #expect(noObject == StorageError(.notFound, "no such object gs://present/x/y.dcm"))
            let noBucket = await failure { _ = try await storage.metadata(bucket: "absent", object: "x/y.dcm") }
            #expect(noBucket == StorageError(.notFound, "no such bucket gs://absent"))
            let noRead = await failure { _ = try await storage.read(bucket: "present", object: "nothing") }
            #expect(noRead == StorageError(.notFound, "no such object gs://present/nothing"))
            let noReadBucket = await failure { _ = try await storage.read(bucket: "absent", object: "nothing") }
            #expect(noReadBucket == StorageError(.notFound, "no such bucket gs://absent"))
            let noDelete = await failure { try await storage.delete(bucket: "present", object: "nothing") }
            #expect(noDelete == StorageError(.notFound, "no such object gs://present/nothing"))
            let noList = await failure {
                _ = try await storage.list(bucket: "absent", prefix: "", delimiter: nil, pageToken: nil, pageSize: 10)
            }
            #expect(noList == StorageError(.notFound, "no such bucket gs://absent"))
            let noBucketInfo = await failure { _ = try await storage.bucket("absent") }
            #expect(noBucketInfo?.code == .notFound)

            #expect(try await storage.iamPolicy(bucket: "present") == nil)
            let noPolicy = await failure { _ = try await storage.iamPolicy(bucket: "absent") }
            #expect(noPolicy == StorageError(.notFound, "no such bucket gs://absent"))
        }
    }

    @Test("listing 2,600 objects: every name once, in order, across pages; delimiter folds folders")
    func paginatedListing() async throws {
        try await withFakeGCS { storage, _ async throws in
            try await storage.createBucket(name: "many")
            let names = (0..<2600).map { "dir\($0 % 4)/file\(String(format: "%05d", $0)).dcm" }
                + ["root-0.txt", "root-1.txt", "root-2.txt"]
            // Upload concurrently, 16 at a time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                var iterator = names.makeIterator()
                func addNext() -> Bool {
                    guard let name = iterator.next() else { return false }
                    group.addTask {
                        _ = try await storage.write(bucket: "many", object: name, contentType: "text/plain",
                                                    data: Data(name.utf8))
                    }
                    return true
                }
                for _ in 0..<16 where !addNext() {}
                while try await group.next() != nil { _ = addNext() }
            }

            for pageSize in [1000, 333] {
                var listed: [String] = []
                var token: String?
                var pages = 0
                repeat {
                    let page = try await storage.list(bucket: "many", prefix: "", delimiter: nil, pageToken: token,
                                                      pageSize: pageSize)
                    #expect(page.objects.count <= pageSize)
                    #expect(page.prefixes.isEmpty)
                    listed += page.objects.map(\.name)
                    token = page.nextPageToken
                    pages += 1
                } while token != nil && pages < 100
                #expect(listed == names.sorted(), "page size \(pageSize)")
                #expect(Set(listed).count == listed.count)
                #expect(pages == (names.count + pageSize - 1) / pageSize)
            }

            // A prefix, with sizes from the string-typed JSON field.
            let dir1 = try await storage.list(bucket: "many", prefix: "dir1/", delimiter: "/", pageToken: nil,
                                              pageSize: 1000)
            #expect(dir1.objects.count == 650)
            #expect(dir1.objects.allSatisfy { $0.size == Int64($0.name.utf8.count) })

            // The delimiter folds the four folders into prefixes; the root files stay objects.
            var objects: [String] = []
            var prefixes: [String] = []
            var token: String?
            repeat {
                let page = try await storage.list(bucket: "many", prefix: "", delimiter: "/", pageToken: token,
                                                  pageSize: 2)
                objects += page.objects.map(\.name)
                prefixes += page.prefixes
                token = page.nextPageToken
            } while token != nil
            #expect(objects == ["root-0.txt", "root-1.txt", "root-2.txt"])
            #expect(prefixes == ["dir0/", "dir1/", "dir2/", "dir3/"])
        }
    }

    @Test("a 100 MB object goes through the resumable path and back, streamed, in bounded memory")
    func largeObjectStreaming() async throws {
        try await withFakeGCS { storage, _ async throws in
            try await storage.createBucket(name: "big")
            let size = 100 * 1024 * 1024 + 12_345  // not a multiple of the chunk size
            let pattern = GCSTestPattern(size: size)
            let before = gcsResidentBytes()
            let written = try await storage.write(bucket: "big", object: "volume.raw",
                                                  contentType: "application/octet-stream", from: pattern.stream())
            let (crc32c, md5) = await pattern.hashes()
            #expect(written.size == Int64(size))
            #expect(written.crc32c == crc32c)
            #expect(written.md5Hash == md5)
            #expect(written.contentType == "application/octet-stream")

            var received = 0
            var crc = CRC32C()
            var readMD5 = Insecure.MD5()
            var peak = await pattern.peakResident
            var chunks = 0
            for try await chunk in try await storage.read(bucket: "big", object: "volume.raw") {
                received += chunk.count
                chunk.withUnsafeBytes { crc.update($0) }
                readMD5.update(data: chunk)
                chunks += 1
                if chunks % 64 == 0 { peak = max(peak, gcsResidentBytes()) }
            }
            peak = max(peak, gcsResidentBytes())
            #expect(received == size)
            #expect(crc.base64 == crc32c)
            #expect(Data(readMD5.finalize()).base64EncodedString() == md5)
            #expect(chunks > 1)
            let growth = peak - before
            #expect(growth < 64 << 20, "RSS grew by \(growth >> 20) MiB while moving 100 MiB")
            print("100 MiB round trip: RSS before \(before >> 20) MiB, peak growth \(growth >> 20) MiB, \(chunks) read chunks")
        }
    }
}
