/// Declarative updates for pods through ReplicaSets (`apps/v1 Deployment`).
public struct Deployment: APIObject, Hashable, Sendable, Codable {
    /// `apps/v1`.
    public static let apiVersion = "apps/v1"
    /// `Deployment`.
    public static let kind = "Deployment"

    /// The schema version as written; ``Deployment/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Deployment/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: DeploymentSpec?
    /// The observed state.
    public var status: DeploymentStatus?

    /// A deployment.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: DeploymentSpec? = nil, status: DeploymentStatus? = nil) {
        self.apiVersion = Deployment.apiVersion
        self.kind = Deployment.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a deployment (`apps/v1 DeploymentSpec`).
public struct DeploymentSpec: Hashable, Sendable, Codable {
    /// The desired number of pods; defaults to 1.
    public var replicas: Int?
    /// The pods the deployment manages; must match the template's labels.
    public var selector: LabelSelector?
    /// The pods made.
    public var template: PodTemplateSpec?
    /// How old pods are replaced by new ones.
    public var strategy: DeploymentStrategy?
    /// Seconds a new pod must be ready before it counts as available.
    public var minReadySeconds: Int?
    /// How many old ReplicaSets are kept for rollback; defaults to 10.
    public var revisionHistoryLimit: Int?
    /// Whether rollouts are paused.
    public var paused: Bool?
    /// Seconds without progress before the rollout is reported failed; defaults to 600.
    public var progressDeadlineSeconds: Int?

    /// A spec.
    public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

/// How a deployment replaces pods (`apps/v1 DeploymentStrategy`).
public struct DeploymentStrategy: Hashable, Sendable, Codable {
    /// `RollingUpdate` (the default) or `Recreate`.
    public var type: String?
    /// Rolling update parameters.
    public var rollingUpdate: RollingUpdateDeployment?

    /// A strategy.
    public init(type: String? = nil, rollingUpdate: RollingUpdateDeployment? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
}

/// Rolling update parameters (`apps/v1 RollingUpdateDeployment`).
public struct RollingUpdateDeployment: Hashable, Sendable, Codable {
    /// How many pods (or what percentage) may be unavailable; defaults to `25%`.
    public var maxUnavailable: IntOrString?
    /// How many pods (or what percentage) may exist above the desired number; defaults to `25%`.
    public var maxSurge: IntOrString?

    /// Parameters.
    public init(maxUnavailable: IntOrString? = nil, maxSurge: IntOrString? = nil) {
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }
}

/// The observed state of a deployment (`apps/v1 DeploymentStatus`).
public struct DeploymentStatus: Hashable, Sendable, Codable {
    /// The generation the controller last acted on.
    public var observedGeneration: Int64?
    /// Pods (not terminating) of all its ReplicaSets.
    public var replicas: Int?
    /// Pods of the newest template.
    public var updatedReplicas: Int?
    /// Ready pods.
    public var readyReplicas: Int?
    /// Pods ready for at least `minReadySeconds`.
    public var availableReplicas: Int?
    /// Pods still needed for full availability.
    public var unavailableReplicas: Int?
    /// Pods that are terminating.
    public var terminatingReplicas: Int?
    /// `Available`, `Progressing`, `ReplicaFailure`.
    public var conditions: [DeploymentCondition]?
    /// Bumped on a hash collision of the template, to name new ReplicaSets.
    public var collisionCount: Int?

    /// An empty status.
    public init() {}
}

/// A condition of a deployment (`apps/v1 DeploymentCondition`).
public struct DeploymentCondition: Hashable, Sendable, Codable {
    /// `Available`, `Progressing` or `ReplicaFailure`.
    public var type: String?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// When the condition was last updated.
    public var lastUpdateTime: Time?
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
