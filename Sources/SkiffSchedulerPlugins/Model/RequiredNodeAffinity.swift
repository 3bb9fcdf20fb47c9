import SkiffAPI
import SkiffPluginKit

/// A pod's hard node constraints (`nodeaffinity.RequiredNodeAffinity`): `spec.nodeSelector` ANDed
/// with the ORed required node affinity terms.
struct RequiredNodeAffinity: Sendable {
    /// `spec.nodeSelector`, sorted by key.
    let selector: [(key: String, value: String)]
    /// The required terms; `nil` when there is no required node affinity.
    let terms: [NodeSelectorTermMatcher]?

    /// No constraints.
    static let none = RequiredNodeAffinity(selector: [:], nodeSelector: nil)

    /// The constraints of a pod spec.
    init(selector: [String: String]?, nodeSelector: NodeSelector?) {
        let labels = selector ?? [:]
        self.selector = labels.keys.sorted().map { ($0, labels[$0]!) }
        terms = nodeSelector.map { ($0.nodeSelectorTerms ?? []).map(NodeSelectorTermMatcher.init) }
    }

    /// Whether nothing is required.
    var isEmpty: Bool { selector.isEmpty && terms == nil }

    /// Whether a node with `labels` and `name` satisfies the constraints.
    func matches(labels: [String: String], name: String) -> Bool {
        for (key, value) in selector where labels[key] != value { return false }
        guard let terms else { return true }
        for term in terms where term.matches(labels: labels, name: name) { return true }
        return false
    }
}
