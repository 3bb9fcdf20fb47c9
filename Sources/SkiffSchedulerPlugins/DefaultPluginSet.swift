import SkiffAPI
import SkiffPluginKit
import Synchronization

/// kube-scheduler's default plugins over a compact cluster model, behind the calls a host
/// scheduler makes (through a C-ABI adapter): cluster-state updates, queue hooks, and the
/// extension points of scheduling and binding cycles.
///
/// Cluster-state calls and cycle calls never overlap (the host serializes them); Filter and Score
/// run concurrently on disjoint slices of one cycle's nodes and only read shared state.
///
/// Where the model is smaller than kube-scheduler's:
/// - Namespace labels are not modelled: a non-empty `namespaceSelector` of a pod affinity term is
///   evaluated against `kubernetes.io/metadata.name` only (an empty one matches every namespace).
/// - PodTopologySpread's system default constraints apply to pods owned by a ReplicaSet,
///   StatefulSet or ReplicationController, with the pod's own labels standing in for the
///   controller's selector (Services are not modelled).
/// - Filters do not account for pods nominated to a node but not yet bound; preemption has no
///   PodDisruptionBudgets and scans candidate nodes from the first (kube starts at a random offset).
/// - `NodeResourcesFit` supports the `LeastAllocated` and `MostAllocated` strategies.
public final class DefaultPluginSet: @unchecked Sendable {
    /// The plugins, in a fixed order; `plugin:` arguments are indexes into it.
    public static let plugins: [PluginInfo] = [
        PluginInfo(name: "PrioritySort", points: .queueSort, events: []),
        PluginInfo(name: "SchedulingGates", points: .preEnqueue, events: .podUpdate),
        PluginInfo(name: "NodeUnschedulable", points: [.preFilter, .filter], events: [.nodeAdd, .nodeUpdate]),
        PluginInfo(name: "NodeName", points: [.preFilter, .filter], events: [.nodeAdd, .nodeUpdate]),
        PluginInfo(
            name: "TaintToleration", points: [.preFilter, .filter, .preScore, .score],
            events: [.nodeAdd, .nodeUpdate, .podUpdate]),
        PluginInfo(
            name: "NodeAffinity", points: [.preFilter, .filter, .preScore, .score],
            events: [.nodeAdd, .nodeUpdate, .podUpdate]),
        PluginInfo(name: "NodePorts", points: [.preFilter, .filter], events: [.podDelete, .nodeAdd, .nodeUpdate]),
        PluginInfo(
            name: "NodeResourcesFit", points: [.preFilter, .filter, .preScore, .score],
            events: [.podDelete, .podUpdate, .nodeAdd, .nodeUpdate]),
        PluginInfo(
            name: "NodeResourcesBalancedAllocation", points: [.preScore, .score],
            events: [.podDelete, .podUpdate, .nodeAdd, .nodeUpdate]),
        PluginInfo(
            name: "PodTopologySpread", points: [.preFilter, .filter, .preScore, .score],
            events: [.podAdd, .podUpdate, .podDelete, .nodeAdd, .nodeUpdate, .nodeDelete]),
        PluginInfo(
            name: "InterPodAffinity", points: [.preFilter, .filter, .preScore, .score],
            events: [.podAdd, .podUpdate, .podDelete, .nodeAdd, .nodeUpdate]),
        PluginInfo(name: "DefaultPreemption", points: .postFilter, events: []),
        PluginInfo(name: "DefaultBinder", points: .bind, events: []),
    ]

    let host: SchedulerHostCalls
    let cluster = ClusterState()
    /// Node names by id, for the binding cycle (which may run while the cluster state changes).
    private let nodeNames = Mutex<[String]>([])

    let prioritySort = PrioritySort()
    let schedulingGates = SchedulingGates()
    let nodeUnschedulable = NodeUnschedulable()
    let nodeName = NodeName()
    let taintToleration = TaintToleration()
    let nodeAffinity: NodeAffinityPlugin
    let nodePorts = NodePorts()
    let fit: NodeResourcesFit
    let balancedAllocation: NodeResourcesBalancedAllocation
    let topologySpread: PodTopologySpread
    let interPodAffinity: InterPodAffinity
    let preemption: DefaultPreemption
    let binder = DefaultBinder()

