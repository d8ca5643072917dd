import Crypto
import Foundation
import Testing
@testable import ObjectStorage

/// A fresh data directory with a local storage over it, removed at the end.
final class LocalFixture {
    let directory: URL
    let storage: LocalStorage

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("local-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storage = try LocalStorage(dataDirectory: directory.appendingPathComponent("data"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes files straight into a folder (as a user's existing tree would be).
    func makeFolder(_ name: String, files: [String: String]) throws -> URL {
        let folder = directory.appendingPathComponent(name)
        for (path, content) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return folder
    }
}

@Suite("Local bucket backend")
struct LocalStorageTests {
    @Test("write, read, metadata with CRC32C and MD5, delete")
    func objectLifecycle() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("alpha")
        let written = try await fixture.storage.write(bucket: "alpha", object: "dir/check.txt", contentType: "text/plain",
                                                      data: Data("123456789".utf8))
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720 check value).
        #expect(written.crc32c == Data([0xE3, 0x06, 0x92, 0x83]).base64EncodedString())
        #expect(written.md5Hash == Data(Insecure.MD5.hash(data: Data("123456789".utf8))).base64EncodedString())
        let info = try await fixture.storage.metadata(bucket: "alpha", object: "dir/check.txt")
        #expect(info.size == 9 && info.crc32c == written.crc32c && info.md5Hash == written.md5Hash)
        #expect(info.contentType == "text/plain")
        #expect(try await fixture.storage.readAll(bucket: "alpha", object: "dir/check.txt") == Data("123456789".utf8))
        try await fixture.storage.delete(bucket: "alpha", object: "dir/check.txt")
        await #expect(throws: StorageError.self) { try await fixture.storage.metadata(bucket: "alpha", object: "dir/check.txt") }
        do {
            _ = try await fixture.storage.metadata(bucket: "nope", object: "x")
        } catch let error as StorageError {
            #expect(error.code == .notFound && error.message.contains("storage buckets create"))
        }
    }

    @Test("an existing folder is registered in place, and the registry survives a restart")
    func registerFolder() async throws {
        let fixture = try LocalFixture()
        let folder = try fixture.makeFolder("pacs", files: ["a/1.dcm": "one", "b.dcm": "two"])
        try fixture.storage.createBucket("pacs", folder: folder)
        #expect(try await fixture.storage.readAll(bucket: "pacs", object: "a/1.dcm") == Data("one".utf8))
        let reopened = try LocalStorage(dataDirectory: fixture.storage.dataDirectory)
        #expect(try await reopened.bucket("pacs").location == LocalPaths.realPath(folder.path))
        #expect(throws: StorageError.self) { try reopened.createBucket("pacs") }
    }

    @Test("two processes' views of the registry: each sees the other's changes and never overwrites them")
    func sharedRegistry() async throws {
        let fixture = try LocalFixture()
        let other = try LocalStorage(dataDirectory: fixture.storage.dataDirectory)  // e.g. the console beside the CLI
        try fixture.storage.createBucket("first")
        #expect(other.hasBucket("first"))
        try other.addIAMBinding(bucket: "first", member: "serviceAccount:a@b", role: "roles/storage.objectViewer")
        try fixture.storage.createBucket("second")
        let policy = try await fixture.storage.iamPolicy(bucket: "first")
        #expect(policy?.roles(of: "serviceAccount:a@b") == ["roles/storage.objectViewer"])
        #expect(try await other.listBuckets().map(\.name) == ["first", "second"])
    }

    @Test("listing: name order, prefix, folders folded with a delimiter, pages over 2,600 objects")
    func listing() async throws {
        let fixture = try LocalFixture()
        var files: [String: String] = [:]
        for index in 0..<2_600 { files["bulk/\(index % 7)/f\(index).dcm"] = "x" }
        for name in ["a-b", "a/b", "a.b", "a0", "a/b/c", "b"] { files["order/" + name + (name == "a/b" ? "x" : "")] = name }
        let folder = try fixture.makeFolder("tree", files: files)
        try fixture.storage.createBucket("tree", folder: folder)

        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await fixture.storage.list(bucket: "tree", prefix: "bulk/", delimiter: nil, pageToken: token, pageSize: 1000)
            names += page.objects.map(\.name)
            token = page.nextPageToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(names.count == 2_600 && Set(names).count == 2_600)
        #expect(names == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })

        let order = try await fixture.storage.list(bucket: "tree", prefix: "order/", delimiter: nil, pageToken: nil, pageSize: 100)
        #expect(order.objects.map(\.name) == ["order/a-b", "order/a.b", "order/a/b/c", "order/a/bx", "order/a0", "order/b"])

        let folded = try await fixture.storage.list(bucket: "tree", prefix: "order/", delimiter: "/", pageToken: nil, pageSize: 100)
        #expect(folded.prefixes == ["order/a/"])
        #expect(folded.objects.map(\.name) == ["order/a-b", "order/a.b", "order/a0", "order/b"])

        let partial = try await fixture.storage.list(bucket: "tree", prefix: "order/a", delimiter: "/", pageToken: nil, pageSize: 2)
        #expect(partial.objects.map(\.name) == ["order/a-b", "order/a.b"])
        let rest = try await fixture.storage.list(bucket: "tree", prefix: "order/a", delimiter: "/", pageToken: partial.nextPageToken, pageSize: 2)
        #expect(rest.prefixes == ["order/a/"] && rest.objects.map(\.name) == ["order/a0"] && rest.nextPageToken == nil)
    }

    @Test("wildcard matching over a local bucket streams exactly the matching objects")
    func matching() async throws {
        let fixture = try LocalFixture()
        let folder = try fixture.makeFolder("b", files: [
            "DIR/Example.dcm": "", "DIR/Example22.dcm": "", "DIR/Example1.dcm": "", "DIR/Example01.dcm": "",
            "DIR/sub/Example3.dcm": "", "DIR/sub/deep/x.dcm": "", "DIR/notes.txt": "", "OTHER/Example.dcm": "",
        ])
        try fixture.storage.createBucket("bkt", folder: folder)
        func names(_ uri: String) async throws -> [String] {
            var out: [String] = []
            for try await object in try fixture.storage.objects(matching: StorageURI(uri), pageSize: 2) { out.append(object.name) }
            return out
        }
        #expect(try await names("gs://bkt/DIR/Example*.dcm") == ["DIR/Example.dcm", "DIR/Example01.dcm", "DIR/Example1.dcm", "DIR/Example22.dcm"])
        #expect(try await names("gs://bkt/DIR/**.dcm").count == 6)
        #expect(try await names("gs://bkt/DIR/Example?.dcm") == ["DIR/Example1.dcm"])
        #expect(try await names("gs://bkt/DIR/notes.txt") == ["DIR/notes.txt"])
        #expect(try await names("gs://bkt/DIR/*/Example*.dcm") == ["DIR/sub/Example3.dcm"])
    }

    @Test("names and links that would leave the bucket are refused, never followed")
    func pathEscapes() async throws {
        let fixture = try LocalFixture()
        let outside = try fixture.makeFolder("outside", files: ["secret.txt": "secret"])
        let folder = try fixture.makeFolder("inside", files: ["ok.txt": "ok"])
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("leak.txt").path,
                                                   withDestinationPath: outside.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("leakdir").path,
                                                   withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("alias.txt").path,
                                                   withDestinationPath: folder.appendingPathComponent("ok.txt").path)
        try fixture.storage.createBucket("jail", folder: folder)
        #expect(try await fixture.storage.readAll(bucket: "jail", object: "alias.txt") == Data("ok".utf8), "a link inside the bucket is followed")
        for name in ["../outside/secret.txt", "%2e%2e/outside/secret.txt", "%2E%2E%2Foutside/secret.txt", "/etc/passwd",
                     "a/./b", "a//b", "leak.txt", "leakdir/secret.txt"] {
            do {
                _ = try await fixture.storage.readAll(bucket: "jail", object: name)
                Issue.record("read of \(name) was allowed")
            } catch let error as StorageError {
                #expect([.invalidArgument, .permissionDenied, .notFound].contains(error.code), "\(name): \(error)")
            }
        }
        await #expect(throws: StorageError.self) {
            try await fixture.storage.write(bucket: "jail", object: "leakdir/new.txt", contentType: nil, data: Data("x".utf8))
        }
        await #expect(throws: StorageError.self) {
            try await fixture.storage.write(bucket: "jail", object: "../escape.txt", contentType: nil, data: Data("x".utf8))
        }
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("new.txt").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.appendingPathComponent("escape.txt").path))
        let listed = try await fixture.storage.list(bucket: "jail", prefix: "", delimiter: nil, pageToken: nil, pageSize: 100)
        #expect(listed.objects.map(\.name).filter { $0 != "alias.txt" } == ["ok.txt"])
    }

    @Test("a write that fails midway leaves neither an object nor a temporary file")
    func atomicWrite() async throws {
        struct Broken: Error {}
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("atomic")
        _ = try await fixture.storage.write(bucket: "atomic", object: "f.bin", contentType: nil, data: Data("old".utf8))
        let chunks = AsyncThrowingStream<Data, any Error> { continuation in
            continuation.yield(Data(repeating: 1, count: 1000))
            continuation.finish(throwing: Broken())
        }
        await #expect(throws: Broken.self) {
            try await fixture.storage.write(bucket: "atomic", object: "f.bin", contentType: nil, from: chunks)
        }
        #expect(try await fixture.storage.readAll(bucket: "atomic", object: "f.bin") == Data("old".utf8))
        let root = try await fixture.storage.bucket("atomic").location
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["f.bin"])
    }
}
