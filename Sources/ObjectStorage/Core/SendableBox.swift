import Synchronization

/// Mutable state shared with `@Sendable` closures (the cursor of an `AsyncThrowingStream(unfolding:)`),
/// guarded by a mutex.
final class SendableBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result: Sendable>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { value in try body(&value) }
    }

    /// The current value.
    var value: Value { mutex.withLock { $0 } }
}
