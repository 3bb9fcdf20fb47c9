import Foundation
import SkiffAPI
import SkiffPluginKit
import SkiffWorkloads

/// The node lifecycle controller (kube-controller-manager's `nodelifecycle`), as a plugin: a
/// node whose Lease in `kube-node-lease` is not renewed within the grace period (50 s by
/// default, `nodeMonitorGracePeriodSeconds` in the configuration) gets its conditions set to
/// `Unknown` and the `node.kubernetes.io/unreachable` taints (`NoSchedule`, `NoExecute`); its
/// pods are evicted when their tolerations run out (300 s for pods with none of their own,
/// `defaultTolerationSeconds` in the configuration), at most
/// `evictionsPerSecond` (10) a second. A node heartbeating again loses the taints.
///
/// Renewals are timed on this controller's own clock from when it saw the Lease change, as
/// kube-controller-manager does, so node and controller clocks need not agree.
final class NodeLifecycleController: Controller, @unchecked Sendable {
    static let name = "node-lifecycle-controller"
    static let version = "1.0.0"
    static let summary = "Marks silent nodes unreachable and evicts their pods (built in)"
    static let watches: [Watch] = [
        .primary(Node.self), .custom(Lease.self), .cache(Pod.self, indexFields: ["spec.nodeName"]),
    ]

