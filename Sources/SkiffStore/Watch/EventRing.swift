import DequeModule

/// The most recent committed events, kept in memory so that a watch starting a little in the past
/// is served without reading SQLite. Bounded by event count and by bytes; evicts whole revisions,
/// so it always holds every event of every revision from ``firstRevision`` to the newest.
struct EventRing {
    private var revisions = Deque<RevisionEvents>()
    private var eventCount = 0
    private var byteCount = 0
    private let maxEvents: Int
    private let maxBytes: Int
    /// Every event with a revision at or above this one is in the ring (or had none).
    private(set) var firstRevision: Revision

    /// An empty ring that covers revisions after `current`.
    init(current: Revision, maxEvents: Int, maxBytes: Int) {
        self.firstRevision = current.next
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
    }

    /// Appends a committed revision's events, evicting the oldest revisions past the bounds.
    mutating func append(_ batch: RevisionEvents) {
        guard maxEvents > 0 else {
            firstRevision = batch.revision.next
            return
        }
        revisions.append(batch)
        eventCount += batch.events.count
        byteCount += Self.size(batch)
        while eventCount > maxEvents || byteCount > maxBytes, let oldest = revisions.popFirst() {
            eventCount -= oldest.events.count
            byteCount -= Self.size(oldest)
            firstRevision = oldest.revision.next
        }
    }

    /// Whether the ring holds every event from `revision` on.
    func covers(_ revision: Revision) -> Bool { revision >= firstRevision }

    /// The revisions from `revision` on; only valid when ``covers(_:)`` is true.
    func revisions(from revision: Revision) -> [RevisionEvents] {
        // Binary search for the first batch at or after `revision`.
        var low = 0
        var high = revisions.count
        while low < high {
            let middle = (low + high) / 2
            if revisions[middle].revision < revision { low = middle + 1 } else { high = middle }
        }
        return Array(revisions[low...])
    }

    private static func size(_ batch: RevisionEvents) -> Int {
        batch.events.reduce(0) { total, event in
            total + 64 + event.kv.key.count + event.kv.value.count
                + (event.prevKV.map { $0.key.count + $0.value.count } ?? 0)
        }
    }
}
