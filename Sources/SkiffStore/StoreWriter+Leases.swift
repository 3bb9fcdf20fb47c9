/// Leases on the writer: grant, keep-alive, revoke, expiry.
extension StoreWriter {
    /// Grants a lease with `ttlSeconds`; `id` picks the id (nil: the next free one).
    func grantLease(ttlSeconds: Int64, id requested: LeaseID?) throws(StoreError) -> LeaseGrant {
        guard ttlSeconds > 0 else {
            throw StoreError(.invalidArgument, "lease TTL must be positive, got \(ttlSeconds)")
        }
        let id = requested ?? LeaseID(lessor.nextID)
        guard id.rawValue > 0 else { throw StoreError(.invalidArgument, "lease id must be positive, got \(id)") }
        if lessor.contains(id) { throw StoreError(.invalidArgument, "lease \(id) already exists") }
        let now = WallClock.nowNanoseconds()
        try transaction { context throws(StoreError) in
            let insert = try context.db.prepare(
                "INSERT INTO lease (id, ttl_seconds, granted_ns) VALUES (?1, ?2, ?3)")
            insert.bind(1, id.rawValue)
            insert.bind(2, ttlSeconds)
            insert.bind(3, now)
            try insert.run()
        }.get()
        lessor.grant(id, ttlSeconds: ttlSeconds, now: WallClock.monotonicNanoseconds())
        return LeaseGrant(id: id, ttlSeconds: ttlSeconds)
    }

    /// Pushes a lease's deadline to now + TTL. No revision: deadlines are not durable.
    func keepAlive(_ id: LeaseID) throws(StoreError) -> Int64 {
        guard let ttl = lessor.renew(id, now: WallClock.monotonicNanoseconds()) else {
            throw StoreError(.leaseNotFound, "lease \(id) not found")
        }
        return ttl
    }

    /// What is known of a lease.
    func leaseStatus(_ id: LeaseID) throws(StoreError) -> LeaseStatus {
        guard let lease = lessor.leases[id] else { throw StoreError(.leaseNotFound, "lease \(id) not found") }
        let left = max(0, lease.deadlineNs - WallClock.monotonicNanoseconds())
        return LeaseStatus(
            id: id, ttlSeconds: lease.ttlSeconds, remainingSeconds: (left + 999_999_999) / 1_000_000_000,
            keys: lease.keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// The ids of every live lease, in order.
    func leaseIDs() -> [LeaseID] { lessor.leases.keys.sorted() }

    /// Revokes a lease: deletes every key attached to it, all in one revision, as normal deletes
    /// that watchers see. Returns the store's revision afterwards.
    func revokeLease(_ id: LeaseID) throws(StoreError) -> Revision {
        guard let lease = lessor.leases[id] else { throw StoreError(.leaseNotFound, "lease \(id) not found") }
        let keys = lease.keys.sorted { $0.lexicographicallyPrecedes($1) }
        try transaction { context throws(StoreError) in
            let deletes = keys.map { Operation.delete(DeleteRequest(.key($0))) }
            _ = try apply(TxnRequest(success: deletes), &context)
            let remove = try context.db.prepare("DELETE FROM lease WHERE id = ?1")
            remove.bind(1, id.rawValue)
            try remove.run()
        }.get()
        _ = lessor.remove(id)
        return revision
    }

    /// Revokes every lease whose deadline has passed; returns how many.
    func expireLeases() -> Int {
        let expired = lessor.expired(now: WallClock.monotonicNanoseconds())
        for id in expired {
            do {
                _ = try revokeLease(id)
                logger.debug("lease expired", metadata: ["store.lease.id": "\(id)"])
            } catch {
                logger.warning(
                    "could not revoke expired lease", metadata: ["store.lease.id": "\(id)", "store.error": "\(error)"])
            }
        }
        return expired.count
    }
}
