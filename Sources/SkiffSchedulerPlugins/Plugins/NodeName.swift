import SkiffPluginKit

/// `NodeName`: a pod with `spec.nodeName` fits only the node of that name.
struct NodeName: Sendable {
    /// Skips pods without `spec.nodeName`.
    func preFilter(_ cycle: SchedulingCycle) -> PluginResult {
        cycle.pod.nodeName.isEmpty ? .skip : .success
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> FilterStatus {
        let wanted = pod.nodeName
        if wanted.isEmpty || wanted == node.pointee.name { return .success }
        return .unresolvable(Reason.nodeNameMismatch)
    }
}
