import Foundation
import SkiffPluginKit

/// What PodTopologySpread's PreScore computes (`preScoreState`): the nodes left out of scoring,
/// the matching pods per domain, and each constraint's normalizing weight.
struct TopologySpreadScoreState: Sendable {
    struct Entry: Sendable {
        let constraint: PodTopologySpread.Constraint
        let topology: TopologyKeyIndex
        let isHostname: Bool
        /// Matching pods per domain (non-hostname) or per node id (hostname).
        let counts: [Int]
        let weight: Double
    }

    let entries: [Entry]
    /// Per node id: misses a topology key (only when all keys are required).
    let ignored: [Bool]

    init(
        constraints: [PodTopologySpread.Constraint], pod: PodInfo, cluster: ClusterState,
        feasible: UnsafeBufferPointer<Int32>, requireAllTopologies: Bool
    ) {
        let nodes = cluster.nodes
        var ignored = [Bool](repeating: false, count: nodes.count)
        var ignoredCount = 0
        if requireAllTopologies {
            for raw in feasible {
                let id = Int(raw)
                guard id >= 0, id < nodes.count else { continue }
                if !PodTopologySpread.hasAllKeys(nodes[id].labels, constraints) {
                    ignored[id] = true
                    ignoredCount += 1
                }
            }
        }
        var entries: [Entry] = []
        for constraint in constraints {
            let topology = cluster.topology(constraint.topologyKey)
            let isHostname = constraint.topologyKey == ClusterState.hostnameKey
            var counts: [Int]
            var size: Int
            if isHostname {
                counts = [Int](repeating: 0, count: nodes.count)
                size = feasible.count - ignoredCount
                if !constraint.selector.isEverything {
                    cluster.forEachPod(
                        matching: constraint.selector, namespaces: [pod.namespace],
                        namespaceAllowed: { $0 == pod.namespace }
                    ) { existing in
                        if !existing.terminating { counts[Int(existing.node)] += 1 }
                    }
                }
            } else {
                var present = [Bool](repeating: false, count: topology.values.count)
                size = 0
                for raw in feasible {
                    let id = Int(raw)
                    guard id >= 0, id < ignored.count, !ignored[id] else { continue }
                    let domain = Int(topology.value(of: id))
                    if domain >= 0 && !present[domain] {
                        present[domain] = true
                        size += 1
                    }
                }
                counts = [Int](repeating: 0, count: topology.values.count)
                if !constraint.selector.isEverything {
                    let checkNodes =
                        requireAllTopologies || constraint.honorTaints
                        || (constraint.honorNodeAffinity && !pod.requiredNodeAffinity.isEmpty)
                    var verdicts = [Int8](repeating: 0, count: checkNodes ? nodes.count : 0)
                    cluster.forEachPod(
                        matching: constraint.selector, namespaces: [pod.namespace],
                        namespaceAllowed: { $0 == pod.namespace }
                    ) { existing in
                        let id = Int(existing.node)
                        guard !existing.terminating else { return }
                        let domain = Int(topology.value(of: id))
                        guard domain >= 0, present[domain] else { return }
                        if checkNodes {
                            if verdicts[id] == 0 {
                                let counted = nodes.withUnsafeBufferPointer { buffer in
                                    let node = buffer.baseAddress! + id
                                    let hasKeys =
                                        !requireAllTopologies
                                        || PodTopologySpread.hasAllKeys(node.pointee.labels, constraints)
                                    return hasKeys && constraint.includes(node, pod: pod)
                                }
                                verdicts[id] = counted ? 1 : -1
                            }
                            if verdicts[id] < 0 { return }
                        }
                        counts[domain] += 1
                    }
                }
            }
            entries.append(
                Entry(
                    constraint: constraint, topology: topology, isHostname: isHostname, counts: counts,
                    weight: log(Double(size + 2))))
        }
        self.entries = entries
        self.ignored = ignored
    }

    @inline(__always)
    func isIgnored(_ id: Int) -> Bool { id >= 0 && id < ignored.count && ignored[id] }

    func score(node id: Int) -> Int64 {
        if isIgnored(id) { return 0 }
        var score = 0.0
        for index in entries.indices {
            let domain = Int(entries[index].topology.value(of: id))
            guard domain >= 0 else { continue }
            let counts = entries[index].counts
            let count = entries[index].isHostname ? (id < counts.count ? counts[id] : 0) : counts[domain]
            score += Double(count) * entries[index].weight + Double(entries[index].constraint.maxSkew - 1)
        }
        return Int64(score.rounded())
    }
}