    /// `configuration` is JSON: per-plugin args keyed by plugin name, e.g.
    /// `{"NodeResourcesFit": {"scoringStrategy": {"type": "MostAllocated"}}}` (LeastAllocated by
    /// default, resources cpu and memory weight 1), `{"PodTopologySpread": {"defaultingType": "System"}}`.
    public init(configuration: JSONValue, host: SchedulerHostCalls) {
        let parsed = PluginConfiguration(configuration)
        self.host = host
        nodeAffinity = NodeAffinityPlugin(added: parsed.addedAffinity)
        fit = NodeResourcesFit(parsed)
        balancedAllocation = NodeResourcesBalancedAllocation(resources: parsed.balancedResources)
        topologySpread = PodTopologySpread(parsed)
        interPodAffinity = InterPodAffinity(parsed)
        preemption = DefaultPreemption(parsed)
    }

    // MARK: Cluster state

    /// Adds or replaces node `id` (ids are the host's: stable while the node exists, dense from 0).
    public func upsertNode(id: Int32, json: [UInt8]) {
        guard id >= 0, let node = Wire.decode(json, as: Wire.Node.self), node.kind == nil || node.kind == "Node"
        else { return }
        let record = NodeRecord(node)
        cluster.upsertNode(id: id, record)
        nodeNames.withLock { names in
            if Int(id) >= names.count { names += repeatElement("", count: Int(id) + 1 - names.count) }
            names[Int(id)] = record.name
        }
    }

    /// Removes node `id` and the pods on it.
    public func removeNode(id: Int32) {
        cluster.removeNode(id: id)
        nodeNames.withLock { names in
            if Int(id) >= 0 && Int(id) < names.count { names[Int(id)] = "" }
        }
    }

    /// Adds or replaces a pod bound to (or assumed on) node `node`; it may have moved from another node.
    public func upsertPod(node: Int32, uid: String, json: [UInt8]) {
        guard let pod = Wire.decode(json, as: Wire.Pod.self), pod.kind == nil || pod.kind == "Pod" else {
            cluster.removePod(uid: uid)
            return
        }
        cluster.upsertPod(PodInfo(pod, serial: cluster.makeSerial(), node: node, uid: uid))
    }

    /// Removes a pod.
    public func removePod(uid: String) {
        cluster.removePod(uid: uid)
    }

    // MARK: Queue

    /// PreEnqueue: SchedulingGates keeps gated pods out of the active queue
    /// (UnschedulableAndUnresolvable, `waiting for scheduling gates: [a b]`).
    public func preEnqueue(plugin: Int, pod json: [UInt8]) -> PluginResult {
        guard PluginID(rawValue: plugin) == .schedulingGates else { return .success }
        guard let pod = Wire.decode(json, as: Wire.Pod.self) else {
            return PluginResult(code: .error, reason: "not a pod")
        }
        return schedulingGates.preEnqueue(pod)
    }

    /// QueueSort: PrioritySort's key, `spec.priority` (higher first; the host breaks ties by enqueue time).
    public func queueKey(plugin: Int, pod json: [UInt8]) -> Int64 {
        guard PluginID(rawValue: plugin) == .prioritySort, let pod = Wire.decode(json, as: Wire.Pod.self) else {
            return 0
        }
        return prioritySort.queueKey(pod)
    }

    // MARK: Scheduling cycle

    /// Starts a cycle for a pod (parsed once here); `nil` when the JSON is not a pod.
    public func beginCycle(pod json: [UInt8]) -> SchedulingCycle? {
        guard let pod = Wire.decode(json, as: Wire.Pod.self), pod.kind == nil || pod.kind == "Pod" else {
            return nil
        }
        return SchedulingCycle(pod: PodInfo(pod, serial: 0, node: -1, uid: nil), registry: cluster.reasons)
    }

    /// Ends a cycle (its state is released with it).
    public func endCycle(_ cycle: SchedulingCycle) {}

    /// PreFilter; `.skip` means Filter is not called for that plugin this cycle.
    public func preFilter(plugin: Int, cycle: SchedulingCycle) -> PluginResult {
        guard let id = PluginID(rawValue: plugin) else { return .success }
        let result: PluginResult
        switch id {
        case .nodeUnschedulable: result = nodeUnschedulable.preFilter(cycle, cluster: cluster)
        case .nodeName: result = nodeName.preFilter(cycle)
        case .taintToleration: result = taintToleration.preFilter(cycle, cluster: cluster)
        case .nodeAffinity: result = nodeAffinity.preFilter(cycle)
        case .nodePorts: result = nodePorts.preFilter(cycle)
        case .nodeResourcesFit: result = .success
        case .podTopologySpread: result = topologySpread.preFilter(cycle, cluster: cluster)
        case .interPodAffinity: result = interPodAffinity.preFilter(cycle, cluster: cluster)
        default: return .success
        }
        cycle.filterActive[plugin] = result.code == .success
        return result
    }

