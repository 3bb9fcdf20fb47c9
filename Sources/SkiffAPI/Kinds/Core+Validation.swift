import Foundation

// kube-apiserver's validation of the smaller core/v1 kinds and of Leases (`pkg/apis/core/validation`,
// `pkg/apis/coordination/validation`). Metadata is checked by the API server, not here.

extension Namespace: Validating {
    /// `spec.finalizers` are qualified names, or the standard `kubernetes`.
    public func validate(old: Namespace?) -> [FieldError] {
        var errors: [FieldError] = []
        for finalizer in spec?.finalizers ?? [] {
            errors += FieldRules.name(finalizer, "spec.finalizers", NameValidation.isQualifiedName)
            if !finalizer.contains("/"), !["kubernetes", "orphan", "foregroundDeletion"].contains(finalizer) {
                errors.append(
                    .invalid(
                        "spec.finalizers", finalizer,
                        "name is neither a standard finalizer name nor is it fully qualified"))
            }
        }
        return errors
    }
}

extension ServiceAccount: Validating {
    /// Nothing beyond metadata (`ValidateServiceAccount`).
    public func validate(old: ServiceAccount?) -> [FieldError] { [] }
}

extension ConfigMap: Validating {
    /// The most bytes a ConfigMap's or Secret's data may take (`MaxSecretSize`, 1 MiB).
    public static let maxSize = 1024 * 1024

    /// `ValidateConfigMap` and `ValidateConfigMapUpdate`: valid keys, none in both `data` and
    /// `binaryData`, 1 MiB at most; nothing changes once `immutable` is set.
    public func validate(old: ConfigMap?) -> [FieldError] {
        var errors: [FieldError] = []
        let data = self.data ?? [:]
        let binaryData = self.binaryData ?? [:]
        var size = 0
        for key in data.keys.sorted() {
            let path = FieldPath("data").key(key).description
            errors += FieldRules.name(key, path, NameValidation.isConfigMapKey)
            if binaryData[key] != nil { errors.append(.invalid(path, key, "duplicate of key present in binaryData")) }
            size += data[key]!.utf8.count
        }
        for key in binaryData.keys.sorted() {
            let path = FieldPath("binaryData").key(key).description
            errors += FieldRules.name(key, path, NameValidation.isConfigMapKey)
            if data[key] != nil { errors.append(.invalid(path, key, "duplicate of key present in data")) }
            let value = binaryData[key]!
            if let problem = SecretRules.base64Problem(value) {
                errors.append(.invalid(path, "<binary data redacted>", problem))
            } else {
                size += Data(base64Encoded: value, options: .ignoreUnknownCharacters)?.count ?? 0
            }
        }
        if size > Self.maxSize {
            errors.append(FieldError(.tooLong, field: "", detail: "may not be more than \(Self.maxSize) bytes"))
        }
        if let old, old.immutable == true {
            if immutable != true { errors.append(.forbidden("immutable", SecretRules.immutableMessage)) }
            if data != old.data ?? [:] { errors.append(.forbidden("data", SecretRules.immutableMessage)) }
            if binaryData != old.binaryData ?? [:] {
                errors.append(.forbidden("binaryData", SecretRules.immutableMessage))
            }
        }
        return errors
    }
}

extension Secret: Validating {
    /// `ValidateSecret` and `ValidateSecretUpdate`: valid keys and base64 values, 1 MiB at most, the
    /// keys and annotations each built-in type needs; the type never changes and nothing changes once
    /// `immutable` is set. `stringData` counts as data, as kube-apiserver merges it in first.
    public func validate(old: Secret?) -> [FieldError] {
        var errors: [FieldError] = []
        let data = self.data ?? [:]
        var size = 0
        for key in data.keys.sorted() {
            let path = FieldPath("data").key(key).description
            errors += FieldRules.name(key, path, NameValidation.isConfigMapKey)
            if let problem = SecretRules.base64Problem(data[key]!) {
                errors.append(.invalid(path, "<secret contents redacted>", problem))
            } else {
                size += Data(base64Encoded: data[key]!, options: .ignoreUnknownCharacters)?.count ?? 0
            }
        }
        let stringData = self.stringData ?? [:]
        for key in stringData.keys.sorted() {
            errors += FieldRules.name(key, FieldPath("stringData").key(key).description, NameValidation.isConfigMapKey)
            size += stringData[key]!.utf8.count
        }
        if size > ConfigMap.maxSize {
            errors.append(
                FieldError(.tooLong, field: "data", detail: "may not be more than \(ConfigMap.maxSize) bytes"))
        }
        errors += SecretRules.typeRules(self)
        if let old {
            let type = self.type ?? "Opaque"
            if type != old.type ?? "Opaque" { errors.append(.invalid("type", type, FieldRules.immutableMessage)) }
            if old.immutable == true {
                if immutable != true { errors.append(.forbidden("immutable", SecretRules.immutableMessage)) }
                if SecretRules.effectiveData(self) != SecretRules.effectiveData(old) {
                    errors.append(.forbidden("data", SecretRules.immutableMessage))
                }
            }
        }
        return errors
    }
}

