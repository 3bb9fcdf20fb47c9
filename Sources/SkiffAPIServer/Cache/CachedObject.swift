import SkiffAPI

/// One object as the watch cache holds it: the JSON a client receives (with its resourceVersion
/// set), plus what selectors look at. The parsed tree is not kept: 10,000 pods as bytes cost a
/// tenth of what they cost as trees.
struct CachedObject: Sendable {
    /// The store key.
    var key: String
    /// The namespace ("" for cluster-scoped objects).
    var namespace: String
    /// The name.
    var name: String
    /// The revision this state was written at (the object's resourceVersion).
    var revision: Int64
    /// The object as sent to clients (in the version it is stored in).
    var wire: [UInt8]
    /// The `apiVersion` of ``wire``.
    var apiVersion: String
    /// `metadata.labels`.
    var labels: [String: String]
    /// The selectable fields and their values.
    var fields: [String: String]

    /// Builds the cached form of a stored value written at `revision`.
    init(key: String, value: [UInt8], revision: Int64, resource: ResourceType) throws {
        var object = try JSONParser.parse(value)
        object[path: ["metadata", "resourceVersion"]] = .string(String(revision))
        self.init(key: key, object: object, revision: revision, resource: resource)
    }

    /// Builds the cached form of an object whose resourceVersion is already set.
    init(key: String, object: JSONValue, revision: Int64, resource: ResourceType) {
        self.key = key
        self.revision = revision
        let metadata = object["metadata"]
        apiVersion = object["apiVersion"]?.stringValue ?? ""
        namespace = metadata?["namespace"]?.stringValue ?? ""
        name = metadata?["name"]?.stringValue ?? ""
        var labels: [String: String] = [:]
        for (key, value) in metadata?["labels"]?.objectValue ?? [:] {
            if let text = value.stringValue { labels[key] = text }
        }
        self.labels = labels
        fields = resource.selectableFields.values(object)
        wire = object.serialized()
    }

    /// The parsed object (with its resourceVersion).
    func parsed() throws -> JSONValue { try JSONParser.parse(wire) }

    /// This state, as a DELETED event reports it: the last state with the deletion's revision.
    func deleted(at revision: Int64) -> CachedObject {
        var copy = self
        copy.revision = revision
        if var object = try? parsed() {
            object[path: ["metadata", "resourceVersion"]] = .string(String(revision))
            copy.wire = object.serialized()
        }
        return copy
    }
}
