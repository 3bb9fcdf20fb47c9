extension SchemaCheck {
    /// What the nodes above allow below them.
    struct Context {
        /// Whether `default` may be set.
        var allowDefaults = true
        /// Why not, appended to the error.
        var disallowDefaultsReason = ""
        /// Inside the `apiVersion`, `kind` or `metadata` of a resource.
        var insideResourceMeta = false

        func forbiddingDefaults(_ reason: String) -> Context {
            var context = self
            context.allowDefaults = false
            context.disallowDefaultsReason = reason
            return context
        }
    }

    /// kube's `ValidateCustomResourceDefinitionOpenAPISchema`: unsupported OpenAPI features,
    /// `additionalProperties` with `properties`, `uniqueItems`, list and map type extensions.
    static func featureChecks(
        _ node: Node, path: FieldPath, context: Context, isRoot: Bool, into errors: inout [FieldError]
    ) {
        nodeChecks(node, path: path, context: context, into: &errors)
        let properties = sortedProperties(node)
        let embedded = flag(node, "x-kubernetes-embedded-resource")
        if flag(node, "uniqueItems") {
            let detail = "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
            errors.append(.forbidden(path("uniqueItems"), detail))
        }
        if let additional = node["additionalProperties"], !additional.isNull {
            if !properties.isEmpty, additional == false || additional.objectValue != nil {
                let detail = "additionalProperties and properties are mutual exclusive"
                errors.append(.forbidden(path("additionalProperties"), detail))
            }
            if case .object(let schema) = additional {
                let reason = "inside additionalProperties applying to object metadata"
                let inner = context.insideResourceMeta ? context.forbiddingDefaults(reason) : context
                featureChecks(
                    schema, path: path.child("additionalProperties"), context: inner, isRoot: false, into: &errors)
            }
        }
        for (key, property) in properties {
            var inner = context
            if isRoot || embedded, resourceMetaFields.contains(key) {
                inner.insideResourceMeta = true
                if isRoot { inner = inner.forbiddingDefaults("in top-level \(key)") }
            }
            featureChecks(
                property, path: path.child("properties").key(key), context: inner, isRoot: false, into: &errors)
        }
        if let not = object(node, "not") {
            featureChecks(not, path: path.child("not"), context: context, isRoot: false, into: &errors)
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (index, clause) in schemaList(node, key) {
                featureChecks(
                    clause, path: path.child(key).index(index), context: context, isRoot: false, into: &errors)
            }
        }
        if let items = object(node, "items") {
            featureChecks(items, path: path.child("items"), context: context, isRoot: false, into: &errors)
        }
        if node["x-kubernetes-preserve-unknown-fields"] == false {
            errors.append(
                invalid(path.child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"))
        }
        mapTypeChecks(node, path: path, into: &errors)
        listTypeChecks(node, path: path, into: &errors)
        listKeyChecks(node, path: path, into: &errors)
    }

    /// kube's `specStandardValidatorV3`: the OpenAPI features CRDs do not support.
    private static func nodeChecks(_ node: Node, path: FieldPath, context: Context, into errors: inout [FieldError]) {
        let type = string(node, "type")
        if !type.isEmpty, !validTypes.contains(type) {
            errors.append(notSupported(path.child("type"), type, validTypes))
        }
        if let value = node["default"], !value.isNull, !context.allowDefaults {
            let reason = context.disallowDefaultsReason
            errors.append(.forbidden(path("default"), "must not be set" + (reason.isEmpty ? "" : " " + reason)))
        }
        if !string(node, "id").isEmpty { errors.append(.forbidden(path("id"), "id is not supported")) }
        if !(node["additionalItems"] ?? .null).isNull {
            errors.append(.forbidden(path("additionalItems"), "additionalItems is not supported"))
        }
        if !(object(node, "patternProperties") ?? [:]).isEmpty {
            errors.append(.forbidden(path("patternProperties"), "patternProperties is not supported"))
        }
        if !(object(node, "definitions") ?? [:]).isEmpty {
            errors.append(.forbidden(path("definitions"), "definitions is not supported"))
        }
        if !(node["dependencies"] ?? .null).isNull {
            errors.append(.forbidden(path("dependencies"), "dependencies is not supported"))
        }
        if !(node["$ref"] ?? .null).isNull { errors.append(.forbidden(path("$ref"), "$ref is not supported")) }
        if type == "null" {
            errors.append(.forbidden(path("type"), "type cannot be set to null, use nullable as an alternative"))
        }
        if node["items"]?.arrayValue != nil {
            errors.append(.forbidden(path("items"), "items must be a schema object and not an array"))
        }
        if context.insideResourceMeta, flag(node, "x-kubernetes-embedded-resource") {
            errors.append(
                .forbidden(path("x-kubernetes-embedded-resource"), "must not be used inside of resource meta"))
        }
    }

    private static func mapTypeChecks(_ node: Node, path: FieldPath, into errors: inout [FieldError]) {
        guard let mapType = node["x-kubernetes-map-type"]?.stringValue else { return }
        let type = string(node, "type")
        if type != "object" {
            let detail = "must be object if x-kubernetes-map-type is specified"
            errors.append(
                type.isEmpty ? .required(path("type"), detail) : invalid(path.child("type"), .string(type), detail))
        }
        if mapType != "atomic", mapType != "granular" {
            errors.append(notSupported(path.child("x-kubernetes-map-type"), mapType, ["atomic", "granular"]))
        }
    }

    private static func listTypeChecks(_ node: Node, path: FieldPath, into errors: inout [FieldError]) {
        let type = string(node, "type")
        let listType = node["x-kubernetes-list-type"]?.stringValue
        let keys = node["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let items = object(node, "items")
        if listType != nil, type != "array" {
            let detail = "must be array if x-kubernetes-list-type is specified"
            errors.append(
                type.isEmpty ? .required(path("type"), detail) : invalid(path.child("type"), .string(type), detail))
        } else if listType == "set", let items {
            let detail = "must be atomic as item of a list with x-kubernetes-list-type=set"
            let itemListType = items["x-kubernetes-list-type"] ?? .null
            switch string(items, "type") {
            case "array" where !itemListType.isNull && itemListType != "atomic":
                errors.append(invalid(path.child("items").child("x-kubernetes-list-type"), itemListType, detail))
            case "object" where items["x-kubernetes-map-type"]?.stringValue != "atomic":
                // kube reports the item's list type here, not its map type.
                errors.append(invalid(path.child("items").child("x-kubernetes-map-type"), itemListType, detail))
            default: break
            }
        }
        if let listType, !["atomic", "set", "map"].contains(listType) {
            errors.append(notSupported(path.child("x-kubernetes-list-type"), listType, ["atomic", "set", "map"]))
        }
        if !keys.isEmpty {
            let detail = "must be map if x-kubernetes-list-map-keys is non-empty"
            if listType == nil {
                errors.append(.required(path("x-kubernetes-list-type"), detail))
            } else if listType != "map" {
                errors.append(invalid(path.child("x-kubernetes-list-type"), .string(listType!), detail))
            }
        }
        guard listType == "map" else { return }
        if keys.isEmpty {
            errors.append(
                .required(path("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"))
        }
        if (node["items"] ?? .null).isNull {
            errors.append(.required(path("items"), "must have a schema if x-kubernetes-list-type is map"))
        } else if let array = node["items"]?.arrayValue {
            let detail = "must only have a single schema if x-kubernetes-list-type is map"
            errors.append(invalid(path.child("items"), .array(array), detail))
        }
        guard let items else { return }
        let itemType = string(items, "type")
        guard itemType == "object" else {
            let detail = "must be object if parent array's x-kubernetes-list-type is map"
            errors.append(invalid(path.child("items").child("type"), .string(itemType), detail))
            return
        }
        let itemProperties = object(items, "properties") ?? [:]
        let keysText = "[]string{" + keys.map(GoText.quote).joined(separator: ", ") + "}"
        var seen: Set<String> = []
        for key in keys {
            if let property = itemProperties[key]?.objectValue {
                if ["array", "object"].contains(string(property, "type")) {
                    // kube reports the item's type here, not the key property's.
                    let detail = "must be a scalar type if parent array's x-kubernetes-list-type is map"
                    let fieldPath = path.child("items").child("properties").key(key).child("type")
                    errors.append(invalid(fieldPath, .string(itemType), detail))
                }
            } else {
                errors.append(
                    FieldError(
                        .invalid, field: path("x-kubernetes-list-map-keys"), value: keysText,
                        detail: "entries must all be names of item properties"))
            }
            if !seen.insert(key).inserted {
                errors.append(
                    FieldError(
                        .invalid, field: path("x-kubernetes-list-map-keys"), value: keysText,
                        detail: "must not contain duplicate entries"))
            }
        }
    }

    /// kube's `validateMapListKeysMapSet`: elements of sets and maps are not nullable, and map
    /// keys are required or defaulted.
    private static func listKeyChecks(_ node: Node, path: FieldPath, into errors: inout [FieldError]) {
        guard let items = object(node, "items"), let listType = node["x-kubernetes-list-type"]?.stringValue,
            listType == "set" || listType == "map"
        else { return }
        if flag(items, "nullable") {
            errors.append(
                .forbidden(
                    path.child("items")("nullable"), "cannot be nullable when x-kubernetes-list-type is \(listType)"))
        }
        guard listType == "map" else { return }
        let required = Set(items["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let itemProperties = object(items, "properties") ?? [:]
        for key in node["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            guard let property = itemProperties[key]?.objectValue else { continue }
            let propertyPath = path.child("items").child("properties").key(key)
            if !required.contains(key), (property["default"] ?? .null).isNull {
                let detail =
                    "this property is in x-kubernetes-list-map-keys, so it must have a default "
                    + "or be a required property"
                errors.append(.required(propertyPath("default"), detail))
            }
            if flag(property, "nullable") {
                let detail = "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"
                errors.append(.forbidden(propertyPath("nullable"), detail))
            }
        }
    }
}
