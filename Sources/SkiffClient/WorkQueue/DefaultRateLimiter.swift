/// client-go's `DefaultControllerRateLimiter`: the longest of per-key exponential back-off
/// (5 ms doubling up to 1000 s) and an overall token bucket (10 qps, burst 100).
public final class DefaultRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    private let limiter: MaxOfRateLimiter<Key>

    /// The default limiter; `now` is the token bucket's clock, injectable for tests.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        limiter = MaxOfRateLimiter([
            ItemExponentialRateLimiter<Key>(base: .milliseconds(5), max: .seconds(1000)),
            TokenBucketRateLimiter<Key>(qps: 10, burst: 100, now: now),
        ])
    }

    /// Records a failure of `key` and returns max(exponential back-off, time until a bucket token).
    public func when(_ key: Key) -> Duration { limiter.when(key) }

    /// Resets the back-off of `key`.
    public func forget(_ key: Key) { limiter.forget(key) }

    /// The failures of `key` since it was last forgotten.
    public func retries(_ key: Key) -> Int { limiter.retries(key) }
}
