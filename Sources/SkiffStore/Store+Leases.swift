/// Leases.
extension Store {
    /// Grants a lease of `ttlSeconds`; `id` picks its id, nil takes the next free one.
    public func grantLease(ttlSeconds: Int64, id: LeaseID? = nil) async throws(StoreError) -> LeaseGrant {
        try await writer.grantLease(ttlSeconds: ttlSeconds, id: id)
    }

    /// Keeps a lease alive for another TTL; returns the TTL.
    @discardableResult
    public func keepAlive(_ id: LeaseID) async throws(StoreError) -> Int64 {
        try await writer.keepAlive(id)
    }

    /// Revokes a lease, deleting the keys attached to it in one revision.
    @discardableResult
    public func revokeLease(_ id: LeaseID) async throws(StoreError) -> Revision {
        try await writer.revokeLease(id)
    }

    /// What is known of a lease: TTL, time left and attached keys.
    public func leaseStatus(_ id: LeaseID) async throws(StoreError) -> LeaseStatus {
        try await writer.leaseStatus(id)
    }

    /// The ids of every live lease, in order.
    public func leases() async -> [LeaseID] {
        await writer.leaseIDs()
    }

    /// Revokes every expired lease now; ``run()`` does this every
    /// ``StoreOptions/leaseCheckInterval``. Returns how many expired.
    @discardableResult
    public func expireLeases() async -> Int {
        await writer.expireLeases()
    }
}
