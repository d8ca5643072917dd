import DicomStore
import Foundation
import Hummingbird
import ObjectStorage
#if canImport(Glibc)
import Glibc
#endif

/// Reads a stored blob into a response buffer with plain `read`s: one copy, no mapping (unmapping
/// small files on every request costs more than copying them, across threads).
enum BlobReader {
    static func read(_ path: String) throws -> ByteBuffer {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ServiceError(.notFound, "the stored bytes are gone (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw ServiceError(.internal, "cannot size a stored blob: \(String(cString: strerror(errno)))") }
        let size = Int(end)
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        var failure: Int32 = 0
        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { target in
            var done = 0
            while done < size {
                let count = pread(fd, target.baseAddress! + done, size - done, off_t(done))
                if count < 0, errno == EINTR { continue }
                if count <= 0 { failure = count < 0 ? errno : EIO; break }
                done += count
            }
            return done
        }
        guard failure == 0, read == size else {
            throw ServiceError(.internal, "cannot read a stored blob: \(String(cString: strerror(failure == 0 ? EIO : failure)))")
        }
        return buffer
    }
}
