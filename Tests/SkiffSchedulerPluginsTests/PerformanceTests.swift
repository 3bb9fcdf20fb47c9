import Foundation
import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

/// Throughput of a lean framework loop over 5,000 nodes (run with `SKIFF_PERF=1`, ideally in release).
@Suite("Performance", .enabled(if: ProcessInfo.processInfo.environment["SKIFF_PERF"] != nil))
struct PerformanceTests {
    static func run(pods count: Int, owned: Bool, constrained: Bool = false) -> Double {
        let zone = "topology.kubernetes.io/zone"
        let set = DefaultPluginSet(
            configuration: [:],
            host: SchedulerHostCalls(
                bind: { _, _, _, _ in nil }, evict: { _, _, _ in nil }, nominate: { _, _, _ in nil }))
        let nodeCount = 5000
        for index in 0..<nodeCount {
            let taints = index % 50 == 0 ? [Fixtures.taint("node-role.kubernetes.io/control-plane")] : []
            let node = Fixtures.node(
                "node-\(index)", cpu: "32", memory: "128Gi",
                labels: [zone: "zone-\(index % 3)", "pool": "p\(index % 7)"],
                taints: taints)
            set.upsertNode(id: Int32(index), json: node.serialized())
        }
        let owner: JSONValue =
            owned
            ? ["ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "rs"]]] : [:]
        let pods = (0..<count).map { index in
            let app = "app-\(index % 20)"
            let constraints: JSONValue =
                constrained
                ? [
                    "topologySpreadConstraints": [Fixtures.spread(1, zone, selector: Fixtures.selector(["app": app]))],
                    "affinity": [
                        "podAntiAffinity": [
                            "requiredDuringSchedulingIgnoredDuringExecution": [
                                Fixtures.podTerm(Fixtures.selector(["app": app]), topologyKey: "kubernetes.io/hostname")
                            ]
                        ]
                    ],
                ] : [:]
            return Fixtures.pod(
                "pod-\(index)", labels: ["app": app], requests: [["cpu": "100m", "memory": "128Mi"]], spec: constraints,
                metadata: owner)
        }
        let podBytes = pods.map { $0.serialized() }
        let ids = (0..<Int32(nodeCount)).map { $0 }
        var codes = [Int8](repeating: 0, count: nodeCount)
        var reasons = [UInt32](repeating: 0, count: nodeCount)
        var raw = [Int64](repeating: 0, count: nodeCount)
        var totals = [Int64](repeating: 0, count: nodeCount)
        let start = Date()
        for (index, bytes) in podBytes.enumerated() {
            guard let cycle = set.beginCycle(pod: bytes) else { continue }
            var feasible = [Bool](repeating: true, count: nodeCount)
            for plugin in Plugin.filters where set.preFilter(plugin: plugin, cycle: cycle).code == .success {
                ids.withUnsafeBufferPointer { ids in
                    codes.withUnsafeMutableBufferPointer { codes in
                        reasons.withUnsafeMutableBufferPointer { reasons in
                            set.filter(plugin: plugin, cycle: cycle, nodes: ids, codes: codes, reasons: reasons)
                        }
                    }
                }
                for node in 0..<nodeCount where codes[node] != 0 { feasible[node] = false }
            }
            let candidates = ids.filter { feasible[Int($0)] }
            for node in candidates.indices { totals[node] = 0 }
            candidates.withUnsafeBufferPointer { nodes in
                for (plugin, weight) in Plugin.scoreWeights
                where set.preScore(plugin: plugin, cycle: cycle, nodes: nodes).code != .skip {
                    raw.withUnsafeMutableBufferPointer { buffer in
                        let slice = UnsafeMutableBufferPointer(rebasing: buffer[0..<nodes.count])
                        set.score(plugin: plugin, cycle: cycle, nodes: nodes, scores: slice)
                        set.normalize(plugin: plugin, cycle: cycle, nodes: nodes, scores: slice)
                    }
                    for node in nodes.indices { totals[node] += raw[node] * weight }
                }
            }
            var best = 0
            for node in candidates.indices where totals[node] > totals[best] { best = node }
            let chosen = candidates[best]
            _ = set.bind(plugin: Plugin.defaultBinder, cycle: cycle, node: chosen)
            set.endCycle(cycle)
            var bound = pods[index]
            bound["spec"]?["nodeName"] = .string("node-\(chosen)")
            set.upsertPod(node: chosen, uid: "uid-\(index)", json: bound.serialized())
        }
        return Double(count) / Date().timeIntervalSince(start)
    }

    @Test func basicProfile() {
        let rate = PerformanceTests.run(pods: 2000, owned: false)
        print("basic profile: \(Int(rate)) pods/s on 5000 nodes")
        #expect(rate > 0)
    }

    @Test func spreadAndAntiAffinity() {
        let rate = PerformanceTests.run(pods: 1000, owned: false, constrained: true)
        print("hard zone spreading and hostname anti-affinity: \(Int(rate)) pods/s on 5000 nodes")
        #expect(rate > 0)
    }

    @Test func replicaSetPods() {
        let rate = PerformanceTests.run(pods: 1000, owned: true)
        print("ReplicaSet pods (system default spreading): \(Int(rate)) pods/s on 5000 nodes")
        #expect(rate > 0)
    }
}
