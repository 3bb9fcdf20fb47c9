import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import SkiffWorkloads
import Testing

@Suite("Node lifecycle")
struct NodeLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let taint = Taint(key: NodeEviction.unreachable, effect: "NoExecute", timeAdded: Time(now))

    static func pod(_ tolerations: [Toleration]?) -> Pod {
        var spec = PodSpec(containers: [Container(name: "c", image: "i")])
        spec.tolerations = tolerations
        return Pod(metadata: ObjectMeta(name: "p"), spec: spec)
    }

    @Test(
        "eviction times follow the tolerations",
        arguments: [
            ("none: the default 300 s", nil, 300.0),
            (
                "30 s",
                [
                    Toleration(
                        key: NodeEviction.unreachable, operator: "Exists", effect: "NoExecute", tolerationSeconds: 30)
                ], 30
            ),
            ("forever", [Toleration(key: NodeEviction.unreachable, operator: "Exists", effect: "NoExecute")], nil),
            ("everything, forever", [Toleration(operator: "Exists")], nil),
            (
                "shortest of two",
                [
                    Toleration(
                        key: NodeEviction.unreachable, operator: "Exists", effect: "NoExecute", tolerationSeconds: 60),
                    Toleration(operator: "Exists", tolerationSeconds: 10),
                ], 10
            ),
            (
                "another taint's toleration only: default",
                [Toleration(key: "x", operator: "Exists", effect: "NoExecute")], 300
            ),
        ] as [(String, [Toleration]?, Double?)])
    func evictionTime(_ name: String, _ tolerations: [Toleration]?, _ seconds: Double?) {
        let due = NodeEviction.evictionTime(Self.pod(tolerations), taint: Self.taint, now: Self.now)
        #expect(due == seconds.map { Self.now.addingTimeInterval($0) }, "\(name)")
    }

    @Test("a taint no toleration matches evicts at once")
    func untolerated() {
        let custom = Taint(key: "example.com/broken", effect: "NoExecute", timeAdded: Time(Self.now))
        #expect(NodeEviction.evictionTime(Self.pod(nil), taint: custom, now: Self.now) == Self.now)
    }

    @Test("a node that stops heartbeating goes Unknown and tainted; pods leave when their tolerations run out")
    func silentNode() async throws {
        // 10 s of grace against heartbeats every 200 ms: a loaded CI machine once let a 1 s grace
        // lapse between two of them, and the first heartbeat comes after four more writes.
        let configuration = Array(#"{"nodeMonitorGracePeriodSeconds":10}"#.utf8)
        try await ReplicaSetControllerTests.withController(
            ["NodeLifecycleController"], configurations: ["node-lifecycle-controller": configuration]
        ) { cluster in
            var ready = NodeCondition(type: "Ready", status: "True")
            ready.reason = "KubeletReady"
            var status = NodeStatus()
            status.conditions = [ready]
            _ = try await cluster.client.typed(Node.self).create(Node(metadata: ObjectMeta(name: "n1"), status: status))
            _ = try await cluster.client.patch(
                APIResource.of(Node.self), namespace: nil, name: "n1", type: .merge,
                ["status": ["conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady"]]]],
                subresource: "status")
            let leases = cluster.client.typed(Lease.self)
            var lease = try await leases.create(
                Lease(
                    metadata: ObjectMeta(name: "n1", namespace: "kube-node-lease"),
                    spec: LeaseSpec(holderIdentity: "n1", leaseDurationSeconds: 40, renewTime: MicroTime.now())))
            for (name, seconds) in [("short", Int64(1)), ("forever", nil)] as [(String, Int64?)] {
                var spec = PodSpec(containers: [Container(name: "c", image: "i")])
                spec.nodeName = "n1"
                spec.tolerations = [
                    Toleration(
                        key: NodeEviction.unreachable, operator: "Exists", effect: "NoExecute",
                        tolerationSeconds: seconds)
                ]
                _ = try await cluster.client.typed(Pod.self).create(
                    Pod(metadata: ObjectMeta(name: name, namespace: "default"), spec: spec))
                _ = try await cluster.client.patch(
                    APIResource.of(Pod.self), namespace: "default", name: name, type: .merge,
                    ["status": ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]],
                    subresource: "status")
            }
            // Heartbeats keep it healthy.
            for _ in 0..<8 {
                lease.spec?.renewTime = MicroTime.now()
                lease = try await leases.update(lease)
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect((try await cluster.client.typed(Node.self).get(name: "n1")).spec?.taints ?? [] == [])

            // Silence: Unknown, tainted, then the short-tolerating pod goes.
            #expect(
                await TestCluster.eventually {
                    let node = try? await cluster.client.typed(Node.self).get(name: "n1")
                    let unknown = node?.status?.conditions?.first { $0.type == "Ready" }?.status == "Unknown"
                    let tainted = (node?.spec?.taints ?? []).contains {
                        $0.key == NodeEviction.unreachable && $0.effect == "NoExecute"
                    }
                    return unknown && tainted
                })
            #expect(
                await TestCluster.eventually {
                    let pods = (try? await cluster.client.typed(Pod.self).list(namespace: "default").items) ?? []
                    let live = pods.filter { $0.metadata.deletionTimestamp == nil }.compactMap(\.metadata.name)
                    return live == ["forever"]
                })
            // The pod that stays is no longer counted as ready.
            let forever = try await cluster.client.typed(Pod.self).get(namespace: "default", name: "forever")
            #expect(forever.status?.conditions?.first { $0.type == "Ready" }?.status == "False")

            // Heartbeats again: the taints come off.
            lease = try await leases.get(namespace: "kube-node-lease", name: "n1")
            lease.spec?.renewTime = MicroTime.now()
            _ = try await leases.update(lease)
            #expect(
                await TestCluster.eventually {
                    let node = try? await cluster.client.typed(Node.self).get(name: "n1")
                    return !(node?.spec?.taints ?? []).contains { $0.key == NodeEviction.unreachable }
                })
        }
    }
}

