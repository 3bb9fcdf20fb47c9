/// Checks an `openAPIV3Schema` when a CustomResourceDefinition is created or updated, refusing
/// what kube-apiserver refuses: non-structural schemas, unsupported OpenAPI features, invalid
/// extension combinations, defaults (and enum values) that do not validate.
///
/// Errors are reported under the caller's path, e.g. with
/// `FieldPath("spec.versions[0].schema.openAPIV3Schema")`:
/// `spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be
/// empty for specified object fields`. As in kube, a schema that cannot be decoded (a keyword of the
/// wrong JSON type) gets only those errors; the structural errors come sorted; defaults are checked
/// only when the schema is structural; the OpenAPI feature checks come last.
public enum SchemaCheck {
    /// Every problem with `schema`, an `openAPIV3Schema`, reported under `path`.
    public static func check(_ schema: JSONValue, path: FieldPath) -> [FieldError] {
        guard case .object(let root) = schema else {
            return [
                FieldError(
                    .invalid, field: path.description, value: GoText.errorValue(schema), detail: "must be an object")
            ]
        }
        let malformed = decodingErrors(root, path: path)
        if !malformed.isEmpty { return malformed }

        var errors: [FieldError] = []
        if root["nullable"]?.boolValue == true {
            errors.append(.forbidden(path("nullable"), "nullable cannot be true at the root"))
        }
        var structural: [FieldError] = []
        structuralInvariants(root, level: .root, path: path, into: &structural)
        structuralCompleteness(root, path: path, into: &structural)
        structural.sort { $0.description < $1.description }
        errors += structural
        if structural.isEmpty { errors += valueErrors(root, path: path) }
        featureChecks(root, path: path, context: Context(), isRoot: true, into: &errors)
        return errors
    }

    /// A schema node: the members of a JSON object.
    typealias Node = [String: JSONValue]

    /// The members every resource keeps whatever its schema says.
    static let resourceMetaFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// The `type`s an OpenAPI v3 schema may name.
    static let validTypes = ["array", "boolean", "integer", "number", "object", "string"]

    static func flag(_ node: Node, _ key: String) -> Bool { node[key]?.boolValue == true }

    static func string(_ node: Node, _ key: String) -> String { node[key]?.stringValue ?? "" }

    static func object(_ node: Node, _ key: String) -> Node? { node[key]?.objectValue }

    /// The schemas of a member that is an array of schemas, with their positions.
    static func schemaList(_ node: Node, _ key: String) -> [(Int, Node)] {
        (node[key]?.arrayValue ?? []).enumerated().compactMap { index, value in value.objectValue.map { (index, $0) } }
    }

    /// The `properties`, sorted by name.
    static func sortedProperties(_ node: Node) -> [(String, Node)] {
        let properties = object(node, "properties") ?? [:]
        return properties.keys.sorted().compactMap { key in properties[key]?.objectValue.map { (key, $0) } }
    }

    static func invalid(_ path: FieldPath, _ value: JSONValue, _ detail: String) -> FieldError {
        FieldError(.invalid, field: path.description, value: GoText.errorValue(value), detail: detail)
    }

    static func notSupported(_ path: FieldPath, _ value: String, _ supported: [String]) -> FieldError {
        FieldError(
            .notSupported, field: path.description, value: GoText.quote(value),
            detail: "supported values: " + supported.map(GoText.quote).joined(separator: ", "))
    }
}
