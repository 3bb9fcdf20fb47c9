import Foundation
import Logging
import ServiceLifecycle
import SkiffStore

/// The datastore's background work as a swift-service-lifecycle `Service`: the compactor.
extension EtcdDatastore: Service {
    /// Runs kube-apiserver's compactor every ``EtcdDatastoreConfiguration/compactionInterval``
    /// until graceful shutdown or cancellation, then closes the connections.
    public func run() async throws {
        if let interval = configuration.compactionInterval {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.compactionLoop(every: interval) }
                group.addTask { try? await gracefulShutdown() }
                await group.next()
                group.cancelAll()
            }
        } else {
            try? await gracefulShutdown()
        }
        await close()
    }

    private func compactionLoop(every interval: Duration) async {
        var plan = CompactorPlan()
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                try await compactionRound(&plan)
            } catch {
                logger.warning("etcd compaction failed", metadata: ["etcd.error": "\(error)"])
            }
        }
    }

    /// One round: the election transaction, then the compaction when this server won it.
    func compactionRound(_ plan: inout CompactorPlan) async throws(StoreError) {
        let key = Array(configuration.compactionKey.utf8)
        let response = try await txn(
            TxnRequest(
                compares: [Compare(key: key, .equal, .version(plan.expectedVersion))],
                success: [.put(PutRequest(key: key, value: Array(plan.proposedValue.utf8)))],
                failure: [.range(RangeRequest(.key(key)))]))
        // A round another server won says where it compacts to, but not that it has: this server
        // learns the compacted revision from etcd itself (a refused read or watch).
        var observed: KeyValue?
        if !response.succeeded, case .range(let read) = response.responses.first { observed = read.kvs.first }
        let action = plan.apply(
            succeeded: response.succeeded, revision: response.revision.rawValue,
            observedVersion: observed?.version ?? 0)
        guard case .compact(let target) = action else { return }
        try await compact(to: Revision(target))
        logger.info(
            "compacted etcd", metadata: ["etcd.compact.revision": "\(target)", "etcd.revision": "\(response.revision)"])
    }
}
