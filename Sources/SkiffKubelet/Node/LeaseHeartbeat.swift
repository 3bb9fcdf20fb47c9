import Foundation
import Logging
import SkiffAPI
import SkiffClient

/// Renews each node's Lease in `kube-node-lease` every `interval` (kubelet: 10 s, a 40 s lease),
/// with the first renewals spread over one interval so thousands of simulated nodes do not beat
/// in step. Node status conditions are rewritten every `statusInterval` plus jitter (KWOK's
/// model: the Lease carries liveness, the conditions change rarely).
struct LeaseHeartbeat: Sendable {
    let client: Client
    let registrar: NodeRegistrar
    let interval: Duration
    let leaseSeconds: Int
    let statusInterval: Duration
    let metrics: AgentMetrics
    let logger: Logger

    static let leases = APIResource.of(Lease.self)
    static let namespace = "kube-node-lease"

    /// The Lease object of a node.
    static func lease(node: String, uid: String?, seconds: Int, now: Date) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(node), "namespace": .string(namespace)]
        if let uid {
            metadata["ownerReferences"] = .array([
                .object([
                    "apiVersion": "v1", "kind": "Node", "name": .string(node), "uid": .string(uid),
                ])
            ])
        }
        return .object([
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": .object(metadata),
            "spec": spec(node: node, seconds: seconds, now: now),
        ])
    }

    /// A node Lease's spec, renewed `now`.
    static func spec(node: String, seconds: Int, now: Date) -> JSONValue {
        .object([
            "holderIdentity": .string(node), "leaseDurationSeconds": .int(Int64(seconds)),
            "renewTime": .string(MicroTime(now).description),
        ])
    }

    /// Renews one node's Lease, creating it when missing.
    func renew(node: String, uid: String?) async -> Bool {
        let now = Date()
        do throws(ClientError) {
            _ = try await client.patch(
                Self.leases, namespace: Self.namespace, name: node, type: .merge,
                .object(["spec": Self.spec(node: node, seconds: leaseSeconds, now: now)]))
        } catch  where error.code == 404 {
            do throws(ClientError) {
                _ = try await client.create(
                    Self.leases, namespace: Self.namespace,
                    Self.lease(node: node, uid: uid, seconds: leaseSeconds, now: now))
            } catch {
                metrics.leaseFailures.add(1, ordering: .relaxed)
                logger.warning(
                    "cannot create a node lease",
                    metadata: ["node.name": "\(node)", "error.message": "\(error.message)"])
                return false
            }
        } catch {
            metrics.leaseFailures.add(1, ordering: .relaxed)
            logger.warning(
                "cannot renew a node lease", metadata: ["node.name": "\(node)", "error.message": "\(error.message)"])
            return false
        }
        metrics.leaseRenewals.add(1, ordering: .relaxed)
        return true
    }

    /// Beats for every node until cancelled.
    func run(nodes: [(node: JSONValue, uid: String?)]) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, entry) in nodes.enumerated() {
                let name = entry.node["metadata"]?["name"]?.stringValue ?? ""
                let offset = nodes.count > 1 ? interval * (Double(index) / Double(nodes.count)) : .zero
                group.addTask {
                    try? await Task.sleep(for: offset)
                    var nextStatus = ContinuousClock.now + statusInterval + jitter(statusInterval)
                    while !Task.isCancelled {
                        _ = await renew(node: name, uid: entry.uid)
                        if ContinuousClock.now >= nextStatus {
                            try? await registrar.refresh(entry.node, now: Date())
                            nextStatus = ContinuousClock.now + statusInterval + jitter(statusInterval)
                        }
                        try? await Task.sleep(for: interval)
                    }
                }
            }
        }
    }

    private func jitter(_ base: Duration) -> Duration {
        base * Double.random(in: 0..<0.1)
    }
}
