import SkiffAPI

/// One object in an informer's cache: its JSON bytes as the server sent them, plus the metadata
/// the cache indexes by. Bytes, not a parsed tree, keep the cache small and make a read through
/// the plugin ABI a copy.
public struct CachedItem: Sendable {
    /// `namespace/name`.
    public let key: ObjectKey
    /// The object's JSON.
    public let bytes: [UInt8]
    /// `metadata.resourceVersion`.
    public let resourceVersion: String
    /// `metadata.uid`.
    public let uid: String
    /// `metadata.labels`.
    public let labels: [String: String]

    /// An item from a parsed object (nil when it has no name).
    public init?(object: JSONValue, bytes: [UInt8]? = nil) {
        guard let key = ObjectKey(object: object) else { return nil }
        self.key = key
        self.bytes = bytes ?? object.serialized()
        let metadata = object["metadata"]
        resourceVersion = metadata?["resourceVersion"]?.stringValue ?? ""
        uid = metadata?["uid"]?.stringValue ?? ""
        var labels: [String: String] = [:]
        if let fields = metadata?["labels"]?.objectValue {
            for (name, value) in fields { if let text = value.stringValue { labels[name] = text } }
        }
        self.labels = labels
    }

    /// The object, parsed.
    public func object() throws(ClientError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw ClientError(code: 0, reason: "BadCache", message: "a cached object is not JSON: \(error)")
        }
    }

    /// The object as a model type.
    public func decode<T: APIObject>(_ type: T.Type) throws(ClientError) -> T {
        try TypedClient<T>.decode(try object())
    }
}
