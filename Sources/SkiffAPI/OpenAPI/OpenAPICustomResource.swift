/// The component of a custom resource kind, from its version's `openAPIV3Schema`, as kube-apiserver's
/// CRD OpenAPI builder writes it: the schema with `apiVersion`, `kind` and `metadata` (a reference to
/// `ObjectMeta`) added, and `x-kubernetes-group-version-kind`; nested objects marked
/// `x-kubernetes-embedded-resource` get `apiVersion`, `kind` and `metadata` too.
enum OpenAPICustomResource {
    /// The description of `metadata`.
    static let metadataDescription =
        "Standard object's metadata. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    /// The kind's component from `schema` (nil: a kind without a schema, which accepts any fields).
    static func kindSchema(_ schema: JSONValue?, group: String, version: String, kind: String) -> JSONValue {
        var result: JSONValue
        if let schema, schema.objectValue != nil {
            result = embedResources(in: schema)
        } else {
            result = ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        }
        if result["type"] == nil { result["type"] = "object" }
        result = OpenAPIApimachinery.withTypeMeta(result)
        result[path: ["properties", "metadata"]] = metadataReference
        result["x-kubernetes-group-version-kind"] = [
            OpenAPINames.groupVersionKind(group: group, version: version, kind: kind)
        ]
        return result
    }

    /// The list kind's items: references to the kind's component.
    static func itemReference(_ component: String) -> JSONValue { OpenAPINames.ref(component) }

    /// `metadata`: a reference to `ObjectMeta` with a description.
    private static let metadataReference: JSONValue = [
        "$ref": .string(OpenAPINames.schemaPrefix + OpenAPINames.objectMeta),
        "description": .string(metadataDescription),
    ]

    /// `schema` with `apiVersion`, `kind` (both required) and `metadata` added to every nested object marked
    /// `x-kubernetes-embedded-resource: true`.
    static func embedResources(in schema: JSONValue) -> JSONValue {
        guard var members = schema.objectValue else { return schema }
        if case .object(let properties) = members["properties"] {
            members["properties"] = .object(properties.mapValues(embedResources(in:)))
        }
        if let items = members["items"], items.objectValue != nil { members["items"] = embedResources(in: items) }
        if let additional = members["additionalProperties"], additional.objectValue != nil {
            members["additionalProperties"] = embedResources(in: additional)
        }
        var result = JSONValue.object(members)
        if members["x-kubernetes-embedded-resource"]?.boolValue == true {
            result = OpenAPIApimachinery.withTypeMeta(result)
            result[path: ["properties", "metadata"]] = metadataReference
            var required = members["required"]?.arrayValue ?? []
            for name in ["kind", "apiVersion"] where !required.contains(.string(name)) {
                required.append(.string(name))
            }
            result["required"] = .array(required)
        }
        return result
    }
}
