import HeapModule

/// A min-heap of pod uids that also supports removing or re-prioritising any uid.
///
/// Removal is lazy: the uid is dropped from `live` and its slot stays in the heap until it surfaces; a slot is live
/// only while its version matches. The top of the heap is always a live slot (stale tops are pruned after every
/// mutation), so `min` needs no mutation. The heap is rebuilt when stale slots outnumber live ones.
struct KeyedHeap<Priority: Comparable & Sendable>: Sendable {
    private struct Slot: Comparable, Sendable {
        var priority: Priority
        var version: UInt64
        var uid: String

        static func < (lhs: Slot, rhs: Slot) -> Bool {
            if lhs.priority != rhs.priority {
                return lhs.priority < rhs.priority
            }
            return lhs.version < rhs.version
        }

        static func == (lhs: Slot, rhs: Slot) -> Bool {
            lhs.priority == rhs.priority && lhs.version == rhs.version
        }
    }

    private struct Live: Sendable {
        var version: UInt64
        var priority: Priority
    }

    private var heap = Heap<Slot>()
    private var live: [String: Live] = [:]
    private var nextVersion: UInt64 = 0

    /// The number of live uids.
    var count: Int {
        live.count
    }

    /// Whether `uid` is in the heap.
    func contains(_ uid: String) -> Bool {
        live[uid] != nil
    }

    /// The priority `uid` was inserted with.
    func priority(of uid: String) -> Priority? {
        live[uid]?.priority
    }

    /// The uid with the smallest priority.
    var min: (uid: String, priority: Priority)? {
        heap.min.map { ($0.uid, $0.priority) }
    }

    /// The live uids, smallest priority first.
    var orderedUIDs: [String] {
        live.map { (uid: $0.key, slot: Slot(priority: $0.value.priority, version: $0.value.version, uid: $0.key)) }
            .sorted { $0.slot < $1.slot }
            .map(\.uid)
    }

    /// Inserts `uid`, replacing its previous priority if it was already there.
    mutating func insert(_ uid: String, priority: Priority) {
        nextVersion += 1
        live[uid] = Live(version: nextVersion, priority: priority)
        heap.insert(Slot(priority: priority, version: nextVersion, uid: uid))
        pruneTop()
    }

    /// Removes `uid`; returns whether it was there.
    @discardableResult
    mutating func remove(_ uid: String) -> Bool {
        guard live.removeValue(forKey: uid) != nil else {
            return false
        }
        pruneTop()
        return true
    }

    /// Removes and returns the uid with the smallest priority.
    mutating func popMin() -> (uid: String, priority: Priority)? {
        guard let top = heap.popMin() else {
            return nil
        }
        live.removeValue(forKey: top.uid)
        pruneTop()
        return (top.uid, top.priority)
    }

    private mutating func pruneTop() {
        while let top = heap.min, live[top.uid]?.version != top.version {
            heap.removeMin()
        }
        if heap.count > 2 * live.count + 64 {
            heap = Heap(live.map { Slot(priority: $0.value.priority, version: $0.value.version, uid: $0.key) })
        }
    }
}
