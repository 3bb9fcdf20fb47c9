/// The `openAPIV3Schema` of a CustomResourceDefinition version, parsed for the three things the
/// API server does with custom resources: validation, pruning of unknown fields, and defaulting.
///
/// Parsing is tolerant: keywords of the wrong JSON type are ignored here, and ``SchemaCheck``
/// reports them when the CRD is written. The server runs the steps in kube-apiserver's order:
/// decode → ``applyDefaults(_:)`` → ``prune(_:)`` (and ``removingNonNullableNulls(_:)``) →
/// ``validate(_:)``.
public struct StructuralSchema: Sendable {
    /// `additionalProperties`: a boolean, or the schema of every value of a map.
    public indirect enum AdditionalProperties: Sendable {
        /// `additionalProperties: true` or `false`.
        case allowed(Bool)
        /// `additionalProperties: {...}`: the schema of every member not in `properties`.
        case schema(StructuralSchema)
    }

    /// `type`: `object`, `array`, `string`, `integer`, `number`, `boolean`; `nil` when unset.
    public internal(set) var type: String?
    /// `properties`, by field name.
    public internal(set) var properties: [String: StructuralSchema] = [:]
    /// `additionalProperties`, `nil` when unset.
    public internal(set) var additionalProperties: AdditionalProperties?
    /// `items`: the schema of every element of an array.
    public var items: StructuralSchema? { itemsBox?.schema }
    /// `required`: fields that must be present.
    public internal(set) var required: [String] = []
    /// `enum`: the allowed values, `nil` when unset.
    public internal(set) var enumValues: [JSONValue]?
    /// `minimum`.
    public internal(set) var minimum: Double?
    /// `maximum`.
    public internal(set) var maximum: Double?
    /// `exclusiveMinimum`: whether `minimum` itself is excluded.
    public internal(set) var exclusiveMinimum = false
    /// `exclusiveMaximum`: whether `maximum` itself is excluded.
    public internal(set) var exclusiveMaximum = false
    /// `multipleOf`.
    public internal(set) var multipleOf: Double?
    /// `pattern`, an ECMA-like regular expression (matched unanchored, as kube does).
    public var pattern: String? { compiledPattern?.source }
    /// `minLength`, in Unicode scalars (Go runes).
    public internal(set) var minLength: Int?
    /// `maxLength`, in Unicode scalars (Go runes).
    public internal(set) var maxLength: Int?
    /// `minItems`.
    public internal(set) var minItems: Int?
    /// `maxItems`.
    public internal(set) var maxItems: Int?
    /// `uniqueItems` (refused in CRDs by ``SchemaCheck``, but honoured by validation).
    public internal(set) var uniqueItems = false
    /// `minProperties`.
    public internal(set) var minProperties: Int?
    /// `maxProperties`.
    public internal(set) var maxProperties: Int?
    /// `format`: `date-time`, `date`, `byte`, `uuid`, `int32`, ...
    public internal(set) var format: String?
    /// `nullable`: whether `null` is an allowed value.
    public internal(set) var nullable = false
    /// `default`, `nil` when unset (a `default: null` counts as unset, as in kube).
    public internal(set) var defaultValue: JSONValue?
    /// `description`.
    public internal(set) var description: String?
    /// `x-kubernetes-preserve-unknown-fields: true`: unknown fields below are kept.
    public internal(set) var preservesUnknownFields = false
    /// `x-kubernetes-int-or-string: true`: the value is an integer or a string.
    public internal(set) var intOrString = false
    /// `x-kubernetes-embedded-resource: true`: the value is an object with its own
    /// `apiVersion`, `kind` and `metadata`.
    public internal(set) var embeddedResource = false
    /// `x-kubernetes-list-type`: `atomic`, `set` or `map`.
    public internal(set) var listType: String?
    /// `x-kubernetes-list-map-keys`: the fields identifying the elements of a `map` list.
    public internal(set) var listMapKeys: [String] = []
    /// `allOf` (validation only).
    public internal(set) var allOf: [StructuralSchema] = []
    /// `anyOf` (validation only).
    public internal(set) var anyOf: [StructuralSchema] = []
    /// `oneOf` (validation only).
    public internal(set) var oneOf: [StructuralSchema] = []
    /// `not` (validation only).
    public var not: StructuralSchema? { notBox?.schema }

