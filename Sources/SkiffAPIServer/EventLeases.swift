import Foundation
import SkiffStore
import Synchronization

/// The leases Events are stored with, so the datastore deletes them after the event TTL, as
/// kube-apiserver's `--event-ttl` does (one hour by default).
///
/// Like kube-apiserver's lease manager, one lease serves every Event written within a reuse
/// window (a minute, or a twentieth of the TTL when shorter): it is granted for the TTL plus that
/// window, so each Event lives at least the TTL and at most TTL plus the window, and a busy cluster
/// grants one lease a minute rather than one per Event.
final class EventLeases: Sendable {
    private let state: Mutex<EventLeasePlan>

    init(ttl: Duration) {
        state = Mutex(EventLeasePlan(ttlSeconds: max(1, ttl.components.seconds)))
    }

    /// The lease to store an Event with: the current one while it is fresh, else a new grant.
    func lease(in store: any StorageBackend, now: Date = Date()) async throws(StoreError) -> LeaseID {
        let decision = state.withLock { $0.decide(now: now.timeIntervalSince1970) }
        switch decision {
        case .reuse(let id):
            return id
        case .grant(let seconds):
            let grant = try await store.grantLease(ttlSeconds: seconds, id: nil)
            state.withLock { $0.granted(grant.id, at: now.timeIntervalSince1970) }
            return grant.id
        }
    }

    /// Forgets the current lease (the datastore no longer knows it), so the next Event gets a new one.
    func forget(_ id: LeaseID) {
        state.withLock { $0.forget(id) }
    }
}

/// The decision of ``EventLeases``, a pure state machine: reuse the current lease while it was
/// granted less than a reuse window ago, else grant a new one for TTL plus the window.
struct EventLeasePlan: Sendable, Hashable {
    /// What to do for the next Event.
    enum Decision: Sendable, Hashable {
        case reuse(LeaseID)
        case grant(ttlSeconds: Int64)
    }

    let ttlSeconds: Int64
    /// The lease Events get now, and when it was granted (seconds since 1970).
    private(set) var current: LeaseID?
    private(set) var grantedAt: Double = 0

    init(ttlSeconds: Int64) {
        self.ttlSeconds = ttlSeconds
    }

    /// The reuse window: a minute, or a twentieth of the TTL when that is shorter (at least 1 s).
    var reuseSeconds: Int64 { max(1, min(60, ttlSeconds / 20)) }

    func decide(now: Double) -> Decision {
        if let current, now >= grantedAt, now - grantedAt < Double(reuseSeconds) { return .reuse(current) }
        return .grant(ttlSeconds: ttlSeconds + reuseSeconds)
    }

    /// Records a grant made at `time`; an older grant finishing late does not replace a newer one.
    mutating func granted(_ id: LeaseID, at time: Double) {
        if current != nil, grantedAt > time { return }
        (current, grantedAt) = (id, time)
    }

    mutating func forget(_ id: LeaseID) {
        if current == id { current = nil }
    }
}
