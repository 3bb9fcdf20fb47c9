import Foundation
import SkiffAPI
import SkiffAPIServer
import Testing

/// The RBAC authorizer over the default policy and user objects: what each role allows, and the
/// messages a refusal carries.
@Suite("RBAC authorizer")
struct RBACAuthorizerTests {
    static let jane = UserInfo(name: "jane", groups: ["system:authenticated"])
    static let admin = UserInfo(name: "root", groups: ["system:masters", "system:authenticated"])
    static let robot = UserInfo(name: "system:serviceaccount:team-a:robot", groups: ["system:serviceaccounts"])

    static func binding(_ namespace: String, role: String, kind: String = "ClusterRole", _ subjects: [Subject])
        -> RoleBinding
    {
        var metadata = ObjectMeta()
        metadata.name = "\(role)-binding"
        metadata.namespace = namespace
        return RoleBinding(metadata: metadata, subjects: subjects, roleRef: RoleRef(kind: kind, name: role))
    }

    static let podReader: Role = {
        var metadata = ObjectMeta()
        metadata.name = "pod-reader"
        metadata.namespace = "team-a"
        return Role(
            metadata: metadata,
            rules: [
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"], resourceNames: ["web"]),
                PolicyRule(verbs: ["get"], apiGroups: ["apps"], resources: ["*/scale"]),
            ])
    }()

    /// A team's own role, aggregated into `view` by its label.
    static let crontabViewer: ClusterRole = {
        var metadata = ObjectMeta()
        metadata.name = "crontab-viewer"
        metadata.labels = ["rbac.authorization.k8s.io/aggregate-to-view": "true"]
        return ClusterRole(
            metadata: metadata,
            rules: [PolicyRule(verbs: ["get", "list"], apiGroups: ["stable.example.com"], resources: ["crontabs"])])
    }()

    static let authorizer = RBACAuthorizer(
        roles: [podReader], clusterRoles: BootstrapPolicy.clusterRoles + [crontabViewer],
        roleBindings: [
            binding("team-a", role: "view", [Subject(kind: "User", apiGroup: rbacGroup, name: "jane")]),
            binding("team-b", role: "edit", [Subject(kind: "User", apiGroup: rbacGroup, name: "jane")]),
            binding("team-c", role: "admin", [Subject(kind: "Group", apiGroup: rbacGroup, name: "ops")]),
            binding("team-a", role: "pod-reader", kind: "Role", [Subject(kind: "ServiceAccount", name: "robot")]),
        ],
        clusterRoleBindings: BootstrapPolicy.clusterRoleBindings)

    struct Case: Sendable, CustomTestStringConvertible {
        var attributes: AuthorizationAttributes
        var allowed: Bool
        var testDescription: String {
            let a = attributes
            return
                "\(a.user.name) \(a.verb) \(a.isResourceRequest ? "\(a.resource)/\(a.subresource) in \(a.namespace)" : a.path)"
        }
    }

    static let cases: [Case] = [
        // cluster-admin through system:masters: everything, everywhere.
        Case(attributes: .init(user: admin, verb: "delete", resource: "nodes", name: "n1"), allowed: true),
        Case(attributes: .init(user: admin, verb: "post", path: "/anything"), allowed: true),
        // view in team-a: reads, not secrets, not writes; aggregated custom rules too.
        Case(attributes: .init(user: jane, verb: "list", namespace: "team-a", resource: "pods"), allowed: true),
        Case(
            attributes: .init(user: jane, verb: "get", namespace: "team-a", resource: "pods", subresource: "log"),
            allowed: true),
        Case(attributes: .init(user: jane, verb: "get", namespace: "team-a", resource: "secrets"), allowed: false),
        Case(attributes: .init(user: jane, verb: "create", namespace: "team-a", resource: "pods"), allowed: false),
        Case(
            attributes: .init(
                user: jane, verb: "list", namespace: "team-a", apiGroup: "stable.example.com", resource: "crontabs"),
            allowed: true),
        // edit in team-b: writes workloads and secrets, not RBAC.
        Case(
            attributes: .init(
                user: jane, verb: "create", namespace: "team-b", apiGroup: "apps", resource: "deployments"),
            allowed: true),
        Case(attributes: .init(user: jane, verb: "get", namespace: "team-b", resource: "secrets"), allowed: true),
        Case(
            attributes: .init(user: jane, verb: "create", namespace: "team-b", apiGroup: rbacGroup, resource: "roles"),
            allowed: false),
        // Bindings in one namespace grant nothing in another, nor cluster-wide.
        Case(attributes: .init(user: jane, verb: "list", namespace: "team-c", resource: "pods"), allowed: false),
        Case(attributes: .init(user: jane, verb: "list", resource: "pods"), allowed: false),
        // admin through a group: RBAC objects of the namespace.
        Case(
            attributes: .init(
                user: UserInfo(name: "sam", groups: ["ops"]), verb: "create", namespace: "team-c", apiGroup: rbacGroup,
                resource: "rolebindings"), allowed: true),
        // A service account bound without a namespace is the binding's namespace's; names and
        // subresource wildcards.
        Case(
            attributes: .init(user: robot, verb: "get", namespace: "team-a", resource: "pods", name: "web"),
            allowed: true),
        Case(
            attributes: .init(user: robot, verb: "get", namespace: "team-a", resource: "pods", name: "db"),
            allowed: false),
        Case(
            attributes: .init(
                user: robot, verb: "get", namespace: "team-a", apiGroup: "apps", resource: "deployments",
                subresource: "scale", name: "web"), allowed: true),
        Case(
            attributes: .init(
                user: robot, verb: "get", namespace: "team-a", apiGroup: "apps", resource: "deployments", name: "web"),
            allowed: false),
        // Every authenticated user discovers; nobody else.
        Case(attributes: .init(user: jane, verb: "get", path: "/apis/apps/v1"), allowed: true),
        Case(attributes: .init(user: jane, verb: "get", path: "/metrics"), allowed: false),
        Case(
            attributes: .init(
                user: UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"]), verb: "get",
                path: "/healthz"),
            allowed: true),
        Case(
            attributes: .init(
                user: UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"]), verb: "get", path: "/api"),
            allowed: false),
    ]

    @Test("what each binding allows", arguments: cases)
    func decisions(_ test: Case) {
        #expect(Self.authorizer.authorize(test.attributes).allowed == test.allowed)
    }

    @Test("a refusal reads as kube-apiserver's")
    func messages() {
        let namespaced = AuthorizationAttributes(
            user: Self.jane, verb: "create", namespace: "team-a", resource: "pods", name: "web")
        #expect(
            namespaced.forbiddenMessage
                == "pods \"web\" is forbidden: User \"jane\" cannot create resource \"pods\" in API group \"\" in the namespace \"team-a\""
        )
        let clusterScoped = AuthorizationAttributes(
            user: Self.jane, verb: "list", apiGroup: "apps", resource: "deployments", subresource: "scale")
        #expect(
            clusterScoped.forbiddenMessage
                == "deployments.apps is forbidden: User \"jane\" cannot list resource \"deployments/scale\" in API group \"apps\" at the cluster scope"
        )
        let path = AuthorizationAttributes(user: Self.jane, verb: "get", path: "/metrics")
        #expect(path.forbiddenMessage == "forbidden: User \"jane\" cannot get path \"/metrics\"")
    }
}

