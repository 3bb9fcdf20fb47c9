import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("PrioritySort")
struct PrioritySortTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var key: Int64
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no priority is 0", pod: Fixtures.pod("p"), key: 0),
        Case(name: "positive priority", pod: Fixtures.pod("p", priority: 1000), key: 1000),
        Case(name: "negative priority", pod: Fixtures.pod("p", priority: -5), key: -5),
        Case(name: "system-node-critical", pod: Fixtures.pod("p", priority: 2_000_001_000), key: 2_000_001_000),
    ]

    @Test(arguments: cases)
    func queueKey(_ test: Case) {
        let harness = Harness(nodes: [])
        #expect(harness.set.queueKey(plugin: Plugin.prioritySort, pod: test.pod.serialized()) == test.key)
    }

    @Test func otherPluginsHaveNoKey() {
        let harness = Harness(nodes: [])
        let pod = Fixtures.pod("p", priority: 7).serialized()
        #expect(harness.set.queueKey(plugin: Plugin.fit, pod: pod) == 0)
    }
}
