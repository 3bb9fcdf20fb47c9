/// The scale subresource of a scalable kind (`autoscaling/v1 Scale`).
public struct Scale: APIObject, Hashable, Sendable, Codable {
    /// `autoscaling/v1`.
    public static let apiVersion = "autoscaling/v1"
    /// `Scale`.
    public static let kind = "Scale"

    /// The schema version as written; ``Scale/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Scale/kind`` when built here.
    public var kind: String?
    /// The scaled object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired scale.
    public var spec: ScaleSpec?
    /// The observed scale.
    public var status: ScaleStatus?

    /// A scale.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: ScaleSpec? = nil, status: ScaleStatus? = nil) {
        self.apiVersion = Scale.apiVersion
        self.kind = Scale.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired scale (`autoscaling/v1 ScaleSpec`).
public struct ScaleSpec: Hashable, Sendable, Codable {
    /// The desired number of replicas.
    public var replicas: Int?

    /// A spec.
    public init(replicas: Int? = nil) { self.replicas = replicas }
}

/// The observed scale (`autoscaling/v1 ScaleStatus`).
public struct ScaleStatus: Hashable, Sendable, Codable {
    /// The number of replicas observed.
    public var replicas: Int?
    /// The label selector of the pods, in string form (`app=web,tier in (a,b)`).
    public var selector: String?

    /// A status.
    public init(replicas: Int? = nil, selector: String? = nil) {
        self.replicas = replicas
        self.selector = selector
    }
}
