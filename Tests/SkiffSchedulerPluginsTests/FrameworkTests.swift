import Dispatch
import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

/// The whole set driven by a small framework loop (`Harness.schedule`), with kube's default
/// profile weights.
@Suite("Framework")
struct FrameworkTests {
    @Test func leastAllocatedSpreadsPods() {
        let harness = Harness(nodes: [
            Fixtures.node("small", cpu: "2", memory: "4Gi"), Fixtures.node("large", cpu: "8", memory: "16Gi"),
        ])
        var placements: [String] = []
        for index in 0..<6 {
            let pod = Fixtures.pod("p\(index)", requests: [["cpu": "1", "memory": "1Gi"]])
            placements.append(harness.schedule(pod).node ?? "none")
        }
        #expect(placements == ["large", "large", "large", "small", "large", "large"])
    }

    @Test func mostAllocatedPacksPods() {
        let harness = Harness(
            configuration: ["NodeResourcesFit": ["scoringStrategy": ["type": "MostAllocated"]]],
            nodes: [Fixtures.node("node-a", cpu: "4", memory: "8Gi"), Fixtures.node("node-b", cpu: "4", memory: "8Gi")])
        var placements: [String] = []
        for index in 0..<5 {
            let pod = Fixtures.pod("p\(index)", requests: [["cpu": "1", "memory": "2Gi"]])
            placements.append(harness.schedule(pod).node ?? "none")
        }
        #expect(placements == ["node-a", "node-a", "node-a", "node-a", "node-b"])
    }

