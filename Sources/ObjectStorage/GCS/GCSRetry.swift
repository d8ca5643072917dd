import Foundation

/// How `GCSStorage` retries idempotent calls that fail with 408, 429, 5xx or a connection error:
/// exponential backoff with jitter, a bounded number of attempts and a bounded total time.
public struct GCSRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The delay before the second attempt (before jitter).
    public var initialDelay: Duration
    /// The largest delay between two attempts (before jitter).
    public var maxDelay: Duration
    /// What each delay is multiplied by.
    public var multiplier: Double
    /// The longest time a call may spend on attempts and delays before giving up; no retry is started
    /// whose delay would end past it.
    public var totalTimeout: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(16),
                multiplier: Double = 2, totalTimeout: Duration = .seconds(120)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = max(1, multiplier)
        self.totalTimeout = totalTimeout
    }

    /// The defaults: 5 attempts, 0.5 s doubling to at most 16 s, 2 minutes in all.
    public static let `default` = GCSRetryPolicy()

    /// No retries at all.
    public static let none = GCSRetryPolicy(maxAttempts: 1)

    /// The delay after failed attempt `attempt` (1-based): the backoff for that attempt, with "equal
    /// jitter" (a random point in its upper half) so that concurrent clients spread out.
    func delay(afterAttempt attempt: Int) -> Duration {
        let base = initialDelay.gcsSeconds * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, maxDelay.gcsSeconds)
        return .seconds(capped / 2 + Double.random(in: 0...(capped / 2)))
    }

    /// Whether an HTTP status is worth retrying.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var gcsSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

/// Signals, from inside `GCSRetrier.run`, an attempt that failed in a way worth retrying (429, 5xx);
/// `error` is what the caller sees if no attempt is left.
struct GCSRetryableFailure: Error {
    /// The error to report when retries are exhausted.
    var error: StorageError
}

/// Runs attempts under a `GCSRetryPolicy`.
struct GCSRetrier: Sendable {
    /// The policy.
    var policy: GCSRetryPolicy
    /// The endpoint, for messages about connection failures.
    var endpoint: String

    /// Runs `attempt` (given its 1-based number) until it returns, throws a non-retryable error, or the
    /// policy's attempts or time run out. `GCSRetryableFailure` and transport errors (anything that is not
    /// a `StorageError` or a cancellation) are retried when `idempotent`; other errors end the call.
    func run<T>(idempotent: Bool, resource: GCSResource,
                _ attempt: (_ number: Int) async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        var number = 1
        while true {
            let failure: StorageError
            do {
                return try await attempt(number)
            } catch let retryable as GCSRetryableFailure {
                failure = retryable.error
            } catch let error as StorageError {
                throw error
            } catch {
                if error is CancellationError || Task.isCancelled { throw error }
                failure = GCSErrorMapping.transport(error, resource: resource, endpoint: endpoint)
            }
            let delay = policy.delay(afterAttempt: number)
            guard idempotent, number < policy.maxAttempts, start.duration(to: clock.now) + delay <= policy.totalTimeout
            else {
                // A retryable request says how many attempts it got (one, when the time limit allowed no more).
                throw StorageError(failure.code, idempotent ? "\(failure.message) (gave up after \(number) attempt\(number == 1 ? "" : "s"))"
                                                            : failure.message)
            }
            try await Task.sleep(for: delay)
            number += 1
        }
    }
}
