import Foundation
import SkiffAPI

/// What workload controllers ask of a pod, as kube-controller-manager's `podutil` answers it.
public enum PodState {
    /// Not finished and not being deleted (`controller.IsPodActive`).
    public static func isActive(_ pod: Pod) -> Bool {
        let phase = pod.status?.phase ?? ""
        return phase != "Succeeded" && phase != "Failed" && pod.metadata.deletionTimestamp == nil
    }

    /// The `Ready` condition is `True`.
    public static func isReady(_ pod: Pod) -> Bool {
        readyCondition(pod)?.status == "True"
    }

    /// Ready for at least `minReadySeconds` at `now` (`podutil.IsPodAvailable`).
    public static func isAvailable(_ pod: Pod, minReadySeconds: Int, now: Date) -> Bool {
        guard let condition = readyCondition(pod), condition.status == "True" else { return false }
        if minReadySeconds <= 0 { return true }
        guard let since = condition.lastTransitionTime?.date else { return false }
        return since.addingTimeInterval(Double(minReadySeconds)) <= now
    }

    /// When a ready pod becomes available (nil when it is not ready, or already is).
    public static func availableAt(_ pod: Pod, minReadySeconds: Int, now: Date) -> Date? {
        guard minReadySeconds > 0, let condition = readyCondition(pod), condition.status == "True",
            let since = condition.lastTransitionTime?.date
        else { return nil }
        let at = since.addingTimeInterval(Double(minReadySeconds))
        return at > now ? at : nil
    }

    /// The pod's controller owner reference.
    public static func controllerReference(_ metadata: ObjectMeta) -> OwnerReference? {
        metadata.ownerReferences?.first { $0.controller == true }
    }

    private static func readyCondition(_ pod: Pod) -> PodCondition? {
        pod.status?.conditions?.first { $0.type == "Ready" }
    }
}
