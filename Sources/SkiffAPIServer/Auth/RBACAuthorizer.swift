import SkiffAPI

/// A decision of an authorizer.
public struct AuthorizationDecision: Sendable, Hashable {
    /// Whether the request may proceed.
    public var allowed: Bool
    /// Why (the binding and role that allowed it, or nothing matched).
    public var reason: String

    /// A decision.
    public init(allowed: Bool, reason: String) {
        self.allowed = allowed
        self.reason = reason
    }
}

/// Kubernetes' RBAC authorizer over a snapshot of the RBAC objects (`rbac.RBACAuthorizer`): a
/// request is allowed when a ClusterRoleBinding, or a RoleBinding in the request's namespace,
/// names the user (or one of its groups, or its service account) and grants a role with a rule
/// that covers the verb, API group, resource (and subresource), name or non-resource path.
/// Nothing is ever denied explicitly; what no rule allows is refused. ClusterRoles with an
/// aggregation rule hold the rules of the ClusterRoles their selectors match.
public struct RBACAuthorizer: Sendable {
    private let roles: [String: [PolicyRule]]
    private let clusterRoles: [String: [PolicyRule]]
    private let roleBindings: [String: [RoleBinding]]
    private let clusterRoleBindings: [ClusterRoleBinding]

    /// An authorizer over these objects.
    public init(
        roles: [Role], clusterRoles: [ClusterRole], roleBindings: [RoleBinding],
        clusterRoleBindings: [ClusterRoleBinding]
    ) {
        var byKey: [String: [PolicyRule]] = [:]
        for role in roles {
            byKey["\(role.metadata.namespace ?? "")/\(role.metadata.name ?? "")"] = role.rules ?? []
        }
        self.roles = byKey
        self.clusterRoles = Self.aggregate(clusterRoles)
        self.roleBindings = Dictionary(grouping: roleBindings) { $0.metadata.namespace ?? "" }
        self.clusterRoleBindings = clusterRoleBindings
    }

    /// The rules of every ClusterRole, aggregated ones holding those their selectors match.
    static func aggregate(_ clusterRoles: [ClusterRole]) -> [String: [PolicyRule]] {
        var rules: [String: [PolicyRule]] = [:]
        for role in clusterRoles {
            let name = role.metadata.name ?? ""
            guard let selectors = role.aggregationRule?.clusterRoleSelectors, !selectors.isEmpty else {
                rules[name] = role.rules ?? []
                continue
            }
            var gathered: [PolicyRule] = role.rules ?? []
            for other in clusterRoles where other.metadata.name != role.metadata.name {
                let labels = other.metadata.labels ?? [:]
                guard selectors.contains(where: { $0.labelQuery?.matches(labels) ?? false }) else { continue }
                for rule in other.rules ?? [] where !gathered.contains(rule) { gathered.append(rule) }
            }
            rules[name] = gathered
        }
        return rules
    }

    /// Whether the request is allowed, and by what.
    public func authorize(_ request: AuthorizationAttributes) -> AuthorizationDecision {
        for binding in clusterRoleBindings {
            guard let reference = binding.roleRef, reference.kind == "ClusterRole",
                (binding.subjects ?? []).contains(where: { Self.applies($0, to: request.user, namespace: "") }),
                let rules = clusterRoles[reference.name ?? ""],
                rules.contains(where: { Self.allows($0, request) })
            else { continue }
            return AuthorizationDecision(
                allowed: true,
                reason: "RBAC: allowed by ClusterRoleBinding \(GoText.quote(binding.metadata.name ?? "")) of "
                    + "ClusterRole \(GoText.quote(reference.name ?? ""))")
        }
        if request.isResourceRequest, !request.namespace.isEmpty {
            for binding in roleBindings[request.namespace] ?? [] {
                guard let reference = binding.roleRef,
                    (binding.subjects ?? []).contains(where: {
                        Self.applies($0, to: request.user, namespace: request.namespace)
                    })
                else { continue }
                let rules =
                    reference.kind == "Role"
                    ? roles["\(request.namespace)/\(reference.name ?? "")"] : clusterRoles[reference.name ?? ""]
                guard let rules, rules.contains(where: { Self.allows($0, request) }) else { continue }
                return AuthorizationDecision(
                    allowed: true,
                    reason: "RBAC: allowed by RoleBinding \(GoText.quote(binding.metadata.name ?? ""))"
                        + " of \(reference.kind ?? "") \(GoText.quote(reference.name ?? "")) to the namespace")
            }
        }
        return AuthorizationDecision(allowed: false, reason: "")
    }

    /// Whether a binding's subject names the user (`appliesToUser`). A service account subject in
    /// a RoleBinding without a namespace is the binding's namespace's.
    static func applies(_ subject: Subject, to user: UserInfo, namespace: String) -> Bool {
        let name = subject.name ?? ""
        switch subject.kind {
        case "User": return user.name == name
        case "Group": return user.groups.contains(name)
        case "ServiceAccount":
            let accountNamespace = (subject.namespace ?? "").isEmpty ? namespace : subject.namespace ?? ""
            guard !accountNamespace.isEmpty else { return false }
            return user.name == "system:serviceaccount:\(accountNamespace):\(name)"
        default: return false
        }
    }

    /// Whether a rule covers the request (`RuleAllows`).
    static func allows(_ rule: PolicyRule, _ request: AuthorizationAttributes) -> Bool {
        let verbs = rule.verbs ?? []
        guard verbs.contains("*") || verbs.contains(request.verb) else { return false }
        guard request.isResourceRequest else {
            return (rule.nonResourceURLs ?? []).contains { pattern in
                if pattern == "*" || pattern == request.path { return true }
                return pattern.hasSuffix("*") && request.path.hasPrefix(String(pattern.dropLast()))
            }
        }
        let groups = rule.apiGroups ?? []
        guard groups.contains("*") || groups.contains(request.apiGroup) else { return false }
        let combined = request.subresource.isEmpty ? request.resource : "\(request.resource)/\(request.subresource)"
        let resourceMatches = (rule.resources ?? []).contains { resource in
            resource == "*" || resource == combined
                || (!request.subresource.isEmpty && resource == "*/\(request.subresource)")
        }
        guard resourceMatches else { return false }
        let names = rule.resourceNames ?? []
        return names.isEmpty || names.contains(request.name)
    }
}
