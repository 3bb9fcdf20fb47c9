import SkiffAPI
import Testing

@testable import SkiffHistory

@Suite("HistoryTarget")
struct HistoryTargetTests {
    static let references: [(String, HistoryTarget)] = [
        // Raw store keys and prefixes.
        ("/registry/pods/default/web-1", .key("/registry/pods/default/web-1")),
        ("/registry/pods/", .prefix("/registry/pods/")),
        ("/registry/", .prefix("/registry/")),
        ("/", .prefix("/")),
        ("/custom/thing", .key("/custom/thing")),
        // Namespaced shorthand: plural, singular, short name, kind, any case, group-qualified.
        ("pods/default/web-1", .key("/registry/pods/default/web-1")),
        ("pod/default/web-1", .key("/registry/pods/default/web-1")),
        ("po/default/web-1", .key("/registry/pods/default/web-1")),
        ("Pod/default/web-1", .key("/registry/pods/default/web-1")),
        ("PODS/default/web-1", .key("/registry/pods/default/web-1")),
        ("deploy/prod/web", .key("/registry/deployments/prod/web")),
        ("deployments.apps/prod/web", .key("/registry/deployments/prod/web")),
        ("deployment.v1.apps/prod/web", .key("/registry/deployments/prod/web")),
        ("Deployment/prod/web", .key("/registry/deployments/prod/web")),
        ("rs/prod/web-5d4f", .key("/registry/replicasets/prod/web-5d4f")),
        ("leases.coordination.k8s.io/kube-node-lease/n1", .key("/registry/leases/kube-node-lease/n1")),
        ("pods.v1/default/web-1", .key("/registry/pods/default/web-1")),
        ("  cm/default/settings  ", .key("/registry/configmaps/default/settings")),
        // A namespace, or every object of a resource.
        ("pods/default", .prefix("/registry/pods/default/")),
        ("pods/default/", .prefix("/registry/pods/default/")),
        ("pods", .prefix("/registry/pods/")),
        ("pods/", .prefix("/registry/pods/")),
        ("svc", .prefix("/registry/services/")),
        // Cluster-scoped.
        ("nodes/n1", .key("/registry/nodes/n1")),
        ("no/n1", .key("/registry/nodes/n1")),
        ("Node/n1", .key("/registry/nodes/n1")),
        ("namespaces/kube-system", .key("/registry/namespaces/kube-system")),
        ("ns", .prefix("/registry/namespaces/")),
        ("nodes/", .prefix("/registry/nodes/")),
        // Custom resources: PLURAL.GROUP, keys under /registry/GROUP/PLURAL/.
        ("crd/crontabs.stable.example.com", .key("/registry/customresourcedefinitions/crontabs.stable.example.com")),
        ("crontabs.stable.example.com", .prefix("/registry/stable.example.com/crontabs/")),
        ("crontabs.stable.example.com/demo/", .prefix("/registry/stable.example.com/crontabs/demo/")),
        ("crontabs.stable.example.com/demo/nightly", .key("/registry/stable.example.com/crontabs/demo/nightly")),
        ("clusterthings.example.com/one", .key("/registry/example.com/clusterthings/one")),
    ]

    @Test(arguments: references)
    func parses(_ text: String, _ expected: HistoryTarget) throws {
        #expect(try HistoryTarget.parse(text) == expected)
    }

