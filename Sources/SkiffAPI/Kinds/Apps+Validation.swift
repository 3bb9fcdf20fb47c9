// kube-apiserver's validation of apps/v1 workloads (`pkg/apis/apps/validation`) and of Scale.

extension Deployment: Validating {
    /// `ValidateDeploymentSpec`: replicas, selector and template, strategy, history and deadline;
    /// on update, the selector may not change.
    public func validate(old: Deployment?) -> [FieldError] {
        let spec = self.spec ?? DeploymentSpec()
        let path = FieldPath("spec")
        var errors = FieldRules.nonNegative(spec.replicas, path("replicas"))
        errors += WorkloadRules.selectorAndTemplate(
            spec.selector, spec.template, path: path, minReadySeconds: spec.minReadySeconds)
        errors += WorkloadRules.strategy(spec.strategy, path.child("strategy"))
        errors += FieldRules.nonNegative(spec.revisionHistoryLimit, path("revisionHistoryLimit"))
        if let deadline = spec.progressDeadlineSeconds {
            errors += FieldRules.nonNegative(deadline, path("progressDeadlineSeconds"))
            if deadline <= spec.minReadySeconds ?? 0 {
                errors.append(
                    .invalid(path("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"))
            }
        }
        if let old { errors += WorkloadRules.immutableSelector(spec.selector, old: old.spec?.selector, path) }
        return errors
    }
}

extension ReplicaSet: Validating {
    /// `ValidateReplicaSetSpec`: replicas, selector and template; on update, the selector may not
    /// change.
    public func validate(old: ReplicaSet?) -> [FieldError] {
        let spec = self.spec ?? ReplicaSetSpec()
        let path = FieldPath("spec")
        var errors = FieldRules.nonNegative(spec.replicas, path("replicas"))
        errors += WorkloadRules.selectorAndTemplate(
            spec.selector, spec.template, path: path, minReadySeconds: spec.minReadySeconds)
        if let old { errors += WorkloadRules.immutableSelector(spec.selector, old: old.spec?.selector, path) }
        return errors
    }
}

extension Scale: Validating {
    /// `ValidateScale`: replicas not negative.
    public func validate(old: Scale?) -> [FieldError] {
        FieldRules.nonNegative(spec?.replicas, "spec.replicas")
    }
}

/// The rules Deployments and ReplicaSets share.
private enum WorkloadRules {
    /// The selector (required, valid, not empty), the template (valid, `restartPolicy: Always`, no
    /// active deadline) and that the selector matches the template's labels
    /// (`ValidatePodTemplateSpecForReplicaSet`).
    static func selectorAndTemplate(
        _ selector: LabelSelector?, _ template: PodTemplateSpec?, path: FieldPath, minReadySeconds: Int?
    ) -> [FieldError] {
        var errors = FieldRules.nonNegative(minReadySeconds, path("minReadySeconds"))
        var query: LabelQuery?
        if let selector {
            errors += FieldRules.labelSelector(selector, path.child("selector"))
            if FieldRules.isEmpty(selector) {
                errors.append(
                    FieldRules.invalidRaw(
                        path("selector"), FieldRules.json(selector), "empty selector is invalid for deployment"))
            }
            query = FieldRules.query(selector)
            if query == nil {
                errors.append(
                    FieldRules.invalidRaw(path("selector"), FieldRules.json(selector), "invalid label selector"))
            }
        } else {
            errors.append(.required(path("selector")))
        }
        let template = template ?? PodTemplateSpec()
        let templatePath = path.child("template")
        let labels = template.metadata?.labels ?? [:]
        if let query, !query.isEverything, !query.matches(labels) {
            errors.append(
                FieldRules.invalidRaw(
                    templatePath.child("metadata")("labels"), FieldRules.goMap(labels),
                    "`selector` does not match template `labels`"))
        }
        errors += validatePodTemplateSpec(template, path: templatePath)
        let specPath = templatePath.child("spec")
        let restartPolicy = template.spec?.restartPolicy ?? "Always"
        if restartPolicy != "Always" {
            errors.append(.notSupported(specPath("restartPolicy"), restartPolicy, supported: ["Always"]))
        }
        if template.spec?.activeDeadlineSeconds != nil {
            errors.append(
                .forbidden(specPath("activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"))
        }
        return errors
    }

    /// `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`.
    static func strategy(_ strategy: DeploymentStrategy?, _ path: FieldPath) -> [FieldError] {
        guard let strategy else { return [] }
        switch strategy.type ?? "" {
        case "Recreate":
            guard strategy.rollingUpdate != nil else { return [] }
            return [.forbidden(path("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
        case "RollingUpdate", "":
            guard let rollingUpdate = strategy.rollingUpdate else { return [] }
            let updatePath = path.child("rollingUpdate")
            var errors = intOrPercent(rollingUpdate.maxUnavailable, updatePath("maxUnavailable"))
            errors += intOrPercent(rollingUpdate.maxSurge, updatePath("maxSurge"))
            if let unavailable = rollingUpdate.maxUnavailable, let surge = rollingUpdate.maxSurge,
                value(of: unavailable) == 0, value(of: surge) == 0
            {
                errors.append(.invalid(updatePath("maxUnavailable"), unavailable, "may not be 0 when `maxSurge` is 0"))
            }
            if let unavailable = rollingUpdate.maxUnavailable, case .string(let text) = unavailable,
                text.hasSuffix("%"), let percent = value(of: unavailable), percent > 100
            {
                errors.append(.invalid(updatePath("maxUnavailable"), unavailable, "must not be greater than 100%"))
            }
            return errors
        case let type:
            return [.notSupported(path("type"), type, supported: ["Recreate", "RollingUpdate"])]
        }
    }

    /// `ValidatePositiveIntOrPercent`: a non-negative integer or a percentage.
    private static func intOrPercent(_ value: IntOrString?, _ path: String) -> [FieldError] {
        switch value {
        case nil: return []
        case .int(let number): return FieldRules.nonNegative(number, path)
        case .string(let text): return NameValidation.isValidPercent(text).map { .invalid(path, value!, $0) }
        }
    }

    /// The number in an integer or percentage (`getIntOrPercentValue`), `nil` for other text.
    private static func value(of value: IntOrString) -> Int? {
        switch value {
        case .int(let number): return number
        case .string(let text):
            guard NameValidation.isValidPercent(text).isEmpty else { return nil }
            return Int(text.dropLast())
        }
    }

    /// On update the selector may not change (apps/v1).
    static func immutableSelector(_ selector: LabelSelector?, old: LabelSelector?, _ path: FieldPath) -> [FieldError] {
        guard normalized(selector) != normalized(old) else { return [] }
        let text = selector.map(FieldRules.json) ?? "null"
        return [FieldRules.invalidRaw(path("selector"), text, FieldRules.immutableMessage)]
    }

    /// A selector with empty parts as absent ones, so `{}` and `{"matchLabels": {}}` compare equal.
    private static func normalized(_ selector: LabelSelector?) -> LabelSelector? {
        guard let selector else { return nil }
        return LabelSelector(
            matchLabels: (selector.matchLabels ?? [:]).isEmpty ? nil : selector.matchLabels,
            matchExpressions: (selector.matchExpressions ?? []).isEmpty ? nil : selector.matchExpressions)
    }
}
