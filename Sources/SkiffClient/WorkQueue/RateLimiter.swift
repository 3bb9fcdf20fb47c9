/// Decides how long a key waits before it is queued again after a failure, as client-go's
/// `workqueue.TypedRateLimiter`.
///
/// Implementations are shared between threads: every method may be called concurrently.
public protocol RateLimiter<Key>: Sendable {
    /// The key a limiter tracks failures for.
    associatedtype Key

    /// Records one more failure of `key` (or one more use of a shared budget) and returns how long
    /// the key should wait before it is queued again. Never negative.
    func when(_ key: Key) -> Duration

    /// Stops tracking `key`: its failure count goes back to zero. Call it when the key succeeded.
    func forget(_ key: Key)

    /// How many failures of `key` the limiter is tracking (0 for limiters that keep no per-key state).
    func retries(_ key: Key) -> Int
}
