/// One permission of a role (`rbac.authorization.k8s.io/v1 PolicyRule`): verbs on resources of API
/// groups (optionally only some names), or verbs on non-resource URLs.
public struct PolicyRule: Hashable, Sendable, Codable {
    /// The verbs allowed (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`,
    /// `deletecollection`, or `*`).
    public var verbs: [String]?
    /// The API groups of the resources ("" for core; `*` for all).
    public var apiGroups: [String]?
    /// The resources (`pods`, `pods/log`, `*`, `*/scale`).
    public var resources: [String]?
    /// Only these object names (empty: all).
    public var resourceNames: [String]?
    /// Non-resource URLs (`/healthz`, `/metrics`, `/api/*`); cluster roles only.
    public var nonResourceURLs: [String]?

    /// A rule.
    public init(
        verbs: [String]? = nil, apiGroups: [String]? = nil, resources: [String]? = nil,
        resourceNames: [String]? = nil, nonResourceURLs: [String]? = nil
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }
}

/// Who a binding grants its role to (`rbac.authorization.k8s.io/v1 Subject`).
public struct Subject: Hashable, Sendable, Codable {
    /// `User`, `Group` or `ServiceAccount`.
    public var kind: String?
    /// `rbac.authorization.k8s.io` for users and groups; "" for service accounts.
    public var apiGroup: String?
    /// The user's, group's or service account's name.
    public var name: String?
    /// A service account's namespace.
    public var namespace: String?

    /// A subject.
    public init(kind: String? = nil, apiGroup: String? = nil, name: String? = nil, namespace: String? = nil) {
        self.kind = kind
        self.apiGroup = apiGroup
        self.name = name
        self.namespace = namespace
    }
}

/// The role a binding grants (`rbac.authorization.k8s.io/v1 RoleRef`); immutable.
public struct RoleRef: Hashable, Sendable, Codable {
    /// `rbac.authorization.k8s.io`.
    public var apiGroup: String?
    /// `Role` or `ClusterRole`.
    public var kind: String?
    /// The role's name.
    public var name: String?

    /// A reference.
    public init(apiGroup: String? = "rbac.authorization.k8s.io", kind: String? = nil, name: String? = nil) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
}

/// How a cluster role gathers the rules of others (`rbac.authorization.k8s.io/v1 AggregationRule`).
public struct AggregationRule: Hashable, Sendable, Codable {
    /// The cluster roles whose labels match any selector contribute their rules.
    public var clusterRoleSelectors: [LabelSelector]?

    /// A rule.
    public init(clusterRoleSelectors: [LabelSelector]? = nil) {
        self.clusterRoleSelectors = clusterRoleSelectors
    }
}

/// Permissions within one namespace (`rbac.authorization.k8s.io/v1 Role`).
public struct Role: APIObject, Hashable, Sendable, Codable {
    /// `rbac.authorization.k8s.io/v1`.
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    /// `Role`.
    public static let kind = "Role"

    /// The schema version as written; ``Role/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Role/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// What the role allows.
    public var rules: [PolicyRule]?

    /// A role.
    public init(metadata: ObjectMeta = ObjectMeta(), rules: [PolicyRule]? = nil) {
        self.apiVersion = Role.apiVersion
        self.kind = Role.kind
        self.metadata = metadata
        self.rules = rules
    }
}

/// Permissions across the cluster or, bound by a RoleBinding, within one namespace
/// (`rbac.authorization.k8s.io/v1 ClusterRole`).
public struct ClusterRole: APIObject, Hashable, Sendable, Codable {
    /// `rbac.authorization.k8s.io/v1`.
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    /// `ClusterRole`.
    public static let kind = "ClusterRole"

    /// The schema version as written; ``ClusterRole/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``ClusterRole/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// What the role allows.
    public var rules: [PolicyRule]?
    /// Where aggregated rules come from (then `rules` is kept by the server).
    public var aggregationRule: AggregationRule?

    /// A cluster role.
    public init(metadata: ObjectMeta = ObjectMeta(), rules: [PolicyRule]? = nil) {
        self.apiVersion = ClusterRole.apiVersion
        self.kind = ClusterRole.kind
        self.metadata = metadata
        self.rules = rules
    }
}

/// Grants a Role or ClusterRole within one namespace (`rbac.authorization.k8s.io/v1 RoleBinding`).
public struct RoleBinding: APIObject, Hashable, Sendable, Codable {
    /// `rbac.authorization.k8s.io/v1`.
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    /// `RoleBinding`.
    public static let kind = "RoleBinding"

    /// The schema version as written; ``RoleBinding/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``RoleBinding/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// Who gets the role.
    public var subjects: [Subject]?
    /// The role (required; immutable).
    public var roleRef: RoleRef?

    /// A binding.
    public init(metadata: ObjectMeta = ObjectMeta(), subjects: [Subject]? = nil, roleRef: RoleRef? = nil) {
        self.apiVersion = RoleBinding.apiVersion
        self.kind = RoleBinding.kind
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
}

/// Grants a ClusterRole across the cluster (`rbac.authorization.k8s.io/v1 ClusterRoleBinding`).
public struct ClusterRoleBinding: APIObject, Hashable, Sendable, Codable {
    /// `rbac.authorization.k8s.io/v1`.
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    /// `ClusterRoleBinding`.
    public static let kind = "ClusterRoleBinding"

    /// The schema version as written; ``ClusterRoleBinding/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``ClusterRoleBinding/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// Who gets the role.
    public var subjects: [Subject]?
    /// The cluster role (required; immutable).
    public var roleRef: RoleRef?

    /// A binding.
    public init(metadata: ObjectMeta = ObjectMeta(), subjects: [Subject]? = nil, roleRef: RoleRef? = nil) {
        self.apiVersion = ClusterRoleBinding.apiVersion
        self.kind = ClusterRoleBinding.kind
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
}
