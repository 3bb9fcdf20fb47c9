import SkiffAPI
import SkiffPluginKit

/// `NodeAffinity`: Filter enforces `spec.nodeSelector` and required node affinity (and the
/// scheduler's `addedAffinity`); Score sums the weights of the preferred terms a node matches.
struct NodeAffinityPlugin: Sendable {
    /// `addedAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    let addedRequired: RequiredNodeAffinity?
    /// `addedAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    let addedPreferred: [PreferredNodeTerm]?

    static let conflictReason = "pod affinity terms conflict"

    init(added: SkiffAPI.NodeAffinity?) {
        addedRequired = added?.requiredDuringSchedulingIgnoredDuringExecution.map {
            RequiredNodeAffinity(selector: nil, nodeSelector: $0)
        }
        addedPreferred = added?.preferredDuringSchedulingIgnoredDuringExecution.map(PreferredNodeTerm.compile)
    }

    /// Skips pods without node constraints; fails when the terms' `metadata.name` requirements
    /// leave no node possible.
    func preFilter(_ cycle: SchedulingCycle) -> PluginResult {
        let required = cycle.pod.requiredNodeAffinity
        if required.isEmpty && addedRequired == nil { return .skip }
        guard let terms = required.terms else { return .success }
        var names: Set<String>?
        for term in terms {
            guard let termNames = term.requiredNodeNames else { return .success }
            names = names.map { $0.union(termNames) } ?? termNames
        }
        if let names, names.isEmpty {
            return PluginResult(code: .unschedulableAndUnresolvable, reason: NodeAffinityPlugin.conflictReason)
        }
        return .success
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> FilterStatus {
        if let addedRequired, !addedRequired.matches(labels: node.pointee.labels, name: node.pointee.name) {
            return .unresolvable(Reason.enforcedNodeAffinityMismatch)
        }
        if !pod.requiredNodeAffinity.matches(labels: node.pointee.labels, name: node.pointee.name) {
            return .unresolvable(Reason.nodeAffinityMismatch)
        }
        return .success
    }

    /// Skips pods without preferred terms (when none are added either).
    func preScore(_ cycle: SchedulingCycle) -> PluginResult {
        cycle.pod.preferredNodeAffinity == nil && addedPreferred == nil ? .skip : .success
    }

    @inline(__always)
    func score(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> Int64 {
        var total: Int64 = 0
        if let addedPreferred {
            total += PreferredNodeTerm.score(addedPreferred, labels: node.pointee.labels, name: node.pointee.name)
        }
        if let preferred = pod.preferredNodeAffinity {
            total += PreferredNodeTerm.score(preferred, labels: node.pointee.labels, name: node.pointee.name)
        }
        return total
    }

    func normalize(_ scores: UnsafeMutableBufferPointer<Int64>) {
        ScoreNormalizer.defaultNormalize(scores, reverse: false)
    }
}
