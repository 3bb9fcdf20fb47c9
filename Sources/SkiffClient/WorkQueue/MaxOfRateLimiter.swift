/// Several limiters at once, as client-go's `MaxOfRateLimiter`: every limiter sees every call, and
/// the longest delay (and the highest retry count) wins.
public final class MaxOfRateLimiter<Key>: RateLimiter {
    /// The combined limiters.
    public let limiters: [any RateLimiter<Key>]

    /// A limiter answering the maximum of `limiters`; with none, every delay is zero.
    public init(_ limiters: [any RateLimiter<Key>]) {
        self.limiters = limiters
    }

    /// Calls `when(key)` on every limiter (each records the failure) and returns the longest delay.
    public func when(_ key: Key) -> Duration {
        var longest = Duration.zero
        for limiter in limiters {
            longest = max(longest, limiter.when(key))
        }
        return longest
    }

    /// Forgets `key` in every limiter.
    public func forget(_ key: Key) {
        for limiter in limiters {
            limiter.forget(key)
        }
    }

    /// The highest retry count any limiter reports for `key`.
    public func retries(_ key: Key) -> Int {
        limiters.map { $0.retries(key) }.max() ?? 0
    }
}
