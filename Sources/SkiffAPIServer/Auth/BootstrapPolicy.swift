import SkiffAPI

/// Kubernetes' default RBAC policy (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy`), for the
/// resources Skiff serves: the user-facing `cluster-admin`, `admin`, `edit` and `view` roles
/// (the last three aggregated, so roles labelled `rbac.authorization.k8s.io/aggregate-to-*` extend
/// them), the discovery and basic-user roles every authenticated user has, and their bindings.
public enum BootstrapPolicy {
    /// Labels every default object carries.
    static let labels = ["kubernetes.io/bootstrapping": "rbac-defaults"]
    static let readVerbs = ["get", "list", "watch"]
    static let writeVerbs = ["create", "delete", "deletecollection", "patch", "update"]

    /// The default ClusterRoles.
    public static let clusterRoles: [ClusterRole] = [
        role(
            "cluster-admin",
            [
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
            ]),
        aggregated("admin", selecting: "admin"),
        aggregated("edit", selecting: "edit", extraLabel: "admin"),
        aggregated("view", selecting: "view", extraLabels: ["admin", "edit"]),
        role(
            "system:aggregate-to-admin",
            [
                PolicyRule(
                    verbs: readVerbs + writeVerbs, apiGroups: [rbacGroup], resources: ["roles", "rolebindings"]),
                PolicyRule(
                    verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"]),
            ], aggregateTo: ["admin"]),
        role(
            "system:aggregate-to-edit",
            [
                PolicyRule(
                    verbs: writeVerbs, apiGroups: [""],
                    resources: [
                        "pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "configmaps", "secrets",
                        "services", "serviceaccounts", "endpoints", "persistentvolumeclaims", "replicationcontrollers",
                        "replicationcontrollers/scale",
                    ]),
                PolicyRule(verbs: readVerbs, apiGroups: [""], resources: ["secrets"]),
                PolicyRule(
                    verbs: writeVerbs, apiGroups: ["apps"],
                    resources: [
                        "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale",
                        "statefulsets", "statefulsets/scale", "daemonsets",
                    ]),
                PolicyRule(verbs: writeVerbs, apiGroups: ["coordination.k8s.io"], resources: ["leases"]),
            ], aggregateTo: ["admin", "edit"]),
        role(
            "system:aggregate-to-view",
            [
                PolicyRule(
                    verbs: readVerbs, apiGroups: [""],
                    resources: [
                        "pods", "pods/log", "pods/status", "configmaps", "endpoints", "persistentvolumeclaims",
                        "persistentvolumeclaims/status", "replicationcontrollers", "replicationcontrollers/scale",
                        "replicationcontrollers/status", "serviceaccounts", "services", "services/status", "bindings",
                        "events", "limitranges", "resourcequotas", "resourcequotas/status", "namespaces",
                        "namespaces/status",
                    ]),
                PolicyRule(
                    verbs: readVerbs, apiGroups: ["apps"],
                    resources: [
                        "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status",
                        "daemonsets", "daemonsets/status", "controllerrevisions",
                    ]),
                PolicyRule(verbs: readVerbs, apiGroups: ["coordination.k8s.io"], resources: ["leases"]),
            ], aggregateTo: ["admin", "edit", "view"]),
        role(
            "system:discovery",
            [
                PolicyRule(
                    verbs: ["get"],
                    nonResourceURLs: [
                        "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/version", "/version/",
                        "/openapi", "/openapi/*",
                    ])
            ]),
        role(
            "system:public-info-viewer",
            [PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        role(
            "system:basic-user",
            [
                PolicyRule(
                    verbs: ["create"], apiGroups: ["authorization.k8s.io"],
                    resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                PolicyRule(verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
            ]),
        // What a node agent needs; NodeRestriction then narrows its writes to its own Node, its
        // Lease and the pods bound to it.
        role(
            "system:node",
            [
                PolicyRule(verbs: readVerbs, apiGroups: [""], resources: ["pods", "nodes", "services", "endpoints"]),
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps", "secrets"]),
                PolicyRule(
                    verbs: ["create", "get", "list", "watch", "update", "patch"], apiGroups: [""], resources: ["nodes"]),
                PolicyRule(
                    verbs: ["get", "update", "patch"], apiGroups: [""], resources: ["nodes/status", "pods/status"]),
                // Granted as kube grants it (for mirror pods); Skiff has none, so NodeRestriction
                // refuses every create, with kube's message.
                PolicyRule(verbs: ["create", "delete"], apiGroups: [""], resources: ["pods"]),
                PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["pods/eviction"]),
                PolicyRule(
                    verbs: ["create", "update", "patch"], apiGroups: ["", "events.k8s.io"], resources: ["events"]),
                PolicyRule(
                    verbs: ["get", "create", "update", "patch", "delete"], apiGroups: ["coordination.k8s.io"],
                    resources: ["leases"]),
            ]),
        // Plugins (controllers) act as `skiff:plugin:NAME` in the group `skiff:plugins`; this role is
        // what the group may do. Narrow it, or bind single plugins instead, to confine them.
        role(
            "skiff:plugin",
            [
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["get"], nonResourceURLs: ["*"]),
            ]),
    ]

    /// The default ClusterRoleBindings.
    public static let clusterRoleBindings: [ClusterRoleBinding] = [
        binding("cluster-admin", role: "cluster-admin", groups: ["system:masters"]),
        binding("system:discovery", role: "system:discovery", groups: ["system:authenticated"]),
        binding("system:basic-user", role: "system:basic-user", groups: ["system:authenticated"]),
        binding(
            "system:public-info-viewer", role: "system:public-info-viewer",
            groups: ["system:authenticated", "system:unauthenticated"]),
        binding("system:node", role: "system:node", groups: ["system:nodes"]),
        binding("skiff:plugins", role: "skiff:plugin", groups: ["skiff:plugins"]),
    ]

    private static func role(_ name: String, _ rules: [PolicyRule], aggregateTo: [String] = []) -> ClusterRole {
        var metadata = ObjectMeta()
        metadata.name = name
        var labels = Self.labels
        for target in aggregateTo { labels["rbac.authorization.k8s.io/aggregate-to-\(target)"] = "true" }
        metadata.labels = labels
        metadata.annotations = ["rbac.authorization.kubernetes.io/autoupdate": "true"]
        return ClusterRole(metadata: metadata, rules: rules)
    }

    private static func aggregated(
        _ name: String, selecting target: String, extraLabel: String? = nil, extraLabels: [String] = []
    ) -> ClusterRole {
        var role = role(name, [], aggregateTo: (extraLabel.map { [$0] } ?? []) + extraLabels)
        role.aggregationRule = AggregationRule(clusterRoleSelectors: [
            LabelSelector(matchLabels: ["rbac.authorization.k8s.io/aggregate-to-\(target)": "true"])
        ])
        return role
    }

    private static func binding(_ name: String, role: String, groups: [String]) -> ClusterRoleBinding {
        var metadata = ObjectMeta()
        metadata.name = name
        metadata.labels = labels
        metadata.annotations = ["rbac.authorization.kubernetes.io/autoupdate": "true"]
        return ClusterRoleBinding(
            metadata: metadata,
            subjects: groups.map { Subject(kind: "Group", apiGroup: rbacGroup, name: $0) },
            roleRef: RoleRef(kind: "ClusterRole", name: role))
    }
}
