import SkiffPluginKit

/// `TaintToleration`: Filter rejects nodes with `NoSchedule`/`NoExecute` taints the pod does not
/// tolerate; Score counts the `PreferNoSchedule` taints it does not tolerate (fewer is better).
struct TaintToleration: Sendable {
    /// Skips when no node has a `NoSchedule`/`NoExecute` taint.
    func preFilter(_ cycle: SchedulingCycle, cluster: ClusterState) -> PluginResult {
        cluster.blockingTaintNodes == 0 ? .skip : .success
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> FilterStatus {
        guard node.pointee.hasBlockingTaints,
            let index = TolerationInfo.firstUntolerated(node.pointee.taints, pod.tolerations)
        else { return .success }
        let reasonID = node.pointee.taints[index].reasonID
        let reason: Reason = reasonID != 0 ? .fixed(reasonID) : .text(node.pointee.taints[index].message)
        return FilterStatus(code: .unschedulableAndUnresolvable, reason: reason)
    }

    /// `tolerations`: the pod's `PreferNoSchedule` (or effect-less) tolerations.
    @inline(__always)
    func score(_ tolerations: [TolerationInfo], node: UnsafePointer<NodeRecord>) -> Int64 {
        let preferNoSchedule = node.pointee.preferNoScheduleTaints
        guard preferNoSchedule > 0 else { return 0 }
        if tolerations.isEmpty { return Int64(preferNoSchedule) }
        var count: Int64 = 0
        for taint in node.pointee.taints where taint.effect == "PreferNoSchedule" {
            if !TolerationInfo.anyTolerates(tolerations, taint) { count += 1 }
        }
        return count
    }

    func normalize(_ scores: UnsafeMutableBufferPointer<Int64>) {
        ScoreNormalizer.defaultNormalize(scores, reverse: true)
    }
}
