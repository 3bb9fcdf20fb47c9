// kube-apiserver's validation of rbac.authorization.k8s.io/v1 (`pkg/apis/rbac/validation`), with
// its field paths and messages.

/// The RBAC API group.
public let rbacGroup = "rbac.authorization.k8s.io"

/// Rules shared by roles and bindings.
enum RBACRules {
    /// `ValidatePolicyRule`.
    static func rule(_ rule: PolicyRule, namespaced: Bool, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if (rule.verbs ?? []).isEmpty {
            errors.append(.required("\(path).verbs", "verbs must contain at least one value"))
        }
        let urls = rule.nonResourceURLs ?? []
        if !urls.isEmpty {
            let shown = "[" + urls.joined(separator: " ") + "]"
            if namespaced {
                errors.append(
                    .invalid("\(path).nonResourceURLs", shown, "namespaced rules cannot apply to non-resource URLs"))
            }
            if !(rule.apiGroups ?? []).isEmpty || !(rule.resources ?? []).isEmpty {
                errors.append(
                    .invalid(
                        "\(path).nonResourceURLs", shown,
                        "rules cannot apply to both regular resources and non-resource URLs"))
            }
            return errors
        }
        if (rule.apiGroups ?? []).isEmpty {
            errors.append(.required("\(path).apiGroups", "resource rules must supply at least one api group"))
        }
        if (rule.resources ?? []).isEmpty {
            errors.append(.required("\(path).resources", "resource rules must supply at least one resource"))
        }
        return errors
    }

    /// `ValidateRoleBindingSubject` and the roleRef checks of both binding kinds.
    static func binding(roleRef: RoleRef?, subjects: [Subject]?, clusterScoped: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let reference = roleRef ?? RoleRef(apiGroup: nil)
        if reference.apiGroup != rbacGroup {
            errors.append(.notSupported("roleRef.apiGroup", reference.apiGroup ?? "", supported: [rbacGroup]))
        }
        let kinds = clusterScoped ? ["ClusterRole"] : ["Role", "ClusterRole"]
        if !kinds.contains(reference.kind ?? "") {
            errors.append(.notSupported("roleRef.kind", reference.kind ?? "", supported: kinds))
        }
        if let name = reference.name, !name.isEmpty {
            errors += FieldRules.name(name, "roleRef.name", NameValidation.isValidPathSegmentName)
        } else {
            errors.append(.required("roleRef.name"))
        }
        for (index, subject) in (subjects ?? []).enumerated() {
            let path = "subjects[\(index)]"
            guard let name = subject.name, !name.isEmpty else {
                errors.append(.required("\(path).name"))
                continue
            }
            switch subject.kind ?? "" {
            case "ServiceAccount":
                if let group = subject.apiGroup, !group.isEmpty {
                    errors.append(.notSupported("\(path).apiGroup", group, supported: [""]))
                }
                errors += FieldRules.name(name, "\(path).name", NameValidation.isDNS1123Subdomain)
                if clusterScoped, (subject.namespace ?? "").isEmpty {
                    errors.append(.required("\(path).namespace"))
                }
            case "User", "Group":
                if subject.apiGroup != rbacGroup {
                    errors.append(.notSupported("\(path).apiGroup", subject.apiGroup ?? "", supported: [rbacGroup]))
                }
                if subject.kind == "Group" {
                    errors += FieldRules.name(name, "\(path).name", NameValidation.isValidPathSegmentName)
                }
            default:
                errors.append(
                    .notSupported("\(path).kind", subject.kind ?? "", supported: ["ServiceAccount", "User", "Group"]))
            }
        }
        return errors
    }

    /// A binding's roleRef cannot change.
    static func immutableRoleRef(_ new: RoleRef?, _ old: RoleRef?) -> [FieldError] {
        guard let old, new != old else { return [] }
        let shown =
            "{APIGroup:\(new?.apiGroup ?? "") Kind:\(new?.kind ?? "") Name:\(new?.name ?? "")}"
        return [.invalid("roleRef", shown, "cannot change roleRef")]
    }
}

extension Role: Validating {
    /// `ValidateRole`: every rule; namespaced rules cannot name non-resource URLs.
    public func validate(old: Role?) -> [FieldError] {
        (rules ?? []).enumerated().flatMap { RBACRules.rule($1, namespaced: true, "rules[\($0)]") }
    }
}

extension ClusterRole: Validating {
    /// `ValidateClusterRole`: every rule, and an aggregation rule with at least one selector.
    public func validate(old: ClusterRole?) -> [FieldError] {
        var errors = (rules ?? []).enumerated().flatMap { RBACRules.rule($1, namespaced: false, "rules[\($0)]") }
        if let aggregation = aggregationRule, (aggregation.clusterRoleSelectors ?? []).isEmpty {
            errors.append(
                .required(
                    "aggregationRule.clusterRoleSelectors",
                    "at least one clusterRoleSelector required if aggregationRule is non-nil"))
        }
        return errors
    }
}

extension RoleBinding: Validating {
    /// `ValidateRoleBinding` and `ValidateRoleBindingUpdate`.
    public func validate(old: RoleBinding?) -> [FieldError] {
        RBACRules.binding(roleRef: roleRef, subjects: subjects, clusterScoped: false)
            + RBACRules.immutableRoleRef(roleRef, old?.roleRef)
    }
}

extension ClusterRoleBinding: Validating {
    /// `ValidateClusterRoleBinding` and `ValidateClusterRoleBindingUpdate`.
    public func validate(old: ClusterRoleBinding?) -> [FieldError] {
        RBACRules.binding(roleRef: roleRef, subjects: subjects, clusterScoped: true)
            + RBACRules.immutableRoleRef(roleRef, old?.roleRef)
    }
}

/// `SetDefaults_Subject`: users and groups belong to the RBAC group; service accounts to none.
private func defaulted(_ subjects: [Subject]?) -> [Subject]? {
    subjects?.map { subject in
        var subject = subject
        if subject.apiGroup == nil || subject.apiGroup == "", subject.kind == "User" || subject.kind == "Group" {
            subject.apiGroup = rbacGroup
        }
        return subject
    }
}

extension Role: Defaulting {
    /// Nothing to default.
    public mutating func applyDefaults() {}
}

extension ClusterRole: Defaulting {
    /// Nothing to default.
    public mutating func applyDefaults() {}
}

extension RoleBinding: Defaulting {
    /// Subjects' API groups.
    public mutating func applyDefaults() { subjects = defaulted(subjects) }
}

extension ClusterRoleBinding: Defaulting {
    /// Subjects' API groups.
    public mutating func applyDefaults() { subjects = defaulted(subjects) }
}
