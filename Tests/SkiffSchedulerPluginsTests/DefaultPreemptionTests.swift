import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("DefaultPreemption")
struct DefaultPreemptionTests {
    static func pod(
        _ name: String, priority: Int64, cpu: String, spec: JSONValue = [:], labels: [String: String] = [:],
        status: JSONValue? = nil
    ) -> JSONValue {
        Fixtures.pod(name, labels: labels, requests: [["cpu": cpu]], priority: priority, spec: spec, status: status)
    }

    static let nodes = [Fixtures.node("node-a", cpu: "2"), Fixtures.node("node-b", cpu: "2")]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var nodes: [JSONValue] = DefaultPreemptionTests.nodes
        var pods: [(node: String, pod: JSONValue)]
        var pod: JSONValue
        var nominated: String?
        var failure: String = ""
        var log: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "the node whose most important victim has the lowest priority",
            pods: [
                ("node-a", pod("a1", priority: 1, cpu: "1")), ("node-a", pod("a2", priority: 2, cpu: "1")),
                ("node-b", pod("b1", priority: 5, cpu: "1500m")), ("node-b", pod("b2", priority: 1, cpu: "500m")),
            ],
            pod: pod("p", priority: 10, cpu: "1500m"), nominated: "node-a",
            log: ["evict default/a2 uid-default-a2", "evict default/a1 uid-default-a1", "nominate default/p node-a"]),
        Case(
            name: "as few victims as possible, the least important first",
            pods: [
                ("node-a", pod("a1", priority: 1, cpu: "1")), ("node-a", pod("a2", priority: 2, cpu: "1")),
                ("node-b", pod("b1", priority: 3, cpu: "1")), ("node-b", pod("b2", priority: 3, cpu: "1")),
            ],
            pod: pod("p", priority: 10, cpu: "1"), nominated: "node-a",
            log: ["evict default/a1 uid-default-a1", "nominate default/p node-a"]),
        Case(
            name: "the smallest sum of priorities",
            pods: [
                ("node-a", pod("a1", priority: 3, cpu: "1")), ("node-a", pod("a2", priority: 2, cpu: "1")),
                ("node-b", pod("b1", priority: 3, cpu: "1")), ("node-b", pod("b2", priority: 1, cpu: "1")),
            ],
            pod: pod("p", priority: 10, cpu: "2"), nominated: "node-b",
            log: ["evict default/b1 uid-default-b1", "evict default/b2 uid-default-b2", "nominate default/p node-b"]),
        Case(
            name: "more victims make a larger sum",
            pods: [
                ("node-a", pod("a1", priority: 3, cpu: "500m")), ("node-a", pod("a2", priority: 1, cpu: "500m")),
                ("node-a", pod("a3", priority: 1, cpu: "1")),
                ("node-b", pod("b1", priority: 3, cpu: "1")), ("node-b", pod("b2", priority: 2, cpu: "1")),
            ],
            pod: pod("p", priority: 10, cpu: "2"), nominated: "node-b",
            log: ["evict default/b1 uid-default-b1", "evict default/b2 uid-default-b2", "nominate default/p node-b"]),
        Case(
            name: "higher-priority pods are never victims",
            pods: [("node-a", pod("a1", priority: 20, cpu: "2")), ("node-b", pod("b1", priority: 10, cpu: "2"))],
            pod: pod("p", priority: 10, cpu: "1"),
            failure: "0/2 nodes are available: 2 No preemption victims found for incoming pod.", log: []),
        Case(
            name: "preemptionPolicy Never",
            pods: [("node-a", pod("a1", priority: 1, cpu: "2")), ("node-b", pod("b1", priority: 1, cpu: "2"))],
            pod: pod("p", priority: 10, cpu: "1", spec: ["preemptionPolicy": "Never"]),
            failure: "not eligible due to preemptionPolicy=Never.", log: []),
        Case(
            name: "unresolvable nodes are not candidates",
            nodes: [
                Fixtures.node("node-a", cpu: "2"), Fixtures.node("node-b", cpu: "2", taints: [Fixtures.taint("gpu")]),
            ],
            pods: [("node-a", pod("a1", priority: 20, cpu: "2")), ("node-b", pod("b1", priority: 1, cpu: "2"))],
            pod: pod("p", priority: 10, cpu: "1"),
            failure: "0/2 nodes are available: 1 No preemption victims found for incoming pod, "
                + "1 Preemption is not helpful for scheduling.",
            log: []),
        Case(
            name: "a request above allocatable everywhere",
            pods: [("node-a", pod("a1", priority: 1, cpu: "1"))], pod: pod("p", priority: 10, cpu: "3"),
            failure: "0/2 nodes are available: 2 Preemption is not helpful for scheduling.", log: []),
        Case(
            name: "evicting a pod the incoming pod is anti-affine to",
            pods: [
                ("node-a", pod("db", priority: 1, cpu: "100m", labels: ["app": "db"])),
                ("node-b", pod("b1", priority: 1, cpu: "100m", labels: ["app": "db"])),
                ("node-b", pod("b2", priority: 1, cpu: "100m")),
            ],
            pod: pod(
                "p", priority: 10, cpu: "100m",
                spec: [
                    "affinity": [
                        "podAntiAffinity": [
                            "requiredDuringSchedulingIgnoredDuringExecution": [
                                Fixtures.podTerm(
                                    Fixtures.selector(["app": "db"]), topologyKey: "kubernetes.io/hostname")
                            ]
                        ]
                    ]
                ]),
            nominated: "node-a", log: ["evict default/db uid-default-db", "nominate default/p node-a"]),
        Case(
            name: "evicting a pod that holds the wanted host port",
            pods: [
                (
                    "node-a",
                    Fixtures.pod(
                        "web", priority: 1,
                        spec: [
                            "containers": [
                                Fixtures.container(["cpu": "100m"], ports: [Fixtures.hostPort("TCP", "", 80)])
                            ]
                        ])
                ),
                (
                    "node-b",
                    Fixtures.pod(
                        "web2", priority: 5,
                        spec: [
                            "containers": [
                                Fixtures.container(["cpu": "100m"], ports: [Fixtures.hostPort("TCP", "", 80)])
                            ]
                        ])
                ),
            ],
            pod: Fixtures.pod(
                "p", priority: 10,
                spec: [
                    "containers": [Fixtures.container(["cpu": "100m"], ports: [Fixtures.hostPort("TCP", "", 80)])]
                ]),
            nominated: "node-a", log: ["evict default/web uid-default-web", "nominate default/p node-a"]),
        Case(
            name: "topology spread counts without the victims",
            nodes: [
                Fixtures.node("node-a", cpu: "2", labels: ["zone": "z1"]),
                Fixtures.node("node-b", cpu: "2", labels: ["zone": "z2"]),
            ],
            pods: [
                ("node-a", pod("a1", priority: 1, cpu: "100m", labels: ["app": "web"])),
                ("node-a", pod("a2", priority: 1, cpu: "100m", labels: ["app": "web"])),
                ("node-b", pod("b1", priority: 100, cpu: "2", labels: ["app": "web"])),
            ],
            pod: pod(
                "p", priority: 10, cpu: "100m",
                spec: [
                    "topologySpreadConstraints": [
                        Fixtures.spread(1, "zone", selector: Fixtures.selector(["app": "web"]))
                    ]
                ], labels: ["app": "web"]),
            nominated: "node-a", log: ["evict default/a2 uid-default-a2", "nominate default/p node-a"]),
        Case(
            name: "the victims that started last",
            pods: [
                ("node-a", pod("a1", priority: 1, cpu: "2", status: ["startTime": "2025-01-01T00:00:00Z"])),
                ("node-b", pod("b1", priority: 1, cpu: "2", status: ["startTime": "2025-06-01T00:00:00Z"])),
            ],
            pod: pod("p", priority: 10, cpu: "1"), nominated: "node-b",
            log: ["evict default/b1 uid-default-b1", "nominate default/p node-b"]),
    ]

    @Test(arguments: cases)
    func preempt(_ test: Case) {
        let harness = Harness(nodes: test.nodes, pods: test.pods)
        let result = harness.schedule(test.pod, bind: false)
        #expect(result.node == nil)
        #expect(result.nominated == test.nominated)
        #expect(result.failure == test.failure)
        #expect(harness.log.entries == test.log)
    }

    @Test func aTerminatingVictimOnTheNominatedNodeBlocksPreemption() {
        let terminating = Fixtures.pod(
            "a1", requests: [["cpu": "2"]], priority: 1, metadata: ["deletionTimestamp": "2025-01-01T00:00:00Z"])
        let harness = Harness(
            nodes: DefaultPreemptionTests.nodes,
            pods: [
                ("node-a", terminating), ("node-b", DefaultPreemptionTests.pod("b1", priority: 1, cpu: "2")),
            ])
        let pod = DefaultPreemptionTests.pod("p", priority: 10, cpu: "1", status: ["nominatedNodeName": "node-a"])
        let result = harness.schedule(pod, bind: false)
        #expect(result.failure == "not eligible due to a terminating pod on the nominated node.")
        #expect(harness.log.entries.isEmpty)
    }

    @Test func clearsTheNominationWhenPreemptionCannotHelp() {
        let harness = Harness(nodes: DefaultPreemptionTests.nodes)
        let pod = DefaultPreemptionTests.pod("p", priority: 10, cpu: "3", status: ["nominatedNodeName": "node-a"])
        let result = harness.schedule(pod, bind: false)
        #expect(result.failure == "0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
        #expect(harness.log.entries == ["nominate default/p "])
    }

    @Test func thePreemptorFitsOnceTheVictimsAreGone() {
        let harness = Harness(
            nodes: DefaultPreemptionTests.nodes,
            pods: [
                ("node-a", DefaultPreemptionTests.pod("a1", priority: 1, cpu: "2")),
                ("node-b", DefaultPreemptionTests.pod("b1", priority: 5, cpu: "2")),
            ])
        let pod = DefaultPreemptionTests.pod("p", priority: 10, cpu: "1")
        #expect(harness.schedule(pod, bind: false).nominated == "node-a")
        harness.set.removePod(uid: "uid-default-a1")
        #expect(harness.schedule(pod).node == "node-a")
    }
}
