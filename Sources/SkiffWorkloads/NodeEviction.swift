import Foundation
import SkiffAPI

/// When a pod must leave a node tainted `NoExecute` (kube-controller-manager's taint eviction):
/// never while a toleration without `tolerationSeconds` matches; after the shortest matching
/// toleration's seconds; at once when nothing tolerates the taint. A pod that names no
/// toleration for the not-ready and unreachable taints gets the 300 s that Kubernetes'
/// DefaultTolerationSeconds admission would have given it.
public enum NodeEviction {
    /// The taint a node gets when its agent stops heartbeating.
    public static let unreachable = "node.kubernetes.io/unreachable"
    /// The taint a node gets when its agent reports not ready.
    public static let notReady = "node.kubernetes.io/not-ready"
    /// DefaultTolerationSeconds.
    public static let defaultTolerationSeconds: Int64 = 300

    /// When the pod must go because of `taint` (nil: it may stay for good). A pod without its own
    /// toleration of the not-ready and unreachable taints tolerates them for `defaultSeconds`
    /// (kube-apiserver's `--default-unreachable-toleration-seconds`, 300).
    public static func evictionTime(
        _ pod: Pod, taint: Taint, now: Date, defaultSeconds: Int64 = defaultTolerationSeconds
    ) -> Date? {
        let since = taint.timeAdded?.date ?? now
        var tolerations = pod.spec?.tolerations ?? []
        if [unreachable, notReady].contains(taint.key ?? ""),
            !tolerations.contains(where: { ($0.key ?? "") == taint.key && ($0.effect ?? "NoExecute") == "NoExecute" })
        {
            tolerations.append(
                Toleration(
                    key: taint.key, operator: "Exists", effect: "NoExecute",
                    tolerationSeconds: defaultSeconds))
        }
        let matching = tolerations.filter { tolerates($0, taint) }
        if matching.isEmpty { return since }
        if matching.contains(where: { $0.tolerationSeconds == nil }) { return nil }
        let seconds = matching.compactMap(\.tolerationSeconds).min() ?? 0
        return since.addingTimeInterval(Double(max(0, seconds)))
    }

    /// Whether a toleration matches a taint (`v1.Toleration.ToleratesTaint`).
    public static func tolerates(_ toleration: Toleration, _ taint: Taint) -> Bool {
        if let effect = toleration.effect, !effect.isEmpty, effect != taint.effect { return false }
        let key = toleration.key ?? ""
        if !key.isEmpty, key != taint.key { return false }
        switch toleration.operator ?? "Equal" {
        case "Exists": return true
        default: return key.isEmpty ? false : (toleration.value ?? "") == (taint.value ?? "")
        }
    }
}
