import CPosixExtras
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where instance bytes live, by content hash. A bucket can back it later; the embedded one is a folder.
public protocol BlobStore: Sendable {
    /// Stores bytes under their SHA-256 (hex) and returns it; storing the same bytes twice is one blob.
    /// The blob is complete on disk when this returns, but only durable after `synchronize()`.
    func put(_ bytes: UnsafeRawBufferPointer) throws -> String
    /// Stores a file's bytes without holding them in memory; returns the key and the size.
    func put(fileAt file: String) throws -> (key: String, size: Int64)
    /// Makes every blob put so far durable (before the index records them).
    func synchronize() throws
    /// A blob's bytes, mapped when large.
    func read(_ key: String) throws -> Data
    /// Removes a blob (no error if absent).
    func remove(_ key: String) throws
    /// Every blob key (for recovery: blobs no instance refers to are removed).
    func allKeys() throws -> [String]
    /// Removes leftovers of writes that a crash interrupted.
    func removeTemporaries() throws
}

/// Blobs as files `blobs/ab/cd/abcd…` under the data directory, written to a temporary file and renamed,
/// so a blob is whole or absent; durability is batched with one `syncfs` per commit.
public struct FileBlobStore: BlobStore {
    /// The folder of the blobs.
    public let root: URL

    /// Opens (and creates) the blob folder.
    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// The SHA-256 of bytes, hexadecimal.
    public static func key(of bytes: UnsafeRawBufferPointer) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func path(_ key: String) -> String {
        let characters = Array(key)
        return root.path + "/" + String(characters[0..<2]) + "/" + String(characters[2..<4]) + "/" + key
    }

    public func put(_ bytes: UnsafeRawBufferPointer) throws -> String {
        let key = Self.key(of: bytes)
        let final = path(key)
        if access(final, F_OK) == 0 { return key }
        let folder = (final as NSString).deletingLastPathComponent
        if mkdir(folder, 0o755) != 0, errno == ENOENT {
            mkdir((folder as NSString).deletingLastPathComponent, 0o755)
            mkdir(folder, 0o755)
        }
        let temporary = root.path + "/tmp/" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("create", temporary) }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                close(fd)
                unlink(temporary)
                throw Self.failure("write", temporary)
            }
            offset += written
        }
        close(fd)
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw Self.failure("rename", final)
        }
        return key
    }

    public func synchronize() throws {
        let fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", root.path) }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw Self.failure("sync", root.path) }
    }

    public func read(_ key: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path(key)), options: .alwaysMapped) } catch {
            throw ServiceError(.notFound, "blob \(key) is missing from \(root.path)")
        }
    }

    public func remove(_ key: String) throws {
        if unlink(path(key)) != 0, errno != ENOENT { throw Self.failure("remove", path(key)) }
    }

    public func allKeys() throws -> [String] {
        var keys: [String] = []
        let manager = FileManager.default
        for first in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where first.count == 2 {
            for second in (try? manager.contentsOfDirectory(atPath: root.path + "/" + first)) ?? [] {
                keys += (try? manager.contentsOfDirectory(atPath: root.path + "/" + first + "/" + second)) ?? []
            }
        }
        return keys
    }

    public func removeTemporaries() throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path + "/tmp")) ?? [] {
            unlink(root.path + "/tmp/" + name)
        }
    }

    static func failure(_ action: String, _ path: String) -> ServiceError {
        ServiceError(.internal, "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
