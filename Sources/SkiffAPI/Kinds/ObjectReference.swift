/// A reference to an object of any kind (`v1.ObjectReference`), as in Binding targets and Events.
public struct ObjectReference: Hashable, Sendable, Codable {
    /// The referent's kind.
    public var kind: String?
    /// The referent's namespace.
    public var namespace: String?
    /// The referent's name.
    public var name: String?
    /// The referent's uid.
    public var uid: String?
    /// The referent's API version.
    public var apiVersion: String?
    /// The referent's resource version, when a specific one is meant.
    public var resourceVersion: String?
    /// A field within the referent, `spec.containers{web}`.
    public var fieldPath: String?

    /// A reference.
    public init(
        kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil,
        apiVersion: String? = nil, resourceVersion: String? = nil, fieldPath: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }
}

/// A reference by name to an object in the same namespace (`v1.LocalObjectReference`).
public struct LocalObjectReference: Hashable, Sendable, Codable {
    /// The referent's name.
    public var name: String?

    /// A reference to `name`.
    public init(name: String? = nil) { self.name = name }
}
