/// kube-apiserver's etcd compactor as a pure state machine: every interval, each server runs
/// `If version(compact_rev_key) == lastVersion Then Put(compact_rev_key, lastRevision) Else
/// Get(compact_rev_key)`. The one whose compare holds wins the round and compacts to the revision
/// it saw one interval earlier; the others learn the key's version and try again next interval.
/// So however many servers share the cluster, it is compacted once per interval, and never past
/// history younger than one interval.
struct CompactorPlan: Sendable, Hashable {
    /// What a run does after its transaction.
    enum Action: Sendable, Hashable {
        /// Compact to this revision.
        case compact(Int64)
        /// Nothing this round: another server won it, or nothing was seen yet to compact to.
        case wait
    }

    /// The version of the election key this server last saw (0: it does not exist).
    private(set) var lastVersion: Int64 = 0
    /// The revision seen at the last run: the next winning run compacts to it.
    private(set) var lastRevision: Int64 = 0

    /// The election transaction's parts for `key`: the version to compare with and the value
    /// to put when the compare holds.
    var expectedVersion: Int64 { lastVersion }
    var proposedValue: String { String(lastRevision) }

    /// Applies a run's outcome: whether the compare held, the revision in the response's header,
    /// and (when it did not) the election key's version and value as read.
    mutating func apply(succeeded: Bool, revision: Int64, observedVersion: Int64) -> Action {
        let target = lastRevision
        lastRevision = revision
        guard succeeded else {
            lastVersion = observedVersion
            return .wait
        }
        lastVersion += 1
        return target > 0 ? .compact(target) : .wait
    }
}
