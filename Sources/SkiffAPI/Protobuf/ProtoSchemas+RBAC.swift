// rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding
// (`k8s.io/api/rbac/v1/generated.proto`).

extension ProtoSchemas {
    static let role = ProtoMessage(
        "Role",
        [
            1: .message("metadata", objectMeta),
            2: .messages("rules", policyRule),
        ])

    static let clusterRole = ProtoMessage(
        "ClusterRole",
        [
            1: .message("metadata", objectMeta),
            2: .messages("rules", policyRule),
            3: .message("aggregationRule", aggregationRule),
        ])

    static let roleBinding = ProtoMessage(
        "RoleBinding",
        [
            1: .message("metadata", objectMeta),
            2: .messages("subjects", subject),
            3: .message("roleRef", roleRef),
        ])

    static let clusterRoleBinding = ProtoMessage(
        "ClusterRoleBinding",
        [
            1: .message("metadata", objectMeta),
            2: .messages("subjects", subject),
            3: .message("roleRef", roleRef),
        ])

    static let policyRule = ProtoMessage(
        "PolicyRule",
        [
            1: .strings("verbs"),
            2: .strings("apiGroups"),
            3: .strings("resources"),
            4: .strings("resourceNames"),
            5: .strings("nonResourceURLs"),
        ])

    static let aggregationRule = ProtoMessage(
        "AggregationRule", [1: .messages("clusterRoleSelectors", labelSelector)])

    static let subject = ProtoMessage(
        "Subject",
        [
            1: .string("kind"),
            2: .string("apiGroup"),
            3: .string("name"),
            4: .string("namespace"),
        ])

    static let roleRef = ProtoMessage(
        "RoleRef",
        [
            1: .string("apiGroup"),
            2: .string("kind"),
            3: .string("name"),
        ])
}
