/// One resource the API serves: its group, versions, kind and names, scope, subresources, and the
/// strategy that defaults, validates and converts its objects.
public struct ResourceType: Sendable {
    /// The API group; empty for the core group.
    public var group: String
    /// The served versions, preferred first.
    public var versions: [String]
    /// The version objects are written in (`skiff server --storage-version` can pick another served
    /// version). Objects written in an earlier storage version stay readable: every read converts
    /// from the version an object carries.
    public var storageVersion: String
    /// The kind, `Deployment`.
    public var kind: String
    /// The plural resource name used in URLs and keys, `deployments`.
    public var plural: String
    /// The singular name, `deployment`.
    public var singular: String
    /// Short names kubectl accepts, `deploy`.
    public var shortNames: [String]
    /// Categories such as `all` (what `kubectl get all` lists).
    public var categories: [String]
    /// Whether objects live in a namespace.
    public var namespaced: Bool
    /// The subresources served under each object.
    public var subresources: Set<Subresource>
    /// Whether `metadata.generation` counts changes to the desired state (everything but metadata
    /// and status).
    public var tracksGeneration: Bool
    /// Decoding, defaulting and validation.
    public var strategy: KindStrategy
    /// The fields a field selector may name, and their values for an object.
    public var selectableFields: SelectableFields
    /// The columns of `kubectl get` beyond NAME (AGE is always last).
    public var columns: [TableColumn]
    /// Converts an object between served versions through the hub version; the default changes only
    /// `apiVersion` (one served version, or versions with the same schema).
    public var conversion: Conversion = .identity
    /// The version the API server works in between decoding a request and encoding the result: the
    /// version the kind's strategy defaults and validates. Every conversion goes through it (the
    /// internal version of kube-apiserver's hub-and-spoke conversion). The storage version may be
    /// another served version; objects are converted to it as they are written.
    public var hubVersion: String
    /// What a custom resource's definition says beyond the names (nil for built-in kinds).
    public var custom: CustomResourceInfo?

    /// A resource type.
    public init(
        group: String, versions: [String], kind: String, plural: String, singular: String? = nil,
        shortNames: [String] = [], categories: [String] = [], namespaced: Bool,
        subresources: Set<Subresource> = [], tracksGeneration: Bool = false, strategy: KindStrategy,
        selectableFields: SelectableFields = .metadataOnly, columns: [TableColumn] = []
    ) {
        self.group = group
        self.versions = versions
        self.storageVersion = versions[0]
        self.hubVersion = versions[0]
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.categories = categories
        self.namespaced = namespaced
        self.subresources = subresources
        self.tracksGeneration = tracksGeneration
        self.strategy = strategy
        self.selectableFields = selectableFields
        self.columns = columns
    }

    /// The version of an object from its `apiVersion` (nil when it has none).
    public static func version(of object: JSONValue) -> String? {
        guard let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty else { return nil }
        return apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
    }

    /// `object` (of any served version; the hub version when it has no `apiVersion`) in `version`:
    /// converted to the hub version first, then from it, as kube-apiserver's hub-and-spoke
    /// conversion does.
    public func convert(_ object: JSONValue, to version: String) -> JSONValue {
        let from = Self.version(of: object) ?? hubVersion
        if from == version {
            var same = object
            same["apiVersion"] = .string(Self.apiVersion(group: group, version: version))
            return same
        }
        var hub = from == hubVersion ? object : conversion.toHub(object, from)
        hub["apiVersion"] = .string(Self.apiVersion(group: group, version: hubVersion))
        if version == hubVersion { return hub }
        var converted = conversion.fromHub(hub, version)
        converted["apiVersion"] = .string(Self.apiVersion(group: group, version: version))
        return converted
    }

    /// `group/version` for the storage version, `v1` for the core group.
    public var apiVersion: String { Self.apiVersion(group: group, version: storageVersion) }

    /// `group/version` for the hub version.
    public var hubAPIVersion: String { Self.apiVersion(group: group, version: hubVersion) }

    /// `group/version`, or the bare version for the core group.
    public static func apiVersion(group: String, version: String) -> String {
        group.isEmpty ? version : "\(group)/\(version)"
    }

    /// The list kind, `DeploymentList`.
    public var listKind: String { kind + "List" }

    /// `deployments.apps`, `pods`: how kube-apiserver names a resource in messages.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// Whether objects have a `status` that only the status subresource writes.
    public var hasStatus: Bool { subresources.contains(.status) }

    /// The store key prefix, `/registry/deployments/`: kube-apiserver's layout, built-in groups are
    /// not in the key; custom resources add theirs, `/registry/stable.example.com/crontabs/`.
    public var keyPrefix: String { custom == nil ? "/registry/\(plural)/" : "/registry/\(group)/\(plural)/" }

