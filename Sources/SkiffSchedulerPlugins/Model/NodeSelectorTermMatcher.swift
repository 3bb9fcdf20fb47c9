import SkiffAPI
import SkiffPluginKit

/// One compiled node selector term (`nodeaffinity.nodeSelectorTerm`): label requirements ANDed with
/// field requirements on `metadata.name`. An empty or invalid term matches no node.
struct NodeSelectorTermMatcher: Sendable {
    /// A `matchFields` requirement: the field equals (or differs from) a value.
    struct FieldRequirement: Sendable {
        let key: String
        let value: String
        let equal: Bool
    }

    let labelRequirements: [LabelRequirement]?
    let fieldRequirements: [FieldRequirement]?
    let valid: Bool

    /// Compiles a term as `newNodeSelectorTerm` does.
    init(_ term: NodeSelectorTerm?) {
        var valid = true
        var labels: [LabelRequirement]?
        var fields: [FieldRequirement]?
        let expressions = term?.matchExpressions ?? []
        if !expressions.isEmpty {
            var compiled: [LabelRequirement] = []
            for expression in expressions {
                if let requirement = LabelRequirement(
                    key: expression.key ?? "", operator: expression.operator ?? "", values: expression.values ?? [],
                    allowNumeric: true)
                {
                    compiled.append(requirement)
                } else {
                    valid = false
                }
            }
            labels = compiled
        }
        let fieldExpressions = term?.matchFields ?? []
        if !fieldExpressions.isEmpty {
            var compiled: [FieldRequirement] = []
            for expression in fieldExpressions {
                let values = expression.values ?? []
                guard values.count == 1, expression.operator == "In" || expression.operator == "NotIn" else {
                    valid = false
                    continue
                }
                compiled.append(
                    FieldRequirement(key: expression.key ?? "", value: values[0], equal: expression.operator == "In"))
            }
            fields = compiled
        }
        labelRequirements = labels
        fieldRequirements = fields
        self.valid = valid
    }

    /// Whether a node with `labels` and `name` matches.
    func matches(labels: [String: String], name: String) -> Bool {
        guard valid, labelRequirements != nil || fieldRequirements != nil else { return false }
        if let labelRequirements {
            for requirement in labelRequirements where !requirement.matches(labels) { return false }
        }
        if let fieldRequirements, !name.isEmpty {
            for requirement in fieldRequirements {
                let actual = requirement.key == "metadata.name" ? name : ""
                if (actual == requirement.value) != requirement.equal { return false }
            }
        }
        return true
    }

    /// The node names an `In` requirement on `metadata.name` allows, intersected; `nil` when unconstrained.
    var requiredNodeNames: Set<String>? {
        var names: Set<String>?
        for requirement in fieldRequirements ?? [] where requirement.key == "metadata.name" && requirement.equal {
            let set: Set<String> = [requirement.value]
            names = names.map { $0.intersection(set) } ?? set
        }
        return names
    }
}
