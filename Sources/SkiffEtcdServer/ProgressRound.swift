import SkiffStore

/// A stream-wide progress request (`WatchProgressRequest`) in flight: every watch open when it
/// was asked must confirm it has delivered everything up to some revision, and the answer is the
/// smallest of those, so that one response with watch id -1 tells each watch "you are current up
/// to here". etcd 3.4 answered with the store's revision at once, which can run ahead of events
/// still queued; this waits for the watches instead. A pure value.
struct ProgressRound: Sendable, Hashable {
    private var waiting: Set<Int64>
    private var revision: Revision?
    /// How many progress requests the round answers (requests made while it runs join it).
    var requests: Int

    /// A round waiting for `watches`, answering `requests` requests.
    init(waitingFor watches: Set<Int64>, requests: Int = 1) {
        self.waiting = watches
        self.requests = requests
    }

    /// Whether `watch` has yet to confirm.
    func isWaiting(for watch: Int64) -> Bool { waiting.contains(watch) }

    /// Records that `watch` delivered everything up to `revision`; returns the round's answer once
    /// the last watch confirmed.
    mutating func confirm(_ watch: Int64, at revision: Revision) -> Revision? {
        guard waiting.remove(watch) != nil else { return nil }
        self.revision = min(self.revision ?? revision, revision)
        return waiting.isEmpty ? self.revision : nil
    }

    /// Drops a watch that ended; returns the round's answer if it was the last one waited for and
    /// another had confirmed.
    mutating func drop(_ watch: Int64) -> Revision? {
        guard waiting.remove(watch) != nil else { return nil }
        return waiting.isEmpty ? revision : nil
    }

    /// Whether every watch left without confirming, so the round needs a fresh answer.
    var isAbandoned: Bool { waiting.isEmpty && revision == nil }
}
