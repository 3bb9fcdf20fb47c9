import SkiffAPI
import SkiffPluginKit

/// What the set knows of one node (`framework.NodeInfo`): the node's fields the plugins read and
/// the sums over the pods bound or assumed on it.
struct NodeRecord: Sendable {
    var present = false
    var name = ""
    var labels: [String: String] = [:]
    var unschedulable = false
    var taints: [TaintInfo] = []
    /// How many taints have effect `PreferNoSchedule`.
    var preferNoScheduleTaints = 0
    /// Whether a taint has effect `NoSchedule` or `NoExecute`.
    var hasBlockingTaints = false

    var allocatable = ResourceAmounts()
    var allowedPods: Int64 = 0

    var requested = ResourceAmounts()
    var nonZeroMilliCPU: Int64 = 0
    var nonZeroMemory: Int64 = 0
    var pods: [PodInfo] = []
    var hostPorts: [HostPort] = []

    /// A node from its decoded object; allocatable falls back to capacity when absent.
    init(_ node: Wire.Node) {
        present = true
        name = node.metadata?.name ?? ""
        labels = node.metadata?.labels ?? [:]
        unschedulable = node.spec?.unschedulable ?? false
        taints = (node.spec?.taints ?? []).map(TaintInfo.init)
        preferNoScheduleTaints = taints.count(where: { $0.effect == "PreferNoSchedule" })
        hasBlockingTaints = taints.contains { $0.blocksScheduling }
        let list = node.status?.allocatable ?? node.status?.capacity ?? [:]
        allocatable = ResourceAmounts(list)
        allowedPods = list[ResourceAmounts.podsName].flatMap(\.integerValue) ?? 0
    }

    /// An absent node.
    init() {}

    /// Keeps the pod-derived sums of `old` (the node object changed, its pods did not).
    mutating func takePods(from old: NodeRecord) {
        requested = old.requested
        nonZeroMilliCPU = old.nonZeroMilliCPU
        nonZeroMemory = old.nonZeroMemory
        pods = old.pods
        hostPorts = old.hostPorts
    }

    mutating func add(_ pod: PodInfo) {
        pods.append(pod)
        requested.add(pod.requests)
        nonZeroMilliCPU += pod.nonZeroMilliCPU
        nonZeroMemory += pod.nonZeroMemory
        hostPorts += pod.hostPorts
    }

    mutating func remove(_ pod: PodInfo) {
        guard let index = pods.firstIndex(where: { $0 === pod }) else { return }
        pods.remove(at: index)
        requested.add(pod.requests, times: -1)
        nonZeroMilliCPU -= pod.nonZeroMilliCPU
        nonZeroMemory -= pod.nonZeroMemory
        if !pod.hostPorts.isEmpty { hostPorts = pods.flatMap(\.hostPorts) }
    }
}
