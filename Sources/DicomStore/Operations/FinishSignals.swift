import Foundation
import Synchronization

/// Wakes the progress streams of this process when an operation run here finishes, so a front end
/// waiting for it (the CLI without `--async`) sees `done` at once instead of at its next poll. Operations
/// run by other processes are still seen by polling.
final class FinishSignals: Sendable {
    private struct State {
        var finished: Set<String> = []
        /// The order names finished in: only the latest are kept (a waiter registers within a poll).
        var order: [String] = []
        var waiters: [UUID: (name: String, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    private let state = Mutex(State())

    /// Records that `name` finished and wakes whoever waits for it.
    func finished(_ name: String) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.finished.insert(name).inserted { state.order.append(name) }
            if state.order.count > 256 {
                for old in state.order.prefix(128) { state.finished.remove(old) }
                state.order.removeFirst(128)
            }
            let matching = state.waiters.filter { $0.value.name == name }
            for id in matching.keys { state.waiters[id] = nil }
            return matching.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when `name` finishes in this process, or after `timeout`, or when the task is cancelled.
    func wait(for name: String, upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.finish(of: name) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Suspends until `name` finishes here; a cancelled task resumes at once.
    private func finish(of name: String) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.finished.contains(name) || Task.isCancelled { return true }
                    state.waiters[id] = (name, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }
}
