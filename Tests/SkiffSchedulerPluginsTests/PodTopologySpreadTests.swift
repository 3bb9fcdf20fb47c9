import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("PodTopologySpread")
struct PodTopologySpreadTests {
    static let zone = "topology.kubernetes.io/zone"
    static let hostname = "kubernetes.io/hostname"
    static let mismatch = Outcome.unschedulable("node(s) didn't match pod topology spread constraints")
    static let missingLabel = Outcome.unresolvable(
        "node(s) didn't match pod topology spread constraints (missing required label)")

    /// node-a, node-b in zone1; node-x, node-y in zone2.
    static func nodes(taintZone2: Bool = false) -> [JSONValue] {
        let taints = taintZone2 ? [Fixtures.taint("dedicated", "x")] : []
        return [
            Fixtures.node("node-a", labels: [zone: "zone1"]), Fixtures.node("node-b", labels: [zone: "zone1"]),
            Fixtures.node("node-x", labels: [zone: "zone2"], taints: taints),
            Fixtures.node("node-y", labels: [zone: "zone2"], taints: taints),
        ]
    }

    static func existing(
        _ placement: [String: Int], labels: [String: String] = ["foo": ""], namespace: String = "default"
    )
        -> [(node: String, pod: JSONValue)]
    {
        placement.keys.sorted().flatMap { node in
            (0..<placement[node]!).map { index in
                (node, Fixtures.pod("\(node)-\(index)-\(labels.count)", namespace: namespace, labels: labels))
            }
        }
    }

    static func pod(_ constraints: [JSONValue], labels: [String: String] = ["foo": ""], spec: JSONValue = [:])
        -> JSONValue
    {
        var merged = spec
        merged["topologySpreadConstraints"] = .array(constraints)
        return Fixtures.pod("incoming", labels: labels, spec: merged)
    }

