import Foundation
import SkiffStore
import Synchronization

/// When this server saw each revision of a datastore that keeps no commit times (an etcd
/// cluster): the history endpoints' clock for `skiff history`, `get --at` and `revisions`.
///
/// The watch caches record every revision as it arrives, within milliseconds of its commit;
/// revisions older than the server's start are recorded when it loaded them, the earliest time it
/// can vouch for. Entries at or below the compacted revision are dropped as they go out of the
/// history window.
final class RevisionClock: Sendable {
    private struct State {
        var revisions: [Int64] = []
        var times: [Int64] = []
        var start = 0
    }

    private let state = Mutex(State())

    /// Records that `revision` was seen at `nanoseconds` (Unix); older revisions are ignored.
    /// Every 1,024 revisions it drops what lies at or below `compacted`.
    func record(
        _ revision: Int64, at nanoseconds: Int64 = Int64(Date().timeIntervalSince1970 * 1e9), compacted: Int64 = 0
    ) {
        let due = state.withLock { state -> Bool in
            let last = state.revisions.last
            if let last, revision <= last { return false }
            state.revisions.append(revision)
            state.times.append(nanoseconds)
            return last.map { $0 / 1_024 != revision / 1_024 } ?? false
        }
        if due { prune(below: compacted) }
    }

    /// Drops what lies at or below `compacted`.
    func prune(below compacted: Int64) {
        state.withLock { state in
            while state.start < state.revisions.count, state.revisions[state.start] <= compacted { state.start += 1 }
            if state.start > 4_096, state.start * 2 > state.revisions.count {
                state.revisions.removeFirst(state.start)
                state.times.removeFirst(state.start)
                state.start = 0
            }
        }
    }

    /// When `revision` was seen: that of the newest recorded revision at or below it; nil before
    /// the first.
    func time(of revision: Int64) -> Int64? {
        state.withLock { state in
            let index = Self.lastIndex(in: state.revisions[state.start...], atOrBelow: revision)
            return index.map { state.times[$0] }
        }
    }

    /// The newest revision seen at or before `nanoseconds`; nil when the clock starts later.
    func revision(atOrBefore nanoseconds: Int64) -> Int64? {
        state.withLock { state in
            let index = Self.lastIndex(in: state.times[state.start...], atOrBelow: nanoseconds)
            return index.map { state.revisions[$0] }
        }
    }

    /// The oldest recorded revision and its time.
    var oldest: (revision: Int64, nanoseconds: Int64)? {
        state.withLock { state in
            state.start < state.revisions.count ? (state.revisions[state.start], state.times[state.start]) : nil
        }
    }

    /// Binary search: the index of the last element `<= bound` in a sorted slice.
    private static func lastIndex(in values: ArraySlice<Int64>, atOrBelow bound: Int64) -> Int? {
        var (low, high) = (values.startIndex, values.endIndex)
        while low < high {
            let middle = low + (high - low) / 2
            if values[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low > values.startIndex ? low - 1 : nil
    }
}
