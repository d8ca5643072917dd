import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileBlobStore {
    /// Stores a file's bytes: copied in 1 MiB chunks while hashing (memory stays at one chunk whatever
    /// the file's size), then renamed to its key. Returns the key and the size.
    public func put(fileAt file: String) throws -> (key: String, size: Int64) {
        let source = open(file, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw Self.failure("open", file) }
        defer { close(source) }
        let temporary = root.path + "/tmp/" + UUID().uuidString
        let target = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw Self.failure("create", temporary) }
        var hasher = SHA256()
        var size: Int64 = 0
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while true {
                let got = Glibc.read(source, buffer.baseAddress!, chunk)
                if got < 0, errno == EINTR { continue }
                guard got >= 0 else { throw Self.failure("read", file) }
                if got == 0 { break }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
                var offset = 0
                while offset < got {
                    let written = Glibc.write(target, buffer.baseAddress! + offset, got - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { throw Self.failure("write", temporary) }
                    offset += written
                }
                size += Int64(got)
            }
            close(target)
        } catch {
            close(target)
            unlink(temporary)
            throw error
        }
        let key = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let final = path(key)
        let folder = (final as NSString).deletingLastPathComponent
        if access(final, F_OK) == 0 {
            unlink(temporary)
            return (key, size)
        }
        if mkdir(folder, 0o755) != 0, errno == ENOENT {
            mkdir((folder as NSString).deletingLastPathComponent, 0o755)
            mkdir(folder, 0o755)
        }
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw Self.failure("rename", final)
        }
        return (key, size)
    }
}
