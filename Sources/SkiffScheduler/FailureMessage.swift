/// kube-scheduler's `FailedScheduling` message (`FitError.Error()`): `0/5 nodes are available:
/// 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.`
/// — each reason with the number of nodes it ruled out, sorted as strings, then PostFilter's
/// message after `preemption: ` when there is one.
public enum FailureMessage {
    /// The message for a pod no node fits.
    public static func unschedulable(
        totalNodes: Int, reasons: [String], preFilter: String = "", postFilter: String = ""
    ) -> String {
        var message = "0/\(totalNodes) nodes are available:"
        if !preFilter.isEmpty { message += " \(preFilter)." }
        var counts: [String: Int] = [:]
        for reason in reasons where !reason.isEmpty { counts[reason, default: 0] += 1 }
        if !counts.isEmpty {
            let histogram = counts.map { "\($0.value) \($0.key)" }.sorted()
            message += " " + histogram.joined(separator: ", ") + "."
        }
        if !postFilter.isEmpty {
            message += " preemption: \(postFilter)" + (postFilter.hasSuffix(".") ? "" : ".")
        }
        return message
    }

    /// The message for a pod when there are no nodes at all.
    public static let noNodes = "0/0 nodes are available: no nodes available to schedule pods."
}
