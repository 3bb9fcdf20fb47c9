import SkiffAPI
import SkiffPluginKit

/// A compiled pod (anti-)affinity term (`framework.AffinityTerm`) with its weight.
///
/// Namespaces: the listed ones, plus those `namespaceSelector` matches. An empty selector matches
/// every namespace; since namespace labels are not in the model, a non-empty selector is evaluated
/// against the one label every namespace carries, `kubernetes.io/metadata.name`.
struct AffinityTerm: Sendable {
    let selector: LabelMatcher
    let namespaces: Set<String>
    let namespaceSelector: LabelMatcher
    let topologyKey: String
    let weight: Int64

    static let namespaceNameLabel = "kubernetes.io/metadata.name"

    /// A term of a pod in `namespace` with `labels` (for `matchLabelKeys`/`mismatchLabelKeys`).
    init(_ term: PodAffinityTerm, weight: Int64, namespace: String, labels: [String: String]) {
        var extra: [LabelRequirement] = []
        for key in term.matchLabelKeys ?? [] {
            if let value = labels[key] { extra.append(LabelRequirement(equals: key, value)) }
        }
        for key in term.mismatchLabelKeys ?? [] {
            if let value = labels[key] { extra.append(LabelRequirement(notEquals: key, value)) }
        }
        selector = LabelMatcher(term.labelSelector).adding(extra)
        let listed = term.namespaces ?? []
        if listed.isEmpty && term.namespaceSelector == nil {
            namespaces = [namespace]
        } else {
            namespaces = Set(listed)
        }
        namespaceSelector = LabelMatcher(term.namespaceSelector)
        topologyKey = term.topologyKey ?? ""
        self.weight = weight
    }

    /// Whether the term reaches pods of `namespace`.
    @inline(__always)
    func covers(namespace: String) -> Bool {
        if namespaces.contains(namespace) { return true }
        switch namespaceSelector.form {
        case .nothing: return false
        case .everything: return true
        case .requirements: return namespaceSelector.matches([AffinityTerm.namespaceNameLabel: namespace])
        }
    }

    /// The namespaces the term reaches when they can be listed (`nil`: possibly any namespace).
    var listedNamespaces: Set<String>? {
        namespaceSelector.form == .nothing ? namespaces : nil
    }

    /// Whether the term matches `pod` (`AffinityTerm.Matches`).
    @inline(__always)
    func matches(_ pod: PodInfo) -> Bool {
        covers(namespace: pod.namespace) && selector.matches(pod.labels)
    }
}
