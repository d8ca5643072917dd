import CPosixExtras
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a new file's bytes with direct I/O where it can: the whole 4 KiB blocks go from the caller's
/// buffer to the disk (`O_DIRECT`), the short tail through the page cache.
///
/// Copying a 130 KB blob into freshly allocated page-cache pages was 45% of a small-file import's CPU
/// (`copy_folio_from_iter_atomic` in `perf`), more than hashing, parsing and indexing together; a direct
/// write costs the CPU almost nothing and waits for the device instead, so imports run their blocking
/// steps on more threads than cores (see `ImportJob`). Durability is unchanged: the commit's `syncfs`
/// flushes the device's cache and the metadata.
///
/// Falls back to buffered writes where direct I/O is refused: a buffer not aligned to `alignment`, a
/// file system without `O_DIRECT` (`fcntl` refuses it) or one with larger blocks (`EINVAL` on write).
enum NewFileWriter {
    /// The alignment of buffer, offsets and lengths that direct I/O asks for (a page: every block size
    /// Linux file systems use on this hardware divides it).
    static let alignment = 4096

    /// Creates `path`, which must not exist, holding `bytes`. On failure the file is removed and the
    /// error says what could not be done.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let blocks = bytes.count & ~(alignment - 1)
        let aligned = bytes.baseAddress.map { Int(bitPattern: $0) % alignment == 0 } ?? false
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileBlobStore.failure("create", path) }
        // Direct I/O is asked for on the open file: `open` with O_DIRECT creates the file before a file
        // system without it refuses, and `fcntl` refusing leaves nothing behind.
        let flags = fcntl(fd, F_GETFL)
        let direct = blocks > 0 && aligned && flags >= 0 && fcntl(fd, F_SETFL, flags | posix_extras_o_direct) == 0
        do {
            var offset = 0
            if direct {
                offset = try writeAll(fd, bytes, from: 0, to: blocks, path: path, stopOnInvalid: true)
                if fcntl(fd, F_SETFL, flags) != 0 {
                    // Still direct: the tail goes through a descriptor of its own.
                    close(fd)
                    fd = open(path, O_WRONLY | O_CLOEXEC)
                    guard fd >= 0, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
                        throw FileBlobStore.failure("reopen", path)
                    }
                }
            }
            let buffered = offset
            offset = try writeAll(fd, bytes, from: offset, to: bytes.count, path: path, stopOnInvalid: false)
            // Write-back of what went through the page cache starts now, so the commit's `syncfs` finds
            // little left to wait for.
            if buffered < bytes.count { _ = sync_file_range(fd, Int(buffered), 0, FileBlobStore.startWriteBack) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        guard close(fd) == 0 else {
            let failure = FileBlobStore.failure("write", path)
            unlink(path)
            throw failure
        }
    }

    /// Writes `bytes[from..<to]`; returns how far it got, which is short of `to` only when
    /// `stopOnInvalid` and the file system refused the write as misaligned (`EINVAL`).
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, path: String,
                                 stopOnInvalid: Bool) throws -> Int {
        var offset = start
        while offset < end {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, end - offset)
            if written < 0, errno == EINTR { continue }
            if written < 0, errno == EINVAL, stopOnInvalid { return offset }
            guard written > 0 else { throw FileBlobStore.failure("write", path) }
            offset += written
        }
        return offset
    }
}
