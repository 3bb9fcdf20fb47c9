/// The protobuf schemas of the kinds the API server accepts as protobuf, written from the field numbers of
/// `k8s.io/api` and `k8s.io/apimachinery`'s `generated.proto` files.
///
/// Each table lists a message's fields by number with their JSON names. `optional: true` marks Go pointer
/// fields (`*int32`, `*bool`, `*string`, ...), whose present zero values are kept. Static lets are
/// initialized lazily, on first use.
enum ProtoSchemas {
    /// The schema of the top-level object `kind` in `apiVersion`, nil when there is none.
    static func message(apiVersion: String, kind: String) -> ProtoMessage? {
        if kind == "DeleteOptions" { return deleteOptions }  // registered in every group version
        return kinds[apiVersion + "/" + kind]
    }

    /// The top-level kinds by `apiVersion/kind`.
    private static let kinds: [String: ProtoMessage] = [
        "v1/Namespace": namespace,
        "v1/ConfigMap": configMap,
        "v1/Secret": secret,
        "v1/ServiceAccount": serviceAccount,
        "v1/Service": service,
        "v1/Event": event,
        "v1/Pod": pod,
        "v1/Node": node,
        "v1/Binding": binding,
        "apps/v1/Deployment": deployment,
        "apps/v1/ReplicaSet": replicaSet,
        "coordination.k8s.io/v1/Lease": lease,
        "rbac.authorization.k8s.io/v1/Role": role,
        "rbac.authorization.k8s.io/v1/ClusterRole": clusterRole,
        "rbac.authorization.k8s.io/v1/RoleBinding": roleBinding,
        "rbac.authorization.k8s.io/v1/ClusterRoleBinding": clusterRoleBinding,
        "autoscaling/v1/Scale": scale,
        "authorization.k8s.io/v1/SelfSubjectAccessReview": selfSubjectAccessReview,
        "authentication.k8s.io/v1/TokenRequest": tokenRequest,
        "authentication.k8s.io/v1/SelfSubjectReview": selfSubjectReview,
    ]

    // MARK: - meta/v1

    static let objectMeta = ProtoMessage(
        "ObjectMeta",
        [
            1: .string("name"),
            2: .string("generateName"),
            3: .string("namespace"),
            4: .string("selfLink"),
            5: .string("uid"),
            6: .string("resourceVersion"),
            7: .int64("generation"),
            8: .time("creationTimestamp"),
            9: .time("deletionTimestamp"),
            10: .int64("deletionGracePeriodSeconds", optional: true),
            11: .map("labels", .string),
            12: .map("annotations", .string),
            13: .messages("ownerReferences", ownerReference),
            14: .strings("finalizers"),
            17: .messages("managedFields", managedFieldsEntry),
        ])

    static let ownerReference = ProtoMessage(
        "OwnerReference",
        [
            5: .string("apiVersion"),
            1: .string("kind"),
            3: .string("name"),
            4: .string("uid"),
            6: .bool("controller", optional: true),
            7: .bool("blockOwnerDeletion", optional: true),
        ])

    static let managedFieldsEntry = ProtoMessage(
        "ManagedFieldsEntry",
        [
            1: .string("manager"),
            2: .string("operation"),
            3: .string("apiVersion"),
            4: .time("time"),
            6: .string("fieldsType"),
            7: .field("fieldsV1", .raw),
            8: .string("subresource"),
        ])

    static let listMeta = ProtoMessage(
        "ListMeta",
        [
            1: .string("selfLink"),
            2: .string("resourceVersion"),
            3: .string("continue"),
            4: .int64("remainingItemCount", optional: true),
        ])

    static let labelSelector = ProtoMessage(
        "LabelSelector",
        [
            1: .map("matchLabels", .string),
            2: .messages("matchExpressions", labelSelectorRequirement),
        ])

    static let labelSelectorRequirement = ProtoMessage(
        "LabelSelectorRequirement",
        [
            1: .string("key"),
            2: .string("operator"),
            3: .strings("values"),
        ])

    static let condition = ProtoMessage(
        "Condition",
        [
            1: .string("type"),
            2: .string("status"),
            3: .int64("observedGeneration"),
            4: .time("lastTransitionTime"),
            5: .string("reason"),
            6: .string("message"),
        ])

    static let deleteOptions = ProtoMessage(
        "DeleteOptions",
        [
            1: .int64("gracePeriodSeconds", optional: true),
            2: .message("preconditions", preconditions),
            3: .bool("orphanDependents", optional: true),
            4: .string("propagationPolicy", optional: true),
            5: .strings("dryRun"),
            6: .bool("ignoreStoreReadErrorWithClusterBreakingPotential", optional: true),
        ])

    static let preconditions = ProtoMessage(
        "Preconditions",
        [
            1: .string("uid", optional: true),
            2: .string("resourceVersion", optional: true),
        ])
}
