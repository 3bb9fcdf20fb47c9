import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore
import Synchronization

/// Reads, writes, leases and compaction: one etcd call each, retried while the cluster is
/// unreachable or electing a leader.
extension EtcdDatastore {
    public func latestRevision() async throws(StoreError) -> Revision {
        // A linearizable read of one key: its header carries the cluster's revision.
        var message = EtcdRangeRequest()
        message.key = Data(configuration.compactionKey.utf8)
        message.countOnly = true
        let request = message
        let response = try await perform("Range") { [kv] options in try await kv.range(request, options: options) }
        observe(response.header.revision)
        return Revision(response.header.revision)
    }

    public func range(_ request: RangeRequest) async throws(StoreError) -> RangeResponse {
        let message = EtcdTranslation.request(request)
        do {
            let response = try await perform("Range") { [kv] options in try await kv.range(message, options: options) }
            observe(response.header.revision)
            return EtcdTranslation.response(response)
        } catch let error where error.code == .compacted {
            // Learn how far the cluster was compacted: someone else (another server, etcdctl) did it.
            let compacted = try await probeCompactRevision(below: currentRevision.rawValue)
            throw StoreError.compacted(Revision(compacted), requested: request.revision ?? .zero)
        }
    }

    public func txn(_ request: TxnRequest) async throws(StoreError) -> TxnResponse {
        let message = EtcdTranslation.request(request)
        let attempts = Atomic<Int>(0)
        let response = try await perform("Txn") { [kv] options in
            attempts.add(1, ordering: .relaxed)
            return try await kv.txn(message, options: options)
        }
        observe(response.header.revision)
        let answer = EtcdTranslation.response(response)
        if attempts.load(ordering: .relaxed) > 1, let applied = Self.appliedEarlier(request, answer) { return applied }
        return answer
    }

    /// A guarded put retried after an attempt whose answer was lost (a member died, a leader
    /// changed mid-request) fails its compare when that attempt was applied after all. When the
    /// key now holds exactly the bytes this request wrote, newer than the revision it expected,
    /// the write is this request's: answer with its success. The API server's values carry a
    /// fresh uid or resourceVersion-dependent fields, so equal bytes mean the same write.
    static func appliedEarlier(_ request: TxnRequest, _ response: TxnResponse) -> TxnResponse? {
        guard !response.succeeded, request.compares.count == 1, request.success.count == 1,
            case .modRevision(let expected) = request.compares[0].target, request.compares[0].op == .equal,
            request.compares[0].rangeEnd == nil, case .put(let put) = request.success[0],
            put.key == request.compares[0].key, !put.ignoreValue,
            case .range(let read)? = response.responses.first, let current = read.kvs.first,
            current.key == put.key, current.value == put.value, current.modRevision > expected
        else { return nil }
        return TxnResponse(
            revision: current.modRevision, succeeded: true,
            responses: [.put(PutResponse(revision: current.modRevision))])
    }

    public func grantLease(ttlSeconds: Int64, id: LeaseID?) async throws(StoreError) -> LeaseGrant {
        var message = EtcdLeaseGrantRequest()
        message.ttl = ttlSeconds
        message.id = id?.rawValue ?? 0
        let request = message
        let response = try await perform("LeaseGrant") { [leases] options in
            try await leases.leaseGrant(request, options: options)
        }
        if !response.error.isEmpty { throw StoreError(.invalidArgument, "etcd refused the lease: \(response.error)") }
        return LeaseGrant(id: LeaseID(response.id), ttlSeconds: response.ttl)
    }

    /// Compacts the cluster's history up to `revision` (etcd's Compact, not physical). A
    /// revision the cluster has already compacted past is no error.
    public func compact(to revision: Revision) async throws(StoreError) {
        var message = EtcdCompactionRequest()
        message.revision = revision.rawValue
        let request = message
        do {
            let response = try await perform("Compact") { [kv] options in
                try await kv.compact(request, options: options)
            }
            observe(response.header.revision)
        } catch let error where error.code == .compacted {
            // Already compacted at or past it.
        }
        observeCompaction(revision.rawValue)
    }

    /// The cluster's compacted revision, found by binary search over reads at a revision (etcd
    /// tells nobody its compacted revision, but refuses reads below it). At most about 40 reads
    /// of one key's count; run at start and when a read finds history compacted.
    func probeCompactRevision(below current: Int64) async throws(StoreError) -> Int64 {
        var request = EtcdRangeRequest()
        request.key = Data(configuration.compactionKey.utf8)
        request.countOnly = true
        // Invariant: reads at `high` succeed; reads below `low` fail.
        var (low, high) = (max(1, known.withLock { $0.compact }), max(1, current))
        while low < high {
            let middle = low + (high - low) / 2
            request.revision = middle
            let probe = request
            do {
                _ = try await perform("Range") { [kv] options in try await kv.range(probe, options: options) }
                high = middle
            } catch let error where error.code == .compacted {
                low = middle + 1
            }
        }
        // etcd still serves reads at its compacted revision (only below it is gone), as the store
        // does: the oldest readable revision is the compacted one. Revision 1 is etcd's empty
        // initial state, which no event reports: it counts as compacted from the start.
        let compacted = max(1, high)
        observeCompaction(compacted)
        return compacted
    }

    /// Runs one etcd call with the request timeout's deadline, retrying it while the cluster is
    /// unavailable (a member down, no leader yet) with a growing pause.
    ///
    /// A write that failed as unavailable may still have been applied (etcd's own clients have
    /// the same ambiguity); ``txn(_:)`` recognises the API server's guarded puts that were.
    func perform<T: Sendable>(
        _ method: String, _ call: @Sendable (CallOptions) async throws -> T
    ) async throws(StoreError) -> T {
        guard !isClosed else { throw StoreError(.closed, "the etcd datastore is closed") }
        let deadline = ContinuousClock.now + configuration.requestTimeout
        var pause = Duration.milliseconds(20)
        var attempt = 0
        while true {
            attempt += 1
            var options = Self.streamOptions
            options.timeout = max(.milliseconds(100), deadline - ContinuousClock.now)
            do {
                return try await call(options)
            } catch {
                let failure = EtcdFailure(error)
                guard failure.retryable, !isClosed, !Task.isCancelled, ContinuousClock.now + pause < deadline else {
                    throw failure.storeError(method: method, attempts: attempt)
                }
                if attempt == 1 || attempt % 10 == 0 {
                    logger.debug(
                        "etcd call failed; retrying",
                        metadata: [
                            "etcd.method": "\(method)", "etcd.attempt": "\(attempt)", "etcd.error": "\(failure)",
                        ])
                }
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(500))
        }
    }
}
