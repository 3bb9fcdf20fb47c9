// kube-apiextensions-apiserver's defaults and validation of CustomResourceDefinitions
// (`apiextensions/v1/defaults.go`, `apiextensions/validation`).

extension CustomResourceDefinition: Defaulting {
    /// `singular` from the kind, `listKind` from the kind, conversion `None`, `served` versions.
    public mutating func applyDefaults() {
        guard var spec else { return }
        if var names = spec.names {
            if names.singular == nil || names.singular == "", let kind = names.kind {
                names.singular = kind.lowercased()
            }
            if names.listKind == nil || names.listKind == "", let kind = names.kind, !kind.isEmpty {
                names.listKind = kind + "List"
            }
            spec.names = names
        }
        if spec.conversion == nil { spec.conversion = CustomResourceConversion(strategy: "None") }
        if spec.conversion?.strategy == nil { spec.conversion?.strategy = "None" }
        if var versions = spec.versions {
            for index in versions.indices {
                if versions[index].served == nil { versions[index].served = false }
                if versions[index].storage == nil { versions[index].storage = false }
                if var columns = versions[index].additionalPrinterColumns {
                    for column in columns.indices where columns[column].priority == nil {
                        columns[column].priority = 0
                    }
                    versions[index].additionalPrinterColumns = columns
                }
            }
            spec.versions = versions
        }
        self.spec = spec
    }
}

extension CustomResourceDefinition: Validating {
    /// The column types a printer column may have.
    public static let columnTypes = ["boolean", "date", "integer", "number", "string"]

