/// A read of a key range, at the current revision or at a past one.
public struct RangeRequest: Sendable, Hashable {
    /// The keys to read.
    public var range: KeyRange
    /// The revision to read at; nil reads the current revision. A revision below the compacted
    /// revision fails with ``StoreError/Code/compacted``, one above the current revision with
    /// ``StoreError/Code/futureRevision``.
    public var revision: Revision?
    /// The most keys to return; 0 means no limit. ``RangeResponse/more`` tells whether keys were
    /// left out.
    public var limit: Int
    /// Return keys and metadata without values.
    public var keysOnly: Bool
    /// Return only the count.
    public var countOnly: Bool

    /// Creates a range request.
    public init(
        _ range: KeyRange, revision: Revision? = nil, limit: Int = 0, keysOnly: Bool = false,
        countOnly: Bool = false
    ) {
        self.range = range
        self.revision = revision
        self.limit = limit
        self.keysOnly = keysOnly
        self.countOnly = countOnly
    }
}

/// The result of a ``RangeRequest``.
public struct RangeResponse: Sendable, Hashable {
    /// The store's revision when the read was served (for a read at a past revision, still the
    /// current revision, as etcd's header does).
    public var revision: Revision
    /// The keys found, in key order; empty for a count-only read.
    public var kvs: [KeyValue]
    /// Whether the limit left keys out.
    public var more: Bool
    /// How many keys the range holds, regardless of the limit.
    public var count: Int

    /// Creates a range response.
    public init(revision: Revision, kvs: [KeyValue], more: Bool, count: Int) {
        self.revision = revision
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}

/// Sets one key's value.
public struct PutRequest: Sendable, Hashable {
    /// The key; must not be empty.
    public var key: [UInt8]
    /// The new value.
    public var value: [UInt8]
    /// The lease to attach the key to, or ``LeaseID/none``; the lease must exist.
    public var lease: LeaseID
    /// Return the key's previous value.
    public var prevKV: Bool
    /// Keep the key's current value (etcd's `ignore_value`); `value` must then be empty and the
    /// key must exist.
    public var ignoreValue: Bool
    /// Keep the key's current lease (etcd's `ignore_lease`); `lease` must then be
    /// ``LeaseID/none`` and the key must exist.
    public var ignoreLease: Bool

    /// Creates a put.
    public init(
        key: [UInt8], value: [UInt8], lease: LeaseID = .none, prevKV: Bool = false, ignoreValue: Bool = false,
        ignoreLease: Bool = false
    ) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}

/// The result of a put.
public struct PutResponse: Sendable, Hashable {
    /// The revision the put was written at.
    public var revision: Revision
    /// The previous value, when asked for and the key existed.
    public var prevKV: KeyValue?

    /// A put's result.
    public init(revision: Revision, prevKV: KeyValue? = nil) {
        self.revision = revision
        self.prevKV = prevKV
    }
}

/// Deletes one key or a range of keys.
public struct DeleteRequest: Sendable, Hashable {
    /// The keys to delete.
    public var range: KeyRange
    /// Return the deleted key-values.
    public var prevKV: Bool

    /// Creates a delete.
    public init(_ range: KeyRange, prevKV: Bool = false) {
        self.range = range
        self.prevKV = prevKV
    }
}

/// The result of a delete.
public struct DeleteResponse: Sendable, Hashable {
    /// The store's revision after the delete (unchanged when nothing was deleted).
    public var revision: Revision
    /// How many keys were deleted.
    public var deleted: Int
    /// The deleted key-values, when asked for.
    public var prevKVs: [KeyValue]

    /// A delete's result.
    public init(revision: Revision, deleted: Int, prevKVs: [KeyValue] = []) {
        self.revision = revision
        self.deleted = deleted
        self.prevKVs = prevKVs
    }
}

/// A condition on one key, checked at the start of a transaction.
public struct Compare: Sendable, Hashable {
    /// What is compared.
    public enum Target: Sendable, Hashable {
        /// The key's version (0 when the key does not exist).
        case version(Int64)
        /// The key's create revision (0 when it does not exist).
        case createRevision(Revision)
        /// The key's mod revision (0 when it does not exist).
        case modRevision(Revision)
        /// The key's value. A value compare on a missing key is false, as in etcd.
        case value([UInt8])
        /// The key's lease (``LeaseID/none`` when it has none or does not exist).
        case lease(LeaseID)
    }

    /// How the stored value relates to the target.
    public enum Operator: Sendable, Hashable {
        case equal, notEqual, less, greater
    }

    /// The key compared.
    public var key: [UInt8]
    /// The first key past a compared range, as etcd's `range_end`: nil compares `key` alone; a
    /// value compares every live key in `[key, rangeEnd)` (an empty array: every key from `key`
    /// on), and the compare holds when it holds for each of them. A range with no live key is
    /// compared as one missing key.
    public var rangeEnd: [UInt8]?
    /// The value compared against.
    public var target: Target
    /// The relation that must hold: `stored <op> target`.
    public var op: Operator

    /// Creates a compare: true when `stored(key) <op> target`.
    public init(key: [UInt8], _ op: Operator, _ target: Target) {
        self.key = key
        self.op = op
        self.target = target
    }

    /// Creates a compare over a range of keys: true when `stored(k) <op> target` for every live key
    /// `k` in `range` (or, when it holds none, for a missing key).
    public init(range: KeyRange, _ op: Operator, _ target: Target) {
        self.key = range.start
        self.rangeEnd = range.end ?? []
        self.op = op
        self.target = target
    }

    /// The keys compared.
    public var range: KeyRange {
        guard let rangeEnd else { return .key(key) }
        return KeyRange(start: key, end: rangeEnd.isEmpty ? nil : rangeEnd)
    }
}

/// One operation inside a transaction.
public indirect enum Operation: Sendable, Hashable {
    case range(RangeRequest)
    case put(PutRequest)
    case delete(DeleteRequest)
    case txn(TxnRequest)
}

/// The result of one ``Operation``.
public indirect enum OperationResponse: Sendable, Hashable {
    case range(RangeResponse)
    case put(PutResponse)
    case delete(DeleteResponse)
    case txn(TxnResponse)
}

/// An atomic transaction: if every compare holds, run `success`, else run `failure`. All writes of
/// a transaction share one revision and reach watchers together.
///
/// One branch may not write the same key twice (a put and a delete that covers it count), as in
/// etcd; such a request fails with ``StoreError/Code/invalidArgument``.
public struct TxnRequest: Sendable, Hashable {
    /// The conditions, all of which must hold for `success` to run.
    public var compares: [Compare]
    /// Operations run when every compare holds.
    public var success: [Operation]
    /// Operations run otherwise.
    public var failure: [Operation]

    /// Creates a transaction.
    public init(compares: [Compare] = [], success: [Operation] = [], failure: [Operation] = []) {
        self.compares = compares
        self.success = success
        self.failure = failure
    }
}

/// The result of a transaction.
public struct TxnResponse: Sendable, Hashable {
    /// The store's revision after the transaction.
    public var revision: Revision
    /// Whether every compare held (and `success` ran).
    public var succeeded: Bool
    /// One response per operation of the branch that ran.
    public var responses: [OperationResponse]

    /// A transaction's result.
    public init(revision: Revision, succeeded: Bool, responses: [OperationResponse]) {
        self.revision = revision
        self.succeeded = succeeded
        self.responses = responses
    }
}
