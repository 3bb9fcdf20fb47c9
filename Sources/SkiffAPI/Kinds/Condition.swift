/// The standard condition of newer API types (`metav1.Condition`), as in `Service.status.conditions`.
public struct Condition: Hashable, Sendable, Codable {
    /// The condition type in CamelCase, `Ready`.
    public var type: String?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// The `metadata.generation` the condition was set for.
    public var observedGeneration: Int64?
    /// When the status last changed.
    public var lastTransitionTime: Time?
    /// A CamelCase reason for the last transition.
    public var reason: String?
    /// For people.
    public var message: String?

    /// A condition.
    public init(
        type: String? = nil, status: String? = nil, observedGeneration: Int64? = nil,
        lastTransitionTime: Time? = nil, reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}
