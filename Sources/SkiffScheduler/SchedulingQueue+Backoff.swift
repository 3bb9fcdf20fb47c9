extension SchedulingQueue {
    /// The backoff after `attempts` attempts: zero before the first, then `initialBackoff × 2^(attempts−1)`
    /// capped at `maxBackoff` (1, 2, 4, 8, 10, 10 s with kube's defaults).
    public func backoffDuration(attempts: Int) -> Duration {
        guard attempts > 0 else {
            return .zero
        }
        let cap = configuration.maxBackoff
        var duration = configuration.initialBackoff
        for _ in 1..<attempts {
            // Compare before doubling so large attempt counts cannot overflow.
            if duration > cap - duration {
                return cap
            }
            duration += duration
        }
        return min(duration, cap)
    }

    /// When the pod's backoff ends: its timestamp (the end of its last attempt) plus its backoff duration.
    public func backoffExpiry(of entry: QueueEntry) -> Duration {
        entry.timestamp + backoffDuration(attempts: entry.attempts)
    }

    /// Whether the pod must still wait at `now` (kube's `isPodBackingoff`: expiry strictly after now).
    public func isBackingOff(_ entry: QueueEntry, now: Duration) -> Bool {
        backoffExpiry(of: entry) > now
    }

    /// The earliest backoff expiry in backoffQ: when the host should next call `flushBackoff`.
    public var nextBackoffExpiry: Duration? {
        backoffQ.min?.priority.expiry
    }

    /// Moves every backoffQ pod whose backoff ended at or before `now` to activeQ (kube's
    /// `flushBackoffQCompleted`); returns their uids, earliest expiry first.
    @discardableResult
    public mutating func flushBackoff(now: Duration) -> [String] {
        var moved: [String] = []
        while let top = backoffQ.min, top.priority.expiry <= now {
            _ = backoffQ.popMin()
            locations.removeValue(forKey: top.uid)
            guard let entry = entries.removeValue(forKey: top.uid) else {
                continue
            }
            place(entry, in: .active)
            moved.append(top.uid)
        }
        return moved
    }
}
