/// The apimachinery components that are not protobuf messages of the catalog: `Time`, `MicroTime`,
/// `Quantity`, `IntOrString`, `FieldsV1`, `RawExtension`, `Patch` and `Status`, written as kube-apiserver
/// publishes them, and the `apiVersion` and `kind` properties of every top-level kind.
enum OpenAPIApimachinery {
    /// The schema of the fixed component `name`, nil when `name` is not one.
    static func schema(named name: String) -> JSONValue? { schemas[name] }

    /// The names of the fixed components.
    static var names: [String] { schemas.keys.sorted() }

    /// `apiVersion` of a top-level object.
    static let apiVersionProperty: JSONValue = [
        "type": "string",
        "description": .string(
            "The versioned schema of this representation of an object: `group/version`, or the bare version "
                + "for the core group. Servers convert recognized schemas to their latest internal value and may "
                + "reject unrecognized values. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"),
    ]

    /// `kind` of a top-level object.
    static let kindProperty: JSONValue = [
        "type": "string",
        "description": .string(
            "The REST resource this object represents, in CamelCase. Servers may infer it from the endpoint the "
                + "client submits requests to. Cannot be updated. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
    ]

    /// `schema` with the `apiVersion` and `kind` properties of a top-level object added.
    static func withTypeMeta(_ schema: JSONValue) -> JSONValue {
        var schema = schema
        if schema["type"] == nil { schema["type"] = "object" }
        schema[path: ["properties", "apiVersion"]] = apiVersionProperty
        schema[path: ["properties", "kind"]] = kindProperty
        return schema
    }

    private static let schemas: [String: JSONValue] = [
        OpenAPINames.time: [
            "type": "string", "format": "date-time",
            "description": "A timestamp in RFC 3339 form with whole seconds, in UTC.",
        ],
        OpenAPINames.microTime: [
            "type": "string", "format": "date-time",
            "description": "A timestamp in RFC 3339 form with microsecond precision, in UTC.",
        ],
        OpenAPINames.quantity: [
            "oneOf": [["type": "string"], ["type": "number"]],
            "description": .string(
                "A fixed-point number with an optional suffix: a binary SI suffix (Ki, Mi, Gi, Ti, Pi, Ei), a "
                    + "decimal SI suffix (m, k, M, G, T, P, E) or a decimal exponent (e3, E6). Written as a string "
                    + "such as `100m`, `128Mi` or `2`."),
        ],
        OpenAPINames.intOrString: [
            "format": "int-or-string",
            "oneOf": [["type": "integer"], ["type": "string"]],
            "description": .string(
                "A value that is either a 32-bit integer or a string, written as the inner value: `8080` or "
                    + "`http`, `1` or `25%`."),
        ],
        OpenAPINames.fieldsV1: [
            "type": "object",
            "description": .string(
                "A set of fields as a trie in JSON: each key is `.` (the field itself), `f:<name>` (a field or map "
                    + "key), `v:<value>` (a list item by value), `i:<index>` (a list item by position) or "
                    + "`k:<keys>` (a list item by its key fields); an empty value means the key is in the set. "
                    + "The format is defined by sigs.k8s.io/structured-merge-diff."),
        ],
        OpenAPINames.rawExtension: [
            "type": "object",
            "description": "An embedded object, kept as its JSON.",
        ],
        OpenAPINames.patch: [
            "type": "object",
            "description": "The body of a PATCH request: a JSON patch or a JSON merge patch.",
        ],
        OpenAPINames.status: [
            "type": "object",
            "description": "The result of a call that returns no other object, such as an error or a deletion.",
            "properties": [
                "apiVersion": apiVersionProperty,
                "kind": kindProperty,
                "code": [
                    "type": "integer", "format": "int32",
                    "description": "The suggested HTTP status code, 0 if not set.",
                ],
                "details": [
                    "allOf": [OpenAPINames.ref(OpenAPINames.statusDetails)],
                    "description": "Data that depends on the reason, such as the object the status is about.",
                ],
                "message": ["type": "string", "description": "What happened, for people."],
                "metadata": [
                    "allOf": [OpenAPINames.ref(OpenAPINames.listMeta)], "default": .emptyObject,
                    "description": "Standard list metadata.",
                ],
                "reason": [
                    "type": "string",
                    "description": "Why the operation failed, for programs (NotFound, AlreadyExists, Conflict, ...).",
                ],
                "status": ["type": "string", "description": "`Success` or `Failure`."],
            ],
            "x-kubernetes-group-version-kind": [
                OpenAPINames.groupVersionKind(group: "", version: "v1", kind: "Status")
            ],
        ],
        OpenAPINames.statusDetails: [
            "type": "object",
            "description": "More about a Status: the object it is about and the causes of a failure.",
            "properties": [
                "causes": [
                    "type": "array",
                    "items": ["allOf": [OpenAPINames.ref(OpenAPINames.statusCause)], "default": .emptyObject],
                    "description": "The individual errors, such as one per invalid field.",
                ],
                "group": ["type": "string", "description": "The group of the resource."],
                "kind": ["type": "string", "description": "The kind of the resource."],
                "name": ["type": "string", "description": "The name of the object."],
                "retryAfterSeconds": [
                    "type": "integer", "format": "int32",
                    "description": "How many seconds to wait before retrying.",
                ],
                "uid": ["type": "string", "description": "The UID of the object."],
            ],
        ],
        OpenAPINames.statusCause: [
            "type": "object",
            "description": "One cause of a failure.",
            "properties": [
                "field": [
                    "type": "string",
                    "description": "The field that caused the error, as a JSON path such as `spec.containers[0].name`.",
                ],
                "message": ["type": "string", "description": "The error, for people."],
                "reason": ["type": "string", "description": "The error, for programs (FieldValueRequired, ...)."],
            ],
        ],
    ]
}