/// Secret rules.
private enum SecretRules {
    static let immutableMessage = "field is immutable when `immutable` is set"

    /// Data as stored after `stringData` is merged in (decoded).
    static func effectiveData(_ secret: Secret) -> [String: Data] {
        var result: [String: Data] = [:]
        for (key, value) in secret.data ?? [:] {
            result[key] = Data(base64Encoded: value, options: .ignoreUnknownCharacters) ?? Data(value.utf8)
        }
        for (key, value) in secret.stringData ?? [:] { result[key] = Data(value.utf8) }
        return result
    }

    /// The keys and annotations of the built-in Secret types.
    static func typeRules(_ secret: Secret) -> [FieldError] {
        let data = effectiveData(secret)
        let dataPath = FieldPath("data")
        func require(_ key: String) -> [FieldError] {
            data[key] == nil ? [.required(dataPath.key(key).description)] : []
        }
        switch secret.type ?? "" {
        case "kubernetes.io/service-account-token":
            let name = secret.metadata.annotations?["kubernetes.io/service-account.name"] ?? ""
            if name.isEmpty {
                return [
                    .required(
                        FieldPath("metadata").child("annotations").key("kubernetes.io/service-account.name").description
                    )
                ]
            }
            return []
        case "kubernetes.io/dockercfg":
            return jsonKey(".dockercfg", data, dataPath)
        case "kubernetes.io/dockerconfigjson":
            return jsonKey(".dockerconfigjson", data, dataPath)
        case "kubernetes.io/basic-auth":
            if data["username"] == nil, data["password"] == nil { return require("username") + require("password") }
            return []
        case "kubernetes.io/ssh-auth":
            return data["ssh-privatekey"]?.isEmpty ?? true
                ? [.required(dataPath.key("ssh-privatekey").description)] : []
        case "kubernetes.io/tls":
            return require("tls.crt") + require("tls.key")
        default:
            return []
        }
    }

    /// A key that must hold a JSON document.
    private static func jsonKey(_ key: String, _ data: [String: Data], _ path: FieldPath) -> [FieldError] {
        guard let value = data[key] else { return [.required(path.key(key).description)] }
        do {
            _ = try JSONParser.parse(value)
            return []
        } catch {
            return [.invalid(path.key(key).description, "<secret contents redacted>", error.description)]
        }
    }