    /// Filter over a slice of nodes; thread-safe. `codes[i]`/`reasons[i]` for `nodes[i]`; a reason
    /// is an id for `reason(cycle:id:)` (0 on success).
    public func filter(
        plugin: Int, cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>
    ) {
        let pod = cycle.pod
        let id = PluginID(rawValue: plugin)
        switch id {
        case .nodeUnschedulable:
            runFilter(cycle, nodes, codes, reasons) { _, node in nodeUnschedulable.filter(pod, node: node) }
        case .nodeName:
            runFilter(cycle, nodes, codes, reasons) { _, node in nodeName.filter(pod, node: node) }
        case .taintToleration:
            runFilter(cycle, nodes, codes, reasons) { _, node in taintToleration.filter(pod, node: node) }
        case .nodeAffinity:
            runFilter(cycle, nodes, codes, reasons) { _, node in nodeAffinity.filter(pod, node: node) }
        case .nodePorts:
            runFilter(cycle, nodes, codes, reasons) { _, node in nodePorts.filter(pod, node: node, overlay: nil) }
        case .nodeResourcesFit:
            runFilter(cycle, nodes, codes, reasons) { _, node in fit.filter(pod, node: node, overlay: nil) }
        case .podTopologySpread:
            guard let state = cycle.spreadFilter else { fallthrough }
            runFilter(cycle, nodes, codes, reasons) { index, _ in state.filter(node: index, pod: pod, overlay: nil) }
        case .interPodAffinity:
            guard let state = cycle.affinityFilter else { fallthrough }
            runFilter(cycle, nodes, codes, reasons) { index, _ in state.filter(node: index, pod: pod, overlay: nil) }
        default:
            for index in nodes.indices {
                codes[index] = PluginCode.success.rawValue
                reasons[index] = 0
            }
        }
    }

