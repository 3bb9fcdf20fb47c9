import Synchronization

/// One token bucket shared by all keys, as client-go's `BucketRateLimiter` (a `rate.Limiter`
/// reservation): the bucket holds up to `burst` tokens and refills at `qps` tokens per second;
/// every `when` takes a token, possibly one not yet refilled, and returns how long until that token
/// exists (zero while the burst lasts).
///
/// It keeps no per-key state: `forget` does nothing and `retries` is 0.
public final class TokenBucketRateLimiter<Key>: RateLimiter {
    /// Tokens added per second.
    public let qps: Double
    /// The bucket's capacity, and its content at start.
    public let burst: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let bucket: Mutex<Bucket>

    private struct Bucket {
        /// Negative when tokens have been promised ahead of the refill.
        var tokens: Double
        var last: ContinuousClock.Instant
    }

    /// A bucket of `burst` tokens (at least 1) refilled at `qps` per second (more than 0; infinity
    /// means no limit). `now` is the clock, injectable for tests.
    public init(
        qps: Double = 10, burst: Int = 100,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        precondition(qps > 0, "qps must be positive")
        precondition(burst >= 1, "burst must be at least 1")
        self.qps = qps
        self.burst = burst
        self.now = now
        self.bucket = Mutex(Bucket(tokens: Double(burst), last: now()))
    }

    /// Takes a token and returns the time until it is available: zero when the bucket had one,
    /// otherwise the deficit divided by `qps` (rounded to the nanosecond).
    public func when(_ key: Key) -> Duration {
        guard qps.isFinite else { return .zero }
        let instant = now()
        let deficit = bucket.withLock { bucket in
            if instant > bucket.last {
                let elapsed = bucket.last.duration(to: instant)
                let (seconds, attoseconds) = elapsed.components
                let refill = (Double(seconds) + Double(attoseconds) / 1e18) * qps
                bucket.tokens = Swift.min(Double(burst), bucket.tokens + refill)
                bucket.last = instant
            }
            bucket.tokens -= 1
            return -bucket.tokens
        }
        guard deficit > 0 else { return .zero }
        return .nanoseconds(Int64((deficit / qps * 1e9).rounded()))
    }

    /// Does nothing: the bucket is shared by all keys.
    public func forget(_ key: Key) {}

    /// Always 0: the bucket counts no failures.
    public func retries(_ key: Key) -> Int { 0 }
}
