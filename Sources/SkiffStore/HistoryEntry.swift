/// One change of one key as the log records it: a put (create or update) or a delete, with its
/// revision, commit time and the key's metadata after the change.
public struct HistoryEntry: Sendable, Hashable {
    /// What a change did: ``WatchEvent/Kind/put`` or ``WatchEvent/Kind/delete``.
    public typealias Kind = WatchEvent.Kind

    /// The key.
    public var key: [UInt8]
    /// The revision of the change.
    public var revision: Revision
    /// When the revision was committed, as Unix nanoseconds (wall clock).
    public var commitTime: Int64
    /// Whether the key was written or deleted.
    public var kind: Kind
    /// The key's version after the change: 1 on create, +1 on every put; 0 for a delete.
    public var version: Int64
    /// The revision that created this incarnation of the key; 0 for a delete.
    public var createRevision: Revision
    /// The lease the key was attached to, or ``LeaseID/none`` (always for a delete).
    public var lease: LeaseID
    /// The value written; empty for a delete, and when values were not asked for.
    public var value: [UInt8]

    /// Creates an entry.
    public init(
        key: [UInt8], revision: Revision, commitTime: Int64, kind: Kind, version: Int64,
        createRevision: Revision, lease: LeaseID = .none, value: [UInt8] = []
    ) {
        self.key = key
        self.revision = revision
        self.commitTime = commitTime
        self.kind = kind
        self.version = version
        self.createRevision = createRevision
        self.lease = lease
        self.value = value
    }

    /// Whether this put created the key.
    public var isCreate: Bool { kind == .put && version == 1 }

    /// The key-value the change left, as a range at ``revision`` returns it; nil for a delete.
    public var keyValue: KeyValue? {
        guard kind == .put else { return nil }
        return KeyValue(
            key: key, value: value, createRevision: createRevision, modRevision: revision, version: version,
            lease: lease)
    }
}
