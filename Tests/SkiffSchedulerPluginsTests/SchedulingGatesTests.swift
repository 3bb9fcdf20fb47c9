import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("SchedulingGates")
struct SchedulingGatesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var gates: [String]
        var result: PluginResult
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "pod without scheduling gates", gates: [], result: .success),
        Case(
            name: "pod with one gate", gates: ["foo"],
            result: PluginResult(code: .unschedulableAndUnresolvable, reason: "waiting for scheduling gates: [foo]")),
        Case(
            name: "pod with two gates", gates: ["foo", "bar"],
            result: PluginResult(
                code: .unschedulableAndUnresolvable, reason: "waiting for scheduling gates: [foo bar]")),
    ]

    @Test(arguments: cases)
    func preEnqueue(_ test: Case) {
        let harness = Harness(nodes: [])
        let gates: JSONValue = .array(test.gates.map { ["name": .string($0)] })
        let pod = Fixtures.pod("p", spec: test.gates.isEmpty ? [:] : ["schedulingGates": gates])
        #expect(harness.set.preEnqueue(plugin: Plugin.schedulingGates, pod: pod.serialized()) == test.result)
    }

    @Test func otherPluginsLetPodsIn() {
        let harness = Harness(nodes: [])
        let pod = Fixtures.pod("p", spec: ["schedulingGates": [["name": "foo"]]])
        #expect(harness.set.preEnqueue(plugin: Plugin.prioritySort, pod: pod.serialized()) == .success)
    }
}
