import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodeResourcesFit")
struct NodeResourcesFitTests {
    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var existing: [JSONValue]
        var expected: Outcome
        var configuration: JSONValue = [:]
        var testDescription: String { name }
    }

    /// A node with 10m cpu, 20 bytes of memory, 32 pods, 5 example.com/aaa, 20 hugepages-2Mi,
    /// 5 bytes of ephemeral storage (kube's `makeAllocatableResources(10, 20, 32, 5, 20, 5)`).
    static let node = Fixtures.node(
        "node", cpu: "10m", memory: "20", pods: 32,
        extra: ["example.com/aaa": "5", "hugepages-2Mi": "20", "ephemeral-storage": "5"])

    static func pod(_ requests: [[String: String]], spec: JSONValue = [:], name: String = "p") -> JSONValue {
        Fixtures.pod(name, requests: requests, spec: spec)
    }

    static func initContainers(_ requests: [[String: String]], sidecar: Bool = false) -> JSONValue {
        ["initContainers": .array(requests.map { Fixtures.container($0, restartAlways: sidecar) })]
    }

    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "no resources requested always fits", pod: pod([]),
            existing: [pod([["cpu": "10m", "memory": "20"]])], expected: .ok),
        FilterCase(
            name: "too many resources fails", pod: pod([["cpu": "1m", "memory": "1"]]),
            existing: [pod([["cpu": "10m", "memory": "20"]])],
            expected: .unschedulable("Insufficient cpu, Insufficient memory")),
        FilterCase(
            name: "too many resources fails due to init container cpu",
            pod: pod([["cpu": "1m", "memory": "1"]], spec: initContainers([["cpu": "3m", "memory": "1"]])),
            existing: [pod([["cpu": "8m", "memory": "19"]])], expected: .unschedulable("Insufficient cpu")),
        FilterCase(
            name: "too many resources fails due to highest init container cpu",
            pod: pod(
                [["cpu": "1m", "memory": "1"]],
                spec: initContainers([["cpu": "3m", "memory": "1"], ["cpu": "2m", "memory": "1"]])),
            existing: [pod([["cpu": "8m", "memory": "19"]])], expected: .unschedulable("Insufficient cpu")),
        FilterCase(
            name: "init container memory within what the containers need fits",
            pod: pod([["cpu": "1m", "memory": "1"]], spec: initContainers([["cpu": "1m", "memory": "1"]])),
            existing: [pod([["cpu": "9m", "memory": "19"]])], expected: .ok),
        FilterCase(
            name: "a sidecar adds to the containers",
            pod: pod(
                [["cpu": "1m", "memory": "1"]], spec: initContainers([["cpu": "1m", "memory": "1"]], sidecar: true)),
            existing: [pod([["cpu": "9m", "memory": "5"]])], expected: .unschedulable("Insufficient cpu")),
        FilterCase(
            name: "one resource memory fits", pod: pod([["cpu": "1m", "memory": "1"]]),
            existing: [pod([["cpu": "5m", "memory": "19"]])], expected: .ok),
        FilterCase(
            name: "one resource cpu does not fit", pod: pod([["cpu": "2m", "memory": "1"]]),
            existing: [pod([["cpu": "9m", "memory": "19"]])], expected: .unschedulable("Insufficient cpu")),
        FilterCase(
            name: "a request above allocatable is unresolvable", pod: pod([["cpu": "11m", "memory": "1"]]),
            existing: [],
            expected: .unresolvable("Insufficient cpu")),
        FilterCase(
            name: "extended resource fits", pod: pod([["example.com/aaa": "1"]]),
            existing: [pod([["example.com/aaa": "3"]])], expected: .ok),
        FilterCase(
            name: "extended resource capacity enforced", pod: pod([["example.com/aaa": "3"]]),
            existing: [pod([["example.com/aaa": "3"]])], expected: .unschedulable("Insufficient example.com/aaa")),
        FilterCase(
            name: "unknown extended resource is unresolvable", pod: pod([["example.com/bbb": "1"]]), existing: [],
            expected: .unresolvable("Insufficient example.com/bbb")),
        FilterCase(
            name: "ignored extended resource", pod: pod([["example.com/bbb": "1"]]), existing: [], expected: .ok,
            configuration: ["NodeResourcesFit": ["ignoredResources": ["example.com/bbb"]]]),
        FilterCase(
            name: "ignored resource group", pod: pod([["example.com/bbb": "1"]]), existing: [], expected: .ok,
            configuration: ["NodeResourcesFit": ["ignoredResourceGroups": ["example.com"]]]),
        FilterCase(
            name: "hugepages enforced", pod: pod([["hugepages-2Mi": "11"]]),
            existing: [pod([["hugepages-2Mi": "10"]])], expected: .unschedulable("Insufficient hugepages-2Mi")),
        FilterCase(
            name: "ephemeral storage enforced", pod: pod([["ephemeral-storage": "3"]]),
            existing: [pod([["ephemeral-storage": "3"]])], expected: .unschedulable("Insufficient ephemeral-storage")),
        FilterCase(
            name: "pod overhead counts",
            pod: pod([["cpu": "1m", "memory": "1"]], spec: ["overhead": ["cpu": "3m", "memory": "15"]]),
            existing: [pod([["cpu": "5m", "memory": "5"]])], expected: .unschedulable("Insufficient memory")),
        FilterCase(
            name: "pod-level requests replace the containers' sum",
            pod: pod([["cpu": "1m", "memory": "1"]], spec: ["resources": ["requests": ["cpu": "6m", "memory": "1"]]]),
            existing: [pod([["cpu": "5m", "memory": "5"]])], expected: .unschedulable("Insufficient cpu")),
    ]

    @Test(arguments: filterCases)
    func filter(_ test: FilterCase) {
        let pods = test.existing.enumerated().map {
            (node: "node", pod: Self.setName($0.element, "existing-\($0.offset)"))
        }
        let harness = Harness(configuration: test.configuration, nodes: [NodeResourcesFitTests.node], pods: pods)
        #expect(harness.filter(Plugin.fit, test.pod).outcomes == [test.expected])
    }

    @Test func tooManyPods() {
        let node = Fixtures.node("node", cpu: "10m", memory: "20", pods: 1)
        let harness = Harness(nodes: [node], pods: [("node", NodeResourcesFitTests.pod([], name: "existing"))])
        #expect(harness.filter(Plugin.fit, NodeResourcesFitTests.pod([])).outcomes == [.unschedulable("Too many pods")])
        let big = NodeResourcesFitTests.pod([["cpu": "20m", "memory": "30"]])
        #expect(
            harness.filter(Plugin.fit, big).outcomes == [
                .unresolvable("Too many pods, Insufficient cpu, Insufficient memory")
            ])
    }

    @Test func removedPodsFreeResources() {
        let harness = Harness(
            nodes: [NodeResourcesFitTests.node],
            pods: [
                ("node", NodeResourcesFitTests.pod([["cpu": "10m"]], name: "existing"))
            ])
        let pod = NodeResourcesFitTests.pod([["cpu": "5m"]])
        #expect(harness.filter(Plugin.fit, pod).outcomes == [.unschedulable("Insufficient cpu")])
        harness.set.removePod(uid: "uid-default-existing")
        #expect(harness.filter(Plugin.fit, pod).outcomes == [.ok])
    }

    static func setName(_ pod: JSONValue, _ name: String) -> JSONValue {
        var copy = pod
        copy["metadata"]?["name"] = .string(name)
        copy["metadata"]?["uid"] = .string("uid-" + name)
        return copy
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var nodes: [(cpu: String?, memory: String?)]
        var existing: [(node: Int, requests: [String: String])]
        var configuration: JSONValue
        var expected: [Int64]
        var testDescription: String { name }
    }

    static let twoContainers = pod([["cpu": "1000", "memory": "2000"], ["cpu": "2000", "memory": "3000"]])
    static let mostAllocated: JSONValue = ["NodeResourcesFit": ["scoringStrategy": ["type": "MostAllocated"]]]

    static let scoreCases: [ScoreCase] = [
        ScoreCase(
            name: "least: nothing scheduled, nothing requested", pod: pod([]),
            nodes: [("4000", "10000"), ("4000", "10000")], existing: [], configuration: [:], expected: [100, 100]),
        ScoreCase(
            name: "least: nothing scheduled, resources requested, differently sized nodes", pod: twoContainers,
            nodes: [("4000", "10000"), ("6000", "10000")], existing: [], configuration: [:], expected: [37, 50]),
        ScoreCase(
            name: "least: no resources requested, pods scheduled with resources", pod: pod([]),
            nodes: [("10000", "20000"), ("10000", "20000")],
            existing: [
                (0, ["cpu": "3000", "memory": "0"]), (0, ["cpu": "3000", "memory": "0"]),
                (1, ["cpu": "3000", "memory": "0"]), (1, ["cpu": "3000", "memory": "5000"]),
            ],
            configuration: [:], expected: [70, 57]),
        ScoreCase(
            name: "least: resources requested, pods scheduled with resources", pod: twoContainers,
            nodes: [("10000", "20000"), ("10000", "20000")],
            existing: [(0, ["cpu": "3000", "memory": "0"]), (1, ["cpu": "3000", "memory": "5000"])], configuration: [:],
            expected: [57, 45]),
        ScoreCase(
            name: "least: requested resources exceed node capacity", pod: pod([["cpu": "3000", "memory": "0"]]),
            nodes: [("4000", "10000"), ("4000", "10000")],
            existing: [(0, ["cpu": "3000", "memory": "0"]), (1, ["cpu": "3000", "memory": "5000"])], configuration: [:],
            expected: [50, 25]),
        ScoreCase(
            name: "least: zero node resources", pod: pod([]), nodes: [(nil, nil), (nil, nil)],
            existing: [(0, ["cpu": "3000", "memory": "0"])], configuration: [:], expected: [0, 0]),
        ScoreCase(
            name: "least: weights on cpu and memory", pod: twoContainers,
            nodes: [("4000", "10000"), ("6000", "10000")],
            existing: [],
            configuration: [
                "NodeResourcesFit": [
                    "scoringStrategy": ["resources": [["name": "memory", "weight": 2], ["name": "cpu", "weight": 1]]]
                ]
            ],
            expected: [41, 50]),
        ScoreCase(
            name: "least: a container without requests counts 100m and 200Mi", pod: pod([[:]]),
            nodes: [("4", "8Gi"), ("1", "1Gi")], existing: [], configuration: [:], expected: [97, 85]),
        ScoreCase(
            name: "most: nothing scheduled, resources requested, differently sized nodes", pod: twoContainers,
            nodes: [("4000", "10000"), ("6000", "10000")], existing: [], configuration: mostAllocated,
            expected: [62, 50]),
        ScoreCase(
            name: "most: resources requested, pods scheduled with resources", pod: twoContainers,
            nodes: [("10000", "20000"), ("10000", "20000")],
            existing: [(0, ["cpu": "3000", "memory": "0"]), (1, ["cpu": "3000", "memory": "5000"])],
            configuration: mostAllocated, expected: [42, 55]),
        ScoreCase(
            name: "most: requests above capacity count as full", pod: pod([["cpu": "5000", "memory": "10000"]]),
            nodes: [("4000", "10000")], existing: [], configuration: mostAllocated, expected: [100]),
    ]

    @Test(arguments: scoreCases)
    func score(_ test: ScoreCase) {
        let nodes = test.nodes.enumerated().map { index, node in
            Fixtures.node("node-\(index)", cpu: node.cpu ?? "0", memory: node.memory ?? "0")
        }
        let pods = test.existing.enumerated().map { index, existing in
            (
                node: "node-\(existing.node)",
                pod: NodeResourcesFitTests.pod([existing.requests], name: "existing-\(index)")
            )
        }
        let harness = Harness(configuration: test.configuration, nodes: nodes, pods: pods)
        #expect(harness.scores(Plugin.fit, test.pod) == test.expected)
    }
}
