/// The scheduler's queue of pending pods, after kube-scheduler's `PriorityQueue`: a pure state machine.
///
/// A pod is in exactly one place (see `QueueLocation`):
/// - activeQ, a heap by (sort key descending, timestamp ascending, sequence ascending), from which `pop` takes;
/// - backoffQ, ordered by backoff expiry, drained into activeQ by `flushBackoff(now:)`;
/// - unschedulablePods, keyed by uid, left by `moveAll`, `flushUnschedulable`, `activate` or an update;
/// - the gated set, for pods a PreEnqueue plugin holds back, left when `update` says they are no longer gated;
/// - in flight, between `pop` and `done` / `addUnschedulable`.
///
/// Nothing here reads a clock or blocks: the host passes `now` (a `Duration` since its own monotonic epoch), calls
/// `flushBackoff` at `nextBackoffExpiry` and `flushUnschedulable` periodically (kube: every 30 s), and serialises
/// all calls behind one actor or lock.
public struct SchedulingQueue: Sendable {
    /// The ordering of activeQ: the smallest pops first.
    struct ActiveOrder: Comparable, Sendable {
        var sortKey: Int64
        var timestamp: Duration
        var sequence: UInt64

        static func < (lhs: ActiveOrder, rhs: ActiveOrder) -> Bool {
            if lhs.sortKey != rhs.sortKey {
                return lhs.sortKey > rhs.sortKey
            }
            if lhs.timestamp != rhs.timestamp {
                return lhs.timestamp < rhs.timestamp
            }
            return lhs.sequence < rhs.sequence
        }
    }

    /// The ordering of backoffQ: the earliest expiry first.
    struct BackoffOrder: Comparable, Sendable {
        var expiry: Duration
        var sequence: UInt64

        static func < (lhs: BackoffOrder, rhs: BackoffOrder) -> Bool {
            lhs.expiry != rhs.expiry ? lhs.expiry < rhs.expiry : lhs.sequence < rhs.sequence
        }
    }

    /// What the queue remembers about a popped pod until it comes back or is done.
    struct InFlight: Sendable {
        /// The entry as popped, with any updates received since applied.
        var entry: QueueEntry
        /// The scheduling cycle that popped it.
        var cycle: Int64
        /// Deleted while in flight: `addUnschedulable` drops it.
        var deleted = false
        /// Activated, or its JSON changed, while in flight: `addUnschedulable` sends it to backoffQ.
        var moveRequested = false
    }

    /// The tunables and plugin event registrations; may be changed between calls.
    public var configuration: Configuration

    /// The pending (not in-flight) pods by uid.
    var entries: [String: QueueEntry] = [:]
    /// Where each pending pod is.
    var locations: [String: QueueLocation] = [:]
    var activeQ = KeyedHeap<ActiveOrder>()
    var backoffQ = KeyedHeap<BackoffOrder>()
    var unschedulablePods: Set<String> = []
    var gatedPods: Set<String> = []
    var inFlight: [String: InFlight] = [:]
    var nextSequence: UInt64 = 0

    /// The number of pods popped so far; the cycle of a popped pod is the value right after its pop.
    public internal(set) var schedulingCycle: Int64 = 0
    /// The scheduling cycle current when the last move request (a `moveAll` of an event some plugin registered
    /// for, or an unschedulable flush that moved pods) arrived; -1 before any.
    public internal(set) var moveRequestCycle: Int64 = -1

    /// Creates an empty queue.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    // MARK: - Queries

    /// How many pods wait in each place, for metrics (kube's `scheduler_pending_pods`).
    public var pendingCounts: (active: Int, backoff: Int, unschedulable: Int, gated: Int) {
        (activeQ.count, backoffQ.count, unschedulablePods.count, gatedPods.count)
    }

    /// How many popped pods have not been handed back yet.
    public var inFlightCount: Int {
        inFlight.count
    }

    /// Where the pod is, or nil if the queue does not know it.
    public func location(of uid: String) -> QueueLocation? {
        inFlight[uid] != nil ? .inFlight : locations[uid]
    }

    /// The queue's copy of the pod's entry, pending or in flight.
    public func entry(_ uid: String) -> QueueEntry? {
        entries[uid] ?? inFlight[uid]?.entry
    }

    /// The uids in `location`: activeQ in pop order, backoffQ by expiry, the others by sequence.
    public func uids(in location: QueueLocation) -> [String] {
        switch location {
        case .active:
            return activeQ.orderedUIDs
        case .backoff:
            return backoffQ.orderedUIDs
        case .unschedulable:
            return bySequence(unschedulablePods)
        case .gated:
            return bySequence(gatedPods)
        case .inFlight:
            return inFlight.values.sorted { $0.cycle < $1.cycle }.map(\.entry.uid)
        }
    }

    private func bySequence(_ uids: Set<String>) -> [String] {
        uids.sorted { (entries[$0]?.sequence ?? 0, $0) < (entries[$1]?.sequence ?? 0, $1) }
    }

    // MARK: - Informer events

    /// Enqueues a new pod (kube's `Add`): into activeQ, or the gated set if `entry.gated`.
    ///
    /// Sets both timestamps to `now`. A pod the queue already knows is treated as `update` instead.
    @discardableResult
    public mutating func add(_ entry: QueueEntry, now: Duration) -> QueueLocation {
        if location(of: entry.uid) != nil {
            return update(uid: entry.uid, json: entry.json, sortKey: entry.sortKey, gated: entry.gated, now: now)
                ?? .active
        }
        var entry = entry
        entry.timestamp = now
        entry.initialTimestamp = now
        stamp(&entry)
        let destination: QueueLocation = entry.gated ? .gated : .active
        place(entry, in: destination)
        return destination
    }

