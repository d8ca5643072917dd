import DICOM
import ObjectStorage
import CPosixExtras
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where instance bytes live, under keys. A bucket can back it later; the embedded one is a folder.
public protocol BlobStore: Sendable {
    /// Stores bytes under their content key (`BlobKey`) and returns it; storing the same bytes twice is
    /// one blob.
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
    /// `root.path`, computed once (every blob path starts with it).
    let rootPath: String
    /// The blob folders known to exist: a blob's folder is created once, not tried for every blob.
    private let folders = KnownFolders()
    static let temporaryPrefix = ".tmp-"
    /// `SYNC_FILE_RANGE_WRITE`: start writing a file's dirty pages back, without waiting.
    static let startWriteBack: UInt32 = 2

    /// Opens (and creates) the blob folder.
    public init(root: URL) throws {
        self.root = root
        self.rootPath = root.path
        do { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) } catch {
            throw ServiceError(.unavailable, "cannot create \(root.path): \(error.localizedDescription)")
        }
    }

    public func path(_ key: String) -> String {
        rootPath + "/" + key.prefix(2) + "/" + key
    }

    /// The folder of a key's blob, created if need be.
    func folder(of key: String) throws -> String {
        let name = String(key.prefix(2))
        let folder = rootPath + "/" + name
        if folders.contains(name) { return folder }
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw Self.failure("create folder", folder) }
        folders.insert(name)
        return folder
    }

    /// Bytes in memory aligned to `NewFileWriter.alignment` (see `ReadBuffers`) are written with direct
    /// I/O. A content key is taken only by equal bytes: a blob already there is compared first, and
    /// publishing never replaces one (two writers of equal bytes race harmlessly).
    public func put(_ bytes: UnsafeRawBufferPointer) throws -> String {
        let key = BlobKey.content(of: bytes)
        let final = path(key)
        if access(final, F_OK) == 0, try stored(at: final, equals: bytes) { return key }
        let temporary = try folder(of: key) + "/" + Self.temporaryPrefix + UniqueName.next()
        try NewFileWriter.write(bytes, to: temporary)
        do {
            if try Self.publish(temporary, as: final) { return key }
            if try stored(at: final, equals: bytes) {
                unlink(temporary)
                return key
            }
            // Other bytes hold this content key (an XXH3 collision): a random key, never taken.
            let random = BlobKey.random()
            _ = try folder(of: random)
            guard rename(temporary, path(random)) == 0 else { throw Self.failure("rename", path(random)) }
            return random
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Names `temporary` `final` unless a file has that name (then false): `renameat2` with
    /// `RENAME_NOREPLACE`, or `link` and `unlink` on file systems without it, or, where hard links are
    /// refused too, a check then `rename` (only a writer of equal bytes can race it for a content key).
    static func publish(_ temporary: String, as final: String) throws -> Bool {
        if renameat2(AT_FDCWD, temporary, AT_FDCWD, final, noReplace) == 0 { return true }
        if errno == EEXIST { return false }
        guard errno == EINVAL || errno == ENOSYS else { throw failure("rename", final) }
        if link(temporary, final) == 0 {
            unlink(temporary)
            return true
        }
        if errno == EEXIST { return false }
        guard [EPERM, EOPNOTSUPP, ENOSYS].contains(errno) else { throw failure("link", final) }
        if access(final, F_OK) == 0 { return false }
        guard rename(temporary, final) == 0 else { throw failure("rename", final) }
        return true
    }

    /// `RENAME_NOREPLACE`.
    static let noReplace: UInt32 = 1

    /// Whether the blob file at `path` holds exactly `bytes`.
    func stored(at path: String, equals bytes: UnsafeRawBufferPointer) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure("stat", path) }
        guard Int(info.st_size) == bytes.count else { return false }
        let chunk = min(bytes.count, 1 << 20)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunk, 1), alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let count = min(chunk, bytes.count - offset)
            guard Self.readFully(fd, buffer, count, offset) else { throw Self.failure("read", path) }
            guard memcmp(buffer.baseAddress!, bytes.baseAddress! + offset, count) == 0 else { return false }
            offset += count
        }
        return true
    }

    public func synchronize() throws {
        let fd = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", rootPath) }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw Self.failure("sync", rootPath) }
    }

    /// Small blobs are read at once (mapping, faulting and unmapping a 130 KB file costs more than the
    /// copy); large ones are mapped.
    public func read(_ key: String) throws -> Data {
        do { return try FileBytes.load(path(key), mapAtLeast: 4 << 20, preferMapping: false) } catch {
            throw ServiceError(.notFound, "blob \(key) is missing from \(rootPath)")
        }
    }

    public func remove(_ key: String) throws {
        if unlink(path(key)) != 0, errno != ENOENT { throw Self.failure("remove", path(key)) }
    }

    public func writerLock() throws -> BlobLock {
        let fd = open(rootPath + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_SH) == 0 else { throw Self.failure("lock", rootPath + "/.lock") }
        return BlobLock(fd: fd)
    }

    public func tryWriterLock() throws -> BlobLock? {
        let fd = open(rootPath + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("lock", rootPath + "/.lock") }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { return BlobLock(fd: fd) }
        let failure = errno
        close(fd)
        guard failure == EWOULDBLOCK else { throw Self.failure("lock", rootPath + "/.lock") }
        return nil
    }

    public func collectorLock() -> BlobLock? {
        let fd = open(rootPath + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
        return BlobLock(fd: fd)
    }

    public func allKeys() throws -> [String] {
        try entries().filter { !$0.name.hasPrefix(Self.temporaryPrefix) }.map(\.name)
    }

    public func removeTemporaries() throws {
        for entry in try entries() where entry.name.hasPrefix(Self.temporaryPrefix) { unlink(entry.path) }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: rootPath + "/staging")) ?? [] {
            unlink(rootPath + "/staging/" + name)
        }
    }

    private func entries() throws -> [(name: String, path: String)] {
        let manager = FileManager.default
        var found: [(name: String, path: String)] = []
        for folder in (try? manager.contentsOfDirectory(atPath: rootPath)) ?? [] where folder.count == 2 {
            let directory = rootPath + "/" + folder
            for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] { found.append((name, directory + "/" + name)) }
        }
        return found
    }

    static func failure(_ action: String, _ path: String) -> ServiceError {
        ServiceError(.internal, "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// Names of blob folders known to exist.
final class KnownFolders: Sendable {
    private let names = Mutex<Set<String>>([])
    func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    func insert(_ name: String) { _ = names.withLock { $0.insert(name) } }
}
