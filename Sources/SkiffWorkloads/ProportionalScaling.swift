import Foundation
import SkiffAPI

/// kube-controller-manager's proportional scaling (`DeploymentController.scale`): when a
/// Deployment is resized while several ReplicaSets hold pods (mid-rollout, or paused), the
/// change is spread over them in proportion to their sizes, so that a rollout neither restarts
/// nor stalls; leftovers go to the largest set.
public enum ProportionalScaling {
    /// New sizes by ReplicaSet name for `sets` (the active ones, new set included), given the
    /// Deployment's `replicas` and resolved `surge`. `statusReplicas` stands in for a set's
    /// missing max-replicas annotation, as in kube.
    public static func sizes(
        _ sets: [ReplicaSet], replicas: Int, surge: Int, statusReplicas: Int
    ) -> [String: Int] {
        let active = sets.filter { ($0.spec?.replicas ?? 0) > 0 }
        let total = active.reduce(0) { $0 + ($1.spec?.replicas ?? 0) }
        let allowed = replicas > 0 ? replicas + surge : 0
        let toAdd = allowed - total
        // Up: the largest (then newest) first; down: the largest (then oldest) first.
        let ordered = active.sorted { a, b in
            let (sizeA, sizeB) = (a.spec?.replicas ?? 0, b.spec?.replicas ?? 0)
            if sizeA != sizeB { return sizeA > sizeB }
            let (bornA, bornB) = (
                a.metadata.creationTimestamp?.date ?? .distantPast, b.metadata.creationTimestamp?.date ?? .distantPast
            )
            if bornA != bornB { return toAdd > 0 ? bornA > bornB : bornA < bornB }
            return (a.metadata.name ?? "") < (b.metadata.name ?? "")
        }
        var sizes: [String: Int] = [:]
        var added = 0
        for set in ordered {
            let size = set.spec?.replicas ?? 0
            let share =
                toAdd == 0
                ? 0
                : proportion(
                    set, replicas: replicas, surge: surge, toAdd: toAdd, added: added, statusReplicas: statusReplicas)
            sizes[set.metadata.name ?? ""] = size + share
            added += share
        }
        if let largest = ordered.first, toAdd != 0 {
            let name = largest.metadata.name ?? ""
            sizes[name] = max(0, (sizes[name] ?? 0) + toAdd - added)
        }
        return sizes
    }

    /// `GetProportion`: this set's share of the change, bounded by what is left to hand out.
    static func proportion(
        _ set: ReplicaSet, replicas: Int, surge: Int, toAdd: Int, added: Int, statusReplicas: Int
    ) -> Int {
        let size = set.spec?.replicas ?? 0
        guard size > 0, toAdd != 0, toAdd != added else { return 0 }
        let fraction: Int
        if replicas == 0 {
            fraction = -size
        } else {
            let annotated =
                Int(set.metadata.annotations?[DeploymentAnnotations.maxReplicas] ?? "") ?? statusReplicas
            guard annotated > 0 else { return 0 }
            let scaled = (Double(size * (replicas + surge)) / Double(annotated)).rounded()
            fraction = Int(scaled) - size
        }
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }
}
