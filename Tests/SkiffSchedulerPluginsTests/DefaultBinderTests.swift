import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("DefaultBinder")
struct DefaultBinderTests {
    @Test func bindsThroughTheHost() {
        let harness = Harness(nodes: [Fixtures.node("node-a"), Fixtures.node("node-b")])
        let cycle = harness.cycle(Fixtures.pod("web", namespace: "shop"))
        let result = harness.set.bind(plugin: Plugin.defaultBinder, cycle: cycle, node: harness.nodeIDs["node-b"]!)
        #expect(result == .success)
        #expect(harness.log.entries == ["bind shop/web uid-shop-web node-b"])
    }

    @Test func reportsBindErrors() {
        let harness = Harness(nodes: [Fixtures.node("node-a")], bindError: "pods \"web\" not found")
        let cycle = harness.cycle(Fixtures.pod("web"))
        let result = harness.set.bind(plugin: Plugin.defaultBinder, cycle: cycle, node: 0)
        #expect(result == PluginResult(code: .error, reason: "pods \"web\" not found"))
    }

    @Test func unknownNodeIsAnError() {
        let harness = Harness(nodes: [Fixtures.node("node-a")])
        let cycle = harness.cycle(Fixtures.pod("web"))
        #expect(harness.set.bind(plugin: Plugin.defaultBinder, cycle: cycle, node: 9).code == .error)
        #expect(harness.log.entries.isEmpty)
    }
}
