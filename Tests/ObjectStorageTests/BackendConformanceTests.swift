import Foundation
import Testing
@testable import ObjectStorage

/// One suite, run against both backends: the embedded local folders and Cloud Storage (the real
/// fake-gcs-server on loopback). Whatever the service layer relies on must hold for each.
@Suite("Backend conformance", .serialized)
struct BackendConformanceTests {
    @Test("local backend")
    func local() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("conformance")
        try await Self.conformance(fixture.storage, bucket: "conformance")
    }

    @Test("Cloud Storage backend (fake-gcs-server)")
    func cloudStorage() async throws {
        try await withFakeGCS { storage, _ in
            try await storage.createBucket(name: "conformance")
            try await Self.conformance(storage, bucket: "conformance")
        }
    }

    static func conformance(_ storage: any ObjectStorage, bucket: String) async throws {
        // One object: write, metadata with hashes, read, replace, delete.
        let name = "dir/a file+name ü.dcm"
        let written = try await storage.write(bucket: bucket, object: name, contentType: "application/dicom", data: Data("123456789".utf8))
        #expect(written.crc32c == Data([0xE3, 0x06, 0x92, 0x83]).base64EncodedString())
        let info = try await storage.metadata(bucket: bucket, object: name)
        #expect(info.size == 9 && info.crc32c == written.crc32c && info.md5Hash == written.md5Hash && info.contentType == "application/dicom")
        #expect(try await storage.readAll(bucket: bucket, object: name) == Data("123456789".utf8))
        _ = try await storage.write(bucket: bucket, object: name, contentType: nil, data: Data("replaced".utf8))
        #expect(try await storage.readAll(bucket: bucket, object: name) == Data("replaced".utf8))
        try await storage.delete(bucket: bucket, object: name)
        await expectCode(.notFound) { _ = try await storage.metadata(bucket: bucket, object: name) }
        await expectCode(.notFound) { _ = try await storage.metadata(bucket: "no-such-bucket-here", object: name) }

        // 2,600 objects: every name once, in order, over pages; folders folded with a delimiter.
        let names = (0..<2_600).map { "many/\($0 % 5)/object-\(String(format: "%05d", $0)).dcm" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let object = names[next]
                next += 1
                group.addTask { _ = try await storage.write(bucket: bucket, object: object, contentType: nil, data: Data(object.utf8)) }
            }
            for _ in 0..<16 { add() }
            while try await group.next() != nil { if next < names.count { add() } }
        }
        var listed: [String] = []
        var token: String?
        repeat {
            let page = try await storage.list(bucket: bucket, prefix: "many/", delimiter: nil, pageToken: token, pageSize: 1000)
            listed += page.objects.map(\.name)
            token = page.nextPageToken
        } while token != nil
        #expect(listed == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let folded = try await storage.list(bucket: bucket, prefix: "many/", delimiter: "/", pageToken: nil, pageSize: 1000)
        #expect(folded.prefixes == (0..<5).map { "many/\($0)/" } && folded.objects.isEmpty)
        var matched = 0
        for try await _ in try storage.objects(matching: StorageURI("gs://\(bucket)/many/3/object-0*.dcm"), pageSize: 100) { matched += 1 }
        #expect(matched == 520)

        // 100 MiB streamed both ways in bounded memory, checked by hashes.
        let size = 100 << 20
        let pattern = GCSTestPattern(size: size)
        let before = gcsResidentBytes()
        let big = try await storage.write(bucket: bucket, object: "big.bin", contentType: nil, from: pattern.stream())
        let expected = await pattern.hashes()
        #expect(big.size == Int64(size) && big.crc32c == expected.crc32c && big.md5Hash == expected.md5)
        var crc = CRC32C()
        var total = 0
        for try await chunk in try await storage.read(bucket: bucket, object: "big.bin") {
            chunk.withUnsafeBytes { crc.update($0) }
            total += chunk.count
        }
        #expect(total == size && crc.base64 == expected.crc32c)
        let growth = gcsResidentBytes() - before
        #expect(growth < 64 << 20, "resident memory grew by \(growth >> 20) MiB moving 100 MiB")
    }

    static func expectCode(_ code: StorageError.Code, _ body: () async throws -> Void,
                           sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("expected \(code.rawValue), got success", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a StorageError, got \(error)", sourceLocation: sourceLocation)
        }
    }
}
