/// The metadata every persisted object carries (`metav1.ObjectMeta`).
public struct ObjectMeta: Hashable, Sendable, Codable {
    /// Unique within a namespace (or the cluster, for cluster-scoped kinds).
    public var name: String?
    /// A prefix from which the server makes a unique name (five random characters appended).
    public var generateName: String?
    /// The namespace; empty for cluster-scoped kinds.
    public var namespace: String?
    /// Set by the server at creation; never changes.
    public var uid: String?
    /// The store revision of the last change, as an opaque decimal string.
    public var resourceVersion: String?
    /// Bumped by the server on every change to the desired state (spec).
    public var generation: Int64?
    /// Set by the server at creation.
    public var creationTimestamp: Time?
    /// Set by the server when deletion was requested while finalizers or a grace period remain.
    public var deletionTimestamp: Time?
    /// The grace period the deletion was requested with.
    public var deletionGracePeriodSeconds: Int64?
    /// Identifying key/value pairs that selectors match.
    public var labels: [String: String]?
    /// Non-identifying key/value pairs.
    public var annotations: [String: String]?
    /// The objects this one belongs to (garbage collection, controllers).
    public var ownerReferences: [OwnerReference]?
    /// Names of the parties that must act before the object may be removed.
    public var finalizers: [String]?
    /// Server-side apply bookkeeping; kept verbatim.
    public var managedFields: [JSONValue]?
    /// Deprecated and ignored by the server; kept so old manifests round-trip.
    public var selfLink: String?

    /// Metadata with the given identity.
    public init(name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
    }
}

/// A reference to an owning object (`metav1.OwnerReference`).
public struct OwnerReference: Hashable, Sendable, Codable {
    /// The owner's API version, `apps/v1`.
    public var apiVersion: String
    /// The owner's kind, `ReplicaSet`.
    public var kind: String
    /// The owner's name.
    public var name: String
    /// The owner's uid.
    public var uid: String
    /// Whether the owner is the managing controller (at most one reference may say so).
    public var controller: Bool?
    /// Whether foreground deletion of the owner waits for this object.
    public var blockOwnerDeletion: Bool?

    /// A reference to `owner`.
    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// The metadata of a list (`metav1.ListMeta`).
public struct ListMeta: Hashable, Sendable, Codable {
    /// The store revision the list was read at.
    public var resourceVersion: String?
    /// A token for the next page, when the list was limited.
    public var `continue`: String?
    /// How many items remain after this page, when known.
    public var remainingItemCount: Int64?

    /// List metadata at a revision.
    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}

/// The two fields that name a serialized object's schema (`metav1.TypeMeta`).
public struct TypeMeta: Hashable, Sendable, Codable {
    /// `group/version`, or `v1` for the core group.
    public var apiVersion: String?
    /// The kind, `Pod`.
    public var kind: String?

    /// Type metadata.
    public init(apiVersion: String? = nil, kind: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
    }
}

/// An object that lives in the API: a kind with metadata.
public protocol APIObject: Codable, Sendable {
    /// The group/version the Swift type models, `apps/v1`.
    static var apiVersion: String { get }
    /// The kind the Swift type models, `Deployment`.
    static var kind: String { get }
    /// The object's metadata.
    var metadata: ObjectMeta { get set }
}

extension KeyedDecodingContainer {
    /// Decodes `metadata` as empty when it is absent or null, as Go does: every kind's synthesized
    /// `init(from:)` picks this overload for its non-optional ``ObjectMeta``.
    public func decode(_ type: ObjectMeta.Type, forKey key: Key) throws -> ObjectMeta {
        try decodeIfPresent(type, forKey: key) ?? ObjectMeta()
    }
}
