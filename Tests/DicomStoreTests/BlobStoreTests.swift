import Foundation
import Testing
@testable import DicomStore
#if canImport(Glibc)
import Glibc
#endif

/// The blob store's keys, its direct writes and the import's read buffers.
@Suite("Blob store")
struct BlobStoreTests {
    private func temporaryFolder(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    }

    @Test("content keys are the XXH3-128 and the size; equal bytes are one blob")
    func contentKeys() throws {
        let root = temporaryFolder("blobs")
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try FileBlobStore(root: root)
        let bytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let key = try bytes.withUnsafeBytes { try blobs.put($0) }
        let parts = key.split(separator: "-")
        #expect(parts.count == 2 && parts[0].count == 32 && parts[0].allSatisfy(\.isHexDigit), "\(key)")
        #expect(parts.last == "10000")
        // XXH3-128 of the empty input: xxHash's own sanity vector (high 64 bits first, as `xxhsum -H2` prints).
        #expect(Data().withUnsafeBytes { BlobKey.content(of: $0) } == "99aa06d3014798d86001c324468d497f-0")
        #expect(try bytes.withUnsafeBytes { try blobs.put($0) } == key)
        var changed = bytes
        changed[5_000] ^= 1
        #expect(try changed.withUnsafeBytes { try blobs.put($0) } != key)
        #expect(try blobs.read(key) == bytes)
        #expect(try blobs.allKeys().count == 2)
    }

    @Test("a content key held by other bytes is never overwritten: the new bytes get a random key")
    func collisionGetsRandomKey() throws {
        let root = temporaryFolder("blobs")
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try FileBlobStore(root: root)
        let bytes = Data(repeating: 7, count: 9_000)
        let key = bytes.withUnsafeBytes { BlobKey.content(of: $0) }
        // Other bytes already under that key, as an XXH3 collision would leave them.
        let impostor = Data(repeating: 8, count: 9_000)
        try FileManager.default.createDirectory(atPath: (blobs.path(key) as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try impostor.write(to: URL(fileURLWithPath: blobs.path(key)))
        let stored = try bytes.withUnsafeBytes { try blobs.put($0) }
        #expect(stored != key && stored.count == 32 && !stored.contains("-"), "a random key: \(stored)")
        #expect(try blobs.read(stored) == bytes)
        #expect(try blobs.read(key) == impostor, "the blob under the taken key is untouched")
        #expect(try !blobs.sameBytes(stored, key))
        #expect(try blobs.allKeys().filter { $0.hasPrefix(FileBlobStore.temporaryPrefix) }.isEmpty)
    }

    @Test("publishing refuses to replace an existing blob and leaves the temporary file to its writer")
    func publishNeverReplaces() throws {
        let root = temporaryFolder("publish")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let (first, second, final) = (root.path + "/a", root.path + "/b", root.path + "/final")
        try Data("one".utf8).write(to: URL(fileURLWithPath: first))
        try Data("two".utf8).write(to: URL(fileURLWithPath: second))
        #expect(try FileBlobStore.publish(first, as: final))
        #expect(!FileManager.default.fileExists(atPath: first))
        #expect(try !FileBlobStore.publish(second, as: final))
        #expect(try Data(contentsOf: URL(fileURLWithPath: final)) == Data("one".utf8))
        #expect(FileManager.default.fileExists(atPath: second))
    }

    @Test("which keys alone prove different bytes: two different keys of one content scheme")
    func certainlyDifferent() {
        let xxhA = String(repeating: "a", count: 32) + "-10", xxhB = String(repeating: "b", count: 32) + "-10"
        let shaA = String(repeating: "a", count: 64), shaB = String(repeating: "b", count: 64)
        let random = String(repeating: "c", count: 32), other = String(repeating: "d", count: 32)
        #expect(BlobKey.certainlyDifferent(xxhA, xxhB))
        #expect(BlobKey.certainlyDifferent(shaA, shaB))
        #expect(!BlobKey.certainlyDifferent(xxhA, xxhA))
        #expect(!BlobKey.certainlyDifferent(xxhA, shaA), "an older SHA-256 key and a new key may name the same bytes")
        #expect(!BlobKey.certainlyDifferent(random, other))
        #expect(!BlobKey.certainlyDifferent(xxhA, random))
    }

    @Test("direct and buffered writes store the same bytes, whatever the size and the buffer's alignment",
          arguments: [1, 4_095, 4_096, 4_097, 130_001, 1 << 20])
    func newFileWriter(size: Int) throws {
        let root = temporaryFolder("writer")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var memory: UnsafeMutableRawPointer?
        #expect(posix_memalign(&memory, NewFileWriter.alignment, size + NewFileWriter.alignment) == 0)
        let base = try #require(memory)
        defer { free(base) }
        for index in 0..<(size + NewFileWriter.alignment) { base.storeBytes(of: UInt8(truncatingIfNeeded: index &* 13), toByteOffset: index, as: UInt8.self) }
        for offset in [0, 1] {  // aligned (direct I/O for whole blocks), then not (buffered)
            let bytes = UnsafeRawBufferPointer(start: base + offset, count: size)
            let path = root.path + "/file-\(offset)"
            try NewFileWriter.write(bytes, to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes), "\(size) bytes at offset \(offset)")
            #expect(throws: ServiceError.self, "the file must be new") { try NewFileWriter.write(bytes, to: path) }
        }
    }

    @Test("read buffers are aligned, reused once released, and give nothing for a file larger than a buffer")
    func readBuffers() throws {
        let root = temporaryFolder("buffers")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let small = root.appendingPathComponent("small"), large = root.appendingPathComponent("large")
        try Data(repeating: 1, count: 5_000).write(to: small)
        try Data(repeating: 2, count: 70_000).write(to: large)
        let buffers = ReadBuffers(capacity: 65_536)
        var first: Int?
        do {
            let bytes = try #require(try buffers.read(small.path))
            #expect(bytes == Data(repeating: 1, count: 5_000))
            first = bytes.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
            #expect(first! % NewFileWriter.alignment == 0)
        }
        let again = try #require(try buffers.read(small.path))
        #expect(again.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } == first, "the released buffer is used again")
        let both = try #require(try buffers.read(small.path))
        #expect(both.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } != first, "a buffer in use is not handed out twice")
        #expect(try buffers.read(large.path) == nil, "a file larger than a buffer is left to the caller")
        try Data().write(to: large)
        #expect(try buffers.read(large.path) == Data())
        #expect(throws: (any Error).self) { try buffers.read(root.appendingPathComponent("missing").path) }
        _ = again
    }
}
