import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodeUnschedulable")
struct NodeUnschedulableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [JSONValue]
        var expected: Outcome
        var testDescription: String { name }
    }

    static let notReady = Outcome.unresolvable("node(s) were unschedulable")

    static let cases: [Case] = [
        Case(name: "pod without tolerations", tolerations: [], expected: notReady),
        Case(
            name: "pod tolerating the unschedulable taint",
            tolerations: [Fixtures.toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule")],
            expected: .ok),
        Case(
            name: "toleration with empty effect",
            tolerations: [Fixtures.toleration("node.kubernetes.io/unschedulable", "Exists")],
            expected: .ok),
        Case(
            name: "toleration with another effect",
            tolerations: [Fixtures.toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoExecute")],
            expected: notReady),
        Case(name: "toleration of everything", tolerations: [["operator": "Exists"]], expected: .ok),
    ]

    @Test(arguments: cases)
    func filter(_ test: Case) {
        let harness = Harness(nodes: [Fixtures.node("ready"), Fixtures.node("cordoned", unschedulable: true)])
        let pod = Fixtures.pod("p", spec: ["tolerations": .array(test.tolerations)])
        let run = harness.filter(Plugin.nodeUnschedulable, pod)
        #expect(run.outcomes == [.ok, test.expected])
    }

    @Test func skipsWhenNoNodeIsUnschedulable() {
        let harness = Harness(nodes: [Fixtures.node("ready")])
        #expect(harness.filter(Plugin.nodeUnschedulable, Fixtures.pod("p")).preFilter == .skip)
    }
}
