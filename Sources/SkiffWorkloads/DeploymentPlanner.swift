import Foundation
import SkiffAPI

/// The Deployment controller's decisions, pure (kube-controller-manager's `deployment`
/// controller: `sync`, `rolloutRolling`, `rolloutRecreate`, `cleanupDeployment`,
/// `syncRolloutStatus`). Given a Deployment and the ReplicaSets it owns, returns what to write.
public enum DeploymentPlanner {
    /// The plan for one sync at `now`.
    public static func plan(_ deployment: Deployment, owned: [ReplicaSet], now: Date) -> DeploymentPlan {
        let spec = deployment.spec ?? DeploymentSpec()
        let replicas = spec.replicas ?? 1
        let rolling = (spec.strategy?.type ?? "RollingUpdate") != "Recreate"
        let (surge, unavailable) =
            rolling ? RollingUpdate.limits(spec.strategy?.rollingUpdate, replicas: replicas) : (0, 0)
        let template = spec.template
        let sets = owned.sorted(by: olderFirst)
        let newSet = sets.first { TemplateHash.equal($0.spec?.template, template) }
        let oldSets = sets.filter { $0.metadata.uid != newSet?.metadata.uid }
        let maxOldRevision = oldSets.map(revision).max() ?? 0
        var plan = DeploymentPlan(status: deployment.status ?? DeploymentStatus())
        let paused = spec.paused == true

        // A resize (or any change while paused) is a scaling event: sets are resized in
        // proportion, and the rollout waits for the next sync (kube's `isScalingEvent` and `sync`).
        let scalingEvent = sets.contains {
            ($0.spec?.replicas ?? 0) > 0
                && $0.metadata.annotations?[DeploymentAnnotations.desiredReplicas] != String(replicas)
        }
        let scaling = deployment.metadata.deletionTimestamp == nil && newSet != nil && (paused || scalingEvent)
        if scaling {
            plan.actions += scale(
                sets, newSet: newSet, replicas: replicas, surge: surge, rolling: rolling,
                statusReplicas: deployment.status?.replicas ?? 0)
        }
        if deployment.metadata.deletionTimestamp == nil, !paused {
            if let newSet {
                plan.actions += syncNew(
                    newSet, deployment: deployment, replicas: replicas, surge: surge, maxOldRevision: maxOldRevision)
                if scaling {
                    // Resized this sync; the rollout goes on at the next.
                } else if rolling {
                    plan.actions += rollRolling(
                        newSet: newSet, oldSets: oldSets, replicas: replicas, surge: surge, unavailable: unavailable)
                } else {
                    plan.actions += rollRecreate(newSet: newSet, oldSets: oldSets, replicas: replicas)
                }
                if isComplete(newSet: newSet, oldSets: oldSets, replicas: replicas) {
                    plan.actions += cleanup(oldSets, limit: spec.revisionHistoryLimit ?? 10)
                }
            } else {
                let oldActive = oldSets.contains { ($0.spec?.replicas ?? 0) > 0 || ($0.status?.replicas ?? 0) > 0 }
                let total = oldSets.reduce(0) { $0 + ($1.spec?.replicas ?? 0) }
                let initial =
                    rolling
                    ? RollingUpdate.newReplicaSetSize(replicas: replicas, surge: surge, newSize: 0, totalSize: total)
                    : (oldActive ? 0 : replicas)
                plan.actions.append(
                    .create(
                        newReplicaSet(
                            deployment, replicas: initial, surge: surge, revision: maxOldRevision + 1)))
            }
        }
        let created: ReplicaSet? = plan.actions.lazy.compactMap { action -> ReplicaSet? in
            if case .create(let set) = action { return set }
            return nil
        }.first
        let current = newSet ?? created
        plan.revision = current.map { String(revisionAfter($0, actions: plan.actions)) }
        plan.status = status(
            deployment, newSet: newSet, oldSets: oldSets, created: created, replicas: replicas,
            unavailable: unavailable, paused: paused, now: now, requeue: &plan.requeueAfter)
        return plan
    }

    // MARK: Scaling

    /// Annotations on the new set: revision (a template rolled back to takes the next number)
    /// and change-cause. (Desired and maximum replicas change only when a set is scaled: a
    /// set whose desired-replicas differs from the Deployment's marks a scaling event.)
    static func syncNew(
        _ newSet: ReplicaSet, deployment: Deployment, replicas: Int, surge: Int, maxOldRevision: Int
    ) -> [DeploymentPlan.Action] {
        var annotations: [String: String] = [:]
        let existing = newSet.metadata.annotations ?? [:]
        if revision(newSet) <= maxOldRevision {
            annotations[DeploymentAnnotations.revision] = String(maxOldRevision + 1)
        }
        if let cause = deployment.metadata.annotations?[DeploymentAnnotations.changeCause],
            existing[DeploymentAnnotations.changeCause] != cause
        {
            annotations[DeploymentAnnotations.changeCause] = cause
        }
        return annotations.isEmpty ? [] : [.annotate(name: newSet.metadata.name ?? "", annotations: annotations)]
    }

