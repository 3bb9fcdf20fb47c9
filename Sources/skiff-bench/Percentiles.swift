/// Latency samples in nanoseconds and the summary figures a table shows.
struct Samples {
    private(set) var values: [Int64] = []

    init(capacity: Int = 0) { values.reserveCapacity(capacity) }

    mutating func add(_ nanoseconds: Int64) { values.append(nanoseconds) }

    /// Adds another set's samples.
    mutating func merge(_ other: Samples) { values += other.values }

    /// The value at quantile `q` (0...1), in milliseconds.
    func milliseconds(at q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))
        return Double(sorted[index]) / 1e6
    }
}

/// Monotonic nanoseconds.
func monotonicNow() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

#if canImport(Glibc)
    import Glibc
#endif
