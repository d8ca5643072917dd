import DICOM
import ObjectStorage
import CPosixExtras
import Crypto
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where instance bytes live, under keys. A bucket can back it later; the embedded one is a folder.
public protocol BlobStore: Sendable {
    /// Stores bytes under their SHA-256 (hex) and returns it; storing the same bytes twice is one blob.
    /// The blob is complete on disk when this returns, but only durable after `synchronize()`.
    func put(_ bytes: UnsafeRawBufferPointer) throws -> String
    /// Stores a large file's bytes without holding them in memory, under a fresh random key (hashing
    /// a 100 MB file would cost more than copying it); returns the key and the size.
    func put(fileAt file: String) throws -> (key: String, size: Int64)
    /// Whether two blobs hold the same bytes (compared, not hashed: keys of large blobs are random);
    /// an unreadable blob is an error, not a difference.
    func sameBytes(_ first: String, _ second: String) throws -> Bool
    /// Makes every blob put so far durable (before the index records them).
    func synchronize() throws
    /// A blob's bytes, mapped when large.
    func read(_ key: String) throws -> Data
    /// The file that holds a blob (servers read it straight into their own buffers).
    func path(_ key: String) -> String
    /// Removes a blob (no error if absent).
    func remove(_ key: String) throws
    /// Every blob key (for recovery: blobs no instance refers to are removed).
    func allKeys() throws -> [String]
    /// Removes leftovers of writes that a crash interrupted.
    func removeTemporaries() throws
    /// Held (shared) by every writer for as long as it writes blobs it has not recorded yet.
    func writerLock() throws -> BlobLock
    /// Held (exclusive) by garbage collection; nil when a writer is at work (in any process).
    func collectorLock() -> BlobLock?
    /// The writer lock if it can be had at once; nil while garbage collection runs.
    func tryWriterLock() throws -> BlobLock?
}

extension BlobStore {
    /// The writer lock for async callers: polled without blocking a thread of Swift's cooperative pool
    /// (a collection in another process may hold the lock for seconds).
    public func writerLock(waiting: Duration = .seconds(60)) async throws -> BlobLock {
        let deadline = ContinuousClock.now + waiting
        while true {
            if let lock = try tryWriterLock() { return lock }
            guard ContinuousClock.now < deadline else {
                throw ServiceError(.unavailable, "the blob store is being cleaned up by another process; try again")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A held `flock` on the blob folder's lock file; released by `release()` or when it goes away.
public final class BlobLock: Sendable {
    private let fd: Mutex<Int32>
    init(fd: Int32) { self.fd = Mutex(fd) }
    /// Releases the lock (once; later calls do nothing).
    public func release() {
        fd.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }
    deinit { release() }
}

/// Blobs as files `blobs/ab/abcd…` under the data directory (256 folders: creating folders per blob costs
/// more than the copy), written to a temporary file beside the blob and renamed, so a blob is whole or
/// absent; durability is batched with one `syncfs` per commit.
public struct FileBlobStore: BlobStore {
    /// The folder of the blobs.
    public let root: URL
    static let temporaryPrefix = ".tmp-"
    /// `SYNC_FILE_RANGE_WRITE`: start writing a file's dirty pages back, without waiting.
    static let startWriteBack: UInt32 = 2

    /// Opens (and creates) the blob folder.
    public init(root: URL) throws {
        self.root = root
        do { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) } catch {
            throw ServiceError(.unavailable, "cannot create \(root.path): \(error.localizedDescription)")
        }
    }

    /// The SHA-256 of bytes, hexadecimal.
    public static func key(of bytes: UnsafeRawBufferPointer) -> String { hex(SHA256.hash(data: bytes)) }

    public func path(_ key: String) -> String {
        root.path + "/" + String(key.prefix(2)) + "/" + key
    }

    public func put(_ bytes: UnsafeRawBufferPointer) throws -> String {
        let key = Self.key(of: bytes)
        let final = path(key)
        if access(final, F_OK) == 0 { return key }
        let folder = (final as NSString).deletingLastPathComponent
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw Self.failure("create folder", folder) }
        let temporary = folder + "/" + Self.temporaryPrefix + UniqueName.next()
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
        // Write-back starts now, so the commit's `syncfs` finds little left to wait for.
        _ = sync_file_range(fd, 0, 0, Self.startWriteBack)
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

    /// Small blobs are read at once (mapping, faulting and unmapping a 130 KB file costs more than the
    /// copy); large ones are mapped.
    public func read(_ key: String) throws -> Data {
        do { return try FileBytes.load(path(key), mapAtLeast: 4 << 20, preferMapping: false) } catch {
            throw ServiceError(.notFound, "blob \(key) is missing from \(root.path)")
        }
    }

    public func remove(_ key: String) throws {
        if unlink(path(key)) != 0, errno != ENOENT { throw Self.failure("remove", path(key)) }
    }

    public func writerLock() throws -> BlobLock {
        let fd = open(root.path + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_SH) == 0 else { throw Self.failure("lock", root.path + "/.lock") }
        return BlobLock(fd: fd)
    }

    public func tryWriterLock() throws -> BlobLock? {
        let fd = open(root.path + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("lock", root.path + "/.lock") }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { return BlobLock(fd: fd) }
        let failure = errno
        close(fd)
        guard failure == EWOULDBLOCK else { throw Self.failure("lock", root.path + "/.lock") }
        return nil
    }

    public func collectorLock() -> BlobLock? {
        let fd = open(root.path + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
        return BlobLock(fd: fd)
    }

    public func allKeys() throws -> [String] {
        try entries().filter { !$0.name.hasPrefix(Self.temporaryPrefix) }.map(\.name)
    }

    public func removeTemporaries() throws {
        for entry in try entries() where entry.name.hasPrefix(Self.temporaryPrefix) { unlink(entry.path) }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path + "/staging")) ?? [] {
            unlink(root.path + "/staging/" + name)
        }
    }

    private func entries() throws -> [(name: String, path: String)] {
        let manager = FileManager.default
        var found: [(name: String, path: String)] = []
        for folder in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where folder.count == 2 {
            let directory = root.path + "/" + folder
            for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] { found.append((name, directory + "/" + name)) }
        }
        return found
    }

    static func failure(_ action: String, _ path: String) -> ServiceError {
        ServiceError(.internal, "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
