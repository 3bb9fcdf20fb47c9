/// What a custom resource's definition says beyond its names: the schema of each version, the
/// scale mapping, deprecations, and whether the definition is being deleted.
public struct CustomResourceInfo: Sendable {
    /// The definition's name, `crontabs.stable.example.com`.
    public var definitionName: String
    /// Each served version's `openAPIV3Schema` as written (for `/openapi/v3`).
    public var schemas: [String: JSONValue]
    /// Where `/scale` reads and writes (nil when the scale subresource is not served).
    public var scale: CustomResourceSubresourceScale?
    /// The warning each deprecated version sends.
    public var deprecations: [String: String]
    /// Whether the definition is being deleted: its objects are being deleted and new ones refused.
    public var terminating: Bool

    /// Information about a custom resource.
    public init(
        definitionName: String, schemas: [String: JSONValue], scale: CustomResourceSubresourceScale?,
        deprecations: [String: String], terminating: Bool
    ) {
        self.definitionName = definitionName
        self.schemas = schemas
        self.scale = scale
        self.deprecations = deprecations
        self.terminating = terminating
    }
}

extension CustomResourceDefinition {
    /// The resource type this definition serves, or nil when it is not complete enough to serve
    /// (the server only stores definitions that passed validation, so nil means a bug or a
    /// hand-edited database).
    ///
    /// Served versions are ordered by Kubernetes' version priority (GA before beta before alpha,
    /// higher numbers first), so the first is the preferred one. Conversion is `None`: versions
    /// differ only in `apiVersion`, and the hub is the storage version. Each version's schema
    /// defaults, prunes and validates the objects written in it.
    public func resourceType() -> ResourceType? {
        guard let spec, let group = spec.group, let names = spec.names, let plural = names.plural,
            let kind = names.kind, let storage = storageVersion
        else { return nil }
        let served = (spec.versions ?? []).filter { $0.served == true }
        guard !served.isEmpty else { return nil }
        let ordered = served.map(\.name).sorted(by: KubeVersion.isPreferred)
        var schemas: [String: StructuralSchema] = [:]
        var rawSchemas: [String: JSONValue] = [:]
        var deprecations: [String: String] = [:]
        for version in spec.versions ?? [] {
            if let schema = version.schema?.openAPIV3Schema {
                schemas[version.name] = StructuralSchema(schema)
                rawSchemas[version.name] = schema
            }
            if version.deprecated == true {
                deprecations[version.name] =
                    version.deprecationWarning
                    ?? "\(group)/\(version.name) \(kind) is deprecated"
            }
        }
        let preferred = (spec.versions ?? []).first { $0.name == ordered[0] }
        var subresources: Set<Subresource> = []
        if preferred?.subresources?.status != nil { subresources.insert(.status) }
        if preferred?.subresources?.scale != nil { subresources.insert(.scale) }
        var resource = ResourceType(
            group: group, versions: ordered, kind: kind, plural: plural, singular: names.singular,
            shortNames: names.shortNames ?? [], categories: names.categories ?? [],
            namespaced: spec.scope != "Cluster", subresources: subresources, tracksGeneration: true,
            strategy: Self.strategy(schemas: schemas, storage: storage),
            columns: (preferred?.additionalPrinterColumns ?? []).compactMap(Self.column))
        resource.storageVersion = storage
        resource.hubVersion = storage
        resource.custom = CustomResourceInfo(
            definitionName: metadata.name ?? "\(plural).\(group)", schemas: rawSchemas,
            scale: preferred?.subresources?.scale,
            deprecations: deprecations, terminating: metadata.deletionTimestamp != nil)
        return resource
    }

    /// Defaults, prunes and validates an object with the schema of the version it was written in;
    /// metadata is kept to what ObjectMeta has. Pruned fields are reported as unknown, as
    /// kube-apiserver does under `fieldValidation`.
    static func strategy(schemas: [String: StructuralSchema], storage: String) -> KindStrategy {
        KindStrategy { object, _, version throws(DecodeFailure) in
            guard case .object = object else { throw DecodeFailure(message: "the object must be a JSON object") }
            var value = object
            let meta: ObjectMeta = try KindStrategy.decodeTyped(object["metadata"] ?? .emptyObject)
            let metadata = KindStrategy.encodeTyped(meta)
            var unknown = KindStrategy.unknownFields(in: object["metadata"] ?? .emptyObject, comparedTo: metadata).map {
                "metadata.\($0)"
            }
            value["metadata"] = metadata
            guard let schema = schemas[version] ?? schemas[storage] else {
                return PreparedObject(object: value, unknownFields: unknown, errors: [])
            }
            value = schema.applyDefaults(value)
            let (pruned, removed) = schema.prune(value)
            unknown += removed
            return PreparedObject(object: pruned, unknownFields: unknown, errors: schema.validate(pruned))
        }
    }

    /// A printer column: its JSONPath's first value, dates as ages.
    static func column(_ definition: CustomResourceColumnDefinition) -> TableColumn? {
        guard let name = definition.name, let type = definition.type, let text = definition.jsonPath,
            let path = try? JSONPath(parsing: text)
        else { return nil }
        return TableColumn(
            name, type: type, format: definition.format ?? "", priority: definition.priority ?? 0,
            description: definition.description ?? ""
        ) { object in
            let values = path.evaluate(object)
            if type == "date" {
                guard let first = values.first?.stringValue else { return .null }
                return .string(TableColumns.since(first))
            }
            return JSONPath.cell(values, type: type)
        }
    }
}

/// Kubernetes' version priority (`version.CompareKubeAwareVersionStrings`): `v2` > `v1` >
/// `v2beta1` > `v1beta2` > `v1alpha1`, and names that are not Kubernetes-like last, alphabetically.
public enum KubeVersion {
    /// Whether `a` comes before `b` in preference order.
    public static func isPreferred(_ a: String, _ b: String) -> Bool {
        switch (parse(a), parse(b)) {
        case (let x?, let y?):
            if x.stability != y.stability { return x.stability > y.stability }
            if x.major != y.major { return x.major > y.major }
            return x.minor > y.minor
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a < b
        }
    }

    private static func parse(_ text: String) -> (major: Int, stability: Int, minor: Int)? {
        guard text.hasPrefix("v") else { return nil }
        let rest = text.dropFirst()
        let digits = rest.prefix(while: \.isNumber)
        guard let major = Int(digits), major > 0 else { return nil }
        let tail = rest.dropFirst(digits.count)
        if tail.isEmpty { return (major, 2, 0) }
        for (word, stability) in [("beta", 1), ("alpha", 0)] where tail.hasPrefix(word) {
            let number = tail.dropFirst(word.count)
            guard let minor = Int(number), minor > 0 else { return nil }
            return (major, stability, minor)
        }
        return nil
    }
}
