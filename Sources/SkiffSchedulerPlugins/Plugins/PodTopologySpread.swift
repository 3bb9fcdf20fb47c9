import Foundation
import SkiffAPI
import SkiffPluginKit

/// `PodTopologySpread`: `DoNotSchedule` constraints filter nodes whose domain would exceed
/// `maxSkew`; `ScheduleAnyway` constraints (or the system defaults, for pods of a ReplicaSet,
/// StatefulSet or ReplicationController) score nodes by how many matching pods their domains hold.
struct PodTopologySpread: Sendable {
    /// A compiled constraint (`topologySpreadConstraint`).
    struct Constraint: Sendable {
        let maxSkew: Int
        let topologyKey: String
        let selector: LabelMatcher
        let minDomains: Int
        let honorNodeAffinity: Bool
        let honorTaints: Bool

        /// Whether a node counts for the constraint (`matchNodeInclusionPolicies`).
        func includes(_ node: UnsafePointer<NodeRecord>, pod: PodInfo) -> Bool {
            if honorNodeAffinity && !pod.requiredNodeAffinity.isEmpty
                && !pod.requiredNodeAffinity.matches(labels: node.pointee.labels, name: node.pointee.name)
            {
                return false
            }
            if honorTaints && node.pointee.hasBlockingTaints
                && TolerationInfo.firstUntolerated(node.pointee.taints, pod.tolerations) != nil
            {
                return false
            }
            return true
        }

        /// Whether an existing pod counts (`countPodsMatchSelector`).
        func counts(_ existing: PodInfo, namespace: String) -> Bool {
            !selector.isEverything && !existing.terminating && existing.namespace == namespace
                && selector.matches(existing.labels)
        }
    }

    let systemDefaulting: Bool
    let defaultConstraints: [TopologySpreadConstraint]

    static let controllerKinds: Set<String> = ["ReplicaSet", "StatefulSet", "ReplicationController"]

    init(_ configuration: PluginConfiguration) {
        systemDefaulting = configuration.spreadSystemDefaulting
        defaultConstraints = configuration.spreadDefaultConstraints
    }

    /// The pod's constraints with `whenUnsatisfiable == action`, or the default ones when it has none.
    func constraints(of pod: PodInfo, action: String) -> [Constraint] {
        if !pod.spreadConstraints.isEmpty {
            return pod.spreadConstraints.filter { $0.whenUnsatisfiable == action }.map {
                compile($0, pod: pod, selector: nil)
            }
        }
        let defaults = defaultConstraints.filter { $0.whenUnsatisfiable == action }
        guard !defaults.isEmpty, pod.ownerKinds.contains(where: PodTopologySpread.controllerKinds.contains) else {
            return []
        }
        // The controller's selector is approximated by the pod's own labels (controllers stamp
        // their selector's labels on the pods they create).
        let selector = LabelMatcher(set: pod.labels)
        if selector.isEverything { return [] }
        return defaults.map { compile($0, pod: pod, selector: selector) }
    }

    private func compile(_ constraint: TopologySpreadConstraint, pod: PodInfo, selector: LabelMatcher?) -> Constraint {
        var matcher = selector ?? LabelMatcher(constraint.labelSelector)
        if selector == nil {
            let extra = (constraint.matchLabelKeys ?? []).sorted().compactMap { key in
                pod.labels[key].map { LabelRequirement(equals: key, $0) }
            }
            matcher = matcher.adding(extra)
        }
        return Constraint(
            maxSkew: constraint.maxSkew ?? 1, topologyKey: constraint.topologyKey ?? "", selector: matcher,
            minDomains: constraint.minDomains ?? 1, honorNodeAffinity: constraint.nodeAffinityPolicy != "Ignore",
            honorTaints: constraint.nodeTaintsPolicy == "Honor")
    }

    /// Whether `labels` have every constraint's topology key.
    static func hasAllKeys(_ labels: [String: String], _ constraints: [Constraint]) -> Bool {
        for constraint in constraints where labels[constraint.topologyKey] == nil { return false }
        return true
    }

    // MARK: Filter

    func preFilter(_ cycle: SchedulingCycle, cluster: ClusterState) -> PluginResult {
        let constraints = constraints(of: cycle.pod, action: "DoNotSchedule")
        if constraints.isEmpty { return .skip }
        cycle.spreadFilter = TopologySpreadFilterState(constraints: constraints, pod: cycle.pod, cluster: cluster)
        return .success
    }

    func filter(_ cycle: SchedulingCycle, node id: Int, overlay: NodeOverlay?) -> FilterStatus {
        guard let state = cycle.spreadFilter else { return .success }
        return state.filter(node: id, pod: cycle.pod, overlay: overlay)
    }

    // MARK: Score

    func preScore(_ cycle: SchedulingCycle, cluster: ClusterState, nodes: UnsafeBufferPointer<Int32>) -> PluginResult {
        let pod = cycle.pod
        let constraints = constraints(of: pod, action: "ScheduleAnyway")
        if constraints.isEmpty || cluster.nodeCount == 0 { return .skip }
        let requireAllTopologies = !pod.spreadConstraints.isEmpty || !systemDefaulting
        cycle.spreadScore = TopologySpreadScoreState(
            constraints: constraints, pod: pod, cluster: cluster, feasible: nodes,
            requireAllTopologies: requireAllTopologies)
        return .success
    }

    func normalize(
        _ cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        guard let state = cycle.spreadScore else { return }
        var minScore = Int64.max
        var maxScore: Int64 = 0
        for index in nodes.indices where !state.isIgnored(Int(nodes[index])) {
            minScore = min(minScore, scores[index])
            maxScore = max(maxScore, scores[index])
        }
        for index in nodes.indices {
            if state.isIgnored(Int(nodes[index])) {
                scores[index] = 0
            } else if maxScore == 0 {
                scores[index] = ScoreNormalizer.maxNodeScore
            } else {
                scores[index] = ScoreNormalizer.maxNodeScore * (maxScore + minScore - scores[index]) / maxScore
            }
        }
    }
}
