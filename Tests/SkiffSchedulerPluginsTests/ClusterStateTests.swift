import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

/// The cluster-state calls keep what the plugins see consistent.
@Suite("Cluster state")
struct ClusterStateTests {
    static let busy = Fixtures.pod("busy", requests: [["cpu": "2"]])
    static let small = Fixtures.pod("small", requests: [["cpu": "1"]])

    @Test func updatingANodeKeepsItsPods() {
        let harness = Harness(nodes: [Fixtures.node("node-a", cpu: "2")], pods: [("node-a", ClusterStateTests.busy)])
        harness.addNode(Fixtures.node("node-a", cpu: "2", labels: ["disk": "ssd"]))
        #expect(harness.filter(Plugin.fit, ClusterStateTests.small).outcomes == [.unschedulable("Insufficient cpu")])
        let affinity = harness.filter(Plugin.nodeAffinity, Fixtures.pod("p", spec: ["nodeSelector": ["disk": "ssd"]]))
        #expect(affinity.outcomes == [.ok])
    }

    @Test func aPodMovesBetweenNodes() {
        let harness = Harness(
            nodes: [Fixtures.node("node-a", cpu: "2"), Fixtures.node("node-b", cpu: "2")],
            pods: [("node-a", ClusterStateTests.busy)])
        let insufficient = Outcome.unschedulable("Insufficient cpu")
        #expect(harness.filter(Plugin.fit, ClusterStateTests.small).outcomes == [insufficient, .ok])
        harness.addPod(ClusterStateTests.busy, on: "node-b")
        #expect(harness.filter(Plugin.fit, ClusterStateTests.small).outcomes == [.ok, insufficient])
    }

    @Test func removingANodeDropsItsPods() {
        let harness = Harness(nodes: [Fixtures.node("node-a", cpu: "2")], pods: [("node-a", ClusterStateTests.busy)])
        harness.set.removeNode(id: 0)
        let cycle = harness.cycle(ClusterStateTests.small)
        #expect(harness.filter(Plugin.fit, cycle, nodes: [0]) == [Outcome(code: .error, reason: "node not found")])
        harness.addNode(Fixtures.node("node-a", cpu: "2"))
        #expect(harness.filter(Plugin.fit, ClusterStateTests.small).outcomes == [.ok])
    }

    @Test func relabellingANodeMovesItToAnotherDomain() {
        let zone = "topology.kubernetes.io/zone"
        let harness = Harness(
            nodes: [Fixtures.node("node-a", labels: [zone: "z1"]), Fixtures.node("node-b", labels: [zone: "z2"])],
            pods: [("node-a", Fixtures.pod("web-0", labels: ["app": "web"]))])
        let pod = Fixtures.pod(
            "web-1", labels: ["app": "web"],
            spec: ["topologySpreadConstraints": [Fixtures.spread(1, zone, selector: Fixtures.selector(["app": "web"]))]]
        )
        let mismatch = Outcome.unschedulable("node(s) didn't match pod topology spread constraints")
        #expect(harness.filter(Plugin.podTopologySpread, pod).outcomes == [mismatch, .ok])
        harness.addNode(Fixtures.node("node-b", labels: [zone: "z1"]))
        #expect(harness.filter(Plugin.podTopologySpread, pod).outcomes == [.ok, .ok])
    }

    @Test func unparsablePodsAreDropped() {
        let harness = Harness(nodes: [Fixtures.node("node-a", cpu: "2")], pods: [("node-a", ClusterStateTests.busy)])
        harness.set.upsertPod(node: 0, uid: "uid-default-busy", json: Array("{".utf8))
        #expect(harness.filter(Plugin.fit, ClusterStateTests.small).outcomes == [.ok])
    }
}
