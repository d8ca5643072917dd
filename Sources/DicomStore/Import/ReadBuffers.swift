import DICOM
import Foundation
import ObjectStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Page-aligned buffers that an import reads small objects into, reused from one object to the next.
///
/// Aligned, so that a blob is written from them with direct I/O (`NewFileWriter`); reused, because a
/// fresh 130 KB allocation is fresh pages, and on a virtual machine touching fresh pages costs host
/// faults the guest cannot see: reading into new buffers took 14% of an import's CPU, into reused ones
/// it is a plain copy. At most one buffer per object in work, each `capacity` bytes of address space of
/// which only what files used is resident.
final class ReadBuffers: Sendable {
    /// The largest file a buffer holds.
    let capacity: Int
    private let free = Mutex<[Buffer]>([])

    /// An aligned allocation (owned by the pool, or by the `Data` that borrows it).
    private struct Buffer: @unchecked Sendable {
        let memory: UnsafeMutableRawPointer
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    deinit {
        for buffer in free.withLock({ $0 }) { Glibc.free(buffer.memory) }
    }

    /// The whole regular file at `path` in a pooled aligned buffer, which goes back to the pool when the
    /// returned bytes are released; nil when the file has more than `capacity` bytes.
    func read(_ path: String) throws -> Data? {
        let buffer = try take()
        let size: Int?
        do { size = try FileBytes.readWhole(path, into: UnsafeMutableRawBufferPointer(start: buffer.memory, count: capacity)) } catch {
            give(buffer)
            throw error
        }
        guard let size, size > 0 else {
            give(buffer)
            return size.map { _ in Data() }
        }
        return Data(bytesNoCopy: buffer.memory, count: size, deallocator: .custom { [self] _, _ in give(buffer) })
    }

    private func take() throws -> Buffer {
        if let buffer = free.withLock({ $0.popLast() }) { return buffer }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, NewFileWriter.alignment, capacity) == 0, let memory else {
            throw ServiceError(.resourceExhausted, "no memory for a \(capacity)-byte read buffer")
        }
        return Buffer(memory: memory)
    }

    private func give(_ buffer: Buffer) {
        free.withLock { $0.append(buffer) }
    }
}
