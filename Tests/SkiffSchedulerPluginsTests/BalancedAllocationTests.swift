import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodeResourcesBalancedAllocation")
struct BalancedAllocationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var nodes: [(cpu: String, memory: String)]
        var existing: [(node: Int, requests: [String: String])]
        var configuration: JSONValue = [:]
        var extra: [String: String] = [:]
        var expected: [Int64]?
        var testDescription: String { name }
    }

    static let twoContainers = Fixtures.pod(
        "p", requests: [["cpu": "1000", "memory": "2000"], ["cpu": "2000", "memory": "3000"]])

    static let cases: [Case] = [
        Case(
            name: "nothing requested skips (best-effort pod)", pod: Fixtures.pod("p", requests: [[:]]),
            nodes: [("4000", "10000")], existing: [], expected: nil),
        Case(
            name: "nothing scheduled, resources requested, differently sized nodes", pod: twoContainers,
            nodes: [("4000", "10000"), ("6000", "10000")], existing: [], expected: [87, 100]),
        Case(
            name: "resources requested, pods scheduled with resources", pod: twoContainers,
            nodes: [("10000", "20000"), ("10000", "20000")],
            existing: [(0, ["cpu": "3000", "memory": "0"]), (1, ["cpu": "3000", "memory": "5000"])],
            expected: [82, 95]),
        Case(
            name: "requests above capacity are capped at 1",
            pod: Fixtures.pod("p", requests: [["cpu": "5000", "memory": "2500"]]),
            nodes: [("4000", "10000")], existing: [], expected: [62]),
        Case(
            name: "only cpu requested", pod: Fixtures.pod("p", requests: [["cpu": "1000"]]),
            nodes: [("4000", "10000")], existing: [(0, ["memory": "5000"])], expected: [87]),
        Case(
            name: "three resources use the standard deviation",
            pod: Fixtures.pod("p", requests: [["cpu": "1000", "memory": "5000", "example.com/gpu": "1"]]),
            nodes: [("4000", "10000")], existing: [],
            configuration: [
                "NodeResourcesBalancedAllocation": [
                    "resources": [["name": "cpu"], ["name": "memory"], ["name": "example.com/gpu"]]
                ]
            ],
            extra: ["example.com/gpu": "4"], expected: [88]),
    ]

    @Test(arguments: cases)
    func score(_ test: Case) {
        let nodes = test.nodes.enumerated().map { index, node in
            Fixtures.node("node-\(index)", cpu: node.cpu, memory: node.memory, extra: test.extra)
        }
        let pods = test.existing.enumerated().map { index, existing in
            (node: "node-\(existing.node)", pod: Fixtures.pod("existing-\(index)", requests: [existing.requests]))
        }
        let harness = Harness(configuration: test.configuration, nodes: nodes, pods: pods)
        #expect(harness.scores(Plugin.balancedAllocation, test.pod) == test.expected)
    }
}