    var itemsBox: Box?
    var notBox: Box?
    var compiledPattern: CompiledPattern?

    /// Holds a nested schema, so that the struct can contain itself.
    final class Box: Sendable {
        let schema: StructuralSchema
        init(_ schema: StructuralSchema) { self.schema = schema }
    }

    /// A schema that allows anything and keeps no fields (the schema of nothing specified).
    public init() {}

    /// Parses an `openAPIV3Schema` node; keywords of the wrong JSON type are ignored.
    public init(_ json: JSONValue) {
        guard case .object(let node) = json else { return }
        type = node["type"]?.stringValue
        if let members = node["properties"]?.objectValue {
            for (name, value) in members where value.objectValue != nil {
                properties[name] = StructuralSchema(value)
            }
        }
        switch node["additionalProperties"] {
        case .bool(let allowed): additionalProperties = .allowed(allowed)
        case .object(let members): additionalProperties = .schema(StructuralSchema(.object(members)))
        default: break
        }
        if case .object(let members) = node["items"] { itemsBox = Box(StructuralSchema(.object(members))) }
        required = node["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        enumValues = node["enum"]?.arrayValue
        minimum = Self.number(node["minimum"])
        maximum = Self.number(node["maximum"])
        exclusiveMinimum = node["exclusiveMinimum"]?.boolValue ?? false
        exclusiveMaximum = node["exclusiveMaximum"]?.boolValue ?? false
        multipleOf = Self.number(node["multipleOf"])
        if let pattern = node["pattern"]?.stringValue { compiledPattern = CompiledPattern(pattern) }
        minLength = Self.count(node["minLength"])
        maxLength = Self.count(node["maxLength"])
        minItems = Self.count(node["minItems"])
        maxItems = Self.count(node["maxItems"])
        uniqueItems = node["uniqueItems"]?.boolValue ?? false
        minProperties = Self.count(node["minProperties"])
        maxProperties = Self.count(node["maxProperties"])
        format = node["format"]?.stringValue
        nullable = node["nullable"]?.boolValue ?? false
        if let value = node["default"], !value.isNull { defaultValue = value }
        description = node["description"]?.stringValue
        preservesUnknownFields = node["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false
        intOrString = node["x-kubernetes-int-or-string"]?.boolValue ?? false
        embeddedResource = node["x-kubernetes-embedded-resource"]?.boolValue ?? false
        listType = node["x-kubernetes-list-type"]?.stringValue
        listMapKeys = node["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        allOf = Self.schemas(node["allOf"])
        anyOf = Self.schemas(node["anyOf"])
        oneOf = Self.schemas(node["oneOf"])
        if case .object(let members) = node["not"] { notBox = Box(StructuralSchema(.object(members))) }
    }

    /// The schema of a member named `key` of an object: its property, else the
    /// `additionalProperties` schema; `nil` when the member is not specified.
    public func schema(forMember key: String) -> StructuralSchema? {
        if let property = properties[key] { return property }
        if case .schema(let schema) = additionalProperties { return schema }
        return nil
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        default: return nil
        }
    }

    private static func count(_ value: JSONValue?) -> Int? {
        guard let integer = value?.intValue, integer >= 0, integer <= Int64(Int32.max) else { return nil }
        return Int(integer)
    }

    private static func schemas(_ value: JSONValue?) -> [StructuralSchema] {
        (value?.arrayValue ?? []).filter { $0.objectValue != nil }.map(StructuralSchema.init)
    }
}