    static let fooExists = Fixtures.selector("foo", "Exists")

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var pods: [(node: String, pod: JSONValue)]
        var nodes: [JSONValue] = PodTopologySpreadTests.nodes()
        var expected: [Outcome]
        var testDescription: String { name }
    }

    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "no existing pods", pod: pod([Fixtures.spread(1, zone, selector: fooExists)]), pods: [],
            expected: [.ok, .ok, .ok, .ok]),
        FilterCase(
            name: "normal case: zone2 would exceed the skew", pod: pod([Fixtures.spread(1, zone, selector: fooExists)]),
            pods: existing(["node-a": 1, "node-b": 1, "node-y": 3]), expected: [.ok, .ok, mismatch, mismatch]),
        FilterCase(
            name: "pods that don't match the selector are not counted",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists)]),
            pods: existing(["node-a": 1, "node-b": 1]) + existing(["node-y": 3], labels: ["bar": ""]),
            expected: [mismatch, mismatch, .ok, .ok]),
        FilterCase(
            name: "pods of other namespaces are not counted", pod: pod([Fixtures.spread(1, zone, selector: fooExists)]),
            pods: existing(["node-a": 1, "node-b": 1]) + existing(["node-y": 3], namespace: "other"),
            expected: [mismatch, mismatch, .ok, .ok]),
        FilterCase(
            name: "terminating pods are not counted", pod: pod([Fixtures.spread(1, zone, selector: fooExists)]),
            pods: existing(["node-a": 2])
                + [
                    (
                        "node-x",
                        Fixtures.pod(
                            "gone", labels: ["foo": ""], metadata: ["deletionTimestamp": "2025-01-01T00:00:00Z"])
                    )
                ],
            expected: [mismatch, mismatch, .ok, .ok]),
        FilterCase(
            name: "the pod doesn't match its own selector",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists)], labels: [:]),
            pods: existing(["node-a": 1, "node-b": 1, "node-y": 3]), expected: [.ok, .ok, .ok, .ok]),
        FilterCase(
            name: "hostname constraint", pod: pod([Fixtures.spread(1, hostname, selector: fooExists)]),
            pods: existing(["node-a": 1, "node-b": 1, "node-y": 3]), expected: [mismatch, mismatch, .ok, mismatch]),
        FilterCase(
            name: "two constraints",
            pod: pod([
                Fixtures.spread(1, zone, selector: fooExists), Fixtures.spread(1, hostname, selector: fooExists),
            ]),
            pods: existing(["node-a": 1, "node-y": 1]), expected: [mismatch, .ok, .ok, mismatch]),
        FilterCase(
            name: "node without the topology label",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists)]), pods: [],
            nodes: nodes() + [Fixtures.node("node-c")], expected: [.ok, .ok, .ok, .ok, missingLabel]),
        FilterCase(
            name: "minDomains above the domain count makes the global minimum 0",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists, extra: ["minDomains": 3])]),
            pods: existing(["node-a": 1, "node-x": 1]), expected: [mismatch, mismatch, mismatch, mismatch]),
        FilterCase(
            name: "minDomains within the domain count",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists, extra: ["minDomains": 2])]),
            pods: existing(["node-a": 1, "node-x": 1]), expected: [.ok, .ok, .ok, .ok]),
        FilterCase(
            name: "nodeAffinityPolicy Honor (default) leaves nodes the pod can't use out",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists)], spec: ["nodeSelector": [zone: "zone1"]]),
            pods: existing(["node-a": 1, "node-b": 1]), expected: [.ok, .ok, .ok, .ok]),
        FilterCase(
            name: "nodeAffinityPolicy Ignore counts every node",
            pod: pod(
                [Fixtures.spread(1, zone, selector: fooExists, extra: ["nodeAffinityPolicy": "Ignore"])],
                spec: ["nodeSelector": [zone: "zone1"]]),
            pods: existing(["node-a": 1, "node-b": 1]), expected: [mismatch, mismatch, .ok, .ok]),
        FilterCase(
            name: "nodeTaintsPolicy Ignore (default) counts tainted nodes",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists)]), pods: existing(["node-a": 1, "node-b": 1]),
            nodes: nodes(taintZone2: true), expected: [mismatch, mismatch, .ok, .ok]),
        FilterCase(
            name: "nodeTaintsPolicy Honor leaves untolerated tainted nodes out",
            pod: pod([Fixtures.spread(1, zone, selector: fooExists, extra: ["nodeTaintsPolicy": "Honor"])]),
            pods: existing(["node-a": 1, "node-b": 1]), nodes: nodes(taintZone2: true), expected: [.ok, .ok, .ok, .ok]),
        FilterCase(
            name: "matchLabelKeys narrow the selector to the pod's values",
            pod: pod(
                [Fixtures.spread(1, zone, selector: fooExists, extra: ["matchLabelKeys": ["rev"]])],
                labels: ["foo": "", "rev": "2"]),
            pods: existing(["node-a": 1, "node-b": 1], labels: ["foo": "", "rev": "1"])
                + existing(["node-x": 1], labels: ["foo": "", "rev": "2"]),
            expected: [.ok, .ok, mismatch, mismatch]),
        FilterCase(
            name: "an empty selector counts no pods", pod: pod([Fixtures.spread(1, zone, selector: [:])]),
            pods: existing(["node-a": 3]), expected: [.ok, .ok, .ok, .ok]),
    ]

    @Test(arguments: filterCases)
    func filter(_ test: FilterCase) {
        let harness = Harness(nodes: test.nodes, pods: test.pods)
        let run = harness.filter(Plugin.podTopologySpread, test.pod)
        #expect(run.preFilter == .success)
        #expect(run.outcomes == test.expected)
    }

    @Test func podWithoutHardConstraintsSkips() {
        let harness = Harness(nodes: PodTopologySpreadTests.nodes())
        let soft = PodTopologySpreadTests.pod([
            Fixtures.spread(
                1, PodTopologySpreadTests.zone, "ScheduleAnyway", selector: PodTopologySpreadTests.fooExists)
        ])
        #expect(harness.filter(Plugin.podTopologySpread, soft).preFilter == .skip)
        #expect(harness.filter(Plugin.podTopologySpread, Fixtures.pod("plain")).preFilter == .skip)
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var pods: [(node: String, pod: JSONValue)]
        var nodes: [JSONValue] = PodTopologySpreadTests.nodes()
        var feasible: [String]? = nil
        var configuration: JSONValue = [:]
        var expected: [Int64]?
        var testDescription: String { name }
    }

    static func soft(_ maxSkew: Int64, _ key: String) -> JSONValue {
        Fixtures.spread(maxSkew, key, "ScheduleAnyway", selector: fooExists)
    }

    static let owned: JSONValue = [
        "ownerReferences": [
            ["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-abc", "uid": "rs-1", "controller": true]
        ]
    ]

    static let scoreCases: [ScoreCase] = [
        ScoreCase(name: "no existing pods", pod: pod([soft(1, hostname)]), pods: [], expected: [100, 100, 100, 100]),
        ScoreCase(
            name: "hostname constraint, all nodes candidates", pod: pod([soft(1, hostname)]),
            pods: existing(["node-a": 2, "node-b": 1, "node-y": 3]), expected: [20, 60, 100, 0]),
        ScoreCase(
            name: "hostname constraint, some nodes candidates", pod: pod([soft(1, hostname)]),
            pods: existing(["node-a": 2, "node-b": 1, "node-y": 3]), feasible: ["node-a", "node-b", "node-y"],
            expected: [80, 100, 40]),
        ScoreCase(
            name: "zone constraint", pod: pod([soft(1, zone)]),
            pods: existing(["node-a": 2, "node-b": 1, "node-x": 1]),
            expected: [25, 25, 100, 100]),
        ScoreCase(
            name: "maxSkew softens the differences", pod: pod([soft(3, zone)]),
            pods: existing(["node-a": 2, "node-b": 1, "node-x": 1]), expected: [50, 50, 100, 100]),
        ScoreCase(
            name: "nodes missing a topology key score 0", pod: pod([soft(1, zone)]), pods: existing(["node-a": 1]),
            nodes: nodes() + [Fixtures.node("node-c")], expected: [0, 0, 100, 100, 0]),
        ScoreCase(
            name: "system defaults for pods of a ReplicaSet",
            pod: Fixtures.pod("incoming", labels: ["app": "web"], metadata: owned),
            pods: existing(["node-a": 1, "node-x": 2], labels: ["app": "web"]), expected: [83, 100, 58, 83]),
        ScoreCase(
            name: "no system defaults for pods without a controller",
            pod: Fixtures.pod("incoming", labels: ["app": "web"]),
            pods: existing(["node-a": 1], labels: ["app": "web"]), expected: nil),
        ScoreCase(
            name: "List defaulting without constraints",
            pod: Fixtures.pod("incoming", labels: ["app": "web"], metadata: owned),
            pods: existing(["node-a": 1], labels: ["app": "web"]),
            configuration: ["PodTopologySpread": ["defaultingType": "List"]], expected: nil),
        ScoreCase(
            name: "hard constraints are not scored", pod: pod([Fixtures.spread(1, zone, selector: fooExists)]),
            pods: existing(["node-a": 1]), expected: nil),
    ]

    @Test(arguments: scoreCases)
    func score(_ test: ScoreCase) {
        let harness = Harness(configuration: test.configuration, nodes: test.nodes, pods: test.pods)
        #expect(harness.scores(Plugin.podTopologySpread, test.pod, nodes: test.feasible) == test.expected)
    }
}
