import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore

/// etcd's Lease service over the store's leases: Grant, Revoke, the KeepAlive stream,
/// TimeToLive and Leases.
struct LeaseService: EtcdLease.SimpleServiceProtocol {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics

    /// etcd's largest TTL (`lease.MaxLeaseTTL`).
    static let maxTTL: Int64 = 9_000_000_000
    /// etcd's smallest TTL with its default heartbeat and election timeout (1.5 s, rounded up);
    /// shorter TTLs are raised to it.
    static let minTTL: Int64 = 2

    func leaseGrant(request: EtcdLeaseGrantRequest, context: ServerContext) async throws -> EtcdLeaseGrantResponse {
        try await metrics.measure(.leaseGrant) {
            guard request.ttl <= Self.maxTTL else { throw EtcdError.leaseTTLTooLarge }
            let ttl = max(request.ttl, Self.minTTL)
            let grant = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.grantLease(ttlSeconds: ttl, id: request.id == 0 ? nil : LeaseID(request.id))
            }
            var response = EtcdLeaseGrantResponse()
            response.header = identity.header(store.currentRevision)
            response.id = grant.id.rawValue
            response.ttl = grant.ttlSeconds
            return response
        }
    }

    func leaseRevoke(request: EtcdLeaseRevokeRequest, context: ServerContext) async throws -> EtcdLeaseRevokeResponse {
        try await metrics.measure(.leaseRevoke) {
            let revision = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.revokeLease(LeaseID(request.id))
            }
            var response = EtcdLeaseRevokeResponse()
            response.header = identity.header(revision)
            return response
        }
    }

    /// Renews each lease named on the stream, answering with its TTL, or 0 for a lease that does
    /// not exist (etcd answers so rather than failing the stream).
    func leaseKeepAlive(
        request: RPCAsyncSequence<EtcdLeaseKeepAliveRequest, any Error>,
        response: RPCWriter<EtcdLeaseKeepAliveResponse>,
        context: ServerContext
    ) async throws {
        for try await renewal in request {
            var answer = EtcdLeaseKeepAliveResponse()
            answer.id = renewal.id
            do {
                answer.ttl = try await store.keepAlive(LeaseID(renewal.id))
            } catch  where error.code == .leaseNotFound {
                answer.ttl = 0
            } catch {
                throw EtcdError(error)
            }
            answer.header = identity.header(store.currentRevision)
            try await response.write(answer)
        }
    }

    /// A lease's TTL, time left and (when asked) keys; a lease that does not exist answers a TTL
    /// of -1, as etcd does.
    func leaseTimeToLive(
        request: EtcdLeaseTimeToLiveRequest, context: ServerContext
    ) async throws -> EtcdLeaseTimeToLiveResponse {
        try await metrics.measure(.leaseTimeToLive) {
            var response = EtcdLeaseTimeToLiveResponse()
            response.id = request.id
            do throws(StoreError) {
                let status = try await store.leaseStatus(LeaseID(request.id))
                response.ttl = status.remainingSeconds
                response.grantedTtl = status.ttlSeconds
                if request.keys { response.keys = status.keys.map { Data($0) } }
            } catch  where error.code == .leaseNotFound {
                response.ttl = -1
            } catch {
                throw EtcdError(error)
            }
            response.header = identity.header(store.currentRevision)
            return response
        }
    }

    func leaseLeases(request: EtcdLeaseLeasesRequest, context: ServerContext) async throws -> EtcdLeaseLeasesResponse {
        try await metrics.measure(.leaseLeases) {
            var response = EtcdLeaseLeasesResponse()
            response.leases = await store.leases().map { id in
                var status = EtcdLeaseStatus()
                status.id = id.rawValue
                return status
            }
            response.header = identity.header(store.currentRevision)
            return response
        }
    }
}