    static func rollRolling(
        newSet: ReplicaSet, oldSets: [ReplicaSet], replicas: Int, surge: Int, unavailable: Int
    ) -> [DeploymentPlan.Action] {
        let newSize = newSet.spec?.replicas ?? 0
        let total = ([newSet] + oldSets).reduce(0) { $0 + ($1.spec?.replicas ?? 0) }
        let target = RollingUpdate.newReplicaSetSize(
            replicas: replicas, surge: surge, newSize: newSize, totalSize: total)
        if target != newSize {
            return [.scale(name: newSet.metadata.name ?? "", replicas: target, annotations: sizes(replicas, surge))]
        }
        let limit = RollingUpdate.oldScaleDownLimit(
            replicas: replicas, unavailable: unavailable, totalSize: total, newSize: newSize,
            newAvailable: newSet.status?.availableReplicas ?? 0)
        let available = ([newSet] + oldSets).reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
        let reductions = RollingUpdate.oldScaleDowns(
            old: oldSets.map { ($0.spec?.replicas ?? 0, $0.status?.availableReplicas ?? 0) }, limit: limit,
            totalAvailable: available, replicas: replicas, unavailable: unavailable)
        return zip(oldSets, reductions).compactMap { set, reduction in
            reduction > 0
                ? .scale(
                    name: set.metadata.name ?? "", replicas: (set.spec?.replicas ?? 0) - reduction, annotations: [:])
                : nil
        }
    }

    static func rollRecreate(newSet: ReplicaSet, oldSets: [ReplicaSet], replicas: Int) -> [DeploymentPlan.Action] {
        let scaling = oldSets.filter { ($0.spec?.replicas ?? 0) > 0 }
        if !scaling.isEmpty {
            return scaling.map { .scale(name: $0.metadata.name ?? "", replicas: 0, annotations: sizes(replicas, 0)) }
        }
        // Every old pod must be gone, terminating ones too, before the new ones start.
        if oldSets.contains(where: { ($0.status?.replicas ?? 0) > 0 || ($0.status?.terminatingReplicas ?? 0) > 0 }) {
            return []
        }
        if (newSet.spec?.replicas ?? 0) != replicas {
            return [.scale(name: newSet.metadata.name ?? "", replicas: replicas, annotations: sizes(replicas, 0))]
        }
        return []
    }

    /// The desired- and max-replicas annotations a scaled set carries.
    static func sizes(_ replicas: Int, _ surge: Int) -> [String: String] {
        [
            DeploymentAnnotations.desiredReplicas: String(replicas),
            DeploymentAnnotations.maxReplicas: String(replicas + surge),
        ]
    }

    /// A scaling event: the one active (or newest) set takes the full count; a saturated new set
    /// lets the old ones go to zero; otherwise a rolling Deployment resizes proportionally.
    static func scale(
        _ sets: [ReplicaSet], newSet: ReplicaSet?, replicas: Int, surge: Int, rolling: Bool, statusReplicas: Int
    ) -> [DeploymentPlan.Action] {
        let active = sets.filter { ($0.spec?.replicas ?? 0) > 0 }
        let annotations = sizes(replicas, surge)
        func scaled(_ set: ReplicaSet, to size: Int) -> DeploymentPlan.Action? {
            let current = set.metadata.annotations ?? [:]
            let stale = annotations.contains { current[$0.key] != $0.value }
            guard size != (set.spec?.replicas ?? 0) || stale else { return nil }
            return .scale(name: set.metadata.name ?? "", replicas: size, annotations: annotations)
        }
        if active.count <= 1 {
            guard let target = active.first ?? newSet else { return [] }
            return scaled(target, to: replicas).map { [$0] } ?? []
        }
        if let newSet, (newSet.spec?.replicas ?? 0) == replicas, (newSet.status?.availableReplicas ?? 0) >= replicas {
            return active.filter { $0.metadata.uid != newSet.metadata.uid }.compactMap { scaled($0, to: 0) }
        }
        guard rolling else { return [] }
        let sizes = ProportionalScaling.sizes(active, replicas: replicas, surge: surge, statusReplicas: statusReplicas)
        return active.compactMap { set in scaled(set, to: sizes[set.metadata.name ?? ""] ?? (set.spec?.replicas ?? 0)) }
    }

