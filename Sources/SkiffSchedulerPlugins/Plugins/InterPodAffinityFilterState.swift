import SkiffPluginKit

/// What InterPodAffinity's PreFilter computes (`preFilterState`): per topology pair, how many
/// existing pods match the pod's required affinity (all terms) and its anti-affinity terms, and how
/// many existing pods' required anti-affinity terms match the pod. Pairs are kept as arrays indexed
/// by the value ids of each key, so Filter only indexes arrays.
struct InterPodAffinityFilterState: Sendable {
    /// Counts per value of one topology key.
    struct Counts: Sendable {
        let key: String
        let nodeValue: [Int32]
        var byValue: [Int]

        init(_ topology: TopologyKeyIndex) {
            key = topology.key
            nodeValue = topology.nodeValue
            byValue = [Int](repeating: 0, count: topology.values.count)
        }

        /// The node's value id for the key (-1 without the label) and the count there.
        @inline(__always)
        func lookup(_ id: Int) -> (value: Int32, count: Int) {
            let value = id < nodeValue.count ? nodeValue[id] : -1
            return (value, value >= 0 ? byValue[Int(value)] : 0)
        }

        /// Adds one for the value of node `id`; false when the node lacks the key.
        mutating func bump(node id: Int) -> Bool {
            let value = id < nodeValue.count ? nodeValue[id] : -1
            guard value >= 0 else { return false }
            byValue[Int(value)] += 1
            return true
        }

        var isEmpty: Bool { !byValue.contains { $0 != 0 } }
    }

    /// Parallel to the pod's required affinity terms (terms with one key share counts).
    private(set) var affinity: [Counts] = []
    /// Parallel to the pod's required anti-affinity terms.
    private(set) var antiAffinity: [Counts] = []
    /// One per key of the existing pods' matching anti-affinity terms.
    private(set) var existingAntiAffinity: [Counts] = []
    /// The sum of the affinity counts (zero: no pod matches the pod's affinity anywhere).
    private(set) var affinityTotal = 0
    /// Whether the pod matches all its own required affinity terms.
    let matchesOwnAffinity: Bool

    init(pod: PodInfo, cluster: ClusterState) {
        let nodes = cluster.nodes
        var existing: [String: Counts] = [:]
        for other in cluster.podsWithRequiredAntiAffinity.values where nodes[Int(other.node)].present {
            for term in other.requiredAntiAffinityTerms where term.matches(pod) {
                if existing[term.topologyKey] == nil {
                    existing[term.topologyKey] = Counts(cluster.topology(term.topologyKey))
                }
                _ = existing[term.topologyKey]!.bump(node: Int(other.node))
            }
        }
        existingAntiAffinity = existing.keys.sorted().compactMap { existing[$0]!.isEmpty ? nil : existing[$0] }

        let affinityTerms = pod.requiredAffinityTerms
        if let first = affinityTerms.first {
            var table: [String: Counts] = [:]
            for term in affinityTerms where table[term.topologyKey] == nil {
                table[term.topologyKey] = Counts(cluster.topology(term.topologyKey))
            }
            var total = 0
            InterPodAffinity.forEachPod(matching: first, in: cluster) { other in
                guard affinityTerms.allSatisfy({ $0.matches(other) }) else { return }
                for term in affinityTerms where table[term.topologyKey]!.bump(node: Int(other.node)) { total += 1 }
            }
            affinity = affinityTerms.map { table[$0.topologyKey]! }
            affinityTotal = total
        }

        var antiTable: [String: Counts] = [:]
        for term in pod.requiredAntiAffinityTerms {
            if antiTable[term.topologyKey] == nil {
                antiTable[term.topologyKey] = Counts(cluster.topology(term.topologyKey))
            }
            InterPodAffinity.forEachPod(matching: term, in: cluster) { other in
                _ = antiTable[term.topologyKey]!.bump(node: Int(other.node))
            }
        }
        antiAffinity = pod.requiredAntiAffinityTerms.map { antiTable[$0.topologyKey]! }
        matchesOwnAffinity = !affinityTerms.isEmpty && affinityTerms.allSatisfy { $0.matches(pod) }
    }

    func filter(node id: Int, pod: PodInfo, overlay: NodeOverlay?) -> FilterStatus {
        let victims = overlay.flatMap { $0.node == id ? $0.removed : nil } ?? []
        // The pod's required affinity.
        if !affinity.isEmpty {
            let terms = pod.requiredAffinityTerms
            let victimsMatchingAll =
                victims.isEmpty ? 0 : victims.count(where: { victim in terms.allSatisfy { $0.matches(victim) } })
            var podsExist = true
            var total = affinityTotal
            for index in affinity.indices {
                let (value, count) = affinity[index].lookup(id)
                if value < 0 { return .unresolvable(Reason.affinityRulesMismatch) }
                if count - victimsMatchingAll <= 0 { podsExist = false }
                total -= victimsMatchingAll
            }
            if !podsExist && !(total == 0 && matchesOwnAffinity) {
                return .unresolvable(Reason.affinityRulesMismatch)
            }
        }
        // The pod's required anti-affinity.
        for index in antiAffinity.indices {
            let (value, count) = antiAffinity[index].lookup(id)
            guard value >= 0, count > 0 else { continue }
            var removed = 0
            if !victims.isEmpty {
                let key = antiAffinity[index].key
                for term in pod.requiredAntiAffinityTerms where term.topologyKey == key {
                    removed += victims.count(where: { term.matches($0) })
                }
            }
            if count - removed > 0 { return .unschedulable(Reason.antiAffinityRulesMismatch) }
        }
        // The existing pods' required anti-affinity.
        for index in existingAntiAffinity.indices {
            let (value, count) = existingAntiAffinity[index].lookup(id)
            guard value >= 0, count > 0 else { continue }
            var removed = 0
            let key = existingAntiAffinity[index].key
            for victim in victims {
                for term in victim.requiredAntiAffinityTerms where term.topologyKey == key && term.matches(pod) {
                    removed += 1
                }
            }
            if count - removed > 0 { return .unschedulable(Reason.existingAntiAffinityMismatch) }
        }
        return .success
    }
}
