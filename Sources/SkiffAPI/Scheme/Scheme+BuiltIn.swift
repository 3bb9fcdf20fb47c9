extension Scheme {
    /// The built-in kinds: core/v1 Namespace, Node, Pod, Event, ConfigMap, Secret, Service,
    /// ServiceAccount; apps/v1 Deployment (also served as apps/v1beta1) and ReplicaSet;
    /// coordination.k8s.io/v1 Lease; rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding,
    /// ClusterRoleBinding; apiextensions.k8s.io/v1 CustomResourceDefinition.
    public static let builtIn: Scheme = {
        var scheme = Scheme()
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", shortNames: ["ns"],
                namespaced: false, subresources: [.status, .finalize], strategy: .typed(Namespace.self),
                selectableFields: .metadata(plus: ["status.phase"]), columns: TableColumns.namespace))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Node", plural: "nodes", shortNames: ["no"], namespaced: false,
                subresources: [.status], strategy: .typed(Node.self),
                selectableFields: .metadata(plus: ["spec.unschedulable"]), columns: TableColumns.node))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Pod", plural: "pods", shortNames: ["po"], categories: ["all"],
                namespaced: true, subresources: [.status, .binding, .log], tracksGeneration: true,
                strategy: .typed(Pod.self),
                selectableFields: .metadata(plus: [
                    "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
                ]), columns: TableColumns.pod))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true,
                strategy: .typed(Event.self),
                selectableFields: .metadata(plus: [
                    "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                    "reason", "reportingComponent", "source", "type",
                ]), columns: TableColumns.event))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", shortNames: ["cm"],
                namespaced: true, strategy: .typed(ConfigMap.self), columns: TableColumns.configMap))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true,
                strategy: .typed(Secret.self), selectableFields: .metadata(plus: ["type"]),
                columns: TableColumns.secret))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "Service", plural: "services", shortNames: ["svc"],
                categories: ["all"], namespaced: true, subresources: [.status], strategy: .typed(Service.self),
                columns: TableColumns.service))
        scheme.register(
            ResourceType(
                group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", shortNames: ["sa"],
                namespaced: true, strategy: .typed(ServiceAccount.self), columns: TableColumns.serviceAccount))
        var deployments = ResourceType(
            group: "apps", versions: ["v1", "v1beta1"], kind: "Deployment", plural: "deployments",
            shortNames: ["deploy"], categories: ["all"], namespaced: true, subresources: [.status, .scale],
            tracksGeneration: true, strategy: .typed(Deployment.self), columns: TableColumns.deployment)
        deployments.conversion = DeploymentConversion.conversion
        scheme.register(deployments)
        scheme.register(
            ResourceType(
                group: "apps", versions: ["v1"], kind: "ReplicaSet", plural: "replicasets", shortNames: ["rs"],
                categories: ["all"], namespaced: true, subresources: [.status, .scale], tracksGeneration: true,
                strategy: .typed(ReplicaSet.self), columns: TableColumns.replicaSet))
        scheme.register(
            ResourceType(
                group: "coordination.k8s.io", versions: ["v1"], kind: "Lease", plural: "leases", namespaced: true,
                strategy: .typed(Lease.self), columns: TableColumns.lease))
        scheme.register(
            ResourceType(
                group: rbacGroup, versions: ["v1"], kind: "Role", plural: "roles", namespaced: true,
                strategy: .typed(Role.self), columns: TableColumns.role))
        scheme.register(
            ResourceType(
                group: rbacGroup, versions: ["v1"], kind: "ClusterRole", plural: "clusterroles", namespaced: false,
                strategy: .typed(ClusterRole.self), columns: TableColumns.role))
        scheme.register(
            ResourceType(
                group: rbacGroup, versions: ["v1"], kind: "RoleBinding", plural: "rolebindings", namespaced: true,
                strategy: .typed(RoleBinding.self), columns: TableColumns.roleBinding))
        scheme.register(
            ResourceType(
                group: rbacGroup, versions: ["v1"], kind: "ClusterRoleBinding", plural: "clusterrolebindings",
                namespaced: false, strategy: .typed(ClusterRoleBinding.self), columns: TableColumns.roleBinding))
        scheme.register(
            ResourceType(
                group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition",
                plural: "customresourcedefinitions", shortNames: ["crd", "crds"], categories: ["api-extensions"],
                namespaced: false, subresources: [.status], tracksGeneration: true,
                strategy: .typed(CustomResourceDefinition.self), columns: TableColumns.customResourceDefinition))
        return scheme
    }()
}
