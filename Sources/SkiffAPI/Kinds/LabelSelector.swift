/// A label query over a set of objects (`metav1.LabelSelector`): the requirements are ANDed; an empty
/// selector matches everything, a `nil` one nothing (where the API says so).
public struct LabelSelector: Hashable, Sendable, Codable {
    /// `key: value` pairs, each equivalent to an `In` requirement with one value.
    public var matchLabels: [String: String]?
    /// Set-based requirements.
    public var matchExpressions: [LabelSelectorRequirement]?

    /// A selector from labels and requirements.
    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// One set-based requirement of a ``LabelSelector`` (`metav1.LabelSelectorRequirement`).
public struct LabelSelectorRequirement: Hashable, Sendable, Codable {
    /// The label key.
    public var key: String?
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    public var `operator`: String?
    /// The values, non-empty for `In`/`NotIn` and empty for `Exists`/`DoesNotExist`.
    public var values: [String]?

    /// A requirement.
    public init(key: String? = nil, operator: String? = nil, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

extension LabelSelector {
    /// The label query this selector means (`metav1.LabelSelectorAsSelector`), `nil` when it is
    /// malformed.
    public var labelQuery: LabelQuery? {
        let expressions = (matchExpressions ?? []).map {
            (key: $0.key ?? "", operator: $0.operator ?? "", values: $0.values ?? [])
        }
        return try? LabelQuery(matchLabels: matchLabels, matchExpressions: expressions)
    }
}
