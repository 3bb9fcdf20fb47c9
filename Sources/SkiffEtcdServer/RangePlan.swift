import SkiffEtcdAPI
import SkiffStore

/// How one etcd `Range` is served by the store: the store read to make, then etcd's filters,
/// sort and limit applied to what it returned (`applierV3backend.Range`). A pure value, so its
/// decisions are table-tested without a store.
struct RangePlan: Sendable, Hashable {
    /// The store read.
    var request: RangeRequest
    /// The etcd request's limit (0: none), applied after filtering and sorting.
    var limit: Int
    /// The sort to apply, if any.
    var sort: Sort?
    /// Whether values are dropped from the answer.
    var keysOnly: Bool
    /// Bounds on mod and create revisions (0: no bound).
    var minModRevision: Int64, maxModRevision: Int64, minCreateRevision: Int64, maxCreateRevision: Int64

    /// An ordering of key-values.
    struct Sort: Sendable, Hashable {
        var target: EtcdRangeRequest.SortTarget
        var descending: Bool
    }

    /// The plan for `request`; fails with etcd's error for an empty key.
    init(_ request: EtcdRangeRequest) throws(EtcdError) {
        guard !request.key.isEmpty else { throw EtcdError.emptyKey }
        limit = Int(clamping: max(0, request.limit))
        keysOnly = request.keysOnly
        minModRevision = request.minModRevision
        maxModRevision = request.maxModRevision
        minCreateRevision = request.minCreateRevision
        maxCreateRevision = request.maxCreateRevision
        // etcd sorts ascending by default when a target other than the key is named.
        switch (request.sortOrder, request.sortTarget) {
        case (.none, .key), (.UNRECOGNIZED, _): sort = nil
        case (.none, let target), (.ascend, let target): sort = Sort(target: target, descending: false)
        case (.descend, let target): sort = Sort(target: target, descending: true)
        }
        // Ascending by key is the store's own order.
        if sort == Sort(target: .key, descending: false) { sort = nil }
        let filtered = minModRevision != 0 || maxModRevision != 0 || minCreateRevision != 0 || maxCreateRevision != 0
        let storeLimit = sort == nil && !filtered ? limit : 0
        self.request = RangeRequest(
            EtcdKeyRange.range(key: request.key, rangeEnd: request.rangeEnd),
            revision: request.revision > 0 ? Revision(request.revision) : nil,
            limit: storeLimit,
            keysOnly: keysOnly && sort?.target != .value,
            countOnly: request.countOnly)
    }

    /// etcd's response for the store's answer to ``request``.
    func response(_ answer: RangeResponse, header: EtcdResponseHeader) -> EtcdRangeResponse {
        encoded(answer, header: header).message
    }

    /// etcd's response for the store's answer to ``request``, for ``RangeResponseEncoder``: the
    /// filters, sort and limit applied, the key-values left as they are.
    func encoded(_ answer: RangeResponse, header: EtcdResponseHeader) -> EncodedRangeResponse {
        var kvs = answer.kvs
        if maxModRevision != 0 { kvs.removeAll { $0.modRevision.rawValue > maxModRevision } }
        if minModRevision != 0 { kvs.removeAll { $0.modRevision.rawValue < minModRevision } }
        if maxCreateRevision != 0 { kvs.removeAll { $0.createRevision.rawValue > maxCreateRevision } }
        if minCreateRevision != 0 { kvs.removeAll { $0.createRevision.rawValue < minCreateRevision } }
        if let sort { kvs = Self.sorted(kvs, by: sort) }
        var more = answer.more
        if limit > 0 && kvs.count > limit {
            kvs.removeSubrange(limit...)
            more = true
        }
        return EncodedRangeResponse(
            header: header, kvs: kvs, keysOnly: keysOnly, more: more, count: Int64(answer.count))
    }

    /// `kvs` (in key order) sorted stably by `sort`; equal elements keep key order, and a
    /// descending sort is the exact reverse of the ascending one, as Go's `sort.Reverse` gives for
    /// distinct keys.
    static func sorted(_ kvs: [KeyValue], by sort: Sort) -> [KeyValue] {
        func precedes(_ a: KeyValue, _ b: KeyValue) -> Bool {
            switch sort.target {
            case .key, .UNRECOGNIZED: return a.key.lexicographicallyPrecedes(b.key)
            case .version: return a.version < b.version
            case .create: return a.createRevision < b.createRevision
            case .mod: return a.modRevision < b.modRevision
            case .value: return a.value.lexicographicallyPrecedes(b.value)
            }
        }
        // Swift's sort is not stable; sorting indices with the position as a tie-break makes it so.
        let order = kvs.indices.sorted { i, j in
            if sort.descending {
                if precedes(kvs[j], kvs[i]) { return true }
                if precedes(kvs[i], kvs[j]) { return false }
                return i > j
            }
            if precedes(kvs[i], kvs[j]) { return true }
            if precedes(kvs[j], kvs[i]) { return false }
            return i < j
        }
        return order.map { kvs[$0] }
    }
}
