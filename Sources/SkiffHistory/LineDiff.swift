/// Which lines differ between two texts, given as line numbers (equal lines, equal numbers): the
/// shortest edit script of Myers' O((N+M)D) algorithm ("An O(ND) Difference Algorithm and Its
/// Variations", 1986), grouped into blocks of changed lines.
struct LineDiff {
    /// One block of changed lines: `deleted` lines from `oldStart` replaced by `inserted` lines at
    /// `newStart` (0-based).
    struct Change: Equatable {
        var oldStart: Int
        var newStart: Int
        var deleted: Int
        var inserted: Int
    }

    /// The blocks of changed lines from `old` to `new`, in order. The identical ends are set
    /// aside first; `horizon` is accepted for callers that widen hunks by their context and does
    /// not change which lines differ.
    static func changes(from old: [Int], to new: [Int], horizon: Int) -> [Change] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<old.count - suffix])
        let b = Array(new[prefix..<new.count - suffix])
        return blocks(editScript(a, b)).map { change in
            Change(
                oldStart: change.oldStart + prefix, newStart: change.newStart + prefix, deleted: change.deleted,
                inserted: change.inserted)
        }
    }

    private enum Edit {
        case keep, delete, insert
    }

    /// The edits from `a` to `b`, in order: the forward greedy search records the furthest
    /// reaching point of every diagonal for each edit count, then walks back from the end.
    private static func editScript(_ a: [Int], _ b: [Int]) -> [Edit] {
        let n = a.count
        let m = b.count
        if n == 0 { return Array(repeating: .insert, count: m) }
        if m == 0 { return Array(repeating: .delete, count: n) }
        let offset = n + m
        var furthest = [Int](repeating: 0, count: 2 * offset + 2)
        var trace: [[Int]] = []
        search: for d in 0...offset {
            trace.append(furthest)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1]) {
                    x = furthest[offset + k + 1]  // down: an insertion
                } else {
                    x = furthest[offset + k - 1] + 1  // right: a deletion
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                furthest[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        // Walk back through the recorded rounds.
        var edits: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let previous = trace[d]
            let k = x - y
            let previousK: Int
            if d == 0 {
                previousK = 0
            } else if k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : previous[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                edits.append(.keep)
                x -= 1
                y -= 1
            }
            if d > 0 {
                edits.append(x == previousX ? .insert : .delete)
                x = previousX
                y = previousY
            }
        }
        return edits.reversed()
    }

    /// Consecutive deletions and insertions as blocks.
    private static func blocks(_ edits: [Edit]) -> [Change] {
        var changes: [Change] = []
        var oldIndex = 0
        var newIndex = 0
        var current: Change?
        for edit in edits {
            switch edit {
            case .keep:
                if let block = current { changes.append(block) }
                current = nil
                oldIndex += 1
                newIndex += 1
            case .delete:
                if current == nil { current = Change(oldStart: oldIndex, newStart: newIndex, deleted: 0, inserted: 0) }
                current!.deleted += 1
                oldIndex += 1
            case .insert:
                if current == nil { current = Change(oldStart: oldIndex, newStart: newIndex, deleted: 0, inserted: 0) }
                current!.inserted += 1
                newIndex += 1
            }
        }
        if let block = current { changes.append(block) }
        return changes
    }
}
