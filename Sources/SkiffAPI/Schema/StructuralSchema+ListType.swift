extension StructuralSchema {
    /// Uniqueness of `x-kubernetes-list-type: set` elements and of `map` list keys, checked in a
    /// pass of its own after schema validation (kube's `ValidateListSetsAndMaps`).
    ///
    /// Paths use kube's `field.Path`: `spec.ports[1]`, map entries `spec.groups[a].members[2]`.
    /// Only the second occurrence of a value is reported: `spec.tags[2]: Duplicate value: "a"`.
    public func listTypeErrors(_ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        Self.listTypeErrors(object, self, path: nil, into: &errors)
        return errors
    }

    private static func listTypeErrors(
        _ value: JSONValue, _ schema: StructuralSchema, path: FieldPath?, into errors: inout [FieldError]
    ) {
        switch value {
        case .object(let members):
            if case .schema(let valueSchema) = schema.additionalProperties {
                for key in members.keys.sorted() {
                    let child = path?.key(key) ?? FieldPath("[\(key)]")
                    listTypeErrors(members[key]!, valueSchema, path: child, into: &errors)
                }
            }
            for key in members.keys.sorted() {
                guard let property = schema.properties[key] else { continue }
                let child = path?.child(key) ?? FieldPath(key)
                listTypeErrors(members[key]!, property, path: child, into: &errors)
            }
        case .array(let elements):
            let base = path ?? FieldPath("")
            switch schema.listType {
            case "set":
                for index in nonUniqueIndices(elements) {
                    errors.append(duplicate(base.index(index), elements[index]))
                }
            case "map":
                errors += mapListErrors(elements, keys: schema.listMapKeys, path: base)
            default: break
            }
            if let items = schema.items {
                for (index, element) in elements.enumerated() {
                    listTypeErrors(element, items, path: base.index(index), into: &errors)
                }
            }
        default: break
        }
    }

    private static func duplicate(_ path: FieldPath, _ value: JSONValue) -> FieldError {
        FieldError(.duplicate, field: path.description, value: GoText.errorValue(value))
    }

    /// Indices of the second occurrence of every value seen twice or more. Scalars compare by
    /// type and value (`1` and `1.0` differ, as Go's `==` on decoded JSON); objects and arrays by
    /// their JSON text.
    private static func nonUniqueIndices(_ elements: [JSONValue]) -> [Int] {
        var seen: [JSONValue: Int] = [:]
        var indices: [Int] = []
        for (index, element) in elements.enumerated() {
            let key: JSONValue
            switch element {
            case .object, .array: key = .array([.string(element.serializedString())])
            default: key = element
            }
            let times = seen[key, default: 0]
            seen[key] = times + 1
            if times == 1 { indices.append(index) }
        }
        return indices
    }

    private static func mapListErrors(_ elements: [JSONValue], keys: [String], path: FieldPath) -> [FieldError] {
        for (index, element) in elements.enumerated() where element.objectValue == nil && !element.isNull {
            return [
                FieldError(
                    .invalid, field: path.index(index).description, value: GoText.errorValue(element),
                    detail: "must be an object for an array of list-type map")
            ]
        }
        guard elements.count > 1 else { return [] }
        // The key of each element: the values of its key fields that are set (missing ones left out).
        let identities: [JSONValue] = elements.map { element in
            var identity: [String: JSONValue] = [:]
            for key in keys {
                if let value = element.objectValue?[key] { identity[key] = value }
            }
            return .object(identity)
        }
        return nonUniqueIndices(identities).map { duplicate(path.index($0), identities[$0]) }
    }
}
