import SkiffAPI

/// One resource a controller watches, and how its events become keys.
public struct Watch: Sendable {
    /// How events become keys.
    public enum Mapping: UInt32, Sendable {
        /// Cache only.
        case none = 0
        /// The object's own key.
        case this = 1
        /// The key of its controller owner.
        case owner = 2
        /// Its namespace.
        case namespace = 3
        /// The controller's ``Controller/handle(event:on:object:)`` decides.
        case custom = 4
    }

    /// The API group (empty for core).
    public var group: String
    /// The version.
    public var version: String
    /// The plural resource.
    public var resource: String
    /// The mapping.
    public var mapping: Mapping
    /// The owner's apiVersion, for ``Mapping/owner``.
    public var ownerAPIVersion: String = ""
    /// The owner's kind, for ``Mapping/owner``.
    public var ownerKind: String = ""
    /// Field paths to index (`spec.nodeName`), for ``ControllerContext/cachedList(_:index:value:)``.
    public var indexFields: [String] = []

    /// Any resource by group, version and plural (custom resources too).
    public init(group: String, version: String, resource: String, mapping: Mapping, indexFields: [String] = []) {
        self.group = group
        self.version = version
        self.resource = resource
        self.mapping = mapping
        self.indexFields = indexFields
    }

    /// The kind the controller reconciles: each object's key.
    public static func primary<T: APIObject>(_ type: T.Type, indexFields: [String] = []) -> Watch {
        var watch = Watch(resource: ResourceName.of(type), mapping: .this)
        watch.indexFields = indexFields
        return watch
    }

    /// Objects the controller owns: each object's controller owner of kind `owner`.
    public static func owned<T: APIObject, Owner: APIObject>(
        _ type: T.Type, by owner: Owner.Type, indexFields: [String] = []
    ) -> Watch {
        var watch = Watch(resource: ResourceName.of(type), mapping: .owner)
        watch.ownerAPIVersion = Owner.apiVersion
        watch.ownerKind = Owner.kind
        watch.indexFields = indexFields
        return watch
    }

    /// Objects whose change concerns their whole namespace: the namespace's name is the key.
    public static func namespace<T: APIObject>(_ type: T.Type, indexFields: [String] = []) -> Watch {
        var watch = Watch(resource: ResourceName.of(type), mapping: .namespace)
        watch.indexFields = indexFields
        return watch
    }

    /// A cache to read, whose events enqueue nothing.
    public static func cache<T: APIObject>(_ type: T.Type, indexFields: [String] = []) -> Watch {
        var watch = Watch(resource: ResourceName.of(type), mapping: .none)
        watch.indexFields = indexFields
        return watch
    }

    /// Events go to the controller's ``Controller/handle(event:on:object:)``.
    public static func custom<T: APIObject>(_ type: T.Type) -> Watch {
        Watch(resource: ResourceName.of(type), mapping: .custom)
    }

    private init(resource: ResourceName, mapping: Mapping) {
        self.init(group: resource.group, version: resource.version, resource: resource.plural, mapping: mapping)
    }
}

/// Where a model type is served: from the built-in scheme.
public struct ResourceName: Sendable, Hashable {
    /// The group.
    public var group: String
    /// The version.
    public var version: String
    /// The plural.
    public var plural: String

    /// A resource name.
    public init(group: String, version: String, plural: String) {
        self.group = group
        self.version = version
        self.plural = plural
    }

    /// The resource of a built-in model type.
    public static func of<T: APIObject>(_ type: T.Type) -> ResourceName {
        let parts = T.apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
        guard let resource = Scheme.builtIn.resource(group: group, kind: T.kind) else {
            preconditionFailure("\(T.kind) is not a built-in kind")
        }
        return ResourceName(group: group, version: version, plural: resource.plural)
    }
}
