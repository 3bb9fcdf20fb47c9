/// The Go package of a protobuf catalog message, which names its OpenAPI component the way kube-openapi
/// does: `io.k8s.api.apps.v1.Deployment`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`.
///
/// Messages are assigned by name (``of(messageNamed:)``); a name not in the table is core/v1, which
/// holds most of the catalog.
enum OpenAPIPackage: String, Sendable, CaseIterable {
    /// `k8s.io/api/core/v1`.
    case core
    /// `k8s.io/api/apps/v1`.
    case apps
    /// `k8s.io/api/coordination/v1`.
    case coordination
    /// `k8s.io/api/autoscaling/v1`.
    case autoscaling
    /// `k8s.io/api/rbac/v1`.
    case rbac
    /// `k8s.io/apimachinery/pkg/apis/meta/v1`.
    case meta

    /// The component name prefix before the version: `io.k8s.api.apps`.
    var namePrefix: String {
        switch self {
        case .meta: "io.k8s.apimachinery.pkg.apis.meta"
        default: "io.k8s.api.\(rawValue)"
        }
    }

    /// The API group whose versions the package's types follow; nil for meta/v1, which every group shares.
    var apiGroup: String? {
        switch self {
        case .core: ""
        case .apps: "apps"
        case .coordination: "coordination.k8s.io"
        case .autoscaling: "autoscaling"
        case .rbac: "rbac.authorization.k8s.io"
        case .meta: nil
        }
    }

    /// The package of the message named `name` (its name in `generated.proto`).
    static func of(messageNamed name: String) -> OpenAPIPackage { byMessageName[name] ?? .core }

    /// The package versions of a group/version document: the package of the document's own group takes
    /// its version (`apps/v1beta1` names `io.k8s.api.apps.v1beta1.Deployment`); the others stay `v1`.
    static func versions(group: String, version: String) -> [OpenAPIPackage: String] {
        var versions: [OpenAPIPackage: String] = [:]
        for package in allCases where package.apiGroup == group { versions[package] = version }
        return versions
    }

    /// The messages outside core/v1.
    private static let byMessageName: [String: OpenAPIPackage] = {
        let members: [OpenAPIPackage: [String]] = [
            .meta: [
                "ObjectMeta", "OwnerReference", "ManagedFieldsEntry", "ListMeta", "LabelSelector",
                "LabelSelectorRequirement", "Condition", "DeleteOptions", "Preconditions",
            ],
            .apps: [
                "Deployment", "DeploymentSpec", "DeploymentStrategy", "RollingUpdateDeployment", "DeploymentStatus",
                "DeploymentCondition", "RollbackConfig", "ReplicaSet", "ReplicaSetSpec", "ReplicaSetStatus",
                "ReplicaSetCondition",
            ],
            .coordination: ["Lease", "LeaseSpec"],
            .autoscaling: ["Scale", "ScaleSpec", "ScaleStatus"],
            .rbac: [
                "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "PolicyRule", "AggregationRule",
                "Subject", "RoleRef",
            ],
        ]
        var table: [String: OpenAPIPackage] = [:]
        for (package, names) in members {
            for name in names { table[name] = package }
        }
        return table
    }()
}
