/// The leases and the keys attached to them, kept by the writer.
///
/// Only a lease's grant (id and TTL) is durable. Deadlines are monotonic-clock times held in
/// memory; when the store opens every lease's deadline is reset to now + TTL, as etcd's lessor
/// does on recovery, so a restart never expires leases that were being kept alive.
struct Lessor: Sendable {
    struct Lease: Sendable {
        var ttlSeconds: Int64
        var deadlineNs: Int64
        var keys: Set<[UInt8]> = []
    }

    /// A change to key attachments, applied once its transaction commits.
    enum Change: Sendable {
        case attach(LeaseID, [UInt8])
        case detach(LeaseID, [UInt8])
    }

    private(set) var leases: [LeaseID: Lease] = [:]
    private(set) var nextID: Int64 = 1

    /// Loads leases and their keys from the database.
    static func load(_ db: SQLiteConnection, clock now: Int64) throws(StoreError) -> Lessor {
        var lessor = Lessor()
        let grants = try db.prepare("SELECT id, ttl_seconds FROM lease")
        defer { grants.reset() }
        while try grants.step() {
            let id = LeaseID(grants.int64(0))
            let ttl = grants.int64(1)
            lessor.leases[id] = Lease(ttlSeconds: ttl, deadlineNs: now + ttl * 1_000_000_000)
            lessor.nextID = max(lessor.nextID, id.rawValue + 1)
        }
        let keys = try db.prepare(
            "SELECT c.key, l.lease FROM kv_log l JOIN kv_current c ON c.id = l.id WHERE l.lease != 0")
        defer { keys.reset() }
        while try keys.step() {
            lessor.leases[LeaseID(keys.int64(1))]?.keys.insert(keys.blob(0))
        }
        return lessor
    }

    /// Whether a lease exists.
    func contains(_ id: LeaseID) -> Bool { leases[id] != nil }

    /// Records a grant.
    mutating func grant(_ id: LeaseID, ttlSeconds: Int64, now: Int64) {
        leases[id] = Lease(ttlSeconds: ttlSeconds, deadlineNs: now + ttlSeconds * 1_000_000_000)
        nextID = max(nextID, id.rawValue + 1)
    }

    /// Removes a lease, returning the keys that were attached to it.
    mutating func remove(_ id: LeaseID) -> Set<[UInt8]> {
        leases.removeValue(forKey: id)?.keys ?? []
    }

    /// Pushes a lease's deadline to now + TTL; returns the TTL, or nil when it does not exist or
    /// has expired (even if the sweep that revokes it has not run yet).
    mutating func renew(_ id: LeaseID, now: Int64) -> Int64? {
        guard var lease = leases[id], lease.deadlineNs > now else { return nil }
        lease.deadlineNs = now + lease.ttlSeconds * 1_000_000_000
        leases[id] = lease
        return lease.ttlSeconds
    }

    /// Leases whose deadline has passed.
    func expired(now: Int64) -> [LeaseID] {
        leases.filter { $0.value.deadlineNs <= now }.map(\.key).sorted()
    }

    /// Applies committed attachment changes.
    mutating func commit(_ changes: [Change]) {
        for change in changes {
            switch change {
            case .attach(let id, let key): leases[id]?.keys.insert(key)
            case .detach(let id, let key): leases[id]?.keys.remove(key)
            }
        }
    }
}

/// A granted lease.
public struct LeaseGrant: Sendable, Hashable {
    /// The lease's id.
    public var id: LeaseID
    /// Its time to live, in seconds.
    public var ttlSeconds: Int64

    /// A grant of lease `id` for `ttlSeconds`.
    public init(id: LeaseID, ttlSeconds: Int64) {
        self.id = id
        self.ttlSeconds = ttlSeconds
    }
}

/// What is known of a lease.
public struct LeaseStatus: Sendable, Hashable {
    /// The lease's id.
    public var id: LeaseID
    /// Its time to live, in seconds.
    public var ttlSeconds: Int64
    /// Time left before it expires, in seconds (rounded up).
    public var remainingSeconds: Int64
    /// The keys attached to it, sorted.
    public var keys: [[UInt8]]
}
