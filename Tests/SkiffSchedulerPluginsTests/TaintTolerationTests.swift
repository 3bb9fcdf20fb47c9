import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("TaintToleration")
struct TaintTolerationTests {
    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [JSONValue]
        var taints: [JSONValue]
        var expected: Outcome
        var testDescription: String { name }
    }

    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "a pod having no tolerations can't be scheduled onto a node with nonempty taints", tolerations: [],
            taints: [Fixtures.taint("dedicated", "user1")],
            expected: .unresolvable("node(s) had untolerated taint {dedicated: user1}")),
        FilterCase(
            name: "a pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
            tolerations: [Fixtures.toleration("dedicated", "Equal", "user1", "NoSchedule")],
            taints: [Fixtures.taint("dedicated", "user1")], expected: .ok),
        FilterCase(
            name: "a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
            tolerations: [Fixtures.toleration("dedicated", "Equal", "user2", "NoSchedule")],
            taints: [Fixtures.taint("dedicated", "user1")],
            expected: .unresolvable("node(s) had untolerated taint {dedicated: user1}")),
        FilterCase(
            name: "a pod can be scheduled onto the node, with a toleration uses operator Exists",
            tolerations: [Fixtures.toleration("foo", "Exists", "", "NoSchedule")],
            taints: [Fixtures.taint("foo", "bar")], expected: .ok),
        FilterCase(
            name: "multiple tolerations, multiple taints, all the taints are tolerated",
            tolerations: [
                Fixtures.toleration("dedicated", "Equal", "user2", "NoSchedule"),
                Fixtures.toleration("foo", "Exists", "", "NoSchedule"),
            ],
            taints: [Fixtures.taint("dedicated", "user2"), Fixtures.taint("foo", "bar")], expected: .ok),
        FilterCase(
            name: "key and value match, but the (non-empty) effect doesn't",
            tolerations: [Fixtures.toleration("foo", "Equal", "bar", "PreferNoSchedule")],
            taints: [Fixtures.taint("foo", "bar")],
            expected: .unresolvable("node(s) had untolerated taint {foo: bar}")),
        FilterCase(
            name: "toleration with empty effect tolerates a NoSchedule taint",
            tolerations: [Fixtures.toleration("foo", "Equal", "bar")], taints: [Fixtures.taint("foo", "bar")],
            expected: .ok),
        FilterCase(
            name: "an untolerated PreferNoSchedule taint does not filter", tolerations: [],
            taints: [Fixtures.taint("dedicated", "user1", "PreferNoSchedule")], expected: .ok),
        FilterCase(
            name: "an untolerated NoExecute taint with an empty value", tolerations: [],
            taints: [Fixtures.taint("node.kubernetes.io/not-ready", "", "NoExecute")],
            expected: .unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }")),
        FilterCase(
            name: "the first untolerated taint is reported",
            tolerations: [Fixtures.toleration("a", "Exists")],
            taints: [Fixtures.taint("a", "1"), Fixtures.taint("b", "2", "NoExecute"), Fixtures.taint("c", "3")],
            expected: .unresolvable("node(s) had untolerated taint {b: 2}")),
    ]

    @Test(arguments: filterCases)
    func filter(_ test: FilterCase) {
        let harness = Harness(nodes: [Fixtures.node("tainted", taints: test.taints), Fixtures.node("clean")])
        let run = harness.filter(
            Plugin.taintToleration, Fixtures.pod("p", spec: ["tolerations": .array(test.tolerations)]))
        if run.preFilter == .skip {
            #expect(test.expected == .ok)
        } else {
            #expect(run.outcomes == [test.expected, .ok])
        }
    }

    @Test func reasonIDsAreInternedPerCycle() {
        let taint = [Fixtures.taint("dedicated", "user1")]
        let harness = Harness(nodes: [
            Fixtures.node("a", taints: taint), Fixtures.node("b", taints: taint),
            Fixtures.node("c", taints: [Fixtures.taint("other")]),
        ])
        let cycle = harness.cycle(Fixtures.pod("p"))
        _ = harness.set.preFilter(plugin: Plugin.taintToleration, cycle: cycle)
        var codes = [Int8](repeating: 0, count: 3)
        var reasons = [UInt32](repeating: 0, count: 3)
        [Int32(0), 1, 2].withUnsafeBufferPointer { ids in
            codes.withUnsafeMutableBufferPointer { codes in
                reasons.withUnsafeMutableBufferPointer { reasons in
                    harness.set.filter(
                        plugin: Plugin.taintToleration, cycle: cycle, nodes: ids, codes: codes, reasons: reasons)
                }
            }
        }
        #expect(reasons[0] == reasons[1])
        #expect(reasons[0] != reasons[2])
        #expect(harness.set.reason(cycle: cycle, id: reasons[2]) == "node(s) had untolerated taint {other: }")
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [JSONValue]
        var taints: [[JSONValue]]
        var expected: [Int64]
        var testDescription: String { name }
    }

    static let scoreCases: [ScoreCase] = [
        ScoreCase(
            name: "node with taints tolerated by the pod gets a higher score than nodes with intolerable taints",
            tolerations: [Fixtures.toleration("foo", "Equal", "bar", "PreferNoSchedule")],
            taints: [
                [Fixtures.taint("foo", "bar", "PreferNoSchedule")], [Fixtures.taint("foo", "blah", "PreferNoSchedule")],
            ],
            expected: [100, 0]),
        ScoreCase(
            name: "nodes whose taints are all tolerated get the same score, however many they have",
            tolerations: [
                Fixtures.toleration("foo", "Equal", "bar", "PreferNoSchedule"),
                Fixtures.toleration("foo2", "Equal", "bar2", "PreferNoSchedule"),
            ],
            taints: [
                [], [Fixtures.taint("foo", "bar", "PreferNoSchedule")],
                [Fixtures.taint("foo", "bar", "PreferNoSchedule"), Fixtures.taint("foo2", "bar2", "PreferNoSchedule")],
            ],
            expected: [100, 100, 100]),
        ScoreCase(
            name: "the more intolerable taints a node has, the lower score it gets",
            tolerations: [Fixtures.toleration("foo", "Equal", "bar", "PreferNoSchedule")],
            taints: [
                [], [Fixtures.taint("cpu-type", "arm64", "PreferNoSchedule")],
                [
                    Fixtures.taint("cpu-type", "arm64", "PreferNoSchedule"),
                    Fixtures.taint("gpu-type", "nvidia", "PreferNoSchedule"),
                ],
            ],
            expected: [100, 50, 0]),
        ScoreCase(
            name: "only taints and tolerations with effect PreferNoSchedule (or empty) count",
            tolerations: [
                Fixtures.toleration("cpu-type", "Equal", "arm64", "NoSchedule"),
                Fixtures.toleration("disk-type", "Equal", "ssd"),
            ],
            taints: [
                [], [Fixtures.taint("cpu-type", "arm64", "NoSchedule")],
                [
                    Fixtures.taint("cpu-type", "arm64", "PreferNoSchedule"),
                    Fixtures.taint("disk-type", "ssd", "PreferNoSchedule"),
                ],
            ],
            expected: [100, 100, 0]),
        ScoreCase(name: "no taints and no tolerations", tolerations: [], taints: [[], []], expected: [100, 100]),
    ]

    @Test(arguments: scoreCases)
    func score(_ test: ScoreCase) {
        let nodes = test.taints.enumerated().map { Fixtures.node("node-\($0.offset)", taints: $0.element) }
        let harness = Harness(nodes: nodes)
        let pod = Fixtures.pod("p", spec: ["tolerations": .array(test.tolerations)])
        #expect(harness.scores(Plugin.taintToleration, pod) == test.expected)
    }
}