    /// The store key of one object.
    public func key(namespace: String?, name: String) -> String {
        if namespaced, let namespace, !namespace.isEmpty { return "\(keyPrefix)\(namespace)/\(name)" }
        return keyPrefix + name
    }

    /// The key prefix of a namespace's objects (all objects when `namespace` is nil or empty).
    public func keyPrefix(namespace: String?) -> String {
        if namespaced, let namespace, !namespace.isEmpty { return "\(keyPrefix)\(namespace)/" }
        return keyPrefix
    }
}

/// How a resource's objects convert between a served version and the hub version
/// (``ResourceType/hubVersion``). Each direction gets the object without its final `apiVersion`
/// concerns: ``ResourceType/convert(_:to:)`` sets it.
public struct Conversion: Sendable {
    /// From `version` (the object's) to the hub version.
    public var toHub: @Sendable (_ object: JSONValue, _ version: String) -> JSONValue
    /// From the hub version to `version`.
    public var fromHub: @Sendable (_ object: JSONValue, _ version: String) -> JSONValue

    /// A conversion from its two directions.
    public init(
        toHub: @escaping @Sendable (_ object: JSONValue, _ version: String) -> JSONValue,
        fromHub: @escaping @Sendable (_ object: JSONValue, _ version: String) -> JSONValue
    ) {
        self.toHub = toHub
        self.fromHub = fromHub
    }

    /// Versions with the same schema: only `apiVersion` changes (set by ``ResourceType/convert(_:to:)``).
    public static let identity = Conversion(toHub: { object, _ in object }, fromHub: { object, _ in object })
}

/// A subresource served below an object's URL.
public enum Subresource: String, Sendable, Hashable, CaseIterable {
    /// `/status`: reads and writes `.status` only.
    case status
    /// `/scale`: an `autoscaling/v1 Scale` view of `spec.replicas`.
    case scale
    /// `/binding`: binds a pod to a node.
    case binding
    /// `/finalize`: a namespace's `spec.finalizers` (what the namespace controller clears).
    case finalize
    /// `/log`: a pod's container log, streamed from the node agent that runs it.
    case log
}

/// The fields of an object a field selector may use (`metadata.name`, `spec.nodeName`, ...).
public struct SelectableFields: Sendable {
    /// The names a selector may use.
    public var names: Set<String>
    /// The values of those fields for an object.
    public var values: @Sendable (JSONValue) -> [String: String]

    /// Selectable fields.
    public init(names: Set<String>, values: @escaping @Sendable (JSONValue) -> [String: String]) {
        self.names = names
        self.values = values
    }

    /// Only `metadata.name` and `metadata.namespace`, which every kind supports.
    public static let metadataOnly = SelectableFields(names: ["metadata.name", "metadata.namespace"]) { object in
        Self.metadataValues(object)
    }

    /// `metadata.name` and `metadata.namespace` plus the string values at the given dotted paths.
    public static func metadata(plus paths: [String]) -> SelectableFields {
        let split = paths.map { ($0, $0.split(separator: ".").map(String.init)) }
        return SelectableFields(names: Set(["metadata.name", "metadata.namespace"] + paths)) { object in
            var values = Self.metadataValues(object)
            for (name, path) in split {
                switch object[path: path] {
                case .string(let text): values[name] = text
                case .bool(let flag): values[name] = flag ? "true" : "false"
                case .int(let number): values[name] = String(number)
                default: values[name] = ""
                }
            }
            return values
        }
    }

    private static func metadataValues(_ object: JSONValue) -> [String: String] {
        [
            "metadata.name": object[path: ["metadata", "name"]]?.stringValue ?? "",
            "metadata.namespace": object[path: ["metadata", "namespace"]]?.stringValue ?? "",
        ]
    }
}

/// A column of a `kubectl get` table (`metav1.TableColumnDefinition`) and how to fill it.
public struct TableColumn: Sendable {
    /// The header, `READY`.
    public var name: String
    /// `string`, `integer`, `date`, ...
    public var type: String
    /// `name` for the NAME column, empty otherwise.
    public var format: String
    /// For people (`kubectl explain`-like help).
    public var description: String
    /// 0 for default columns, 1 for `-o wide` ones.
    public var priority: Int
    /// The cell for an object.
    public var cell: @Sendable (JSONValue) -> JSONValue

    /// A column.
    public init(
        _ name: String, type: String = "string", format: String = "", priority: Int = 0,
        description: String = "", cell: @escaping @Sendable (JSONValue) -> JSONValue
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.cell = cell
    }
}