    @Test func filtersAndPreferencesCombine() {
        let harness = Harness(nodes: [
            Fixtures.node("tainted", labels: ["disk": "ssd"], taints: [Fixtures.taint("dedicated", "infra")]),
            Fixtures.node("cordoned", labels: ["disk": "ssd"], unschedulable: true),
            Fixtures.node("hdd", labels: ["disk": "hdd"]),
            Fixtures.node("ssd", labels: ["disk": "ssd"]),
            Fixtures.node(
                "soft-tainted", labels: ["disk": "ssd"], taints: [Fixtures.taint("spot", "", "PreferNoSchedule")]),
        ])
        let preferSSD: JSONValue = [
            "affinity": [
                "nodeAffinity": [
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        [
                            "weight": 10,
                            "preference": ["matchExpressions": [Fixtures.requirement("disk", "In", ["ssd"])]],
                        ]
                    ]
                ]
            ]
        ]
        #expect(harness.schedule(Fixtures.pod("a", requests: [["cpu": "100m"]], spec: preferSSD)).node == "ssd")
        let tolerant = Fixtures.pod(
            "b", requests: [["cpu": "100m"]],
            spec: [
                "tolerations": [Fixtures.toleration("dedicated", "Equal", "infra", "NoSchedule")],
                "nodeSelector": ["disk": "ssd"],
            ])
        #expect(harness.schedule(tolerant).node == "tainted")
        let none = harness.schedule(Fixtures.pod("c", spec: ["nodeSelector": ["disk": "nvme"]]))
        #expect(none.node == nil)
        #expect(
            none.filterReasons == [
                "node(s) had untolerated taint {dedicated: infra}", "node(s) were unschedulable",
                "node(s) didn't match Pod's node affinity/selector",
                "node(s) didn't match Pod's node affinity/selector",
                "node(s) didn't match Pod's node affinity/selector",
            ])
        #expect(none.failure == "0/5 nodes are available: 5 Preemption is not helpful for scheduling.")
    }

    @Test func replicasSpreadAcrossZonesAndHosts() {
        let zone = "topology.kubernetes.io/zone"
        let harness = Harness(nodes: [
            Fixtures.node("a1", labels: [zone: "a"]), Fixtures.node("a2", labels: [zone: "a"]),
            Fixtures.node("b1", labels: [zone: "b"]), Fixtures.node("b2", labels: [zone: "b"]),
        ])
        let owner: JSONValue = [
            "ownerReferences": [
                ["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": "rs", "controller": true]
            ]
        ]
        var perZone: [String: Int] = [:]
        var perNode: [String: Int] = [:]
        for index in 0..<8 {
            let pod = Fixtures.pod("web-\(index)", labels: ["app": "web"], requests: [["cpu": "100m"]], metadata: owner)
            let node = harness.schedule(pod).node ?? "none"
            perNode[node, default: 0] += 1
            perZone[String(node.prefix(1)), default: 0] += 1
        }
        #expect(perZone == ["a": 4, "b": 4])
        #expect(perNode == ["a1": 2, "a2": 2, "b1": 2, "b2": 2])
    }

    @Test func hardSpreadAndAntiAffinity() {
        let zone = "topology.kubernetes.io/zone"
        let harness = Harness(nodes: [
            Fixtures.node("a1", labels: [zone: "a"]), Fixtures.node("a2", labels: [zone: "a"]),
            Fixtures.node("b1", labels: [zone: "b"]),
        ])
        let spread: JSONValue = [
            "topologySpreadConstraints": [
                Fixtures.spread(1, zone, selector: Fixtures.selector(["app": "db"]))
            ],
            "affinity": [
                "podAntiAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        Fixtures.podTerm(Fixtures.selector(["app": "db"]), topologyKey: "kubernetes.io/hostname")
                    ]
                ]
            ],
        ]
        var nodes: [String?] = []
        for index in 0..<4 {
            nodes.append(harness.schedule(Fixtures.pod("db-\(index)", labels: ["app": "db"], spec: spread)).node)
        }
        #expect(nodes == ["a1", "b1", "a2", nil])
    }

    @Test func preemptionThenScheduling() {
        let harness = Harness(nodes: [Fixtures.node("node-a", cpu: "2"), Fixtures.node("node-b", cpu: "2")])
        for (index, node) in ["node-a", "node-b"].enumerated() {
            harness.addPod(
                Fixtures.pod("low-\(index)", requests: [["cpu": "2"]], priority: index == 0 ? 1 : 2), on: node)
        }
        let urgent = Fixtures.pod("urgent", requests: [["cpu": "1"]], priority: 100)
        let first = harness.schedule(urgent)
        #expect(first.node == nil)
        #expect(first.nominated == "node-a")
        #expect(harness.log.entries == ["evict default/low-0 uid-default-low-0", "nominate default/urgent node-a"])
        harness.set.removePod(uid: "uid-default-low-0")
        #expect(harness.schedule(urgent).node == "node-a")
        #expect(harness.log.entries.last == "bind default/urgent uid-default-urgent node-a")
    }

    @Test func concurrentSlicesMatchOneSlice() {
        var nodes: [JSONValue] = []
        for index in 0..<400 {
            let taints = index % 7 == 0 ? [Fixtures.taint("t\(index % 3)")] : []
            nodes.append(
                Fixtures.node("n\(index)", cpu: "\(1 + index % 4)", labels: ["zone": "z\(index % 5)"], taints: taints))
        }
        let harness = Harness(nodes: nodes)
        for index in 0..<400 where index % 3 == 0 {
            harness.addPod(Fixtures.pod("e\(index)", labels: ["app": "x"], requests: [["cpu": "1"]]), on: "n\(index)")
        }
        let pod = Fixtures.pod(
            "p", labels: ["app": "x"], requests: [["cpu": "2"]],
            spec: [
                "topologySpreadConstraints": [
                    Fixtures.spread(1, "zone", selector: Fixtures.selector(["app": "x"]))
                ]
            ])
        let ids = harness.allIDs
        for plugin in Plugin.filters {
            let cycle = harness.cycle(pod)
            guard harness.set.preFilter(plugin: plugin, cycle: cycle).code == .success else { continue }
            let serial = harness.filter(plugin, cycle, nodes: ids)
            let slices = 8
            let size = (ids.count + slices - 1) / slices
            let results = SliceResults(count: ids.count)
            let set = harness.set
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let range = (slice * size)..<min(ids.count, (slice + 1) * size)
                let sliceIDs = Array(ids[range])
                var codes = [Int8](repeating: 0, count: sliceIDs.count)
                var reasons = [UInt32](repeating: 0, count: sliceIDs.count)
                sliceIDs.withUnsafeBufferPointer { idBuffer in
                    codes.withUnsafeMutableBufferPointer { codeBuffer in
                        reasons.withUnsafeMutableBufferPointer { reasonBuffer in
                            set.filter(
                                plugin: plugin, cycle: cycle, nodes: idBuffer, codes: codeBuffer, reasons: reasonBuffer)
                        }
                    }
                }
                let texts = reasons.map { set.reason(cycle: cycle, id: $0) }
                results.store(range, zip(codes, texts).map { "\($0.0) \($0.1)" })
            }
            #expect(results.values == serial.map { "\($0.code.rawValue) \($0.reason)" })
        }
    }
}
