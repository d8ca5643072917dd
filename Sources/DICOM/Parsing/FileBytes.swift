import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file's bytes with plain POSIX calls: small files in one `read`, large ones memory-mapped so
/// that their values are only paged in when used. (FileManager + `Data(contentsOf:)` cost as much as
/// parsing a small file's header.)
public enum FileBytes {
    /// The bytes of the regular file at `path`: mapped when it has `threshold` bytes or more (or
    /// 64 KiB with `preferMapping`), else read at once.
    public static func load(_ path: String, mapAtLeast threshold: Int, preferMapping: Bool) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DICOMError(.io, "cannot read \(path): not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 { return Data() }
        if size >= threshold || (preferMapping && size >= 1 << 16) {
            guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
                throw failure(path)
            }
            return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in
                munmap(pointer, count)
            })
        }
        var data = Data(count: size)
        let got = data.withUnsafeMutableBytes { buffer -> Int in
            var total = 0
            while total < size {
                let n = read(fd, buffer.baseAddress! + total, size - total)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                total += n
            }
            return total
        }
        guard got == size else { throw failure(path) }
        return data
    }

    private static func failure(_ path: String) -> DICOMError {
        DICOMError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
    }
}
