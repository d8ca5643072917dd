import Foundation
import Testing
@testable import ObjectStorage

@Suite("Local bucket batch writes (stage, publish)")
struct LocalStagingTests {
    @Test("staged objects are invisible until published, then read back with their content type")
    func stageThenPublish() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("batch")
        let first = try fixture.storage.stage(bucket: "batch", object: "a/1.png", contentType: "image/png", data: Data("one".utf8))
        let second = try fixture.storage.stage(bucket: "batch", object: "b/2.png", contentType: "image/png", data: Data("two".utf8))
        let before = try await fixture.storage.list(bucket: "batch", prefix: "", delimiter: nil, pageToken: nil, pageSize: 10)
        #expect(before.objects.isEmpty)
        try fixture.storage.publish([first, second], bucket: "batch")
        try fixture.storage.sync(bucket: "batch")
        let after = try await fixture.storage.list(bucket: "batch", prefix: "", delimiter: nil, pageToken: nil, pageSize: 10)
        #expect(after.objects.map(\.name) == ["a/1.png", "b/2.png"])
        #expect(try await fixture.storage.readAll(bucket: "batch", object: "b/2.png") == Data("two".utf8))
        #expect(try await fixture.storage.metadata(bucket: "batch", object: "a/1.png").contentType == "image/png")
    }

    @Test("discarded staged objects leave no file behind")
    func discard() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("gone")
        let staged = try fixture.storage.stage(bucket: "gone", object: "x.bin", contentType: nil, data: Data([1, 2, 3]))
        fixture.storage.discard([staged])
        let root = try await fixture.storage.bucket("gone").location
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }

    @Test("a folder checked once is not trusted after it is swapped for a link out of the bucket, or removed")
    func verifiedFoldersNoticeSwaps() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("out")
        let folders = VerifiedFolders()
        let first = try fixture.storage.stage(bucket: "out", object: "study/1.dcm", contentType: nil, data: Data("one".utf8), folders: folders)
        try fixture.storage.publish([first], bucket: "out")
        let root = try await fixture.storage.bucket("out").location
        // The checked folder becomes a link to a folder outside the bucket.
        let outside = fixture.directory.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: root + "/study")
        try FileManager.default.createSymbolicLink(atPath: root + "/study", withDestinationPath: outside.path)
        #expect(throws: StorageError.self) {
            _ = try fixture.storage.stage(bucket: "out", object: "study/2.dcm", contentType: nil, data: Data("two".utf8), folders: folders)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "nothing written outside the bucket")
        // Removed instead: made again.
        try FileManager.default.removeItem(atPath: root + "/study")
        let third = try fixture.storage.stage(bucket: "out", object: "study/3.dcm", contentType: nil, data: Data("three".utf8), folders: folders)
        try fixture.storage.publish([third], bucket: "out")
        #expect(try await fixture.storage.readAll(bucket: "out", object: "study/3.dcm") == Data("three".utf8))
    }
}