    /// Names, group, scope, versions (exactly one stored, schemas structural), subresources,
    /// printer columns and conversion; on update, the group, scope and names stay, and every
    /// version objects are still stored in stays listed.
    public func validate(old: CustomResourceDefinition?) -> [FieldError] {
        let spec = self.spec ?? CustomResourceDefinitionSpec()
        let path = FieldPath("spec")
        var errors: [FieldError] = []
        let group = spec.group ?? ""
        let plural = spec.names?.plural ?? ""
        if group.isEmpty {
            errors.append(.required(path("group")))
        } else {
            for problem in NameValidation.isDNS1123Subdomain(group) {
                errors.append(.invalid(path("group"), group, problem))
            }
            if !group.contains(".") {
                errors.append(.invalid(path("group"), group, "should be a domain with at least one dot"))
            }
        }
        if Self.isProtected(group), metadata.annotations?[Self.approvalAnnotation] == nil {
            errors.append(
                .required(
                    "metadata.annotations[\(Self.approvalAnnotation)]",
                    "protected groups must have approval annotation \"\(Self.approvalAnnotation)\", see "
                        + "https://github.com/kubernetes/enhancements/pull/1111"))
        }
        if let name = metadata.name, !plural.isEmpty, !group.isEmpty, name != "\(plural).\(group)" {
            errors.append(.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"))
        }
        switch spec.scope {
        case nil, "": errors.append(.required(path("scope")))
        case "Namespaced", "Cluster": break
        case let scope?: errors.append(.notSupported(path("scope"), scope, supported: ["Cluster", "Namespaced"]))
        }
        errors += Self.validateNames(spec.names, path: path.child("names"))
        errors += validateVersions(spec, path: path)
        if spec.preserveUnknownFields == true {
            errors.append(
                .invalid(path("preserveUnknownFields"), true, "must be false in order to use defaults in the schema"))
        }
        switch spec.conversion?.strategy {
        case nil, "None": break
        case "Webhook":
            errors.append(
                .notSupported(path.child("conversion")("strategy"), "Webhook", supported: ["None"]))
        case let strategy?:
            errors.append(
                .notSupported(path.child("conversion")("strategy"), strategy, supported: ["None", "Webhook"]))
        }
        if let old {
            errors += validateUpdate(old: old, path: path)
        }
        return errors
    }

    /// The annotation a definition in a Kubernetes-owned group must carry.
    public static let approvalAnnotation = "api-approved.kubernetes.io"

    /// Whether `group` belongs to the Kubernetes project (`k8s.io`, `kubernetes.io` and their
    /// subdomains): definitions there need the approval annotation.
    public static func isProtected(_ group: String) -> Bool {
        ["k8s.io", "kubernetes.io"].contains { group == $0 || group.hasSuffix("." + $0) }
    }

    /// Adds the storage version to `status.storedVersions` of a definition about to be written (in
    /// the same write as the spec, so objects are never stored in a version it does not list).
    public static func recordStorageVersion(_ object: inout JSONValue) {
        let versions = object[path: ["spec", "versions"]]?.arrayValue ?? []
        guard let storage = versions.first(where: { $0["storage"]?.boolValue == true })?["name"]?.stringValue else {
            return
        }
        var stored = object[path: ["status", "storedVersions"]]?.arrayValue ?? []
        guard !stored.contains(.string(storage)) else { return }
        stored.append(.string(storage))
        object[path: ["status", "storedVersions"]] = .array(stored)
    }

    private static func validateNames(_ names: CustomResourceDefinitionNames?, path: FieldPath) -> [FieldError] {
        guard let names else { return [.required(path.description)] }
        var errors: [FieldError] = []
        func lowerLabel(_ value: String?, _ field: String, required: Bool) {
            guard let value, !value.isEmpty else {
                if required { errors.append(.required(path(field))) }
                return
            }
            for problem in NameValidation.isDNS1035Label(value) { errors.append(.invalid(path(field), value, problem)) }
        }
        lowerLabel(names.plural, "plural", required: true)
        lowerLabel(names.singular, "singular", required: true)
        func kindName(_ value: String?, _ field: String) {
            guard let value, !value.isEmpty else {
                errors.append(.required(path(field)))
                return
            }
            if !NameValidation.isDNS1035Label(value.lowercased()).isEmpty {
                errors.append(
                    .invalid(
                        path(field), value,
                        "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"))
            }
        }
        kindName(names.kind, "kind")
        kindName(names.listKind, "listKind")
        if let kind = names.kind, kind == names.listKind {
            errors.append(.invalid(path("listKind"), kind, "kind and listKind cannot be the same"))
        }
        for (index, short) in (names.shortNames ?? []).enumerated() {
            for problem in NameValidation.isDNS1035Label(short) {
                errors.append(.invalid(path.child("shortNames").index(index).description, short, problem))
            }
        }
        for (index, category) in (names.categories ?? []).enumerated() {
            for problem in NameValidation.isDNS1035Label(category) {
                errors.append(.invalid(path.child("categories").index(index).description, category, problem))
            }
        }
        return errors
    }

    private func validateVersions(_ spec: CustomResourceDefinitionSpec, path: FieldPath) -> [FieldError] {
        let versions = spec.versions ?? []
        let versionsPath = path.child("versions")
        guard !versions.isEmpty else { return [.required(versionsPath.description, "must have at least one version")] }
        var errors: [FieldError] = []
        var seen: Set<String> = []
        var storage = 0
        for (index, version) in versions.enumerated() {
            let at = versionsPath.index(index)
            if version.name.isEmpty {
                errors.append(.required(at("name")))
            } else {
                for problem in NameValidation.isDNS1035Label(version.name) {
                    errors.append(.invalid(at("name"), version.name, problem))
                }
                if !seen.insert(version.name).inserted { errors.append(.duplicate(at("name"), version.name)) }
            }
            if version.storage == true { storage += 1 }
            let schemaPath = at.child("schema").child("openAPIV3Schema")
            if let schema = version.schema?.openAPIV3Schema, !schema.isNull {
                errors += SchemaCheck.check(schema, path: schemaPath)
            } else {
                errors.append(.required(schemaPath.description, "schemas are required"))
            }
            if let scale = version.subresources?.scale {
                let scalePath = at.child("subresources").child("scale")
                errors += Self.validateScalePath(
                    scale.specReplicasPath, prefix: ".spec.", scalePath("specReplicasPath"), required: true)
                errors += Self.validateScalePath(
                    scale.statusReplicasPath, prefix: ".status.", scalePath("statusReplicasPath"), required: true)
                errors += Self.validateScalePath(
                    scale.labelSelectorPath, prefix: "", scalePath("labelSelectorPath"), required: false)
            }
            for (column, definition) in (version.additionalPrinterColumns ?? []).enumerated() {
                let columnPath = at.child("additionalPrinterColumns").index(column)
                if (definition.name ?? "").isEmpty { errors.append(.required(columnPath("name"))) }
                switch definition.type {
                case nil, "": errors.append(.required(columnPath("type")))
                case let type? where !Self.columnTypes.contains(type):
                    errors.append(.notSupported(columnPath("type"), type, supported: Self.columnTypes))
                default: break
                }
                if let jsonPath = definition.jsonPath, !jsonPath.isEmpty {
                    do {
                        _ = try JSONPath(parsing: jsonPath)
                    } catch {
                        errors.append(
                            .invalid(columnPath("jsonPath"), jsonPath, "must be a simple json path: \(error)"))
                    }
                } else {
                    errors.append(.required(columnPath("jsonPath")))
                }
                if let priority = definition.priority, priority < 0 {
                    errors.append(.invalid(columnPath("priority"), priority, "must be greater than or equal to 0"))
                }
            }
        }
        if !versions.contains(where: { $0.served == true }) {
            errors.append(.invalid(versionsPath.description, "", "must have at least one served version"))
        }
        if storage != 1 {
            errors.append(
                .invalid(versionsPath.description, "", "must have exactly one version marked as storage version"))
        }
        return errors
    }

    private static func validateScalePath(
        _ value: String?, prefix: String, _ field: String, required: Bool
    ) -> [FieldError] {
        guard let value, !value.isEmpty else { return required ? [.required(field)] : [] }
        guard value.hasPrefix(prefix.isEmpty ? "." : prefix), (try? JSONPath(parsing: value)) != nil,
            !value.contains("[")
        else {
            let where_ = prefix.isEmpty ? "" : " under \(prefix.dropLast())"
            return [.invalid(field, value, "should be a json path\(where_)")]
        }
        return []
    }

    private func validateUpdate(old: CustomResourceDefinition, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let spec = self.spec ?? CustomResourceDefinitionSpec()
        let oldSpec = old.spec ?? CustomResourceDefinitionSpec()
        if spec.group != oldSpec.group {
            errors.append(.invalid(path("group"), spec.group ?? "", "field is immutable"))
        }
        // Once established, objects exist under these: the scope and the kind stay.
        let established = old.status?.conditions?.contains { $0.type == "Established" && $0.status == "True" } ?? false
        if established, spec.scope != oldSpec.scope {
            errors.append(.invalid(path("scope"), spec.scope ?? "", "field is immutable"))
        }
        if established, spec.names?.kind != oldSpec.names?.kind {
            errors.append(.invalid(path.child("names")("kind"), spec.names?.kind ?? "", "field is immutable"))
        }
        if established, spec.names?.listKind != oldSpec.names?.listKind {
            errors.append(.invalid(path.child("names")("listKind"), spec.names?.listKind ?? "", "field is immutable"))
        }
        if spec.names?.plural != oldSpec.names?.plural {
            errors.append(.invalid(path.child("names")("plural"), spec.names?.plural ?? "", "field is immutable"))
        }
        let versions = Set((spec.versions ?? []).map(\.name))
        for (index, stored) in (old.status?.storedVersions ?? []).enumerated() where !versions.contains(stored) {
            errors.append(
                .invalid(
                    FieldPath("status").child("storedVersions").index(index).description, stored,
                    "must appear in spec.versions"))
        }
        return errors
    }
}
