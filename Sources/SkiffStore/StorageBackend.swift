/// What the API server needs from a datastore, with etcd v3's semantics: one revision counter,
/// ranges at a revision, transactions, watches from a revision, leases and compaction.
///
/// Two backends implement it: ``Store`` (the embedded SQLite store, the default) and the etcd
/// cluster client of `SkiffEtcdStore`. Callers see the same values and the same ``StoreError``
/// codes from both: a read or watch below the compacted revision fails with
/// ``StoreError/Code/compacted``, a guarded write whose precondition no longer holds with
/// ``StoreError/Code/conflict``.
public protocol StorageBackend: AnyObject, Sendable {
    /// Whether other servers write to this datastore too (an etcd cluster). A shared datastore
    /// has no local database file or commit times: a server learns its changes, and when they
    /// happened, from its watch.
    var isShared: Bool { get }

    /// The newest revision this process knows of, without asking anyone. For the embedded store
    /// it is the store's revision; for a shared datastore other servers may have written since:
    /// use ``latestRevision()`` where a read must see every acknowledged write.
    var currentRevision: Revision { get }

    /// The newest compacted revision this process knows of: changes at or below it are gone
    /// (a watch must start above it); a read at exactly this revision still works, as in etcd.
    var compactRevision: Revision { get }

    /// The datastore's current revision, read so that it covers every write acknowledged before
    /// the call (a linearizable read, for a cluster).
    func latestRevision() async throws(StoreError) -> Revision

    /// Reads a key range, at a revision or the current one.
    func range(_ request: RangeRequest) async throws(StoreError) -> RangeResponse

    /// Applies a transaction atomically at one new revision (or none when it only reads).
    func txn(_ request: TxnRequest) async throws(StoreError) -> TxnResponse

    /// Watches a key range from a revision; see ``Store/watch(_:from:prevKV:progressNotify:)``
    /// for the contract both backends keep, with one difference: an etcd cluster older than
    /// 3.4.25 or 3.5.8 may answer progress requests ahead of pending events, so on those the etcd
    /// backend ignores ``WatchStream/requestProgress()`` and passes no progress answers on. A
    /// watch over every key needs none: each revision arrives as an event.
    func watch(
        _ range: KeyRange, from: Revision?, prevKV: Bool, progressNotify: Bool
    ) async throws(StoreError) -> WatchStream

    /// Grants a lease of `ttlSeconds`; keys put with it are deleted when it expires.
    func grantLease(ttlSeconds: Int64, id: LeaseID?) async throws(StoreError) -> LeaseGrant

    /// Compacts history up to `revision`.
    func compact(to revision: Revision) async throws(StoreError)

    /// Releases what the backend holds (files, connections); later calls fail with
    /// ``StoreError/Code/closed``. Idempotent.
    func close() async
}

extension StorageBackend {
    /// The current value of `key` (at `revision`, or now), nil when it does not exist.
    public func get(_ key: [UInt8], revision: Revision? = nil) async throws(StoreError) -> KeyValue? {
        try await range(RangeRequest(.key(key), revision: revision, limit: 1)).kvs.first
    }
}

extension Store: StorageBackend {
    /// One process writes the store.
    public var isShared: Bool { false }

    /// The store's revision: one process writes it, so the revision it knows is the latest.
    public func latestRevision() async throws(StoreError) -> Revision { currentRevision }
}
