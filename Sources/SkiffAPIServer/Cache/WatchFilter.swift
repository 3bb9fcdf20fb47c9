import SkiffAPI

/// Which objects a list or watch wants: a namespace, label and field selectors.
struct WatchFilter: Sendable {
    /// Only objects in this namespace; nil means all.
    var namespace: String?
    /// The label selector.
    var labels: LabelQuery?
    /// The field selector.
    var fields: FieldQuery?

    /// Everything.
    static let everything = WatchFilter(namespace: nil, labels: nil, fields: nil)

    /// Whether `object` passes.
    func matches(_ object: CachedObject) -> Bool {
        if let namespace, object.namespace != namespace { return false }
        if let labels, !labels.matches(object.labels) { return false }
        if let fields, !fields.matches(object.fields) { return false }
        return true
    }
}