    /// Old sets at zero beyond the history limit, oldest revision first.
    static func cleanup(_ oldSets: [ReplicaSet], limit: Int) -> [DeploymentPlan.Action] {
        let idle = oldSets.filter { ($0.spec?.replicas ?? 0) == 0 && ($0.status?.replicas ?? 0) == 0 }
            .sorted { revision($0) < revision($1) }
        guard idle.count > limit else { return [] }
        return idle.prefix(idle.count - max(0, limit)).map { .delete(name: $0.metadata.name ?? "") }
    }

    static func isComplete(newSet: ReplicaSet, oldSets: [ReplicaSet], replicas: Int) -> Bool {
        (newSet.spec?.replicas ?? 0) == replicas && (newSet.status?.availableReplicas ?? 0) >= replicas
            && (newSet.status?.replicas ?? 0) == replicas
            && oldSets.allSatisfy { ($0.spec?.replicas ?? 0) == 0 && ($0.status?.replicas ?? 0) == 0 }
    }

    /// The new ReplicaSet for the Deployment's template.
    static func newReplicaSet(_ deployment: Deployment, replicas: Int, surge: Int, revision: Int) -> ReplicaSet {
        let spec = deployment.spec ?? DeploymentSpec()
        let hash = TemplateHash.of(spec.template, collisionCount: deployment.status?.collisionCount ?? 0)
        var template = spec.template ?? PodTemplateSpec()
        var templateMetadata = template.metadata ?? ObjectMeta()
        templateMetadata.labels = (templateMetadata.labels ?? [:]).merging([TemplateHash.label: hash]) { $1 }
        template.metadata = templateMetadata
        var selector = spec.selector ?? LabelSelector()
        selector.matchLabels = (selector.matchLabels ?? [:]).merging([TemplateHash.label: hash]) { $1 }
        var metadata = ObjectMeta(
            name: "\(deployment.metadata.name ?? "deployment")-\(hash)", namespace: deployment.metadata.namespace,
            labels: template.metadata?.labels)
        var annotations = [
            DeploymentAnnotations.revision: String(revision),
            DeploymentAnnotations.desiredReplicas: String(spec.replicas ?? 1),
            DeploymentAnnotations.maxReplicas: String((spec.replicas ?? 1) + surge),
        ]
        if let cause = deployment.metadata.annotations?[DeploymentAnnotations.changeCause] {
            annotations[DeploymentAnnotations.changeCause] = cause
        }
        metadata.annotations = annotations
        metadata.ownerReferences = [
            OwnerReference(
                apiVersion: Deployment.apiVersion, kind: Deployment.kind, name: deployment.metadata.name ?? "",
                uid: deployment.metadata.uid ?? "", controller: true, blockOwnerDeletion: true)
        ]
        var setSpec = ReplicaSetSpec(replicas: replicas, selector: selector, template: template)
        setSpec.minReadySeconds = spec.minReadySeconds
        return ReplicaSet(metadata: metadata, spec: setSpec)
    }

    // MARK: Status

