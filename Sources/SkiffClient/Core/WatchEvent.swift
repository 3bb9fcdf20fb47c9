import SkiffAPI

/// One event of a watch stream.
public struct WatchEvent: Sendable {
    /// What happened.
    public enum EventType: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// A progress mark: only `metadata.resourceVersion` (and annotations) are meaningful.
        case bookmark = "BOOKMARK"
        /// The server ended the watch with a `Status` (410 Expired when too old).
        case error = "ERROR"
    }

    /// The event type.
    public var type: EventType
    /// The object (a `Status` for ``EventType/error``).
    public var object: JSONValue

    /// An event.
    public init(type: EventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// Parses one watch line `{"type":"ADDED","object":{...}}`.
    public init(line: some Sequence<UInt8>) throws(ClientError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw ClientError(code: 0, reason: "BadWatchEvent", message: "a watch line is not JSON: \(error)")
        }
        guard let typeName = value["type"]?.stringValue, let type = EventType(rawValue: typeName),
            let object = value["object"]
        else {
            throw ClientError(code: 0, reason: "BadWatchEvent", message: "a watch line has no type or object")
        }
        self.init(type: type, object: object)
    }

    /// The object's `metadata.resourceVersion`.
    public var resourceVersion: String? { object["metadata"]?["resourceVersion"]?.stringValue }

    /// The `Status` of an error event as a ``ClientError``.
    public var error: ClientError? {
        guard type == .error else { return nil }
        let code = object["code"]?.intValue.map { Int($0) } ?? 500
        return ClientError.from(status: code, body: object.serialized())
    }
}
