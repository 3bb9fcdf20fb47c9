/// Builds the component schemas of an OpenAPI v3 document from the protobuf catalog (``ProtoSchemas``).
///
/// A message becomes a `type: object` component with its fields as `properties` (inline fields merged in);
/// a repeated field becomes `type: array` with `items`, a map `type: object` with `additionalProperties`;
/// `int32`/`int64` are integers with a `format`; `Time`, `MicroTime`, `Quantity`, `IntOrString` and raw
/// fields refer to the apimachinery components; a nested message is referred to as kube-openapi does,
/// `{"allOf": [{"$ref": ...}], "default": {}}`, so a description can sit beside the reference. Every
/// component a schema refers to is added with it.
struct OpenAPISchemas {
    /// The components by name.
    private(set) var components: [String: JSONValue] = [:]
    /// Component names claimed by two messages with different fields (the first one's schema is kept).
    private(set) var conflicts: Set<String> = []
    /// The fields of each message added, to find conflicts.
    private var signatures: [String: String] = [:]
    /// The version of each package whose version is not `v1`.
    private let versions: [OpenAPIPackage: String]

    /// A builder whose packages have the given versions (`v1` for the others).
    init(versions: [OpenAPIPackage: String] = [:]) {
        self.versions = versions
    }

    /// The component name of `message`: `io.k8s.api.core.v1.PodSpec`.
    func componentName(of message: ProtoMessage) -> String {
        let package = OpenAPIPackage.of(messageNamed: message.name)
        return "\(package.namePrefix).\(versions[package] ?? "v1").\(message.name)"
    }

    /// Sets the component `name` as is.
    mutating func set(_ name: String, _ schema: JSONValue) {
        components[name] = schema
    }

    /// Adds the fixed apimachinery component `name` (see ``OpenAPIApimachinery``) and returns `name`.
    @discardableResult
    mutating func addFixed(_ name: String) -> String {
        if components[name] == nil, let schema = OpenAPIApimachinery.schema(named: name) {
            components[name] = schema
        }
        return name
    }

    /// Adds the component of `message`, and every component it refers to, unless already there; returns
    /// its name.
    @discardableResult
    mutating func add(_ message: ProtoMessage) -> String {
        let name = componentName(of: message)
        let signature = Self.signature(of: message)
        if let existing = signatures[name] {
            if existing != signature { conflicts.insert(name) }
            return name
        }
        signatures[name] = signature
        components[name] = .emptyObject  // a reference back to it while it is built stops here
        components[name] = objectSchema(of: message)
        return name
    }

    /// Adds `message` as a top-level kind: its component gets `apiVersion` and `kind`, descriptions of
    /// `metadata`, `spec` and `status`, and `x-kubernetes-group-version-kind` entries. Returns its name.
    @discardableResult
    mutating func addKind(_ message: ProtoMessage, gvks: [JSONValue]) -> String {
        let name = add(message)
        guard var schema = components[name] else { return name }
        schema = OpenAPIApimachinery.withTypeMeta(schema)
        let kind = gvks.first?["kind"]?.stringValue ?? message.name
        for field in ["metadata", "spec", "status"] where schema[path: ["properties", field]] != nil {
            if schema[path: ["properties", field, "description"]] == nil,
                let description = OpenAPIDescriptions.topLevel(field: field, kind: kind)
            {
                schema[path: ["properties", field, "description"]] = .string(description)
            }
        }
        var entries = schema["x-kubernetes-group-version-kind"]?.arrayValue ?? []
        for gvk in gvks where !entries.contains(gvk) { entries.append(gvk) }
        schema["x-kubernetes-group-version-kind"] = .array(entries)
        components[name] = schema
        return name
    }

    /// Adds the list kind of the kind component `item`, named `list`: `items` (required), `metadata`
    /// (`ListMeta`), `apiVersion` and `kind`. `itemReference` is the schema of one item.
    mutating func addList(_ list: String, itemReference: JSONValue, kind: String, gvk: JSONValue, plural: String) {
        add(ProtoSchemas.listMeta)
        let listKind = gvk["kind"]?.stringValue ?? "\(kind)List"
        let schema: JSONValue = [
            "type": "object",
            "description": .string("\(listKind) is a list of \(kind) objects."),
            "properties": [
                "items": [
                    "type": "array", "items": itemReference,
                    "description": .string("The \(plural)."),
                ],
                "metadata": [
                    "allOf": [OpenAPINames.ref(OpenAPINames.listMeta)], "default": .emptyObject,
                    "description": .string(
                        "Standard list metadata. More info: "
                            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
                            + "#metadata"),
                ],
            ],
            "required": ["items"],
            "x-kubernetes-group-version-kind": [gvk],
        ]
        components[list] = OpenAPIApimachinery.withTypeMeta(schema)
    }

