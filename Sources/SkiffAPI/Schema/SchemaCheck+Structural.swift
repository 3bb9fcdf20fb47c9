extension SchemaCheck {
    /// Where a node sits, which decides the wording of a missing `type`.
    enum Level {
        case root
        case item
        case field
    }

    /// `anyOf: [{type: integer}, {type: string}]`, the one `type` allowed under `anyOf`.
    private static let intOrStringAnyOf: JSONValue = [["type": "integer"], ["type": "string"]]

    /// kube's `validateStructuralInvariants`: every specified field has a `type` (except under
    /// `x-kubernetes-int-or-string` or `x-kubernetes-preserve-unknown-fields`), arrays have
    /// `items`, value validations (`allOf`, `anyOf`, `oneOf`, `not`) only constrain values,
    /// embedded resources are objects, root `metadata` only restricts `name` and `generateName`.
    static func structuralInvariants(_ node: Node, level: Level, path: FieldPath, into errors: inout [FieldError]) {
        let type = string(node, "type")
        let properties = sortedProperties(node)
        let intOrString = flag(node, "x-kubernetes-int-or-string")
        let preserve = flag(node, "x-kubernetes-preserve-unknown-fields")
        let embedded = flag(node, "x-kubernetes-embedded-resource")
        let additional = node["additionalProperties"].flatMap { $0.isNull ? nil : $0 }

        if type == "array", (node["items"] ?? .null).isNull {
            errors.append(.required(path("items"), "must be specified"))
        }
        if let items = object(node, "items") {
            structuralInvariants(items, level: .item, path: path.child("items"), into: &errors)
        }
        for (key, property) in properties {
            structuralInvariants(property, level: .field, path: path.child("properties").key(key), into: &errors)
        }
        if let additional {
            if level == .root {
                errors.append(.forbidden(path("additionalProperties"), "must not be used at the root"))
            }
            if case .object(let schema) = additional {
                structuralInvariants(schema, level: .field, path: path.child("additionalProperties"), into: &errors)
            }
        }
        if intOrString, preserve {
            let detail = "must be false if x-kubernetes-int-or-string is true"
            errors.append(invalid(path.child("x-kubernetes-preserve-unknown-fields"), true, detail))
        }
        if intOrString, embedded {
            let detail = "must be false if x-kubernetes-int-or-string is true"
            errors.append(invalid(path.child("x-kubernetes-embedded-resource"), true, detail))
        }
        let skipAnyOf = node["anyOf"] == intOrStringAnyOf
        let skipFirstAllOfAnyOf = node["allOf"]?.arrayValue?.first?["anyOf"] == intOrStringAnyOf
        valueValidation(node, skipAnyOf: skipAnyOf, skipFirstAllOfAnyOf: skipFirstAllOfAnyOf, path: path, into: &errors)

        if embedded, type != "object" {
            let detail = "must be object if x-kubernetes-embedded-resource is true"
            errors.append(
                type.isEmpty ? .required(path("type"), detail) : invalid(path.child("type"), .string(type), detail))
        } else if type.isEmpty, !intOrString, !preserve {
            switch level {
            case .root: errors.append(.required(path("type"), "must not be empty at the root"))
            case .item: errors.append(.required(path("type"), "must not be empty for specified array items"))
            case .field: errors.append(.required(path("type"), "must not be empty for specified object fields"))
            }
        }
        if embedded, additional != nil {
            let detail = "must not be used if x-kubernetes-embedded-resource is set"
            errors.append(.forbidden(path("additionalProperties"), detail))
        }
        if level == .root, !type.isEmpty, type != "object" {
            errors.append(invalid(path.child("type"), .string(type), "must be object at the root"))
        }
        let checkMetadata = level == .root || embedded
        let propertyMap = Dictionary(uniqueKeysWithValues: properties)
        if checkMetadata {
            for key in ["kind", "apiVersion"] {
                if let property = propertyMap[key], string(property, "type") != "string" {
                    let fieldPath = path.child("properties").key(key).child("type")
                    errors.append(invalid(fieldPath, .string(string(property, "type")), "must be string"))
                }
            }
        }
        if let metadata = propertyMap["metadata"] {
            metadataInvariants(
                metadata, checkMetadata: checkMetadata, level: level,
                path: path.child("properties").key("metadata"), into: &errors)
        }
        if embedded, !preserve, properties.isEmpty {
            let detail =
                "must not be empty if x-kubernetes-embedded-resource is true "
                + "without x-kubernetes-preserve-unknown-fields"
            errors.append(.required(path("properties"), detail))
        }
    }

    /// The root `metadata` may only have `type: object` and constraints on `name` and
    /// `generateName`; it must be an object at the root and in embedded resources.
    private static func metadataInvariants(
        _ node: Node, checkMetadata: Bool, level: Level, path: FieldPath, into errors: inout [FieldError]
    ) {
        let type = string(node, "type")
        if checkMetadata, type != "object" {
            errors.append(invalid(path.child("type"), .string(type), "must be object"))
        }
        guard level == .root else { return }
        let ignored: Set<String> = ["type", "default", "example", "externalDocs"]
        let onlyNames = (object(node, "properties") ?? [:]).keys.allSatisfy { $0 == "name" || $0 == "generateName" }
        let extra = node.contains { key, value in
            if ignored.contains(key) || (key == "properties" && onlyNames) { return false }
            return !isZero(value)
        }
        if extra {
            let detail =
                "must not specify anything other than name and generateName, but metadata is implicitly specified"
            errors.append(.forbidden(path.description, detail))
        }
    }

    /// Go's zero values, which a decoded schema cannot tell from an absent keyword.
    private static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool(false), .string(""), .array([]), .object([:]): return true
        default: return false
        }
    }

    /// The value validations of a node (`anyOf`, `allOf`, `oneOf`, `not`, `pattern`).
    private static func valueValidation(
        _ node: Node, skipAnyOf: Bool, skipFirstAllOfAnyOf: Bool, path: FieldPath, into errors: inout [FieldError]
    ) {
        if !skipAnyOf {
            for (index, clause) in schemaList(node, "anyOf") {
                nestedValueValidation(clause, skipAnyOf: false, path: path.child("anyOf").index(index), into: &errors)
            }
        }
        for (index, clause) in schemaList(node, "allOf") {
            let skip = skipFirstAllOfAnyOf && index == 0
            nestedValueValidation(clause, skipAnyOf: skip, path: path.child("allOf").index(index), into: &errors)
        }
        for (index, clause) in schemaList(node, "oneOf") {
            nestedValueValidation(clause, skipAnyOf: false, path: path.child("oneOf").index(index), into: &errors)
        }
        if let not = object(node, "not") {
            nestedValueValidation(not, skipAnyOf: false, path: path.child("not"), into: &errors)
        }
        let pattern = string(node, "pattern")
        if !pattern.isEmpty, let problem = CompiledPattern(pattern).problem {
            let detail = "must be a valid regular expression, but isn't: \(problem)"
            errors.append(invalid(path.child("pattern"), .string(pattern), detail))
        }
    }

    /// What a clause of `allOf`, `anyOf`, `oneOf` or `not` may not specify to stay structural.
    private static let nestedForbidden: [(key: String, detail: String)] = [
        ("type", "must be empty to be structural"),
        ("additionalProperties", "must be undefined to be structural"),
        ("default", "must be undefined to be structural"),
        ("title", "must be empty to be structural"),
        ("description", "must be empty to be structural"),
        ("nullable", "must be false to be structural"),
        ("externalDocs", "must be undefined to be structural"),
        ("x-kubernetes-preserve-unknown-fields", "must be false to be structural"),
        ("x-kubernetes-embedded-resource", "must be false to be structural"),
        ("x-kubernetes-int-or-string", "must be false to be structural"),
        ("x-kubernetes-list-map-keys", "must be empty to be structural"),
        ("x-kubernetes-list-type", "must be undefined to be structural"),
        ("x-kubernetes-map-type", "must be undefined to be structural"),
        ("x-kubernetes-validations", "must be empty to be structural"),
    ]

    private static func nestedValueValidation(
        _ node: Node, skipAnyOf: Bool, path: FieldPath, into errors: inout [FieldError]
    ) {
        valueValidation(node, skipAnyOf: skipAnyOf, skipFirstAllOfAnyOf: false, path: path, into: &errors)
        if let items = object(node, "items") {
            nestedValueValidation(items, skipAnyOf: false, path: path.child("items"), into: &errors)
        }
        for (key, property) in sortedProperties(node) {
            nestedValueValidation(property, skipAnyOf: false, path: path.child("properties").key(key), into: &errors)
        }
        for (key, detail) in nestedForbidden {
            guard let value = node[key], !isZero(value) else { continue }
            errors.append(.forbidden(path(key), detail))
        }
        if object(node, "properties")?["metadata"] != nil {
            errors.append(
                .forbidden(
                    path.child("properties").key("metadata").description, "must not be specified in a nested context"))
        }
    }

    /// kube's `validateStructuralCompleteness`: a field constrained in the root's value
    /// validations must also be specified by the schema itself.
    static func structuralCompleteness(_ root: Node, path: FieldPath, into errors: inout [FieldError]) {
        valueValidationCompleteness(root, schema: root, schemaPath: path, clausePath: path, into: &errors)
    }

    private static func valueValidationCompleteness(
        _ clause: Node, schema: Node, schemaPath: FieldPath, clausePath: FieldPath, into errors: inout [FieldError]
    ) {
        if let not = object(clause, "not") {
            nestedCompleteness(
                not, schema: schema, schemaPath: schemaPath, clausePath: clausePath.child("not"), into: &errors)
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (index, nested) in schemaList(clause, key) {
                let nestedPath = clausePath.child(key).index(index)
                nestedCompleteness(
                    nested, schema: schema, schemaPath: schemaPath, clausePath: nestedPath, into: &errors)
            }
        }
    }

    private static func nestedCompleteness(
        _ clause: Node, schema: Node?, schemaPath: FieldPath, clausePath: FieldPath, into errors: inout [FieldError]
    ) {
        guard let schema else {
            errors.append(.required(schemaPath.description, "because it is defined in \(clausePath)"))
            return
        }
        valueValidationCompleteness(
            clause, schema: schema, schemaPath: schemaPath, clausePath: clausePath, into: &errors)
        if let items = object(clause, "items") {
            nestedCompleteness(
                items, schema: object(schema, "items"), schemaPath: schemaPath.child("items"),
                clausePath: clausePath.child("items"), into: &errors)
        }
        let specified = object(schema, "properties") ?? [:]
        for (key, property) in sortedProperties(clause) {
            let fieldPath = schemaPath.child("properties").key(key)
            let nestedPath = clausePath.child("properties").key(key)
            if let field = specified[key]?.objectValue {
                nestedCompleteness(
                    property, schema: field, schemaPath: fieldPath, clausePath: nestedPath, into: &errors)
            } else {
                errors.append(.required(fieldPath.description, "because it is defined in \(nestedPath)"))
            }
        }
    }
}
