/// A scope for names (`v1.Namespace`), cluster-scoped.
public struct Namespace: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Namespace`.
    public static let kind = "Namespace"

    /// The schema version as written; ``Namespace/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Namespace/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: NamespaceSpec?
    /// The observed state.
    public var status: NamespaceStatus?

    /// A namespace.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: NamespaceSpec? = nil, status: NamespaceStatus? = nil) {
        self.apiVersion = Namespace.apiVersion
        self.kind = Namespace.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a namespace (`v1.NamespaceSpec`).
public struct NamespaceSpec: Hashable, Sendable, Codable {
    /// Parties that must act before the namespace is removed; defaults to `["kubernetes"]`.
    public var finalizers: [String]?

    /// A spec.
    public init(finalizers: [String]? = nil) { self.finalizers = finalizers }
}

/// The observed state of a namespace (`v1.NamespaceStatus`).
public struct NamespaceStatus: Hashable, Sendable, Codable {
    /// `Active` or `Terminating`.
    public var phase: String?
    /// Conditions of the namespace's removal.
    public var conditions: [NamespaceCondition]?

    /// A status.
    public init(phase: String? = nil, conditions: [NamespaceCondition]? = nil) {
        self.phase = phase
        self.conditions = conditions
    }
}

/// A condition of a namespace (`v1.NamespaceCondition`).
public struct NamespaceCondition: Hashable, Sendable, Codable {
    /// `NamespaceDeletionDiscoveryFailure`, `NamespaceContentRemaining`, ...
    public var type: String?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// When the status last changed.
    public var lastTransitionTime: Time?
    /// A CamelCase reason for the last transition.
    public var reason: String?
    /// For people.
    public var message: String?

    /// A condition.
    public init(type: String? = nil, status: String? = nil) {
        self.type = type
        self.status = status
    }
}
