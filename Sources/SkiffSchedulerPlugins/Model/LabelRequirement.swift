import SkiffPluginKit

/// One compiled requirement on one label (`labels.Requirement`).
struct LabelRequirement: Sendable {
    /// How the label is compared.
    enum Operator: Sendable {
        case `in`
        case notIn
        case exists
        case doesNotExist
        case greaterThan
        case lessThan
    }

    let key: String
    let op: Operator
    let values: [String]
    /// The bound of `Gt`/`Lt`.
    let bound: Int64

    /// A requirement checked as `labels.NewRequirement` checks it (values and their count); `nil` when invalid.
    init?(key: String, operator text: String, values: [String], allowNumeric: Bool) {
        self.key = key
        self.values = values
        var bound: Int64 = 0
        switch text {
        case "In":
            guard !values.isEmpty else { return nil }
            op = .in
        case "NotIn":
            guard !values.isEmpty else { return nil }
            op = .notIn
        case "Exists":
            guard values.isEmpty else { return nil }
            op = .exists
        case "DoesNotExist":
            guard values.isEmpty else { return nil }
            op = .doesNotExist
        case "Gt", "Lt":
            guard allowNumeric, values.count == 1, let parsed = Int64(values[0]) else { return nil }
            bound = parsed
            op = text == "Gt" ? .greaterThan : .lessThan
        default:
            return nil
        }
        self.bound = bound
    }

    /// `key = value`.
    init(equals key: String, _ value: String) {
        self.key = key
        self.op = .in
        self.values = [value]
        self.bound = 0
    }

    /// `key notin (value)`.
    init(notEquals key: String, _ value: String) {
        self.key = key
        self.op = .notIn
        self.values = [value]
        self.bound = 0
    }

    /// Whether `labels` satisfy the requirement.
    @inline(__always)
    func matches(_ labels: [String: String]) -> Bool {
        let label = labels[key]
        switch op {
        case .in:
            guard let label else { return false }
            return values.count == 1 ? values[0] == label : values.contains(label)
        case .notIn:
            guard let label else { return true }
            return !values.contains(label)
        case .exists:
            return label != nil
        case .doesNotExist:
            return label == nil
        case .greaterThan:
            guard let label, let value = Int64(label) else { return false }
            return value > bound
        case .lessThan:
            guard let label, let value = Int64(label) else { return false }
            return value < bound
        }
    }
}