    let context: ControllerContext
    let grace: TimeInterval
    /// How long pods without their own toleration stay on an unreachable node.
    let tolerationSeconds: Int64
    let evictionsPerSecond: Double
    private let lock = NSLock()
    /// Node → (the renewTime last seen, when this controller saw it change).
    private var observed: [String: (renewTime: String, at: Date)] = [:]
    private var evictionTokens: Double
    private var tokensAt = Date()

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
        grace = Double(configuration["nodeMonitorGracePeriodSeconds"]?.intValue ?? 50)
        evictionsPerSecond = Double(configuration["evictionsPerSecond"]?.intValue ?? 10)
        tolerationSeconds = configuration["defaultTolerationSeconds"]?.intValue ?? NodeEviction.defaultTolerationSeconds
        evictionTokens = evictionsPerSecond
    }

    func handle(event: WatchEventType, on watch: Int, object: JSONValue) {
        let metadata = object["metadata"] ?? .null
        guard metadata["namespace"]?.stringValue == "kube-node-lease", let name = metadata["name"]?.stringValue else {
            return
        }
        context.enqueue(ObjectKey(name: name))
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let node = try context.cached(Node.self, key) else {
            lock.withLock { _ = observed.removeValue(forKey: key.name) }
            return .done
        }
        let now = context.now
        let lease = try context.cached(Lease.self, ObjectKey(namespace: "kube-node-lease", name: key.name))
        let renewTime = lease?.spec?.renewTime?.description ?? ""
        let seenAt: Date = lock.withLock {
            if let last = observed[key.name], last.renewTime == renewTime { return last.at }
            observed[key.name] = (renewTime, now)
            return now
        }
        let silentFor = now.timeIntervalSince(seenAt)
        if silentFor < grace {
            try markReachable(node)
            return .requeue(after: .milliseconds(Int64((grace - silentFor) * 1000) + 100))
        }
        let taint = try markUnreachable(node, now: now)
        return try evict(from: node, taint: taint, now: now)
    }

    /// Conditions to Unknown, unreachable taints on.
    private func markUnreachable(_ node: Node, now: Date) throws -> Taint {
        let stamp = Time(now)
        var conditions = node.status?.conditions ?? [NodeCondition(type: "Ready", status: "Unknown")]
        var changed = false
        for index in conditions.indices where conditions[index].status != "Unknown" {
            conditions[index].status = "Unknown"
            conditions[index].reason = "NodeStatusUnknown"
            conditions[index].message = "Kubelet stopped posting node status."
            conditions[index].lastTransitionTime = stamp
            changed = true
        }
        if changed {
            let encoded = try JSONValueEncoder().encode(conditions)
            _ = try context.patch(
                Node.self, ObjectKey(node.metadata), .merge, ["status": ["conditions": encoded]], status: true)
            context.event(
                node, type: "Normal", reason: "NodeNotReady",
                message: "Node \(node.metadata.name ?? "") status is now: NodeNotReady")
        }
        var taints = node.spec?.taints ?? []
        let existing = taints.first { $0.key == NodeEviction.unreachable && $0.effect == "NoExecute" }
        if existing == nil {
            taints.removeAll { $0.key == NodeEviction.unreachable }
            taints.append(Taint(key: NodeEviction.unreachable, effect: "NoSchedule"))
            taints.append(Taint(key: NodeEviction.unreachable, effect: "NoExecute", timeAdded: stamp))
            try writeTaints(node, taints)
        }
        return existing ?? Taint(key: NodeEviction.unreachable, effect: "NoExecute", timeAdded: stamp)
    }

    private func markReachable(_ node: Node) throws {
        let taints = node.spec?.taints ?? []
        let kept = taints.filter { $0.key != NodeEviction.unreachable }
        if kept.count != taints.count { try writeTaints(node, kept) }
    }

    private func writeTaints(_ node: Node, _ taints: [Taint]) throws {
        let encoded = try JSONValueEncoder().encode(taints)
        _ = try context.patch(
            Node.self, ObjectKey(node.metadata), .merge,
            [
                "metadata": ["resourceVersion": .string(node.metadata.resourceVersion ?? "")],
                "spec": ["taints": encoded],
            ])
    }

    /// Deletes the pods whose tolerations ran out, within the rate; when to look again.
    private func evict(from node: Node, taint: Taint, now: Date) throws -> ReconcileResult {
        let pods = try context.cachedList(Pod.self, index: "spec.nodeName", value: node.metadata.name ?? "")
        var next: Date?
        for pod in pods where pod.metadata.deletionTimestamp == nil {
            try markNotReady(pod, now: now)
            guard let due = NodeEviction.evictionTime(pod, taint: taint, now: now, defaultSeconds: tolerationSeconds)
            else { continue }
            if due > now {
                next = min(next ?? due, due)
                continue
            }
            guard takeToken(now) else {
                next = min(next ?? now, now.addingTimeInterval(1 / evictionsPerSecond))
                break
            }
            try context.delete(Pod.self, ObjectKey(pod.metadata), preconditionUID: pod.metadata.uid)
            context.event(
                pod, type: "Normal", reason: "TaintManagerEviction",
                message: "Marking for deletion Pod \(pod.metadata.namespace ?? "")/\(pod.metadata.name ?? "")")
        }
        guard let next else { return .requeue(after: .seconds(5)) }
        return .requeue(after: .milliseconds(Int64(max(0.01, next.timeIntervalSince(now)) * 1000)))
    }

    /// kube's `MarkPodsNotReady`: a pod on a node nobody hears from is not ready, so that
    /// ReplicaSets and Deployments stop counting it as available before it is evicted.
    private func markNotReady(_ pod: Pod, now: Date) throws {
        guard var conditions = pod.status?.conditions,
            let index = conditions.firstIndex(where: { $0.type == "Ready" }), conditions[index].status == "True"
        else { return }
        conditions[index].status = "False"
        conditions[index].lastTransitionTime = Time(now)
        let encoded = try JSONValueEncoder().encode(conditions)
        do {
            _ = try context.patch(
                Pod.self, ObjectKey(pod.metadata), .merge, ["status": ["conditions": encoded]], status: true)
        } catch {
            guard error.isNotFound else { throw error }
        }
    }

    private func takeToken(_ now: Date) -> Bool {
        lock.withLock {
            evictionTokens = min(
                evictionsPerSecond, evictionTokens + now.timeIntervalSince(tokensAt) * evictionsPerSecond)
            tokensAt = now
            guard evictionTokens >= 1 else { return false }
            evictionTokens -= 1
            return true
        }
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(NodeLifecycleController.self, hostABI: major)
}
