import SkiffAPI
import SkiffPluginKit

/// A weighted node preference (`nodeaffinity.PreferredSchedulingTerms`).
struct PreferredNodeTerm: Sendable {
    let weight: Int64
    let term: NodeSelectorTermMatcher

    /// The scorable preferences of `terms` (zero weights dropped, as kube does).
    static func compile(_ terms: [PreferredSchedulingTerm]) -> [PreferredNodeTerm] {
        terms.compactMap { term in
            guard let weight = term.weight, weight != 0 else { return nil }
            return PreferredNodeTerm(weight: Int64(weight), term: NodeSelectorTermMatcher(term.preference))
        }
    }

    /// The sum of the weights of the terms a node matches.
    static func score(_ terms: [PreferredNodeTerm], labels: [String: String], name: String) -> Int64 {
        var total: Int64 = 0
        for term in terms where term.term.matches(labels: labels, name: name) { total += term.weight }
        return total
    }
}
