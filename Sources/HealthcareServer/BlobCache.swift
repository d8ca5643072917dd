import DicomStore
import NIOCore
import Synchronization

/// The bytes of recently retrieved instances, by blob key, within a budget: a viewer scrolling a series
/// asks for the same instances again and again. A key always names the same bytes (content keys and
/// random keys alike), so nothing is ever stale; a deleted instance is not found before its bytes are
/// looked up. Two generations approximate least-recently-used: hits in the older one move to the newer,
/// and when the newer holds half the budget the older is dropped.
final class BlobCache: Sendable {
    /// Blobs larger than this are read each time (they would crowd out many small ones).
    static let largestCached = 1 << 20

    private struct Generations {
        var current: [String: ByteBuffer] = [:]
        var currentBytes = 0
        var previous: [String: ByteBuffer] = [:]
    }

    /// The most bytes held (0: nothing is cached).
    let budget: Int
    private let generations = Mutex(Generations())

    /// A cache of at most `budget` bytes.
    init(budget: Int) { self.budget = max(0, budget) }

    /// The blob's bytes: cached, or read from its file at `path()` (and kept when small enough).
    func bytes(key: String, path: () -> String) throws -> ByteBuffer {
        if let hit = lookup(key) { return hit }
        let bytes = try BlobReader.read(path())
        if bytes.capacity <= min(Self.largestCached, budget / 2) { keep(key, bytes) }
        return bytes
    }

    /// How many bytes are held now (both generations; buffers count by their capacity).
    var heldBytes: Int {
        generations.withLock { state in
            state.currentBytes + state.previous.values.reduce(0) { $0 + $1.capacity }
        }
    }

    private func lookup(_ key: String) -> ByteBuffer? {
        generations.withLock { state in
            if let hit = state.current[key] { return hit }
            guard let hit = state.previous.removeValue(forKey: key) else { return nil }
            Self.insert(key, hit, into: &state, budget: budget)
            return hit
        }
    }

    private func keep(_ key: String, _ bytes: ByteBuffer) {
        generations.withLock { state in
            // Another request may have kept it meanwhile (and a rotation moved it to the older generation).
            guard state.current[key] == nil, state.previous[key] == nil else { return }
            Self.insert(key, bytes, into: &state, budget: budget)
        }
    }

    private static func insert(_ key: String, _ bytes: ByteBuffer, into state: inout Generations, budget: Int) {
        if state.currentBytes + bytes.capacity > budget / 2 {
            state.previous = state.current
            state.current = [:]
            state.currentBytes = 0
        }
        state.current[key] = bytes
        state.currentBytes += bytes.capacity
    }
}
