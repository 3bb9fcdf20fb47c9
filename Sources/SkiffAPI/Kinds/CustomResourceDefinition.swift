/// A new kind of object the API serves (`apiextensions.k8s.io/v1 CustomResourceDefinition`).
public struct CustomResourceDefinition: APIObject, Hashable, Sendable, Codable {
    /// `apiextensions.k8s.io/v1`.
    public static let apiVersion = "apiextensions.k8s.io/v1"
    /// `CustomResourceDefinition`.
    public static let kind = "CustomResourceDefinition"
    /// The finalizer that holds a definition until its objects are deleted.
    public static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    /// The schema version as written.
    public var apiVersion: String?
    /// The kind as written.
    public var kind: String?
    /// The definition's metadata; its name is `<plural>.<group>`.
    public var metadata: ObjectMeta
    /// What the definition declares.
    public var spec: CustomResourceDefinitionSpec?
    /// What the server made of it.
    public var status: CustomResourceDefinitionStatus?

    /// A definition.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: CustomResourceDefinitionSpec? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }

    /// The version objects are stored in (the one marked `storage`).
    public var storageVersion: String? {
        spec?.versions?.first(where: { $0.storage == true })?.name
    }
}

/// The group, names, scope and versions of a definition.
public struct CustomResourceDefinitionSpec: Hashable, Sendable, Codable {
    /// The API group, `stable.example.com`.
    public var group: String?
    /// The resource's names.
    public var names: CustomResourceDefinitionNames?
    /// `Namespaced` or `Cluster`.
    public var scope: String?
    /// The versions, each with its schema, subresources and columns.
    public var versions: [CustomResourceDefinitionVersion]?
    /// How objects convert between versions (only `None` is served).
    public var conversion: CustomResourceConversion?
    /// Must be false in v1 (pruning is always on).
    public var preserveUnknownFields: Bool?

    /// A spec.
    public init(
        group: String? = nil, names: CustomResourceDefinitionNames? = nil, scope: String? = nil,
        versions: [CustomResourceDefinitionVersion]? = nil
    ) {
        self.group = group
        self.names = names
        self.scope = scope
        self.versions = versions
    }
}

/// The names of a custom resource.
public struct CustomResourceDefinitionNames: Hashable, Sendable, Codable {
    /// The URL name, `crontabs`.
    public var plural: String?
    /// The singular name, `crontab` (defaults to the lower-cased kind).
    public var singular: String?
    /// Short names kubectl accepts, `ct`.
    public var shortNames: [String]?
    /// The kind, `CronTab`.
    public var kind: String?
    /// The list kind (defaults to kind + `List`).
    public var listKind: String?
    /// Groups of resources it belongs to (`all`).
    public var categories: [String]?

    /// Names.
    public init(plural: String? = nil, singular: String? = nil, kind: String? = nil) {
        self.plural = plural
        self.singular = singular
        self.kind = kind
    }
}

/// One version of a custom resource.
public struct CustomResourceDefinitionVersion: Hashable, Sendable, Codable {
    /// The version name, `v1`.
    public var name: String
    /// Whether the API serves it.
    public var served: Bool?
    /// Whether objects are stored in it (exactly one version is).
    public var storage: Bool?
    /// Whether it is deprecated (responses carry a warning).
    public var deprecated: Bool?
    /// The warning deprecated versions send.
    public var deprecationWarning: String?
    /// The schema objects of this version follow.
    public var schema: CustomResourceValidation?
    /// The `status` and `scale` subresources.
    public var subresources: CustomResourceSubresources?
    /// Extra `kubectl get` columns.
    public var additionalPrinterColumns: [CustomResourceColumnDefinition]?

    /// A version.
    public init(name: String, served: Bool? = true, storage: Bool? = false) {
        self.name = name
        self.served = served
        self.storage = storage
    }
}

/// A version's schema.
public struct CustomResourceValidation: Hashable, Sendable, Codable {
    /// The OpenAPI v3 schema of the whole object.
    public var openAPIV3Schema: JSONValue?

    /// A schema.
    public init(openAPIV3Schema: JSONValue? = nil) { self.openAPIV3Schema = openAPIV3Schema }
}

/// The subresources of a version.
public struct CustomResourceSubresources: Hashable, Sendable, Codable {
    /// Present (an empty object) when `/status` is served.
    public var status: JSONValue?
    /// The `/scale` mapping when served.
    public var scale: CustomResourceSubresourceScale?

    /// Subresources.
    public init(status: JSONValue? = nil, scale: CustomResourceSubresourceScale? = nil) {
        self.status = status
        self.scale = scale
    }
}

/// Where `/scale` finds the replica counts and selector.
public struct CustomResourceSubresourceScale: Hashable, Sendable, Codable {
    /// `.spec.replicas`.
    public var specReplicasPath: String?
    /// `.status.replicas`.
    public var statusReplicasPath: String?
    /// `.status.selector` (a label selector in its string form).
    public var labelSelectorPath: String?

    /// A scale mapping.
    public init(specReplicasPath: String? = nil, statusReplicasPath: String? = nil, labelSelectorPath: String? = nil) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
    }
}

/// An extra `kubectl get` column.
public struct CustomResourceColumnDefinition: Hashable, Sendable, Codable {
    /// The header.
    public var name: String?
    /// `integer`, `number`, `string`, `boolean` or `date`.
    public var type: String?
    /// An OpenAPI format hint.
    public var format: String?
    /// For people.
    public var description: String?
    /// 0 for the default columns, more for `-o wide`.
    public var priority: Int?
    /// A JSONPath into the object, `.spec.cronSpec`.
    public var jsonPath: String?

    /// A column.
    public init(name: String? = nil, type: String? = nil, jsonPath: String? = nil) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
    }
}

/// How a custom resource converts between versions.
public struct CustomResourceConversion: Hashable, Sendable, Codable {
    /// `None` (only `apiVersion` changes) or `Webhook` (not served).
    public var strategy: String?
    /// The webhook's configuration.
    public var webhook: JSONValue?

    /// A conversion.
    public init(strategy: String? = nil) { self.strategy = strategy }
}

/// What the server made of a definition.
public struct CustomResourceDefinitionStatus: Hashable, Sendable, Codable {
    /// `NamesAccepted`, `Established`, `Terminating`.
    public var conditions: [CustomResourceDefinitionCondition]?
    /// The names in use.
    public var acceptedNames: CustomResourceDefinitionNames?
    /// Every version objects were ever stored in (until `skiff storage migrate` rewrote them).
    public var storedVersions: [String]?

    /// A status.
    public init() {}
}

/// A condition of a definition.
public struct CustomResourceDefinitionCondition: Hashable, Sendable, Codable {
    /// The condition's type.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// When the status last changed.
    public var lastTransitionTime: Time?
    /// A one-word reason.
    public var reason: String?
    /// For people.
    public var message: String?

    /// A condition.
    public init(type: String, status: String, lastTransitionTime: Time? = nil, reason: String?, message: String?) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}
