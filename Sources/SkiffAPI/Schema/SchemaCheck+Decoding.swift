extension SchemaCheck {
    private static let stringKeywords: Set<String> = [
        "type", "format", "pattern", "description", "title", "$ref", "id", "$schema",
        "x-kubernetes-list-type", "x-kubernetes-map-type",
    ]
    private static let booleanKeywords: Set<String> = [
        "nullable", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource",
    ]
    private static let numberKeywords: Set<String> = ["minimum", "maximum", "multipleOf"]
    private static let countKeywords: Set<String> = [
        "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
    ]

    /// Keywords whose JSON type is wrong, which kube-apiserver fails to decode: `null` is always
    /// accepted (it decodes to the zero value), unknown keywords are ignored.
    static func decodingErrors(_ node: Node, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for key in node.keys.sorted() {
            let value = node[key]!
            if value.isNull { continue }
            let keyPath = path.child(key)
            if stringKeywords.contains(key) {
                if value.stringValue == nil { errors.append(invalid(keyPath, value, "must be a string")) }
            } else if booleanKeywords.contains(key) {
                if value.boolValue == nil { errors.append(invalid(keyPath, value, "must be a boolean")) }
            } else if numberKeywords.contains(key) {
                switch value {
                case .int, .double: break
                default: errors.append(invalid(keyPath, value, "must be a number"))
                }
            } else if countKeywords.contains(key) {
                if (value.intValue ?? -1) < 0 {
                    errors.append(invalid(keyPath, value, "must be a non-negative integer"))
                }
            } else {
                errors += structureErrors(key, value, path: keyPath)
            }
        }
        return errors
    }

    private static func structureErrors(_ key: String, _ value: JSONValue, path: FieldPath) -> [FieldError] {
        switch key {
        case "properties", "patternProperties", "definitions":
            guard case .object(let members) = value else { return [invalid(path, value, "must be an object")] }
            return members.keys.sorted().flatMap { name in schemaErrors(members[name]!, path: path.key(name)) }
        case "items":
            if case .array(let elements) = value {
                return elements.enumerated().flatMap { index, element in schemaErrors(element, path: path.index(index))
                }
            }
            return schemaErrors(value, path: path)
        case "additionalProperties", "additionalItems":
            if value.boolValue != nil { return [] }
            return schemaErrors(value, path: path, detail: "must be a boolean or a schema object")
        case "not":
            return schemaErrors(value, path: path)
        case "allOf", "anyOf", "oneOf":
            guard case .array(let elements) = value else { return [invalid(path, value, "must be an array")] }
            return elements.enumerated().flatMap { index, element in schemaErrors(element, path: path.index(index)) }
        case "required", "x-kubernetes-list-map-keys":
            guard case .array(let elements) = value, elements.allSatisfy({ $0.stringValue != nil }) else {
                return [invalid(path, value, "must be an array of strings")]
            }
            return []
        case "enum":
            return value.arrayValue == nil ? [invalid(path, value, "must be an array")] : []
        default:
            return []
        }
    }

    private static func schemaErrors(
        _ value: JSONValue, path: FieldPath, detail: String = "must be a schema object"
    ) -> [FieldError] {
        guard case .object(let node) = value else { return [invalid(path, value, detail)] }
        return decodingErrors(node, path: path)
    }
}