    @inline(__always)
    private func runFilter(
        _ cycle: SchedulingCycle, _ nodes: UnsafeBufferPointer<Int32>, _ codes: UnsafeMutableBufferPointer<Int8>,
        _ reasons: UnsafeMutableBufferPointer<UInt32>, _ body: (Int, UnsafePointer<NodeRecord>) -> FilterStatus
    ) {
        let records = cluster.nodes
        records.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                for index in nodes.indices {
                    codes[index] = PluginCode.error.rawValue
                    reasons[index] = Reason.nodeNotFound
                }
                return
            }
            for index in nodes.indices {
                let node = Int(nodes[index])
                let status: FilterStatus
                if node >= 0 && node < buffer.count && base[node].present {
                    status = body(node, base + node)
                } else {
                    status = FilterStatus(code: .error, reason: .fixed(Reason.nodeNotFound))
                }
                codes[index] = status.code.rawValue
                reasons[index] = status.code == .success ? 0 : cycle.reasonID(status.reason)
            }
        }
    }

    /// Runs every Filter that is active this cycle against one node, with `overlay`'s pods removed;
    /// the first failure, or success.
    func runFilters(_ cycle: SchedulingCycle, node: Int, overlay: NodeOverlay?) -> FilterStatus {
        let pod = cycle.pod
        let records = cluster.nodes
        guard node >= 0 && node < records.count && records[node].present else {
            return FilterStatus(code: .error, reason: .fixed(Reason.nodeNotFound))
        }
        return records.withUnsafeBufferPointer { buffer in
            let record = buffer.baseAddress! + node
            for plugin in PluginID.filters where cycle.filterActive[plugin.rawValue] {
                let status: FilterStatus
                switch plugin {
                case .nodeUnschedulable: status = nodeUnschedulable.filter(pod, node: record)
                case .nodeName: status = nodeName.filter(pod, node: record)
                case .taintToleration: status = taintToleration.filter(pod, node: record)
                case .nodeAffinity: status = nodeAffinity.filter(pod, node: record)
                case .nodePorts: status = nodePorts.filter(pod, node: record, overlay: overlay)
                case .nodeResourcesFit: status = fit.filter(pod, node: record, overlay: overlay)
                case .podTopologySpread: status = topologySpread.filter(cycle, node: node, overlay: overlay)
                case .interPodAffinity: status = interPodAffinity.filter(cycle, node: node, overlay: overlay)
                default: status = .success
                }
                if !status.isSuccess { return status }
            }
            return .success
        }
    }

    /// PostFilter (DefaultPreemption): given every node's filter code (same order), picks a node and
    /// victims, evicts them through the host, nominates the node; returns the nominated node id.
    public func postFilter(
        plugin: Int, cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?) {
        guard PluginID(rawValue: plugin) == .defaultPreemption else { return (.success, nil) }
        return preempt(cycle, nodes: nodes, codes: codes)
    }

    /// PreScore over the feasible nodes.
    public func preScore(plugin: Int, cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>) -> PluginResult {
        guard let id = PluginID(rawValue: plugin) else { return .success }
        let result: PluginResult
        switch id {
        case .nodeAffinity: result = nodeAffinity.preScore(cycle)
        case .balancedAllocation: result = balancedAllocation.preScore(cycle)
        case .podTopologySpread: result = topologySpread.preScore(cycle, cluster: cluster, nodes: nodes)
        case .interPodAffinity: result = interPodAffinity.preScore(cycle, cluster: cluster)
        default: result = .success
        }
        cycle.scoreSkipped[plugin] = result.code == .skip
        return result
    }

    /// Score over a slice of nodes (raw scores); thread-safe like Filter.
    public func score(
        plugin: Int, cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>,
        scores: UnsafeMutableBufferPointer<Int64>
    ) {
        guard let id = PluginID(rawValue: plugin), !cycle.scoreSkipped[plugin] else {
            for index in scores.indices { scores[index] = 0 }
            return
        }
        let pod = cycle.pod
        switch id {
        case .taintToleration:
            let tolerations = cycle.preferTolerations
            runScore(nodes, scores) { _, node in taintToleration.score(tolerations, node: node) }
        case .nodeAffinity:
            runScore(nodes, scores) { _, node in nodeAffinity.score(pod, node: node) }
        case .nodeResourcesFit:
            runScore(nodes, scores) { _, node in fit.score(pod, node: node) }
        case .balancedAllocation:
            runScore(nodes, scores) { _, node in balancedAllocation.score(pod, node: node) }
        case .podTopologySpread:
            guard let state = cycle.spreadScore else { fallthrough }
            runScore(nodes, scores) { index, _ in state.score(node: index) }
        case .interPodAffinity:
            guard let state = cycle.affinityScore else { fallthrough }
            runScore(nodes, scores) { index, _ in state.score(node: index) }
        default:
            for index in scores.indices { scores[index] = 0 }
        }
    }

    @inline(__always)
    private func runScore(
        _ nodes: UnsafeBufferPointer<Int32>, _ scores: UnsafeMutableBufferPointer<Int64>,
        _ body: (Int, UnsafePointer<NodeRecord>) -> Int64
    ) {
        let records = cluster.nodes
        records.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in nodes.indices {
                let node = Int(nodes[index])
                scores[index] = node >= 0 && node < buffer.count && base[node].present ? body(node, base + node) : 0
            }
        }
    }

    /// NormalizeScore: after all score slices, brings the scores of all feasible nodes to 0...100 in place.
    public func normalize(
        plugin: Int, cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>,
        scores: UnsafeMutableBufferPointer<Int64>
    ) {
        guard let id = PluginID(rawValue: plugin), !cycle.scoreSkipped[plugin] else { return }
        switch id {
        case .taintToleration: taintToleration.normalize(scores)
        case .nodeAffinity: nodeAffinity.normalize(scores)
        case .podTopologySpread: topologySpread.normalize(cycle, nodes: nodes, scores: scores)
        case .interPodAffinity: interPodAffinity.normalize(cycle, scores: scores)
        default: return
        }
    }

    /// Reserve (no default plugin implements it): success.
    public func reserve(plugin: Int, cycle: SchedulingCycle, node: Int32) -> PluginResult { .success }

    /// Unreserve (no default plugin implements it): nothing.
    public func unreserve(plugin: Int, cycle: SchedulingCycle, node: Int32) {}

    /// Permit (no default plugin implements it): success, no timeout.
    public func permit(plugin: Int, cycle: SchedulingCycle, node: Int32) -> (
        result: PluginResult, timeoutNanoseconds: Int64
    ) {
        (.success, 0)
    }

    /// PreBind (no default plugin implements it): success.
    public func preBind(plugin: Int, cycle: SchedulingCycle, node: Int32) -> PluginResult { .success }

    /// Bind (DefaultBinder: `host.bind`); called on the binding cycle's thread.
    public func bind(plugin: Int, cycle: SchedulingCycle, node: Int32) -> PluginResult {
        guard PluginID(rawValue: plugin) == .defaultBinder else { return .success }
        let name = nodeNames.withLock { names in Int(node) >= 0 && Int(node) < names.count ? names[Int(node)] : "" }
        if name.isEmpty { return PluginResult(code: .error, reason: "node not found") }
        return binder.bind(cycle.pod, node: name, host: host)
    }

    /// PostBind (no default plugin implements it): nothing.
    public func postBind(plugin: Int, cycle: SchedulingCycle, node: Int32) {}

    /// The text of a reason id recorded during this cycle — kube's exact texts; several reasons of
    /// one node are joined with ", ".
    public func reason(cycle: SchedulingCycle, id: UInt32) -> String {
        cycle.reasonText(id)
    }
}
