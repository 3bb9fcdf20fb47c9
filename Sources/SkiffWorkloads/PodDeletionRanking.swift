import Foundation
import SkiffAPI

/// The order in which a ReplicaSet gives up pods when it scales down, as
/// kube-controller-manager's `ActivePodsWithRanks`: the cheapest pod to lose first.
///
/// 1. not yet on a node before on a node;
/// 2. `Pending` before `Unknown` before `Running`;
/// 3. not ready before ready;
/// 4. ready for less time before ready for longer;
/// 5. more container restarts before fewer;
/// 6. newer before older;
/// then by name, so the order is total.
public enum PodDeletionRanking {
    /// Pods sorted so that the first ones are deleted first.
    public static func sorted(_ pods: [Pod]) -> [Pod] {
        pods.sorted(by: deleteFirst)
    }

    /// Whether `a` goes before `b`.
    public static func deleteFirst(_ a: Pod, _ b: Pod) -> Bool {
        let assignedA = !(a.spec?.nodeName ?? "").isEmpty
        let assignedB = !(b.spec?.nodeName ?? "").isEmpty
        if assignedA != assignedB { return !assignedA }
        let phaseA = phaseRank(a.status?.phase)
        let phaseB = phaseRank(b.status?.phase)
        if phaseA != phaseB { return phaseA < phaseB }
        let readyA = PodState.isReady(a)
        let readyB = PodState.isReady(b)
        if readyA != readyB { return !readyA }
        if readyA, readyB {
            let sinceA = readySince(a) ?? .distantPast
            let sinceB = readySince(b) ?? .distantPast
            if sinceA != sinceB { return sinceA > sinceB }
        }
        let restartsA = restarts(a)
        let restartsB = restarts(b)
        if restartsA != restartsB { return restartsA > restartsB }
        let createdA = a.metadata.creationTimestamp?.date ?? .distantPast
        let createdB = b.metadata.creationTimestamp?.date ?? .distantPast
        if createdA != createdB { return createdA > createdB }
        return (a.metadata.name ?? "") < (b.metadata.name ?? "")
    }

    private static func phaseRank(_ phase: String?) -> Int {
        switch phase ?? "Pending" {
        case "Pending": 0
        case "Unknown": 1
        case "Running": 2
        default: 3
        }
    }

    private static func readySince(_ pod: Pod) -> Date? {
        pod.status?.conditions?.first { $0.type == "Ready" }?.lastTransitionTime?.date
    }

    private static func restarts(_ pod: Pod) -> Int {
        (pod.status?.containerStatuses ?? []).reduce(0) { $0 + ($1.restartCount ?? 0) }
    }
}