    /// Adds what every document carries: `ObjectMeta`, `ListMeta`, `Status`, `DeleteOptions` (a kind of
    /// every group version, here of `group`/`version`), `Time`, `MicroTime`, `FieldsV1`, `Patch`,
    /// `Quantity` and `IntOrString`.
    mutating func addStandard(group: String, version: String) {
        add(ProtoSchemas.objectMeta)
        add(ProtoSchemas.listMeta)
        var gvks = [OpenAPINames.groupVersionKind(group: "", version: "v1", kind: "DeleteOptions")]
        if !group.isEmpty || version != "v1" {
            gvks.append(OpenAPINames.groupVersionKind(group: group, version: version, kind: "DeleteOptions"))
        }
        addKind(ProtoSchemas.deleteOptions, gvks: gvks)
        for name in OpenAPIApimachinery.names { addFixed(name) }
    }

    // MARK: - Messages

    /// The schema of a message's component.
    private mutating func objectSchema(of message: ProtoMessage) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [String] = []
        collect(message, into: &properties, required: &required)
        var schema: JSONValue = ["type": "object", "properties": .object(properties)]
        if let description = OpenAPIDescriptions.message(message.name) { schema["description"] = .string(description) }
        let present = required.filter { properties[$0] != nil }
        if !present.isEmpty { schema["required"] = .array(present.map { .string($0) }) }
        return schema
    }

    /// Adds the properties and required fields of `message`, merging inline fields' messages in.
    private mutating func collect(
        _ message: ProtoMessage, into properties: inout [String: JSONValue], required: inout [String]
    ) {
        for (_, field) in message.fields.sorted(by: { $0.key < $1.key }) {
            if field.inline, case .message(let inner) = field.type {
                collect(inner, into: &properties, required: &required)
            } else {
                properties[field.name] = property(field, of: message.name)
            }
        }
        for name in OpenAPIRequiredFields.fields(of: message.name) where !required.contains(name) {
            required.append(name)
        }
    }

    /// The schema of one field of the message named `owner`, with its description if there is one.
    private mutating func property(_ field: ProtoField, of owner: String) -> JSONValue {
        let schema = value(field.type, field: field.name)
        guard let description = OpenAPIDescriptions.field(owner, field.name) else { return schema }
        return Self.described(schema, description)
    }

    /// The schema of a value of `type`; `field` tells a `FieldsV1` from other raw values.
    private mutating func value(_ type: ProtoType, field: String) -> JSONValue {
        switch type {
        case .string: return ["type": "string"]
        case .bytes: return ["type": "string", "format": "byte"]
        case .bool: return ["type": "boolean"]
        case .int32: return ["type": "integer", "format": "int32"]
        case .int64: return ["type": "integer", "format": "int64"]
        case .double: return ["type": "number", "format": "double"]
        case .message(let message):
            return ["allOf": [OpenAPINames.ref(add(message))], "default": .emptyObject]
        case .map(_, let value):
            return ["type": "object", "additionalProperties": self.value(value, field: field)]
        case .repeated(let element):
            return ["type": "array", "items": value(element, field: field)]
        case .time: return OpenAPINames.ref(addFixed(OpenAPINames.time))
        case .microTime: return OpenAPINames.ref(addFixed(OpenAPINames.microTime))
        case .quantity: return OpenAPINames.ref(addFixed(OpenAPINames.quantity))
        case .intOrString: return OpenAPINames.ref(addFixed(OpenAPINames.intOrString))
        case .raw:
            return OpenAPINames.ref(addFixed(field == "fieldsV1" ? OpenAPINames.fieldsV1 : OpenAPINames.rawExtension))
        }
    }

    /// `schema` with `description`; a bare `$ref` is wrapped in `allOf` first, as OpenAPI 3.0 ignores the
    /// siblings of `$ref`.
    static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        var schema = schema
        if schema["$ref"] != nil { schema = ["allOf": [schema]] }
        schema["description"] = .string(description)
        return schema
    }

    // MARK: - Conflicts

    /// The fields of a message by number, name and type (nested messages by name), to tell apart two
    /// messages with the same name.
    static func signature(of message: ProtoMessage) -> String {
        message.fields.sorted(by: { $0.key < $1.key })
            .map { "\($0.key):\($0.value.name):\($0.value.inline):\(tag($0.value.type))" }
            .joined(separator: ",")
    }

    private static func tag(_ type: ProtoType) -> String {
        switch type {
        case .message(let message): return "message(\(message.name))"
        case .map(let key, let value): return "map(\(tag(key)),\(tag(value)))"
        case .repeated(let element): return "[\(tag(element))]"
        default: return "\(type)"
        }
    }
}