    static func status(
        _ deployment: Deployment, newSet: ReplicaSet?, oldSets: [ReplicaSet], created: ReplicaSet?, replicas: Int,
        unavailable: Int, paused: Bool, now: Date, requeue: inout TimeInterval?
    ) -> DeploymentStatus {
        let previous = deployment.status ?? DeploymentStatus()
        let all = (newSet.map { [$0] } ?? []) + oldSets
        var status = previous
        status.observedGeneration = deployment.metadata.generation
        status.replicas = all.reduce(0) { $0 + ($1.status?.replicas ?? 0) }
        status.updatedReplicas = newSet?.status?.replicas ?? 0
        status.readyReplicas = all.reduce(0) { $0 + ($1.status?.readyReplicas ?? 0) }
        status.availableReplicas = all.reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
        let desiredTotal = all.reduce(0) { $0 + ($1.spec?.replicas ?? 0) }
        status.unavailableReplicas = max(0, desiredTotal - (status.availableReplicas ?? 0))
        let terminating = all.reduce(0) { $0 + ($1.status?.terminatingReplicas ?? 0) }
        status.terminatingReplicas = terminating > 0 ? terminating : nil
        let stamp = Time(now)
        var conditions = previous.conditions ?? []

        let availableNow = (status.availableReplicas ?? 0) >= replicas - unavailable
        set(
            &conditions, type: "Available", status: availableNow ? "True" : "False",
            reason: availableNow ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            message: availableNow
                ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            now: stamp, progressed: false)

        let name = (newSet ?? created)?.metadata.name ?? ""
        let progressing = conditions.first { $0.type == "Progressing" }
        if paused {
            set(
                &conditions, type: "Progressing", status: "Unknown", reason: "DeploymentPaused",
                message: "Deployment is paused", now: stamp, progressed: true)
        } else if let created {
            set(
                &conditions, type: "Progressing", status: "True", reason: "NewReplicaSetCreated",
                message: "Created new replica set \"\(created.metadata.name ?? "")\"", now: stamp, progressed: true)
        } else if let newSet, isComplete(newSet: newSet, oldSets: oldSets, replicas: replicas) {
            set(
                &conditions, type: "Progressing", status: "True", reason: "NewReplicaSetAvailable",
                message: "ReplicaSet \"\(name)\" has successfully progressed.", now: stamp,
                progressed: progressing?.reason != "NewReplicaSetAvailable")
        } else if madeProgress(previous, status) || progressing == nil || progressing?.reason == "DeploymentPaused" {
            set(
                &conditions, type: "Progressing", status: "True", reason: "ReplicaSetUpdated",
                message: "ReplicaSet \"\(name)\" is progressing.", now: stamp, progressed: true)
        } else if let progressing, progressing.reason != "ProgressDeadlineExceeded",
            // A finished rollout never times out (client-go's DeploymentTimedOut).
            progressing.reason != "NewReplicaSetAvailable",
            let deadline = deployment.spec?.progressDeadlineSeconds,
            let since = progressing.lastUpdateTime?.date
        {
            let expires = since.addingTimeInterval(Double(deadline))
            if expires <= now {
                set(
                    &conditions, type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded",
                    message: "ReplicaSet \"\(name)\" has timed out progressing.", now: stamp, progressed: true)
            } else {
                requeue = min(requeue ?? .infinity, expires.timeIntervalSince(now) + 0.01)
            }
        }
        if let progressing = conditions.first(where: { $0.type == "Progressing" }),
            progressing.reason == "ReplicaSetUpdated" || progressing.reason == "NewReplicaSetCreated",
            let deadline = deployment.spec?.progressDeadlineSeconds, let since = progressing.lastUpdateTime?.date
        {
            requeue = min(
                requeue ?? .infinity,
                max(0.01, since.addingTimeInterval(Double(deadline)).timeIntervalSince(now) + 0.01))
        }
        // ReplicaFailure mirrors the new set's.
        if let failure = newSet?.status?.conditions?.first(where: { $0.type == "ReplicaFailure" && $0.status == "True" }
        ) {
            set(
                &conditions, type: "ReplicaFailure", status: "True", reason: failure.reason ?? "FailedCreate",
                message: failure.message ?? "", now: stamp, progressed: false)
        } else {
            conditions.removeAll { $0.type == "ReplicaFailure" }
        }
        status.conditions = conditions
        return status
    }

    /// client-go's `DeploymentProgressing`: more updated, ready or available pods, or fewer old.
    static func madeProgress(_ old: DeploymentStatus, _ new: DeploymentStatus) -> Bool {
        let oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
        let newOld = (new.replicas ?? 0) - (new.updatedReplicas ?? 0)
        return (new.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
            || (new.readyReplicas ?? 0) > (old.readyReplicas ?? 0)
            || (new.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
    }

    /// Sets a condition; the transition time moves only when the status changes, the update time
    /// when `progressed` (or on a change).
    static func set(
        _ conditions: inout [DeploymentCondition], type: String, status: String, reason: String, message: String,
        now: Time, progressed: Bool
    ) {
        var condition = DeploymentCondition(type: type, status: status, reason: reason, message: message)
        if let index = conditions.firstIndex(where: { $0.type == type }) {
            let old = conditions[index]
            condition.lastTransitionTime = old.status == status ? old.lastTransitionTime : now
            condition.lastUpdateTime = progressed || old.status != status ? now : old.lastUpdateTime
            if old.status == status, old.reason == reason, old.message == message, !progressed { return }
            conditions[index] = condition
        } else {
            condition.lastTransitionTime = now
            condition.lastUpdateTime = now
            conditions.append(condition)
        }
    }

    // MARK: Helpers

    /// A set's revision annotation (0 when absent).
    public static func revision(_ set: ReplicaSet) -> Int {
        Int(set.metadata.annotations?[DeploymentAnnotations.revision] ?? "") ?? 0
    }

    private static func revisionAfter(_ set: ReplicaSet, actions: [DeploymentPlan.Action]) -> Int {
        for action in actions {
            if case .annotate(let name, let annotations) = action, name == set.metadata.name,
                let value = annotations[DeploymentAnnotations.revision].flatMap(Int.init)
            {
                return value
            }
        }
        return revision(set)
    }

    private static func olderFirst(_ a: ReplicaSet, _ b: ReplicaSet) -> Bool {
        let left = a.metadata.creationTimestamp?.date ?? .distantPast
        let right = b.metadata.creationTimestamp?.date ?? .distantPast
        if left != right { return left < right }
        return (a.metadata.name ?? "") < (b.metadata.name ?? "")
    }
}
