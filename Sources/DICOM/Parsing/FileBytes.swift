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
        try withRegularFile(path) { fd, size in
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
            try data.withUnsafeMutableBytes { try readExactly(fd, into: $0.baseAddress!, count: size, path: path) }
            return data
        }
    }

    /// Reads the whole regular file at `path` into `buffer` and returns its size, or nil (reading
    /// nothing) when the file is larger than the buffer: for callers that reuse their buffers.
    public static func readWhole(_ path: String, into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        try withRegularFile(path) { fd, size in
            guard size <= buffer.count else { return nil }
            try readExactly(fd, into: buffer.baseAddress!, count: size, path: path)
            return size
        }
    }

    /// Opens the regular file at `path` and passes its descriptor and size to `body`.
    private static func withRegularFile<T>(_ path: String, _ body: (Int32, Int) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DICOMError(.io, "cannot read \(path): not a regular file")
        }
        return try body(fd, Int(info.st_size))
    }

    /// Reads `count` bytes; a file that ends sooner shrank since it was measured.
    private static func readExactly(_ fd: Int32, into memory: UnsafeMutableRawPointer, count: Int, path: String) throws {
        var total = 0
        while total < count {
            let n = read(fd, memory + total, count - total)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw n == 0 ? DICOMError(.io, "cannot read \(path): it shrank while being read") : failure(path) }
            total += n
        }
    }

    private static func failure(_ path: String) -> DICOMError {
        DICOMError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
    }
}
