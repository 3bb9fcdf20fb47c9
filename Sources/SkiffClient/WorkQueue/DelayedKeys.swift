/// Keys waiting for a deadline, at most one deadline per key (the earliest asked for): a min-heap
/// ordered by deadline, then by insertion. Replaced deadlines stay in the heap as stale entries and
/// are dropped when they reach the top.
struct DelayedKeys<Key: Hashable> {
    private struct Entry {
        var deadline: ContinuousClock.Instant
        var sequence: UInt64
        var key: Key

        func precedes(_ other: Entry) -> Bool {
            (deadline, sequence) < (other.deadline, other.sequence)
        }
    }

    private var heap: [Entry] = []
    /// The live entry of each waiting key.
    private var live: [Key: Entry] = [:]
    private var nextSequence: UInt64 = 0

    /// The number of keys waiting.
    var count: Int { live.count }

    /// Makes `key` wait until `deadline`, unless it already waits for an earlier or equal one.
    /// Returns whether the key's deadline is now `deadline`.
    @discardableResult
    mutating func insert(_ key: Key, deadline: ContinuousClock.Instant) -> Bool {
        if let current = live[key], current.deadline <= deadline {
            return false
        }
        let entry = Entry(deadline: deadline, sequence: nextSequence, key: key)
        nextSequence += 1
        live[key] = entry
        heap.append(entry)
        siftUp(heap.count - 1)
        return true
    }

    /// The earliest deadline of a waiting key.
    mutating func earliestDeadline() -> ContinuousClock.Instant? {
        dropStale()
        return heap.first?.deadline
    }

    /// Removes and returns the keys whose deadline is at or before `now`, earliest first.
    mutating func popDue(at now: ContinuousClock.Instant) -> [Key] {
        var due: [Key] = []
        while true {
            dropStale()
            guard let top = heap.first, top.deadline <= now else { return due }
            removeTop()
            live[top.key] = nil
            due.append(top.key)
        }
    }

    /// Forgets every waiting key.
    mutating func removeAll() {
        heap.removeAll()
        live.removeAll()
    }

    private mutating func dropStale() {
        while let top = heap.first, live[top.key]?.sequence != top.sequence {
            removeTop()
        }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var first = parent
            for child in [2 * parent + 1, 2 * parent + 2]
            where child < heap.count && heap[child].precedes(heap[first]) {
                first = child
            }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
