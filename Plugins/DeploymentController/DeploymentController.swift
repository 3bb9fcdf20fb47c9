import Foundation
import SkiffAPI
import SkiffPluginKit
import SkiffWorkloads

/// The Deployment controller (kube-controller-manager's `deployment` controller), as a plugin:
/// rolls each Deployment's pod template out through ReplicaSets (RollingUpdate with maxSurge and
/// maxUnavailable, or Recreate), keeps revisions and `revisionHistoryLimit`, honours pause,
/// `minReadySeconds` and `progressDeadlineSeconds`, and reports status and conditions so that
/// `kubectl rollout status|undo|restart|pause|resume|history` work. The decisions are
/// ``DeploymentPlanner``'s; this type reads the caches and carries the plan out.
final class DeploymentController: Controller, @unchecked Sendable {
    static let name = "deployment-controller"
    static let version = "1.0.0"
    static let summary = "Rolls Deployments out through ReplicaSets (built in)"
    static let watches: [Watch] = [.primary(Deployment.self), .owned(ReplicaSet.self, by: Deployment.self)]
    /// kube-controller-manager's default of 5 concurrent syncs; one key is never reconciled twice at once.
    static let workers = 5
    static let concurrent = true

    let context: ControllerContext

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let deployment = try context.cached(Deployment.self, key) else { return .done }
        let uid = deployment.metadata.uid ?? ""
        var owned = try context.cachedList(ReplicaSet.self, index: "controller-uid", value: uid)
        owned += try adoptOrphans(deployment)
        let plan = DeploymentPlanner.plan(deployment, owned: owned, now: context.now)

        for action in plan.actions {
            switch action {
            case .create(let set):
                do {
                    try context.create(set)
                    context.event(
                        deployment, reason: "ScalingReplicaSet",
                        message: "Scaled up replica set \(set.metadata.name ?? "") from 0 to \(set.spec?.replicas ?? 0)"
                    )
                } catch {
                    guard error.isAlreadyExists else { throw error }
                    // Ours, and the cache had not seen it yet: its event brings the key back.
                    let key = ObjectKey(namespace: set.metadata.namespace ?? "", name: set.metadata.name ?? "")
                    if let existing = try context.live(ReplicaSet.self, key),
                        PodState.controllerReference(existing.metadata)?.uid == deployment.metadata.uid,
                        TemplateHash.equal(existing.spec?.template, deployment.spec?.template)
                    {
                        return .requeue(after: .milliseconds(100))
                    }
                    // Someone else's ReplicaSet by that name: hash again.
                    try bumpCollisionCount(deployment)
                    return .requeue(after: .milliseconds(10))
                }
            case .scale(let name, let replicas, let annotations):
                let from = owned.first { $0.metadata.name == name }?.spec?.replicas ?? 0
                var patch: [String: JSONValue] = ["spec": ["replicas": .int(Int64(replicas))]]
                if !annotations.isEmpty { patch["metadata"] = ["annotations": Self.json(annotations)] }
                try ignoringMissing { () throws(PluginError) in
                    _ = try context.patch(
                        ReplicaSet.self, ObjectKey(namespace: key.namespace, name: name), .merge, .object(patch))
                }
                context.event(
                    deployment, reason: "ScalingReplicaSet",
                    message: "Scaled \(replicas > from ? "up" : "down") replica set \(name) from \(from) to \(replicas)"
                )
            case .annotate(let name, let annotations):
                try ignoringMissing { () throws(PluginError) in
                    _ = try context.patch(
                        ReplicaSet.self, ObjectKey(namespace: key.namespace, name: name), .merge,
                        ["metadata": ["annotations": Self.json(annotations)]])
                }
            case .delete(let name):
                try context.delete(ReplicaSet.self, ObjectKey(namespace: key.namespace, name: name))
            }
        }

        // Status first, guarded by the cached resourceVersion: a stale cache must not overwrite
        // newer conditions (a conflict means an event is on its way).
        if plan.status != deployment.status {
            var updated = deployment
            updated.status = plan.status
            do {
                try context.updateStatus(updated)
            } catch {
                guard error.isConflict || error.isNotFound else { throw error }
                return .done
            }
        }
        if let revision = plan.revision, deployment.metadata.annotations?[DeploymentAnnotations.revision] != revision {
            try ignoringMissing { () throws(PluginError) in
                _ = try context.patch(
                    Deployment.self, key, .merge,
                    ["metadata": ["annotations": [DeploymentAnnotations.revision: .string(revision)]]])
            }
        }
        return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64($0 * 1000))) } ?? .done
    }

    /// ReplicaSets without a controller whose labels the selector matches become this
    /// Deployment's (guarded by uid and resourceVersion).
    private func adoptOrphans(_ deployment: Deployment) throws -> [ReplicaSet] {
        guard deployment.metadata.deletionTimestamp == nil, let selector = Self.selector(deployment) else { return [] }
        var adopted: [ReplicaSet] = []
        for set in try context.cachedList(ReplicaSet.self, namespace: deployment.metadata.namespace)
        where PodState.controllerReference(set.metadata) == nil && selector.matches(set.metadata.labels ?? [:]) {
            var references = set.metadata.ownerReferences ?? []
            references.append(
                OwnerReference(
                    apiVersion: Deployment.apiVersion, kind: Deployment.kind, name: deployment.metadata.name ?? "",
                    uid: deployment.metadata.uid ?? "", controller: true, blockOwnerDeletion: true))
            let patch: JSONValue = [
                "metadata": [
                    "ownerReferences": (try? JSONValueEncoder().encode(references)) ?? .array([]),
                    "uid": .string(set.metadata.uid ?? ""),
                    "resourceVersion": .string(set.metadata.resourceVersion ?? ""),
                ]
            ]
            do {
                adopted.append(try context.patch(ReplicaSet.self, ObjectKey(set.metadata), .merge, patch))
            } catch {
                guard error.isConflict || error.isNotFound else { throw error }
            }
        }
        return adopted
    }

    private func bumpCollisionCount(_ deployment: Deployment) throws {
        let count = (deployment.status?.collisionCount ?? 0) + 1
        _ = try context.patch(
            Deployment.self, ObjectKey(deployment.metadata), .merge, ["status": ["collisionCount": .int(Int64(count))]],
            status: true)
    }

    private func ignoringMissing(_ write: () throws(PluginError) -> Void) throws {
        do {
            try write()
        } catch {
            guard error.isNotFound else { throw error }
        }
    }

    static func json(_ strings: [String: String]) -> JSONValue {
        .object(strings.mapValues { .string($0) })
    }

    static func selector(_ deployment: Deployment) -> LabelQuery? {
        Selectors.query(deployment.spec?.selector)
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(DeploymentController.self, hostABI: major)
}