/// The RBAC kinds through a real server and kubectl.
@Suite("RBAC API", .serialized)
struct RBACAPITests {
    @Test("kubectl creates roles and bindings; bad ones get 422 with field paths; roleRef is immutable")
    func kubectlRBAC() async throws {
        let server = try await ServerProcess.start()
        let namespace = try await server.kubectl(["create", "namespace", "team-a"])
        #expect(namespace.status == 0, "\(namespace.text)")
        let role = try await server.kubectl([
            "create", "role", "pod-reader", "-n", "team-a", "--verb=get,list,watch", "--resource=pods,pods/log",
        ])
        #expect(role.status == 0, "\(role.text)")
        let binding = try await server.kubectl([
            "create", "rolebinding", "jane-reads", "-n", "team-a", "--role=pod-reader", "--user=jane",
            "--serviceaccount=team-a:robot",
        ])
        #expect(binding.status == 0, "\(binding.text)")
        let clusterRole = try await server.kubectl([
            "create", "clusterrole", "metrics-reader", "--verb=get", "--non-resource-url=/metrics",
        ])
        #expect(clusterRole.status == 0, "\(clusterRole.text)")
        let wide = try await server.kubectl(["get", "rolebindings", "-n", "team-a", "-o", "wide"])
        #expect(wide.text.contains("Role/pod-reader") && wide.text.contains("team-a/robot"), "\(wide.text)")
        let rules = try await server.kubectl([
            "get", "role", "pod-reader", "-n", "team-a", "-o", "jsonpath={.rules[0].resources}",
        ])
        #expect(rules.text.contains("pods/log"), "\(rules.text)")
        let subjectGroup = try await server.kubectl([
            "get", "rolebinding", "jane-reads", "-n", "team-a", "-o", "jsonpath={.subjects[0].apiGroup}",
        ])
        #expect(subjectGroup.text == rbacGroup)

        let invalid = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: broken, namespace: team-a}
            rules:
            - {apiGroups: [""], resources: [pods]}
            - {verbs: [get], nonResourceURLs: [/healthz]}
            """
        let refused = try await server.kubectl(["apply", "-f", "-"], input: invalid)
        #expect(refused.status != 0)
        #expect(refused.text.contains("rules[0].verbs: Required value"), "\(refused.text)")
        #expect(
            refused.text.contains("rules[1].nonResourceURLs: Invalid value")
                && refused.text.contains("namespaced rules cannot apply to non-resource URLs"), "\(refused.text)")

        let changed = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: jane-reads, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{kind: User, name: jane}]
            """
        let immutable = try await server.kubectl(["apply", "-f", "-"], input: changed)
        #expect(immutable.status != 0)
        #expect(
            immutable.text.contains("roleRef: Invalid value") && immutable.text.contains("cannot change roleRef"),
            "\(immutable.text)")

        let clusterBinding = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: wrong}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects: [{kind: ServiceAccount, name: robot}, {kind: Robot, name: r2}]
            """
        let wrong = try await server.kubectl(["apply", "-f", "-"], input: clusterBinding)
        #expect(wrong.status != 0)
        for expected in [
            "roleRef.kind: Unsupported value", "subjects[0].namespace: Required value",
            "subjects[1].kind: Unsupported value",
        ] {
            #expect(wrong.text.contains(expected), "\(expected): \(wrong.text)")
        }
        let resources = try await server.kubectl([
            "api-resources", "--api-group=rbac.authorization.k8s.io", "--no-headers",
        ])
        #expect(resources.text.split(separator: "\n").count == 4, "\(resources.text)")
    }
}

extension ServerProcess.CommandResult {
    /// Standard output and error together.
    var text: String { stdout + stderr }
}
