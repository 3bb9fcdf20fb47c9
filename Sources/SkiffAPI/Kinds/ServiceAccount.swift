/// An identity for processes in pods (`v1.ServiceAccount`).
public struct ServiceAccount: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `ServiceAccount`.
    public static let kind = "ServiceAccount"

    /// The schema version as written; ``ServiceAccount/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``ServiceAccount/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// Secrets pods running as this account may use (legacy token secrets).
    public var secrets: [ObjectReference]?
    /// Secrets added to the image pull secrets of pods running as this account.
    public var imagePullSecrets: [LocalObjectReference]?
    /// Whether pods running as this account get a token mounted.
    public var automountServiceAccountToken: Bool?

    /// A service account.
    public init(metadata: ObjectMeta = ObjectMeta()) {
        self.apiVersion = ServiceAccount.apiVersion
        self.kind = ServiceAccount.kind
        self.metadata = metadata
    }
}
