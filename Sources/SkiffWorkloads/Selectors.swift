import SkiffAPI

/// What a workload's `spec.selector` selects.
public enum Selectors {
    /// The query a LabelSelector means; nil when it is invalid or empty (an empty selector on a
    /// workload would select every pod, which Kubernetes forbids).
    public static func query(_ selector: LabelSelector?) -> LabelQuery? {
        let expressions = (selector?.matchExpressions ?? []).map {
            (key: $0.key ?? "", operator: $0.operator ?? "", values: $0.values ?? [])
        }
        guard let query = try? LabelQuery(matchLabels: selector?.matchLabels, matchExpressions: expressions),
            !query.isEverything
        else { return nil }
        return query
    }
}
