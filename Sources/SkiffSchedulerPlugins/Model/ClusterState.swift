import SkiffPluginKit
import Synchronization

/// The cluster as the plugins see it: nodes in an array indexed by the host's node id, the pods on
/// them, and indexes that let selectors find matching pods without scanning every pod.
///
/// Mutated only by the cluster-state calls (never concurrently with a cycle); read concurrently by
/// Filter and Score.
final class ClusterState: @unchecked Sendable {
    /// Indexed by host node id; absent ids have `present == false`.
    private(set) var nodes: [NodeRecord] = []
    private(set) var nodeCount = 0
    private(set) var nodeIDsByName: [String: Int32] = [:]
    private(set) var podsByUID: [String: PodInfo] = [:]
    /// Pods by `key\u{0}value` of each of their labels.
    private(set) var podsByLabel: [String: [Int: PodInfo]] = [:]
    private(set) var podsByNamespace: [String: [Int: PodInfo]] = [:]
    /// Pods with pod affinity or anti-affinity of any kind.
    private(set) var podsWithAffinity: [Int: PodInfo] = [:]
    /// Pods with required anti-affinity terms.
    private(set) var podsWithRequiredAntiAffinity: [Int: PodInfo] = [:]
    /// Nodes that are unschedulable, or have `NoSchedule`/`NoExecute` taints.
    private(set) var unschedulableNodes = 0
    private(set) var blockingTaintNodes = 0
    private let topologyIndexes: Mutex<[String: TopologyKeyIndex]> = Mutex([:])
    private var nextSerial = 0

    static let hostnameKey = "kubernetes.io/hostname"
    static let zoneKey = "topology.kubernetes.io/zone"

    init() {
        topologyIndexes.withLock { indexes in
            for key in [ClusterState.hostnameKey, ClusterState.zoneKey] {
                indexes[key] = TopologyKeyIndex(key: key, nodes: [])
            }
        }
    }

    // MARK: Nodes

    /// Registered reason texts (taint messages).
    let reasons = ReasonRegistry()

    func upsertNode(id: Int32, _ record: NodeRecord) {
        let index = Int(id)
        guard index >= 0 else { return }
        if index >= nodes.count { nodes += repeatElement(NodeRecord(), count: index + 1 - nodes.count) }
        var record = record
        for taint in record.taints.indices where record.taints[taint].blocksScheduling {
            record.taints[taint].reasonID = reasons.register(record.taints[taint].message)
        }
        let old = nodes[index]
        if old.present {
            record.takePods(from: old)
            forget(old, id: id)
        }
        nodes[index] = record
        nodeCount += 1
        nodeIDsByName[record.name] = id
        if record.unschedulable { unschedulableNodes += 1 }
        if record.hasBlockingTaints { blockingTaintNodes += 1 }
        topologyIndexes.withLock { indexes in
            for key in indexes.keys { indexes[key]?.update(node: index, labels: record.labels) }
        }
    }

    func removeNode(id: Int32) {
        let index = Int(id)
        guard index >= 0, index < nodes.count, nodes[index].present else { return }
        for pod in nodes[index].pods { unindex(pod) }
        forget(nodes[index], id: id)
        nodes[index] = NodeRecord()
        topologyIndexes.withLock { indexes in
            for key in indexes.keys { indexes[key]?.update(node: index, labels: nil) }
        }
    }

    private func forget(_ record: NodeRecord, id: Int32) {
        nodeCount -= 1
        if nodeIDsByName[record.name] == id { nodeIDsByName[record.name] = nil }
        if record.unschedulable { unschedulableNodes -= 1 }
        if record.hasBlockingTaints { blockingTaintNodes -= 1 }
    }

    // MARK: Pods

    func makeSerial() -> Int {
        nextSerial += 1
        return nextSerial
    }

    func upsertPod(_ pod: PodInfo) {
        removePod(uid: pod.uid)
        let index = Int(pod.node)
        guard index >= 0, index < nodes.count, nodes[index].present else { return }
        nodes[index].add(pod)
        podsByUID[pod.uid] = pod
        for (key, value) in pod.labels {
            podsByLabel[ClusterState.labelKey(key, value), default: [:]][pod.serial] = pod
        }
        podsByNamespace[pod.namespace, default: [:]][pod.serial] = pod
        if pod.hasAffinity { podsWithAffinity[pod.serial] = pod }
        if !pod.requiredAntiAffinityTerms.isEmpty { podsWithRequiredAntiAffinity[pod.serial] = pod }
    }

    func removePod(uid: String) {
        guard let pod = podsByUID[uid] else { return }
        let index = Int(pod.node)
        if index < nodes.count, nodes[index].present { nodes[index].remove(pod) }
        unindex(pod)
    }

    private func unindex(_ pod: PodInfo) {
        podsByUID[pod.uid] = nil
        for (key, value) in pod.labels {
            let labelKey = ClusterState.labelKey(key, value)
            podsByLabel[labelKey]?[pod.serial] = nil
            if podsByLabel[labelKey]?.isEmpty == true { podsByLabel[labelKey] = nil }
        }
        podsByNamespace[pod.namespace]?[pod.serial] = nil
        if podsByNamespace[pod.namespace]?.isEmpty == true { podsByNamespace[pod.namespace] = nil }
        podsWithAffinity[pod.serial] = nil
        podsWithRequiredAntiAffinity[pod.serial] = nil
    }

    static func labelKey(_ key: String, _ value: String) -> String { key + "\u{0}" + value }

    // MARK: Queries

    /// The index of a node label key, built on first use.
    func topology(_ key: String) -> TopologyKeyIndex {
        topologyIndexes.withLock { indexes in
            if let index = indexes[key] { return index }
            let index = TopologyKeyIndex(key: key, nodes: nodes)
            indexes[key] = index
            return index
        }
    }

    /// Calls `body` with every pod on a present node that `selector` matches and whose namespace
    /// `namespaceAllowed` accepts, visiting only the pods an index narrows the search to.
    /// `namespaces`, when given, lists every namespace `namespaceAllowed` can accept.
    func forEachPod(
        matching selector: LabelMatcher, namespaces: Set<String>?, namespaceAllowed: (String) -> Bool,
        _ body: (PodInfo) -> Void
    ) {
        if selector.form == .nothing { return }
        // The smallest posting list among equality/In requirements.
        var best: [[Int: PodInfo]]?
        var bestSize = Int.max
        for requirement in selector.requirements where requirement.op == .in {
            var lists: [[Int: PodInfo]] = []
            var size = 0
            for value in Set(requirement.values) {
                if let list = podsByLabel[ClusterState.labelKey(requirement.key, value)] {
                    lists.append(list)
                    size += list.count
                }
            }
            if size < bestSize {
                best = lists
                bestSize = size
            }
        }
        if let namespaces {
            var size = 0
            for namespace in namespaces { size += podsByNamespace[namespace]?.count ?? 0 }
            if size < bestSize {
                best = namespaces.compactMap { podsByNamespace[$0] }
                bestSize = size
            }
        }
        func visit(_ pod: PodInfo) {
            guard namespaceAllowed(pod.namespace), selector.matches(pod.labels) else { return }
            body(pod)
        }
        if let best {
            for list in best { for pod in list.values { visit(pod) } }
        } else {
            for pod in podsByUID.values { visit(pod) }
        }
    }
}
