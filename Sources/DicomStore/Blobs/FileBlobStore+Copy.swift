import ObjectStorage
import CPosixExtras
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileBlobStore {
    /// Stores a file's bytes without holding them in memory: copied by the kernel (`copy_file_range`)
    /// into a temporary file in the staging area, then renamed to a fresh random key. The copy is the
    /// whole cost: a 100 MB multi-frame file no longer pays a SHA-256 pass on the import's critical
    /// path. Identity on re-import is decided by `sameBytes` when the SOP Instance UID repeats.
    public func put(fileAt file: String) throws -> (key: String, size: Int64) {
        let source = open(file, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw Self.failure("open", file) }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw Self.failure("stat", file) }
        let size = Int(info.st_size)
        try? FileManager.default.createDirectory(atPath: rootPath + "/staging", withIntermediateDirectories: true)
        let temporary = rootPath + "/staging/" + Self.temporaryPrefix + UniqueName.next()
        let target = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw Self.failure("create", temporary) }
        do {
            try Self.copy(from: source, to: target, size: size, file: file)
            _ = sync_file_range(target, 0, 0, Self.startWriteBack)
            close(target)
        } catch {
            close(target)
            unlink(temporary)
            throw error
        }
        let key = BlobKey.random()
        let final = path(key)
        do { _ = try folder(of: key) } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw Self.failure("rename", final)
        }
        return (key, Int64(size))
    }

    public func sameBytes(_ first: String, _ second: String) throws -> Bool {
        if first == second { return true }
        if BlobKey.certainlyDifferent(first, second) { return false }
        let a = open(path(first), O_RDONLY | O_CLOEXEC)
        guard a >= 0 else { throw Self.failure("open", path(first)) }
        defer { close(a) }
        let b = open(path(second), O_RDONLY | O_CLOEXEC)
        guard b >= 0 else { throw Self.failure("open", path(second)) }
        defer { close(b) }
        var infoA = stat(), infoB = stat()
        guard fstat(a, &infoA) == 0, fstat(b, &infoB) == 0 else { throw Self.failure("stat", path(first)) }
        guard infoA.st_size == infoB.st_size else { return false }
        let chunk = 1 << 20
        let left = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        let right = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { left.deallocate(); right.deallocate() }
        var offset = 0
        let size = Int(infoA.st_size)
        while offset < size {
            let count = min(chunk, size - offset)
            guard Self.readFully(a, left, count, offset), Self.readFully(b, right, count, offset) else {
                throw Self.failure("read", path(first) + " or " + path(second))
            }
            guard memcmp(left.baseAddress!, right.baseAddress!, count) == 0 else { return false }
            offset += count
        }
        return true
    }

    /// Reads `count` bytes at `offset` into `buffer`; false on an error or a short file.
    static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ count: Int, _ offset: Int) -> Bool {
        var got = 0
        while got < count {
            let n = pread(fd, buffer.baseAddress! + got, count - got, off_t(offset + got))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            got += n
        }
        return true
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
}
