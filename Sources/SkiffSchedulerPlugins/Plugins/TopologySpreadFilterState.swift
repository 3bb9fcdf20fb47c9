import SkiffPluginKit

/// What PodTopologySpread's PreFilter computes: per constraint, the matching pods per domain over
/// the eligible nodes, and the global minimum (`preFilterState`).
struct TopologySpreadFilterState: Sendable {
    struct Entry: Sendable {
        let constraint: PodTopologySpread.Constraint
        let topology: TopologyKeyIndex
        /// Whether node id counts for the constraint (has all keys and passes the inclusion policies).
        let nodeEligible: [Bool]
        /// Matching pods per domain (value id).
        let domainCounts: [Int]
        let domainEligible: [Bool]
        let eligibleDomains: Int
        /// The global minimum, `minDomains` applied.
        let minMatch: Int
        /// 1 when the pod matches its own selector.
        let selfMatch: Int
    }

    let entries: [Entry]

    init(constraints: [PodTopologySpread.Constraint], pod: PodInfo, cluster: ClusterState) {
        let nodes = cluster.nodes
        let topologies = constraints.map { cluster.topology($0.topologyKey) }
        // Nodes with every topology key (`nodeLabelsMatchSpreadConstraints`).
        var hasAllKeys = [Bool](repeating: false, count: nodes.count)
        for id in nodes.indices where nodes[id].present {
            hasAllKeys[id] = topologies.indices.allSatisfy { topologies[$0].value(of: id) >= 0 }
        }
        var entries: [Entry] = []
        for (index, constraint) in constraints.enumerated() {
            let topology = topologies[index]
            var eligible = [Bool](repeating: false, count: nodes.count)
            var domainEligible = [Bool](repeating: false, count: topology.values.count)
            nodes.withUnsafeBufferPointer { buffer in
                for id in buffer.indices where hasAllKeys[id] && constraint.includes(buffer.baseAddress! + id, pod: pod)
                {
                    eligible[id] = true
                    domainEligible[Int(topology.value(of: id))] = true
                }
            }
            var counts = [Int](repeating: 0, count: topology.values.count)
            if !constraint.selector.isEverything {
                cluster.forEachPod(
                    matching: constraint.selector, namespaces: [pod.namespace],
                    namespaceAllowed: { $0 == pod.namespace }
                ) { existing in
                    let id = Int(existing.node)
                    guard !existing.terminating, id < eligible.count, eligible[id] else { return }
                    counts[Int(topology.value(of: id))] += 1
                }
            }
            var eligibleDomains = 0
            var minimum = Int(Int32.max)
            for domain in domainEligible.indices where domainEligible[domain] {
                eligibleDomains += 1
                minimum = min(minimum, counts[domain])
            }
            entries.append(
                Entry(
                    constraint: constraint, topology: topology, nodeEligible: eligible, domainCounts: counts,
                    domainEligible: domainEligible, eligibleDomains: eligibleDomains,
                    minMatch: eligibleDomains < constraint.minDomains ? 0 : minimum,
                    selfMatch: constraint.selector.matches(pod.labels) ? 1 : 0))
        }
        self.entries = entries
    }

    func filter(node id: Int, pod: PodInfo, overlay: NodeOverlay?) -> FilterStatus {
        for index in entries.indices {
            let domain = Int(entries[index].topology.value(of: id))
            if domain < 0 { return .unresolvable(Reason.spreadMissingLabel) }
            var matchNum = domain < entries[index].domainCounts.count ? entries[index].domainCounts[domain] : 0
            var minMatch = entries[index].minMatch
            if let overlay, overlay.node == id {
                let entry = entries[index]
                if id < entry.nodeEligible.count && entry.nodeEligible[id] {
                    let removed = overlay.removed.count(where: { entry.constraint.counts($0, namespace: pod.namespace) }
                    )
                    if removed > 0 {
                        matchNum -= removed
                        minMatch = adjustedMinimum(entry, domain: domain, count: matchNum)
                    }
                }
            }
            if matchNum + entries[index].selfMatch - minMatch > entries[index].constraint.maxSkew {
                return .unschedulable(Reason.spreadConstraintsMismatch)
            }
        }
        return .success
    }

    /// The global minimum with domain `domain` holding `count` pods.
    private func adjustedMinimum(_ entry: Entry, domain: Int, count: Int) -> Int {
        if entry.eligibleDomains < entry.constraint.minDomains { return 0 }
        var minimum = Int(Int32.max)
        for index in entry.domainEligible.indices where entry.domainEligible[index] {
            minimum = min(minimum, index == domain ? count : entry.domainCounts[index])
        }
        return minimum
    }
}
