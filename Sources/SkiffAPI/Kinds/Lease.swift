/// A lease for leader election and node heartbeats (`coordination.k8s.io/v1 Lease`).
public struct Lease: APIObject, Hashable, Sendable, Codable {
    /// `coordination.k8s.io/v1`.
    public static let apiVersion = "coordination.k8s.io/v1"
    /// `Lease`.
    public static let kind = "Lease"

    /// The schema version as written; ``Lease/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Lease/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The lease's state.
    public var spec: LeaseSpec?

    /// A lease.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: LeaseSpec? = nil) {
        self.apiVersion = Lease.apiVersion
        self.kind = Lease.kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// The state of a lease (`coordination.k8s.io/v1 LeaseSpec`).
public struct LeaseSpec: Hashable, Sendable, Codable {
    /// Who holds the lease.
    public var holderIdentity: String?
    /// How long a holder's claim lasts after ``renewTime``.
    public var leaseDurationSeconds: Int?
    /// When the current holder acquired the lease.
    public var acquireTime: MicroTime?
    /// When the holder last renewed the lease.
    public var renewTime: MicroTime?
    /// How often the lease changed holders.
    public var leaseTransitions: Int?
    /// The coordinated leader election strategy, `OldestEmulationVersion`.
    public var strategy: String?
    /// The candidate the holder should yield to.
    public var preferredHolder: String?

    /// A lease state.
    public init(holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, renewTime: MicroTime? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.renewTime = renewTime
    }
}
