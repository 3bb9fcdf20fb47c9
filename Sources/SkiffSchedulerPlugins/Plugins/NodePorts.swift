import SkiffPluginKit

/// `NodePorts`: rejects nodes where a host port the pod asks for is already bound (same protocol
/// and port, and the same IP or either side binding `0.0.0.0`).
struct NodePorts: Sendable {
    /// Skips pods without host ports.
    func preFilter(_ cycle: SchedulingCycle) -> PluginResult {
        cycle.pod.hostPorts.isEmpty ? .skip : .success
    }

    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>, overlay: NodeOverlay?) -> FilterStatus {
        let wanted = pod.hostPorts
        guard !wanted.isEmpty, !node.pointee.hostPorts.isEmpty else { return .success }
        var used = node.pointee.hostPorts
        if let overlay, overlay.removed.contains(where: { !$0.hostPorts.isEmpty }) {
            used = node.pointee.pods.filter { !overlay.isRemoved($0) }.flatMap(\.hostPorts)
        }
        for port in wanted where HostPort.conflicts(port, with: used) {
            return .unschedulable(Reason.portsInUse)
        }
        return .success
    }
}
