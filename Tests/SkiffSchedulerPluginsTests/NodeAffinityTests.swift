import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodeAffinity")
struct NodeAffinityTests {
    static let mismatch = Outcome.unresolvable("node(s) didn't match Pod's node affinity/selector")

    /// node-1 {foo: bar}, node-2 {foo: baz, kernel: 206}, node-3 {kernel: 200}.
    static let nodes = [
        Fixtures.bareNode("node-1", labels: ["foo": "bar"]),
        Fixtures.bareNode("node-2", labels: ["foo": "baz", "kernel": "206"]),
        Fixtures.bareNode("node-3", labels: ["kernel": "200"]),
    ]

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var spec: JSONValue
        var expected: [Outcome]
        var testDescription: String { name }
    }

    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "nodeSelector", spec: ["nodeSelector": ["foo": "bar"]], expected: [.ok, mismatch, mismatch]),
        FilterCase(
            name: "In",
            spec: Fixtures.requiredNodeAffinity([
                ["matchExpressions": [Fixtures.requirement("foo", "In", ["bar", "baz"])]]
            ]),
            expected: [.ok, .ok, mismatch]),
        FilterCase(
            name: "NotIn matches nodes without the label",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("foo", "NotIn", ["bar"])]]]
            ),
            expected: [mismatch, .ok, .ok]),
        FilterCase(
            name: "Exists",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("kernel", "Exists")]]]),
            expected: [mismatch, .ok, .ok]),
        FilterCase(
            name: "DoesNotExist",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("kernel", "DoesNotExist")]]]
            ),
            expected: [.ok, mismatch, mismatch]),
        FilterCase(
            name: "Gt",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("kernel", "Gt", ["204"])]]]
            ),
            expected: [mismatch, .ok, mismatch]),
        FilterCase(
            name: "Lt",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("kernel", "Lt", ["204"])]]]
            ),
            expected: [mismatch, mismatch, .ok]),
        FilterCase(
            name: "Gt with a non-integer value matches nothing",
            spec: Fixtures.requiredNodeAffinity([["matchExpressions": [Fixtures.requirement("kernel", "Gt", ["abc"])]]]
            ),
            expected: [mismatch, mismatch, mismatch]),
        FilterCase(
            name: "requirements of a term are ANDed",
            spec: Fixtures.requiredNodeAffinity([
                [
                    "matchExpressions": [
                        Fixtures.requirement("foo", "Exists"), Fixtures.requirement("kernel", "Exists"),
                    ]
                ]
            ]),
            expected: [mismatch, .ok, mismatch]),
        FilterCase(
            name: "terms are ORed",
            spec: Fixtures.requiredNodeAffinity([
                ["matchExpressions": [Fixtures.requirement("foo", "In", ["bar"])]],
                ["matchExpressions": [Fixtures.requirement("kernel", "In", ["200"])]],
            ]),
            expected: [.ok, mismatch, .ok]),
        FilterCase(
            name: "nodeSelector and affinity are ANDed",
            spec: [
                "nodeSelector": ["foo": "baz"],
                "affinity": [
                    "nodeAffinity": [
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            "nodeSelectorTerms": [
                                ["matchExpressions": [Fixtures.requirement("kernel", "Exists")]]
                            ]
                        ]
                    ]
                ],
            ],
            expected: [mismatch, .ok, mismatch]),
        FilterCase(
            name: "matchFields on metadata.name",
            spec: Fixtures.requiredNodeAffinity([
                ["matchFields": [Fixtures.requirement("metadata.name", "In", ["node-2"])]]
            ]),
            expected: [mismatch, .ok, mismatch]),
        FilterCase(
            name: "matchFields NotIn",
            spec: Fixtures.requiredNodeAffinity([
                ["matchFields": [Fixtures.requirement("metadata.name", "NotIn", ["node-2"])]]
            ]),
            expected: [.ok, mismatch, .ok]),
        FilterCase(
            name: "an empty term matches nothing", spec: Fixtures.requiredNodeAffinity([["matchExpressions": []]]),
            expected: [mismatch, mismatch, mismatch]),
        FilterCase(
            name: "no terms match nothing", spec: Fixtures.requiredNodeAffinity([]),
            expected: [mismatch, mismatch, mismatch]),
        FilterCase(
            name: "an invalid operator fails its term only",
            spec: Fixtures.requiredNodeAffinity([
                ["matchExpressions": [Fixtures.requirement("foo", "Like", ["bar"])]],
                ["matchExpressions": [Fixtures.requirement("kernel", "In", ["206"])]],
            ]),
            expected: [mismatch, .ok, mismatch]),
    ]

    @Test(arguments: filterCases)
    func filter(_ test: FilterCase) {
        let harness = Harness(nodes: NodeAffinityTests.nodes)
        let run = harness.filter(Plugin.nodeAffinity, Fixtures.pod("p", spec: test.spec))
        #expect(run.preFilter == .success)
        #expect(run.outcomes == test.expected)
    }

    @Test func podWithoutConstraintsSkips() {
        let harness = Harness(nodes: NodeAffinityTests.nodes)
        #expect(harness.filter(Plugin.nodeAffinity, Fixtures.pod("p")).preFilter == .skip)
    }

    @Test func conflictingNodeNamesFailPreFilter() {
        let harness = Harness(nodes: NodeAffinityTests.nodes)
        let spec = Fixtures.requiredNodeAffinity([
            [
                "matchFields": [
                    Fixtures.requirement("metadata.name", "In", ["node-1"]),
                    Fixtures.requirement("metadata.name", "In", ["node-2"]),
                ]
            ]
        ])
        let run = harness.filter(Plugin.nodeAffinity, Fixtures.pod("p", spec: spec))
        #expect(
            run.preFilter == PluginResult(code: .unschedulableAndUnresolvable, reason: "pod affinity terms conflict"))
    }

    @Test func addedAffinityIsEnforced() {
        let configuration: JSONValue = [
            "NodeAffinity": [
                "addedAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        "nodeSelectorTerms": [
                            ["matchExpressions": [Fixtures.requirement("foo", "Exists")]]
                        ]
                    ]
                ]
            ]
        ]
        let harness = Harness(configuration: configuration, nodes: NodeAffinityTests.nodes)
        let run = harness.filter(Plugin.nodeAffinity, Fixtures.pod("p", spec: ["nodeSelector": ["kernel": "200"]]))
        #expect(
            run.outcomes == [
                Self.mismatch, Self.mismatch, .unresolvable("node(s) didn't match scheduler-enforced node affinity"),
            ])
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var preferred: [JSONValue]
        var expected: [Int64]?
        var testDescription: String { name }
    }

    static func preference(_ weight: Int64, _ requirements: [JSONValue]) -> JSONValue {
        ["weight": .int(weight), "preference": ["matchExpressions": .array(requirements)]]
    }

    /// node-1 {foo: bar}, node-2 {foo: bar, key: value}, node-3 {foo: bar, key: value, az: az1}.
    static let scoreNodes = [
        Fixtures.bareNode("node-1", labels: ["foo": "bar"]),
        Fixtures.bareNode("node-2", labels: ["foo": "bar", "key": "value"]),
        Fixtures.bareNode("node-3", labels: ["foo": "bar", "key": "value", "az": "az1"]),
    ]

    static let scoreCases: [ScoreCase] = [
        ScoreCase(name: "no preferred terms skips", preferred: [], expected: nil),
        ScoreCase(
            name: "no node matches", preferred: [preference(2, [Fixtures.requirement("foo", "In", ["other"])])],
            expected: [0, 0, 0]),
        ScoreCase(
            name: "all nodes match the same term",
            preferred: [preference(2, [Fixtures.requirement("foo", "In", ["bar"])])],
            expected: [100, 100, 100]),
        ScoreCase(
            name: "nodes match terms of different weights",
            preferred: [
                preference(2, [Fixtures.requirement("foo", "In", ["bar"])]),
                preference(4, [Fixtures.requirement("key", "In", ["value"])]),
                preference(
                    5,
                    [
                        Fixtures.requirement("foo", "In", ["bar"]), Fixtures.requirement("key", "In", ["value"]),
                        Fixtures.requirement("az", "In", ["az1"]),
                    ]),
            ],
            expected: [18, 54, 100]),
    ]

    @Test(arguments: scoreCases)
    func score(_ test: ScoreCase) {
        let harness = Harness(nodes: NodeAffinityTests.scoreNodes)
        let spec: JSONValue =
            test.preferred.isEmpty
            ? [:]
            : [
                "affinity": [
                    "nodeAffinity": ["preferredDuringSchedulingIgnoredDuringExecution": .array(test.preferred)]
                ]
            ]
        #expect(harness.scores(Plugin.nodeAffinity, Fixtures.pod("p", spec: spec)) == test.expected)
    }
}
