import SkiffAPI
import SkiffPluginKit

/// A compiled label selector (`labels.Selector` from `metav1.LabelSelectorAsSelector`): a `nil`
/// selector matches nothing, an empty one everything, otherwise all requirements must hold.
struct LabelMatcher: Sendable {
    /// The three shapes a selector takes.
    enum Form: Sendable {
        case nothing
        case everything
        case requirements
    }

    let form: Form
    let requirements: [LabelRequirement]

    /// Matches nothing.
    static let nothing = LabelMatcher(form: .nothing, requirements: [])
    /// Matches everything.
    static let everything = LabelMatcher(form: .everything, requirements: [])

    private init(form: Form, requirements: [LabelRequirement]) {
        self.form = form
        self.requirements = requirements
    }

    /// The selector `selector` means; an invalid one (unknown operator, wrong values) matches nothing.
    init(_ selector: LabelSelector?) {
        guard let selector else {
            self = .nothing
            return
        }
        let labels = selector.matchLabels ?? [:]
        let expressions = selector.matchExpressions ?? []
        if labels.isEmpty && expressions.isEmpty {
            self = .everything
            return
        }
        var requirements: [LabelRequirement] = []
        for key in labels.keys.sorted() {
            requirements.append(LabelRequirement(equals: key, labels[key] ?? ""))
        }
        for expression in expressions {
            guard
                let requirement = LabelRequirement(
                    key: expression.key ?? "", operator: expression.operator ?? "", values: expression.values ?? [],
                    allowNumeric: false)
            else {
                self = .nothing
                return
            }
            requirements.append(requirement)
        }
        self.init(form: .requirements, requirements: requirements)
    }

    /// A selector requiring every `key=value` of `labels` (`labels.SelectorFromSet`); empty labels match everything.
    init(set labels: [String: String]) {
        if labels.isEmpty {
            self = .everything
            return
        }
        self.init(
            form: .requirements, requirements: labels.keys.sorted().map { LabelRequirement(equals: $0, labels[$0]!) })
    }

    /// This selector with `extra` requirements ANDed (`matchLabelKeys` merging). Nothing stays nothing.
    func adding(_ extra: [LabelRequirement]) -> LabelMatcher {
        if extra.isEmpty || form == .nothing { return self }
        return LabelMatcher(form: .requirements, requirements: extra + requirements)
    }

    /// Whether the selector has no requirements (`Selector.Empty()`): true only for "everything".
    var isEverything: Bool { form == .everything }

    /// Whether `labels` match.
    @inline(__always)
    func matches(_ labels: [String: String]) -> Bool {
        switch form {
        case .nothing: return false
        case .everything: return true
        case .requirements:
            for requirement in requirements where !requirement.matches(labels) { return false }
            return true
        }
    }
}
