/// An absolute point in time by which a probe must finish.
struct ProbeDeadline {
    let instant: ContinuousClock.Instant

    /// A deadline `timeout` from now; zero or negative timeouts are already expired.
    init(timeout: Duration) {
        instant = ContinuousClock.now + max(timeout, .zero)
    }

    /// The time left in whole milliseconds rounded up, for `poll(2)`; 0 once expired.
    var remainingMilliseconds: Int32 {
        let remaining = instant - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        let total = milliseconds.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
