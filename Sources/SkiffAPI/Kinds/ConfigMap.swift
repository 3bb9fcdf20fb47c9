/// Non-secret configuration as key/value pairs (`v1.ConfigMap`).
public struct ConfigMap: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `ConfigMap`.
    public static let kind = "ConfigMap"

    /// The schema version as written; ``ConfigMap/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``ConfigMap/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// UTF-8 values.
    public var data: [String: String]?
    /// Binary values, as base64 text.
    public var binaryData: [String: String]?
    /// Whether the data may no longer change.
    public var immutable: Bool?

    /// A ConfigMap.
    public init(metadata: ObjectMeta = ObjectMeta(), data: [String: String]? = nil) {
        self.apiVersion = ConfigMap.apiVersion
        self.kind = ConfigMap.kind
        self.metadata = metadata
        self.data = data
    }
}
