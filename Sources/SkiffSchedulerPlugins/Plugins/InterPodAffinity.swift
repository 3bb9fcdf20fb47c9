import SkiffPluginKit

/// `InterPodAffinity`: Filter enforces the pod's required affinity and anti-affinity and the
/// existing pods' required anti-affinity towards it; Score weighs preferred terms both ways (and
/// existing pods' required affinity with `hardPodAffinityWeight`).
struct InterPodAffinity: Sendable {
    let hardPodAffinityWeight: Int64
    let ignorePreferredTermsOfExistingPods: Bool

    init(_ configuration: PluginConfiguration) {
        hardPodAffinityWeight = configuration.hardPodAffinityWeight
        ignorePreferredTermsOfExistingPods = configuration.ignorePreferredTermsOfExistingPods
    }

    /// Calls `body` with every pod on a present node `term` matches.
    static func forEachPod(matching term: AffinityTerm, in cluster: ClusterState, _ body: (PodInfo) -> Void) {
        cluster.forEachPod(
            matching: term.selector, namespaces: term.listedNamespaces, namespaceAllowed: term.covers(namespace:), body)
    }

    // MARK: Filter

    func preFilter(_ cycle: SchedulingCycle, cluster: ClusterState) -> PluginResult {
        let state = InterPodAffinityFilterState(pod: cycle.pod, cluster: cluster)
        if state.existingAntiAffinity.isEmpty && cycle.pod.requiredAffinityTerms.isEmpty
            && cycle.pod.requiredAntiAffinityTerms.isEmpty
        {
            return .skip
        }
        cycle.affinityFilter = state
        return .success
    }

    func filter(_ cycle: SchedulingCycle, node id: Int, overlay: NodeOverlay?) -> FilterStatus {
        guard let state = cycle.affinityFilter else { return .success }
        return state.filter(node: id, pod: cycle.pod, overlay: overlay)
    }

    // MARK: Score

    func preScore(_ cycle: SchedulingCycle, cluster: ClusterState) -> PluginResult {
        let pod = cycle.pod
        let hasPreferred = !pod.preferredAffinityTerms.isEmpty || !pod.preferredAntiAffinityTerms.isEmpty
        if ignorePreferredTermsOfExistingPods && !hasPreferred { return .skip }
        var scores: [String: [Int32: Int64]] = [:]
        var topologies: [String: TopologyKeyIndex] = [:]
        func add(_ key: String, node: Int32, _ weight: Int64) {
            if topologies[key] == nil { topologies[key] = cluster.topology(key) }
            let value = topologies[key]!.value(of: Int(node))
            if value >= 0 { scores[key, default: [:]][value, default: 0] += weight }
        }
        for term in pod.preferredAffinityTerms {
            InterPodAffinity.forEachPod(matching: term, in: cluster) {
                add(term.topologyKey, node: $0.node, term.weight)
            }
        }
        for term in pod.preferredAntiAffinityTerms {
            InterPodAffinity.forEachPod(matching: term, in: cluster) {
                add(term.topologyKey, node: $0.node, -term.weight)
            }
        }
        for existing in cluster.podsWithAffinity.values {
            if hardPodAffinityWeight > 0 {
                for term in existing.requiredAffinityTerms where term.matches(pod) {
                    add(term.topologyKey, node: existing.node, hardPodAffinityWeight)
                }
            }
            for term in existing.preferredAffinityTerms where term.matches(pod) {
                add(term.topologyKey, node: existing.node, term.weight)
            }
            for term in existing.preferredAntiAffinityTerms where term.matches(pod) {
                add(term.topologyKey, node: existing.node, -term.weight)
            }
        }
        if scores.isEmpty { return .skip }
        cycle.affinityScore = InterPodAffinityScoreState(
            entries: scores.keys.sorted().map { key in
                let topology = topologies[key]!
                var weights = [Int64](repeating: 0, count: topology.values.count)
                for (value, weight) in scores[key]! { weights[Int(value)] = weight }
                return InterPodAffinityScoreState.Entry(topology: topology, weights: weights)
            })
        return .success
    }

    func normalize(_ cycle: SchedulingCycle, scores: UnsafeMutableBufferPointer<Int64>) {
        guard cycle.affinityScore != nil, !scores.isEmpty else { return }
        var minCount = Int64.max
        var maxCount = Int64.min
        for score in scores {
            maxCount = max(maxCount, score)
            minCount = min(minCount, score)
        }
        let difference = maxCount - minCount
        for index in scores.indices {
            var normalized = 0.0
            if difference > 0 {
                normalized =
                    Double(ScoreNormalizer.maxNodeScore) * (Double(scores[index] - minCount) / Double(difference))
            }
            scores[index] = Int64(normalized)
        }
    }
}