    /// Why `text` is not standard padded base64 (Go's `illegal base64 data at input byte N`), `nil`
    /// if it is. Line breaks are ignored, as Go ignores them.
    static func base64Problem(_ text: String) -> String? {
        let bytes = Array(text.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        func isAlphabet(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
        for (offset, byte) in bytes.enumerated() where !isAlphabet(byte) {
            guard byte == UInt8(ascii: "="), offset % 4 >= 2 else {
                return "illegal base64 data at input byte \(offset)"
            }
            let rest = bytes[offset...]
            let padding = 4 - offset % 4
            guard rest.count == padding, rest.allSatisfy({ $0 == UInt8(ascii: "=") }) else {
                return "illegal base64 data at input byte \(offset)"
            }
            return nil
        }
        if bytes.count % 4 != 0 { return "illegal base64 data at input byte \(bytes.count / 4 * 4)" }
        return nil
    }
}

extension Node: Validating {
    /// `ValidateNode` and `ValidateNodeUpdate`: taints, pod CIDRs and resource quantities; pod CIDRs
    /// and the provider ID do not change once set.
    public func validate(old: Node?) -> [FieldError] {
        let spec = self.spec ?? NodeSpec()
        let path = FieldPath("spec")
        var errors = Self.taints(spec.taints ?? [], path.child("taints"))
        let cidrs = spec.podCIDRs ?? []
        for (index, cidr) in cidrs.enumerated() {
            errors += FieldRules.name(cidr, path.child("podCIDRs").index(index).description, NameValidation.isValidCIDR)
        }
        if cidrs.isEmpty, let cidr = spec.podCIDR, !cidr.isEmpty {
            errors += FieldRules.name(cidr, path("podCIDR"), NameValidation.isValidCIDR)
        }
        if cidrs.count > 1 {
            let families = cidrs.compactMap(IPAddress.parseCIDR)
            if cidrs.count > 2 || (families.count == 2 && families[0] == families[1]) {
                errors.append(
                    FieldRules.invalidRaw(
                        path("podCIDRs"), FieldRules.goList(cidrs),
                        "may specify no more than one CIDR for each IP family"))
            }
        }
        for (field, resources) in [("capacity", status?.capacity), ("allocatable", status?.allocatable)] {
            for name in (resources ?? [:]).keys.sorted() {
                let quantity = resources![name]!
                let resourcePath = FieldPath("status").child(field).key(name).description
                errors += FieldRules.name(name, resourcePath, NameValidation.isQualifiedName)
                if quantity.isNegative == true {
                    errors.append(.invalid(resourcePath, quantity.string, FieldRules.negativeMessage))
                } else if !quantity.isValid {
                    errors.append(
                        .invalid(
                            resourcePath, quantity.string,
                            "quantities must match the regular expression "
                                + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"))
                }
            }
        }
        if let old {
            let previous = old.spec?.podCIDRs ?? []
            if !previous.isEmpty, previous != cidrs {
                errors.append(
                    .forbidden(path("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"))
            }
            if let provider = old.spec?.providerID, !provider.isEmpty, provider != spec.providerID {
                errors.append(
                    .forbidden(path("providerID"), "node updates may not change providerID except from \"\" to valid"))
            }
        }
        return errors
    }

    /// `validateNodeTaints`: qualified keys, label values, a required effect, unique (key, effect).
    private static func taints(_ taints: [Taint], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (index, taint) in taints.enumerated() {
            let taintPath = path.index(index)
            let key = taint.key ?? ""
            let value = taint.value ?? ""
            let effect = taint.effect ?? ""
            errors += FieldRules.name(key, taintPath("key"), NameValidation.isQualifiedName)
            let problems = NameValidation.isValidLabelValue(value)
            if !problems.isEmpty { errors.append(.invalid(taintPath("value"), value, problems.joined(separator: ";"))) }
            if effect.isEmpty {
                errors.append(.required(taintPath("effect")))
            } else {
                errors += FieldRules.oneOf(
                    effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"], taintPath("effect"))
            }
            if !seen.insert(key + "\u{0}" + effect).inserted {
                let text = key + (value.isEmpty ? "" : "=" + value) + ":" + effect
                errors.append(
                    FieldError(
                        .duplicate, field: taintPath.description, value: text,
                        detail: "taints must be unique by key and effect pair"))
            }
        }
        return errors
    }
}

extension Event: Validating {
    /// `ValidateEventCreate` for core/v1 Events: the involved object's namespace matches the Event's;
    /// Events with an `eventTime` also need a reporting component and instance, an action and a
    /// reason. The reason is at most 128 characters and the type `Normal` or `Warning` when set.
    public func validate(old: Event?) -> [FieldError] {
        var errors: [FieldError] = []
        let namespace = metadata.namespace ?? ""
        let involvedNamespace = involvedObject?.namespace ?? ""
        let mismatch = FieldError.invalid(
            "involvedObject.namespace", involvedNamespace, "does not match event.namespace")
        if eventTime == nil {
            if involvedNamespace.isEmpty ? !namespace.isEmpty && namespace != "default" : namespace != involvedNamespace
            {
                errors.append(mismatch)
            }
        } else {
            if involvedNamespace.isEmpty, namespace != "default", namespace != "kube-system" { errors.append(mismatch) }
            let component = reportingComponent ?? ""
            if component.isEmpty {
                errors.append(.required("reportingComponent"))
            } else {
                errors += FieldRules.name(component, "reportingComponent", NameValidation.isQualifiedName)
            }
            let limits: [(String, String?, Int)] = [
                ("reportingInstance", reportingInstance, 128), ("action", action, 128), ("reason", reason, 128),
            ]
            for (field, value, _) in limits where value?.isEmpty ?? true { errors.append(.required(field)) }
            for (field, value, limit) in limits where field != "reason" && (value?.utf8.count ?? 0) > limit {
                errors.append(.invalid(field, "", "can have at most \(limit) characters"))
            }
            if (message?.utf8.count ?? 0) > 1024 {
                errors.append(.invalid("message", "", "can have at most 1024 characters"))
            }
        }
        if (reason?.utf8.count ?? 0) > 128 { errors.append(.invalid("reason", "", "can have at most 128 characters")) }
        errors += FieldRules.oneOf(type, ["Normal", "Warning"], "type")
        return errors
    }
}

extension Lease: Validating {
    /// `ValidateLeaseSpec`: a positive duration, non-negative transitions, a known strategy, a
    /// preferred holder only with a strategy.
    public func validate(old: Lease?) -> [FieldError] {
        guard let spec else { return [] }
        var errors: [FieldError] = []
        if let duration = spec.leaseDurationSeconds, duration <= 0 {
            errors.append(.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
        }
        errors += FieldRules.nonNegative(spec.leaseTransitions, "spec.leaseTransitions")
        if let strategy = spec.strategy, !strategy.isEmpty {
            if strategy.contains("/") {
                errors += FieldRules.name(strategy, "spec.strategy", NameValidation.isQualifiedName)
            } else if strategy != "OldestEmulationVersion" {
                errors.append(.notSupported("spec.strategy", strategy, supported: ["OldestEmulationVersion"]))
            }
        }
        if let holder = spec.preferredHolder, !holder.isEmpty, spec.strategy?.isEmpty ?? true {
            errors.append(.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"))
        }
        return errors
    }
}

extension Binding: Validating {
    /// `ValidatePodBinding`: a target node by name.
    public func validate(old: Binding?) -> [FieldError] {
        var errors: [FieldError] = []
        if let kind = target?.kind, !kind.isEmpty, kind != "Node" {
            errors.append(.notSupported("target.kind", kind, supported: ["Node", "<empty>"]))
        }
        if target?.name?.isEmpty ?? true { errors.append(.required("target.name")) }
        return errors
    }
}
