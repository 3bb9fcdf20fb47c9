import Synchronization

/// Per-key exponential back-off, as client-go's `ItemExponentialFailureRateLimiter`: the n-th
/// failure of a key (counting from 0) waits `base * 2^n`, never more than `max`.
///
/// With the defaults the waits are 5 ms, 10 ms, 20 ms, 40 ms, ... up to 1000 s. No jitter.
public final class ItemExponentialRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    /// The first delay.
    public let base: Duration
    /// The longest delay.
    public let max: Duration
    private let failures = Mutex<[Key: Int]>([:])

    /// A limiter starting at `base` and doubling per failure up to `max`. Both must be non-negative.
    public init(base: Duration = .milliseconds(5), max: Duration = .seconds(1000)) {
        precondition(base >= .zero && max >= .zero, "back-off durations must not be negative")
        self.base = base
        self.max = max
    }

    /// Counts one more failure of `key` and returns `base * 2^(failures before this one)`, capped at
    /// `max`.
    public func when(_ key: Key) -> Duration {
        let exponent = failures.withLock { failures in
            let previous = failures[key, default: 0]
            failures[key] = previous + 1
            return previous
        }
        guard base > .zero else { return .zero }
        // Double(sign:exponent:significand:) is 2^exponent, infinity past the largest Double.
        let nanoseconds = Self.nanoseconds(base) * Double(sign: .plus, exponent: exponent, significand: 1)
        if !nanoseconds.isFinite || nanoseconds > Self.nanoseconds(max) {
            return max
        }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// Forgets every failure of `key`: the next `when(key)` returns `base`.
    public func forget(_ key: Key) {
        failures.withLock { _ = $0.removeValue(forKey: key) }
    }

    /// How many times `when(key)` was called since the key was last forgotten.
    public func retries(_ key: Key) -> Int {
        failures.withLock { $0[key, default: 0] }
    }

    private static func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
