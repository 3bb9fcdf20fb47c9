/// Sensitive data as key/value pairs (`v1.Secret`).
public struct Secret: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Secret`.
    public static let kind = "Secret"

    /// The schema version as written; ``Secret/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Secret/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The values, as base64 text.
    public var data: [String: String]?
    /// Plain-text values, merged into ``data`` on write and never returned.
    public var stringData: [String: String]?
    /// `Opaque` (the default), `kubernetes.io/tls`, `kubernetes.io/dockerconfigjson`, ...
    public var type: String?
    /// Whether the data may no longer change.
    public var immutable: Bool?

    /// A Secret.
    public init(metadata: ObjectMeta = ObjectMeta(), data: [String: String]? = nil, type: String? = nil) {
        self.apiVersion = Secret.apiVersion
        self.kind = Secret.kind
        self.metadata = metadata
        self.data = data
        self.type = type
    }
}
