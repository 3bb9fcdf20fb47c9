import SkiffPluginKit

/// `NodeUnschedulable`: rejects cordoned nodes unless the pod tolerates
/// `node.kubernetes.io/unschedulable:NoSchedule`.
struct NodeUnschedulable: Sendable {
    static let taint = TaintInfo(
        key: "node.kubernetes.io/unschedulable", value: "", effect: "NoSchedule", blocksScheduling: true,
        message: "")

    /// Skips when no node is unschedulable.
    func preFilter(_ cycle: SchedulingCycle, cluster: ClusterState) -> PluginResult {
        cluster.unschedulableNodes == 0 ? .skip : .success
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> FilterStatus {
        guard node.pointee.unschedulable else { return .success }
        if TolerationInfo.anyTolerates(pod.tolerations, NodeUnschedulable.taint) { return .success }
        return .unresolvable(Reason.unschedulable)
    }
}
