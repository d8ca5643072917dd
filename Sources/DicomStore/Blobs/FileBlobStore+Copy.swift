import ObjectStorage
import CPosixExtras
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileBlobStore {
    /// Stores a file's bytes without holding them in memory: hashed chunk by chunk, then
    /// copied by the kernel (`copy_file_range`) into a temporary file beside the blob, renamed to its key.
    public func put(fileAt file: String) throws -> (key: String, size: Int64) {
        let source = open(file, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw Self.failure("open", file) }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw Self.failure("stat", file) }
        let size = Int(info.st_size)
        // The copy (in the kernel) runs beside the hash on another core; the name is known only at the end,
        // so the copy goes to a temporary file in the blob folder's staging area first.
        try? FileManager.default.createDirectory(atPath: root.path + "/staging", withIntermediateDirectories: true)
        let temporary = root.path + "/staging/" + Self.temporaryPrefix + UUID().uuidString
        let target = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw Self.failure("create", temporary) }
        let copyError = SendableResult()
        let copier = Thread { copyError.set(Result { try Self.copy(from: source, to: target, size: size, file: file) }) }
        copier.start()
        let hashed = Result { try Self.hash(source, size: size, file: file) }
        copyError.wait()
        close(target)
        let key: String
        do {
            key = try hashed.get()
            try copyError.value!.get()
        } catch {
            unlink(temporary)
            throw error
        }
        let final = path(key)
        if access(final, F_OK) == 0 {
            unlink(temporary)
            return (key, Int64(size))
        }
        let folder = (final as NSString).deletingLastPathComponent
        if mkdir(folder, 0o755) != 0, errno != EEXIST {
            unlink(temporary)
            throw Self.failure("create folder", folder)
        }
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw Self.failure("rename", final)
        }
        return (key, Int64(size))
    }

    /// SHA-256 of an open file, read in 1 MiB chunks (a mapping would count the whole file as resident).
    static func hash(_ fd: Int32, size: Int, file: String) throws -> String {
        var hasher = SHA256()
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < size {
            let got = pread(fd, buffer.baseAddress!, min(chunk, size - offset), off_t(offset))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw failure("read", file) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            offset += got
        }
        return hex(hasher.finalize())
    }

    /// Copies in the kernel; falls back to read/write where `copy_file_range` is not supported.
    static func copy(from source: Int32, to target: Int32, size: Int, file: String) throws {
        var sourceOffset = 0, targetOffset = 0
        while sourceOffset < size {
            let copied = copy_file_range(source, &sourceOffset, target, &targetOffset, size - sourceOffset, 0)
            if copied > 0 { continue }
            if copied < 0, errno == EINTR { continue }
            if copied < 0, [EXDEV, ENOSYS, EOPNOTSUPP, EINVAL].contains(errno) { break }
            if copied == 0 { break }
            throw failure("copy", file)
        }
        guard sourceOffset < size else { return }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while sourceOffset < size {
            let got = pread(source, buffer.baseAddress!, min(chunk, size - sourceOffset), off_t(sourceOffset))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw failure("read", file) }
            var written = 0
            while written < got {
                let n = Glibc.write(target, buffer.baseAddress! + written, got - written)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw failure("write", file) }
                written += n
            }
            sourceOffset += got
        }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The outcome of work done on another thread, waited for with a semaphore.
final class SendableResult: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private(set) var value: Result<Void, any Error>?
    func set(_ result: Result<Void, any Error>) { value = result; semaphore.signal() }
    func wait() { semaphore.wait() }
}