    static let refusals: [(String, HistoryError.Code, String, [String])] = [
        (
            "pdos/default/web-1", .unknownResource,
            "unknown resource \"pdos\" in \"pdos/default/web-1\"; did you mean pods?", ["pods"]
        ),
        (
            "deploymnet", .unknownResource, "unknown resource \"deploymnet\"; did you mean deployments?",
            ["deployments"]
        ),
        (
            "deployments.extensions/prod/web", .unknownResource,
            "unknown resource \"deployments.extensions\" in \"deployments.extensions/prod/web\"; did you mean "
                + "deployments?",
            ["deployments"]
        ),
        (
            "serv/default/web", .unknownResource,
            "unknown resource \"serv\" in \"serv/default/web\"; did you mean services or serviceaccounts?",
            ["services", "serviceaccounts"]
        ),
        (
            "widgets/x", .unknownResource,
            "unknown resource \"widgets\" in \"widgets/x\"; known resources: clusterrolebindings, clusterroles, "
                + "configmaps, customresourcedefinitions, deployments, events, leases, namespaces, nodes, pods, "
                + "replicasets, rolebindings, roles, secrets, serviceaccounts, services",
            []
        ),
        (
            "pods//web-1", .missingNamespace,
            "pods are namespaced: name one as pods/NAMESPACE/web-1, not \"pods//web-1\"", []
        ),
        (
            "nodes/a/b", .invalidReference,
            "\"nodes/a/b\": nodes are cluster-scoped and have no namespace; use nodes or nodes/NAME", []
        ),
        (
            "pods/default/web-1/extra", .invalidReference,
            "\"pods/default/web-1/extra\" has too many segments; use pods, pods/NAMESPACE or pods/NAMESPACE/NAME", []
        ),
        (
            "pods/default/web-1/", .invalidReference,
            "\"pods/default/web-1/\": an object name cannot end with \"/\"; use pods/default/web-1 for the object "
                + "or pods/default/ for its namespace",
            []
        ),
        ("nodes/n1/", .invalidReference, "\"nodes/n1/\": an object name cannot end with \"/\"; use nodes/n1", []),
        (
            "pods/default//", .invalidReference,
            "\"pods/default//\" has an empty segment; use pods, pods/NAMESPACE or pods/NAMESPACE/NAME", []
        ),
        (
            "  ", .invalidReference,
            "the object reference is empty; use RESOURCE/NAMESPACE/NAME, RESOURCE/NAME or a store key such as "
                + "/registry/pods/default/web-1",
            []
        ),
    ]

    @Test(arguments: refusals)
    func refuses(_ text: String, _ code: HistoryError.Code, _ message: String, _ suggestions: [String]) {
        #expect(throws: HistoryError(code, message, suggestions: suggestions)) { try HistoryTarget.parse(text) }
    }

    @Test(arguments: [
        (HistoryTarget.key("/registry/pods/default/web-1"), "pods/default/web-1"),
        (.prefix("/registry/pods/default/"), "pods/default/"),
        (.key("/registry/nodes/n1"), "nodes/n1"),
        (.prefix("/registry/"), "/registry/"),
        (.key("/custom/thing"), "/custom/thing"),
    ])
    func describesForMessages(_ target: HistoryTarget, _ expected: String) {
        #expect(target.description == expected)
        #expect("\(target)" == expected)
    }

    @Test func exposesKeyAndKind() {
        #expect(HistoryTarget.key("/registry/nodes/n1").storeKey == "/registry/nodes/n1")
        #expect(!HistoryTarget.key("/registry/nodes/n1").isPrefix)
        #expect(HistoryTarget.prefix("/registry/nodes/").storeKey == "/registry/nodes/")
        #expect(HistoryTarget.prefix("/registry/nodes/").isPrefix)
    }

    @Test(arguments: [
        ("pods", "pods"), ("POD", "pods"), ("po", "pods"), ("deploy", "deployments"),
        ("deployments.apps", "deployments"), ("ReplicaSet", "replicasets"), ("sa", "serviceaccounts"),
        ("ev", "events"), ("lease", "leases"),
    ])
    func resolvesResourceNames(_ name: String, _ plural: String) {
        #expect(HistoryTarget.resource(named: name)?.plural == plural)
    }

    @Test(arguments: ["deployments.core", "pods.apps", "pods.v2", "x", ""])
    func refusesWrongQualifiers(_ name: String) {
        #expect(HistoryTarget.resource(named: name) == nil)
    }

    @Test(arguments: [
        ("pods", "pdos", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0),
        ("ca", "abc", 3),
    ])
    func measuresEditDistance(_ first: String, _ second: String, _ distance: Int) {
        #expect(HistoryTarget.editDistance(first, second) == distance)
    }
}
