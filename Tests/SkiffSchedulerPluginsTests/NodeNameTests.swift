import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodeName")
struct NodeNameTests {
    @Test func podWithoutNodeNameSkips() {
        let harness = Harness(nodes: [Fixtures.node("node-a")])
        #expect(harness.filter(Plugin.nodeName, Fixtures.pod("p")).preFilter == .skip)
    }

    @Test func onlyTheNamedNodeFits() {
        let harness = Harness(nodes: [Fixtures.node("node-a"), Fixtures.node("node-b")])
        let run = harness.filter(Plugin.nodeName, Fixtures.pod("p", spec: ["nodeName": "node-b"]))
        #expect(run.outcomes == [.unresolvable("node(s) didn't match the requested node name"), .ok])
    }
}
