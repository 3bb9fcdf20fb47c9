extension SchemaCheck {
    /// kube's `ValidateDefaults`, plus the same check for `enum` values: every `default` (and
    /// every `enum` entry) must validate against its own node, and a default must not carry fields
    /// that pruning would remove. Defaults inside `apiVersion`, `kind` and `metadata` of a
    /// resource are left to the metadata rules (the feature checks forbid them at the root).
    static func valueErrors(_ root: Node, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        valueErrors(root, path: path, insideMeta: false, isResourceRoot: true, into: &errors)
        return errors
    }

    private static func valueErrors(
        _ node: Node, path: FieldPath, insideMeta: Bool, isResourceRoot: Bool, into errors: inout [FieldError]
    ) {
        let embedded = isResourceRoot || flag(node, "x-kubernetes-embedded-resource")
        let insideMeta = embedded ? false : insideMeta
        let schema = StructuralSchema(.object(node))
        if let value = schema.defaultValue, !insideMeta {
            if schema.prune(value, isResourceRoot: embedded).object != value {
                errors.append(invalid(path.child("default"), value, "must not have unknown fields"))
            }
            errors += schema.validateValue(value, at: path.child("default"))
        }
        if let values = schema.enumValues {
            var unrestricted = schema
            unrestricted.enumValues = nil
            for (index, value) in values.enumerated() {
                errors += unrestricted.validateValue(value, at: path.child("enum").index(index))
            }
        }
        if let items = object(node, "items") {
            valueErrors(items, path: path.child("items"), insideMeta: insideMeta, isResourceRoot: false, into: &errors)
        }
        for (key, property) in sortedProperties(node) {
            let metaField = embedded && resourceMetaFields.contains(key)
            valueErrors(
                property, path: path.child("properties").key(key), insideMeta: insideMeta || metaField,
                isResourceRoot: false, into: &errors)
        }
    }
}