@Suite("Namespace controller", .serialized)
struct NamespaceControllerTests {
    static let widgets = APIResource(
        group: "example.com", version: "v1", resource: "widgets", kind: "Widget", namespaced: true)

    /// A CustomResourceDefinition of namespaced `widgets.example.com`.
    static let widgetDefinition: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced", "names": ["plural": "widgets", "kind": "Widget"],
            "versions": [
                [
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]
            ],
        ],
    ]

    @Test("a deleted namespace goes Terminating, is emptied (custom resources too), then goes")
    func emptiesAndRemoves() async throws {
        try await ReplicaSetControllerTests.withController(
            ["ReplicaSetController", "DeploymentController", "GarbageCollector", "NamespaceController"]
        ) { cluster in
            let namespaces = cluster.client.typed(Namespace.self)
            _ = try await namespaces.create(Namespace(metadata: ObjectMeta(name: "team")))
            _ = try await cluster.client.typed(ConfigMap.self).create(
                ConfigMap(metadata: ObjectMeta(name: "settings", namespace: "team")))
            var deployment = DeploymentControllerTests.deployment("web", replicas: 2)
            deployment.metadata.namespace = "team"
            _ = try await cluster.client.typed(Deployment.self).create(deployment)
            _ = try await cluster.client.create(
                APIResource(
                    group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
                    kind: "CustomResourceDefinition", namespaced: false),
                namespace: nil, Self.widgetDefinition)
            _ = try await cluster.client.create(
                Self.widgets, namespace: "team",
                ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1"], "spec": ["size": 1]])
            #expect(
                await TestCluster.eventually {
                    (try? await cluster.client.typed(Pod.self).list(namespace: "team").items.count) == 2
                })
            try await namespaces.delete(name: "team")
            let terminating = try? await namespaces.get(name: "team")
            #expect(terminating?.status?.phase == "Terminating")
            #expect(
                await TestCluster.eventually {
                    (try? await namespaces.get(name: "team")) == nil
                })
            for resource in [
                APIResource.of(ConfigMap.self), APIResource.of(Pod.self), APIResource.of(ReplicaSet.self), Self.widgets,
            ] {
                let left = try await cluster.client.list(resource, namespace: "team")
                #expect(left.items.isEmpty, "\(resource) left in team")
            }
        }
    }
}
