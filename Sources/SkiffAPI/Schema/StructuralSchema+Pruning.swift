extension StructuralSchema {
    /// The members every resource (and every `x-kubernetes-embedded-resource` object) keeps:
    /// they are the server's business, not the schema's.
    static let resourceMetaFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// Removes the fields the schema does not specify, as kube-apiserver does to every custom
    /// resource it decodes (after defaulting, before validation).
    ///
    /// Members are kept when they are in `properties`, or when the object has
    /// `additionalProperties`; below a node with `x-kubernetes-preserve-unknown-fields: true`
    /// unknown members are kept, while known ones are still pruned by their own schema. At the
    /// root and in embedded resources `apiVersion`, `kind` and `metadata` are kept untouched.
    ///
    /// - Returns: the pruned object, and the paths of the removed fields in kube's form
    ///   (`spec.unknown`, `spec.items[0].extra`, `spec.labels.a.extra`) for unknown-field
    ///   warnings or `fieldValidation=Strict` errors, in a stable (sorted) order.
    public func prune(_ object: JSONValue) -> (object: JSONValue, pruned: [String]) {
        prune(object, isResourceRoot: true)
    }

    /// ``prune(_:)`` of a value that is a whole resource (keeping `apiVersion`, `kind` and
    /// `metadata`) or, with `isResourceRoot` false, any value this schema describes.
    func prune(_ object: JSONValue, isResourceRoot: Bool) -> (object: JSONValue, pruned: [String]) {
        var value = object
        var pruned: [String] = []
        var root = self
        if isResourceRoot { root.embeddedResource = true }
        Self.prune(&value, root, path: "", pruned: &pruned)
        return (value, pruned)
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private static func prune(
        _ value: inout JSONValue, _ schema: StructuralSchema?, path: String, pruned: inout [String]
    ) {
        if let schema, schema.preservesUnknownFields {
            skipPrune(&value, schema, path: path, pruned: &pruned)
            return
        }
        switch value {
        case .object(var members):
            value = .null
            guard let schema else {
                pruned += members.keys.sorted().map { join(path, $0) }
                value = .emptyObject
                return
            }
            for key in members.keys.sorted() {
                if schema.embeddedResource, resourceMetaFields.contains(key) { continue }
                let childPath = join(path, key)
                if let property = schema.properties[key] {
                    prune(&members[key]!, property, path: childPath, pruned: &pruned)
                } else if let additional = schema.additionalProperties {
                    prune(&members[key]!, additional.valueSchema, path: childPath, pruned: &pruned)
                } else {
                    pruned.append(childPath)
                    members[key] = nil
                }
            }
            value = .object(members)
        case .array(var elements):
            value = .null
            for index in elements.indices {
                prune(&elements[index], schema?.items, path: "\(path)[\(index)]", pruned: &pruned)
            }
            value = .array(elements)
        default:
            break
        }
    }

    /// Below `x-kubernetes-preserve-unknown-fields`: unknown members stay, specified ones are pruned.
    private static func skipPrune(
        _ value: inout JSONValue, _ schema: StructuralSchema?, path: String, pruned: inout [String]
    ) {
        guard let schema else { return }
        switch value {
        case .object(var members):
            value = .null
            for key in members.keys.sorted() {
                if schema.embeddedResource, resourceMetaFields.contains(key) { continue }
                let childPath = join(path, key)
                if let property = schema.properties[key] {
                    prune(&members[key]!, property, path: childPath, pruned: &pruned)
                } else if let additional = schema.additionalProperties {
                    prune(&members[key]!, additional.valueSchema, path: childPath, pruned: &pruned)
                }
            }
            value = .object(members)
        case .array(var elements):
            value = .null
            for index in elements.indices {
                skipPrune(&elements[index], schema.items, path: "\(path)[\(index)]", pruned: &pruned)
            }
            value = .array(elements)
        default:
            break
        }
    }
}

extension StructuralSchema.AdditionalProperties {
    /// The schema of map values; `nil` for `additionalProperties: true` or `false`, whose values
    /// keep their scalars but lose every member of an object (kube prunes them with no schema).
    var valueSchema: StructuralSchema? {
        if case .schema(let schema) = self { return schema }
        return nil
    }
}
