import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("Plugin set")
struct PluginSetTests {
    @Test func pluginsInOrder() {
        #expect(
            DefaultPluginSet.plugins.map(\.name) == [
                "PrioritySort", "SchedulingGates", "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity",
                "NodePorts", "NodeResourcesFit", "NodeResourcesBalancedAllocation", "PodTopologySpread",
                "InterPodAffinity", "DefaultPreemption", "DefaultBinder",
            ])
        #expect(DefaultPluginSet.plugins[Plugin.fit].points == [.preFilter, .filter, .preScore, .score])
        #expect(DefaultPluginSet.plugins[Plugin.defaultPreemption].points == .postFilter)
        #expect(ExtensionPoints.bind.rawValue == 1 << 10)
        #expect(ClusterEvents.podDelete.rawValue == 1 << 5)
    }

    @Test func beginCycleRejectsNonPods() {
        let harness = Harness(nodes: [])
        #expect(harness.set.beginCycle(pod: Array("[1, 2]".utf8)) == nil)
        #expect(harness.set.beginCycle(pod: Array("not json".utf8)) == nil)
        let node: JSONValue = ["kind": "Node", "metadata": ["name": "n"]]
        #expect(harness.set.beginCycle(pod: node.serialized()) == nil)
    }

    @Test func unimplementedPointsAreHarmless() {
        let harness = Harness(nodes: [Fixtures.node("node-a")])
        let cycle = harness.cycle(Fixtures.pod("p", requests: [["cpu": "1"]]))
        let set = harness.set
        #expect(set.preFilter(plugin: Plugin.prioritySort, cycle: cycle) == .success)
        #expect(set.reserve(plugin: Plugin.fit, cycle: cycle, node: 0) == .success)
        set.unreserve(plugin: Plugin.fit, cycle: cycle, node: 0)
        #expect(set.permit(plugin: Plugin.fit, cycle: cycle, node: 0).result == .success)
        #expect(set.preBind(plugin: Plugin.fit, cycle: cycle, node: 0) == .success)
        set.postBind(plugin: Plugin.fit, cycle: cycle, node: 0)
        #expect(harness.filter(Plugin.prioritySort, cycle, nodes: [0]) == [.ok])
        #expect(harness.scores(Plugin.nodePorts, cycle, nodes: [0]) == [0])
        #expect(set.bind(plugin: Plugin.fit, cycle: cycle, node: 0) == .success)
        #expect(harness.log.entries.isEmpty)
    }
}
