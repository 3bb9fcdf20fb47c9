extension StructuralSchema {
    /// Fills in the `default` of every property that is absent, or `null` while not `nullable`,
    /// as kube-apiserver does to custom resources.
    ///
    /// kube-apiserver's order for a request body (and for objects read from storage) is:
    /// decode → **default** → prune unknown fields (``prune(_:)``) and drop the `null`s that are
    /// neither nullable nor defaulted (``removingNonNullableNulls(_:)``) → validate
    /// (``validate(_:)``). Defaulting first is safe because ``SchemaCheck`` requires defaults to
    /// be pruned already.
    ///
    /// Defaults apply recursively: inside objects, array elements (a non-nullable `null` element
    /// takes the `items` default), `additionalProperties` values, and inside the defaulted values
    /// themselves (a defaulted object gets its own properties' defaults).
    public func applyDefaults(_ object: JSONValue) -> JSONValue {
        var value = object
        Self.applyDefaults(&value, self)
        return value
    }

    private static func isNonNullableNull(_ value: JSONValue?, _ schema: StructuralSchema?) -> Bool {
        guard let value, let schema else { return false }
        return value.isNull && !schema.nullable
    }

    private static func applyDefaults(_ value: inout JSONValue, _ schema: StructuralSchema) {
        switch value {
        case .object(var members):
            value = .null
            for (key, property) in schema.properties {
                guard let fallback = property.defaultValue else { continue }
                if members[key] == nil || isNonNullableNull(members[key], property) { members[key] = fallback }
            }
            for key in members.keys {
                if let property = schema.properties[key] {
                    applyDefaults(&members[key]!, property)
                } else if case .schema(let valueSchema) = schema.additionalProperties {
                    if isNonNullableNull(members[key], valueSchema), let fallback = valueSchema.defaultValue {
                        members[key] = fallback
                    }
                    applyDefaults(&members[key]!, valueSchema)
                }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = schema.items else { return }
            value = .null
            for index in elements.indices {
                if isNonNullableNull(elements[index], items), let fallback = items.defaultValue {
                    elements[index] = fallback
                }
                applyDefaults(&elements[index], items)
            }
            value = .array(elements)
        default:
            break
        }
    }

    /// Removes `null` members and map values whose schema is not `nullable` and has no default
    /// (kube's `PruneNonNullableNullsWithoutDefaults`, run with pruning): such a `null` means
    /// "unset" rather than an invalid value. Array elements are left for validation.
    public func removingNonNullableNulls(_ object: JSONValue) -> JSONValue {
        var value = object
        Self.removeNonNullableNulls(&value, self)
        return value
    }

    private static func removeNonNullableNulls(_ value: inout JSONValue, _ schema: StructuralSchema?) {
        switch value {
        case .object(var members):
            value = .null
            for key in Array(members.keys) {
                let memberSchema = schema?.schema(forMember: key)
                if let memberSchema, members[key]?.isNull == true, !memberSchema.nullable,
                    memberSchema.defaultValue == nil
                {
                    members[key] = nil
                } else {
                    removeNonNullableNulls(&members[key]!, memberSchema)
                }
            }
            value = .object(members)
        case .array(var elements):
            value = .null
            for index in elements.indices { removeNonNullableNulls(&elements[index], schema?.items) }
            value = .array(elements)
        default:
            break
        }
    }
}
