/// Keeps a number of identical pods running (`apps/v1 ReplicaSet`).
public struct ReplicaSet: APIObject, Hashable, Sendable, Codable {
    /// `apps/v1`.
    public static let apiVersion = "apps/v1"
    /// `ReplicaSet`.
    public static let kind = "ReplicaSet"

    /// The schema version as written; ``ReplicaSet/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``ReplicaSet/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ReplicaSetSpec?
    /// The observed state.
    public var status: ReplicaSetStatus?

    /// A ReplicaSet.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: ReplicaSetSpec? = nil, status: ReplicaSetStatus? = nil) {
        self.apiVersion = ReplicaSet.apiVersion
        self.kind = ReplicaSet.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a ReplicaSet (`apps/v1 ReplicaSetSpec`).
public struct ReplicaSetSpec: Hashable, Sendable, Codable {
    /// The desired number of pods; defaults to 1.
    public var replicas: Int?
    /// Seconds a new pod must be ready before it counts as available.
    public var minReadySeconds: Int?
    /// The pods the ReplicaSet manages; must match the template's labels.
    public var selector: LabelSelector?
    /// The pods made.
    public var template: PodTemplateSpec?

    /// A spec.
    public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

/// The observed state of a ReplicaSet (`apps/v1 ReplicaSetStatus`).
public struct ReplicaSetStatus: Hashable, Sendable, Codable {
    /// Pods (not terminating).
    public var replicas: Int?
    /// Pods whose labels match the template's.
    public var fullyLabeledReplicas: Int?
    /// Ready pods.
    public var readyReplicas: Int?
    /// Pods ready for at least `minReadySeconds`.
    public var availableReplicas: Int?
    /// Pods that are terminating.
    public var terminatingReplicas: Int?
    /// The generation the controller last acted on.
    public var observedGeneration: Int64?
    /// `ReplicaFailure`.
    public var conditions: [ReplicaSetCondition]?

    /// A status.
    public init(replicas: Int? = nil) { self.replicas = replicas }
}

/// A condition of a ReplicaSet (`apps/v1 ReplicaSetCondition`).
public struct ReplicaSetCondition: Hashable, Sendable, Codable {
    /// `ReplicaFailure`.
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
    public init(type: String? = nil, status: String? = nil, reason: String? = nil, message: String? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }
}