    /// Applies a change of a pending pod (kube's `Update`); returns where the pod is now, or nil if the queue does
    /// not know it (the host then calls `add`).
    ///
    /// - In activeQ or backoffQ: refreshed in place (activeQ re-sorted by the new key).
    /// - In unschedulablePods: if `json` changed, moved to backoffQ if still backing off at `now`, else activeQ;
    ///   otherwise refreshed in place. The host should not call this for status-only changes (kube's
    ///   `isPodUpdated` ignores them).
    /// - Gated: stays gated while `gated`; otherwise leaves the gate for backoffQ or activeQ like above.
    /// - Anywhere, `gated == true` moves a pending pod to the gated set.
    /// - In flight: recorded; it applies when the pod comes back, and a changed `json` counts as a move request
    ///   for that pod.
    @discardableResult
    public mutating func update(
        uid: String, json: [UInt8], sortKey: Int64, gated: Bool, now: Duration
    ) -> QueueLocation? {
        if var flight = inFlight[uid] {
            if flight.entry.json != json {
                flight.moveRequested = true
            }
            flight.entry.json = json
            flight.entry.sortKey = sortKey
            flight.entry.gated = gated
            inFlight[uid] = flight
            return .inFlight
        }
        guard var entry = entries[uid], let current = locations[uid] else {
            return nil
        }
        let changed = entry.json != json
        entry.json = json
        entry.sortKey = sortKey
        entry.gated = gated
        if gated {
            if current != .gated {
                unplace(uid)
                place(entry, in: .gated)
            } else {
                entries[uid] = entry
            }
            return .gated
        }
        switch current {
        case .active, .backoff:
            place(entry, in: current)
            return current
        case .unschedulable where !changed:
            entries[uid] = entry
            return current
        case .unschedulable, .gated:
            unplace(uid)
            return requeue(entry, now: now)
        case .inFlight:
            return .inFlight
        }
    }

    /// Forgets a pod (kube's `Delete`); returns whether the queue knew it. A pod in flight is marked so that
    /// `addUnschedulable` drops it when it comes back.
    @discardableResult
    public mutating func delete(uid: String) -> Bool {
        if inFlight[uid] != nil {
            inFlight[uid]?.deleted = true
            return true
        }
        guard locations[uid] != nil else {
            return false
        }
        unplace(uid)
        return true
    }

    // MARK: - Scheduling cycle

    /// Takes the highest-priority pod from activeQ, or nil if activeQ is empty.
    ///
    /// Increments `schedulingCycle` and the pod's `attempts`; the pod stays in flight until `done` or
    /// `addUnschedulable`. Call `flushBackoff(now:)` first so expired backoffs compete.
    public mutating func pop() -> QueueEntry? {
        guard let top = activeQ.popMin(), var entry = entries.removeValue(forKey: top.uid) else {
            return nil
        }
        locations.removeValue(forKey: top.uid)
        entry.attempts += 1
        schedulingCycle += 1
        inFlight[entry.uid] = InFlight(entry: entry, cycle: schedulingCycle)
        return entry
    }

    /// Ends a popped pod's attempt without requeueing it (it was bound, or the host dropped it); returns whether
    /// it was in flight.
    @discardableResult
    public mutating func done(uid: String) -> Bool {
        inFlight.removeValue(forKey: uid) != nil
    }

    // MARK: - Placement helpers

    /// Gives `entry` the next sequence number.
    mutating func stamp(_ entry: inout QueueEntry) {
        nextSequence += 1
        entry.sequence = nextSequence
    }

    /// Stores `entry` in `location`, taking it out of wherever it was.
    mutating func place(_ entry: QueueEntry, in location: QueueLocation) {
        let uid = entry.uid
        if let previous = locations[uid], previous != location {
            unplace(uid)
        }
        entries[uid] = entry
        locations[uid] = location
        switch location {
        case .active:
            let order = ActiveOrder(sortKey: entry.sortKey, timestamp: entry.timestamp, sequence: entry.sequence)
            activeQ.insert(uid, priority: order)
        case .backoff:
            if backoffQ.priority(of: uid) == nil {
                backoffQ.insert(uid, priority: BackoffOrder(expiry: backoffExpiry(of: entry), sequence: entry.sequence))
            }
        case .unschedulable:
            unschedulablePods.insert(uid)
        case .gated:
            gatedPods.insert(uid)
        case .inFlight:
            assertionFailure("in-flight pods are tracked in inFlight, never placed")
        }
    }

    /// Takes a pending pod out of its place; returns its entry.
    @discardableResult
    mutating func unplace(_ uid: String) -> QueueEntry? {
        switch locations.removeValue(forKey: uid) {
        case .active:
            activeQ.remove(uid)
        case .backoff:
            backoffQ.remove(uid)
        case .unschedulable:
            unschedulablePods.remove(uid)
        case .gated:
            gatedPods.remove(uid)
        case .inFlight, nil:
            break
        }
        return entries.removeValue(forKey: uid)
    }

    /// Puts a pod that may be retried into backoffQ if it is still backing off at `now`, else activeQ.
    @discardableResult
    mutating func requeue(_ entry: QueueEntry, now: Duration) -> QueueLocation {
        let destination: QueueLocation = isBackingOff(entry, now: now) ? .backoff : .active
        place(entry, in: destination)
        return destination
    }
}
