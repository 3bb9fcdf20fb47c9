import Foundation
import SkiffAPI
import SkiffClient
import SkiffPluginHost
import SkiffPluginKit
import SkiffTestSupport
import Testing

@testable import SkiffScheduler

/// The scheduler with the default plugin set (loaded from its `.so`) against an in-process API
/// server: pods land where Kubernetes would put them.
@Suite("Scheduler with the default plugins", .serialized)
struct SchedulerIntegrationTests {
    /// Runs `body` with a scheduler over the default set (plus `extra` plugin products).
    static func withScheduler(
        configuration: SchedulerConfiguration = SchedulerConfiguration(), extra: [String] = [],
        _ body: @Sendable (TestCluster, Scheduler) async throws -> Void
    ) async throws {
        try await TestCluster.with { cluster in
            let host = PluginHost()
            let loaded = host.load(
                directories: [], files: (["DefaultSchedulerPlugins"] + extra).map(TestBuild.plugin))
            #expect(loaded.errors.isEmpty, "\(loaded.errors)")
            var options = Scheduler.Options()
            options.configuration = configuration
            let scheduler = Scheduler(
                client: cluster.client, host: host, sets: loaded.plugins, options: options,
                logger: TestCluster.quietLogger)
            let running = Task { try? await scheduler.run() }
            defer { running.cancel() }
            try await body(cluster, scheduler)
            running.cancel()
            await running.value
        }
    }

    static func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: String = "110", labels: [String: String] = [:],
        taints: [Taint] = [], unschedulable: Bool = false
    ) -> Node {
        var node = Node(
            metadata: ObjectMeta(name: name, labels: labels.merging(["kubernetes.io/hostname": name]) { a, _ in a }))
        var spec = NodeSpec()
        spec.taints = taints.isEmpty ? nil : taints
        spec.unschedulable = unschedulable ? true : nil
        node.spec = spec
        var status = NodeStatus()
        let resources: [String: Quantity] = [
            "cpu": Quantity(stringLiteral: cpu), "memory": Quantity(stringLiteral: memory),
            "pods": Quantity(stringLiteral: pods),
        ]
        status.capacity = resources
        status.allocatable = resources
        status.conditions = [NodeCondition(type: "Ready", status: "True")]
        node.status = status
        return node
    }

    static func pod(
        _ name: String, cpu: String? = nil, memory: String? = nil, labels: [String: String] = [:],
        priority: Int? = nil, edit: (inout PodSpec) -> Void = { _ in }
    ) -> Pod {
        var container = Container(name: "c", image: "busybox")
        var requests: [String: Quantity] = [:]
        if let cpu { requests["cpu"] = Quantity(stringLiteral: cpu) }
        if let memory { requests["memory"] = Quantity(stringLiteral: memory) }
        if !requests.isEmpty { container.resources = ResourceRequirements(requests: requests) }
        var spec = PodSpec(containers: [container])
        spec.priority = priority
        edit(&spec)
        return Pod(metadata: ObjectMeta(name: name, namespace: "default", labels: labels), spec: spec)
    }

    /// Waits until every named pod is bound; returns pod → node.
    static func placements(_ cluster: TestCluster, _ names: [String], timeout: Duration = .seconds(20)) async
        -> [String: String]
    {
        var found: [String: String] = [:]
        _ = await TestCluster.eventually(timeout: timeout) {
            let pods = (try? await cluster.client.typed(Pod.self).list(namespace: "default").items) ?? []
            found = [:]
            for pod in pods {
                if let node = pod.spec?.nodeName, !node.isEmpty, let name = pod.metadata.name { found[name] = node }
            }
            return names.allSatisfy { found[$0] != nil }
        }
        return found
    }

    /// The messages of a pod's events of one reason (for expectations and their failure notes).
    static func messages(_ cluster: TestCluster, pod: String, reason: String) async -> [String] {
        let events = (try? await cluster.client.typed(Event.self).list(namespace: "default").items) ?? []
        return events.filter { $0.reason == reason && $0.involvedObject?.name == pod }.compactMap(\.message)
    }

    /// Plays the kubelet for terminating pods: their deletion completes at once.
    static func reaper(_ cluster: TestCluster) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                let pods = (try? await cluster.client.typed(Pod.self).list(namespace: "default").items) ?? []
                for pod in pods where pod.metadata.deletionTimestamp != nil {
                    _ = try? await cluster.client.delete(
                        APIResource.of(Pod.self), namespace: "default", name: pod.metadata.name ?? "",
                        options: DeleteOptions(gracePeriodSeconds: 0))
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func create(_ cluster: TestCluster, nodes: [Node], pods: [Pod]) async throws {
        for node in nodes { _ = try await cluster.client.typed(Node.self).create(node) }
        for pod in pods { _ = try await cluster.client.typed(Pod.self).create(pod) }
    }

    @Test(
        "requests: pods go to the node with room, least allocated first; one that fits nowhere waits with kube's message"
    )
    func resources() async throws {
        try await Self.withScheduler { cluster, _ in
            try await Self.create(
                cluster, nodes: [Self.node("small", cpu: "1"), Self.node("big", cpu: "8")],
                pods: [Self.pod("a", cpu: "2"), Self.pod("huge", cpu: "16")])
            let placed = await Self.placements(cluster, ["a"])
            #expect(placed["a"] == "big")
            // The pod that fits nowhere stays pending with a FailedScheduling event.
            // More than any node has: preemption cannot help (kube 1.30+ calls that unresolvable).
            let expected =
                "0/2 nodes are available: 2 Insufficient cpu. "
                + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
            let found = await TestCluster.eventually {
                await Self.messages(cluster, pod: "huge", reason: "FailedScheduling").contains(expected)
            }
            let seen = await Self.messages(cluster, pod: "huge", reason: "FailedScheduling")
            #expect(found, "\(seen)")
            // Events are written after the binding, asynchronously.
            #expect(
                await TestCluster.eventually {
                    await Self.messages(cluster, pod: "a", reason: "Scheduled") == [
                        "Successfully assigned default/a to big"
                    ]
                })
            // A node with room arrives: the waiting pod is retried at once (a node event).
            _ = try await cluster.client.typed(Node.self).create(Self.node("huge-node", cpu: "32"))
            #expect(await Self.placements(cluster, ["huge"])["huge"] == "huge-node")
        }
    }

    @Test("selectors, affinity, taints and unschedulable nodes rule nodes out as kube does")
    func constraints() async throws {
        try await Self.withScheduler { cluster, _ in
            let tainted = Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")
            try await Self.create(
                cluster,
                nodes: [
                    Self.node("ssd", labels: ["disk": "ssd", "zone": "a"]),
                    Self.node("hdd", labels: ["disk": "hdd", "zone": "b"]),
                    Self.node("gpu", labels: ["disk": "ssd", "zone": "c"], taints: [tainted]),
                    Self.node("cordoned", labels: ["disk": "ssd", "zone": "d"], unschedulable: true),
                ],
                pods: [
                    Self.pod("selector") { $0.nodeSelector = ["disk": "hdd"] },
                    Self.pod("tolerating") {
                        $0.nodeSelector = ["zone": "c"]
                        $0.tolerations = [
                            Toleration(key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule")
                        ]
                    },
                    Self.pod("affinity") {
                        var nodeAffinity = NodeAffinity()
                        nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = NodeSelector(nodeSelectorTerms: [
                            NodeSelectorTerm(matchExpressions: [
                                NodeSelectorRequirement(key: "disk", operator: "In", values: ["ssd"])
                            ])
                        ])
                        $0.affinity = Affinity(nodeAffinity: nodeAffinity)
                    },
                    Self.pod("nowhere") { $0.nodeSelector = ["zone": "c"] },
                ])
            let placed = await Self.placements(cluster, ["selector", "tolerating", "affinity"])
            #expect(placed["selector"] == "hdd")
            #expect(placed["tolerating"] == "gpu")
            #expect(placed["affinity"] == "ssd")
            let expected =
                "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."
            let found = await TestCluster.eventually {
                await Self.messages(cluster, pod: "nowhere", reason: "FailedScheduling").contains(expected)
            }
            let seen = await Self.messages(cluster, pod: "nowhere", reason: "FailedScheduling")
            #expect(found, "\(seen)")
        }
    }

    @Test("topology spread and anti-affinity spread pods over zones and hosts")
    func spreading() async throws {
        try await Self.withScheduler { cluster, _ in
            let nodes = (0..<6).map { Self.node("n\($0)", labels: ["topology.kubernetes.io/zone": "z\($0 % 3)"]) }
            let spread = (0..<6).map { index in
                Self.pod("spread-\(index)", cpu: "100m", labels: ["app": "spread"]) {
                    $0.topologySpreadConstraints = [
                        TopologySpreadConstraint(
                            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule",
                            labelSelector: LabelSelector(matchLabels: ["app": "spread"]))
                    ]
                }
            }
            let anti = (0..<3).map { index in
                Self.pod("anti-\(index)", labels: ["app": "anti"]) {
                    var anti = PodAntiAffinity()
                    anti.requiredDuringSchedulingIgnoredDuringExecution = [
                        PodAffinityTerm(
                            labelSelector: LabelSelector(matchLabels: ["app": "anti"]),
                            topologyKey: "kubernetes.io/hostname")
                    ]
                    $0.affinity = Affinity(podAntiAffinity: anti)
                }
            }
            try await Self.create(cluster, nodes: nodes, pods: spread + anti)
            let placed = await Self.placements(
                cluster, spread.map { $0.metadata.name! } + anti.map { $0.metadata.name! })
            var perZone: [String: Int] = [:]
            for index in 0..<6 {
                guard let node = placed["spread-\(index)"], let number = Int(node.dropFirst()) else { continue }
                perZone["z\(number % 3)", default: 0] += 1
            }
            #expect(perZone == ["z0": 2, "z1": 2, "z2": 2])
            #expect(Set((0..<3).compactMap { placed["anti-\($0)"] }).count == 3)
        }
    }

    @Test("preemption: a high-priority pod evicts lower-priority ones and is nominated, then scheduled")
    func preemption() async throws {
        try await Self.withScheduler { cluster, _ in
            try await Self.create(
                cluster, nodes: [Self.node("only", cpu: "2")],
                pods: [Self.pod("low-1", cpu: "1", priority: 10), Self.pod("low-2", cpu: "1", priority: 10)])
            _ = await Self.placements(cluster, ["low-1", "low-2"])
            // No kubelet here: a stand-in finishes the deletion of terminating pods.
            let kubelet = Self.reaper(cluster)
            defer { kubelet.cancel() }
            _ = try await cluster.client.typed(Pod.self).create(Self.pod("high", cpu: "1", priority: 1000))
            // One victim goes; the preemptor is nominated, then bound when the victim is gone.
            let preempted = await TestCluster.eventually(timeout: .seconds(30)) {
                let pods = (try? await cluster.client.typed(Pod.self).list(namespace: "default").items) ?? []
                let high = pods.first { $0.metadata.name == "high" }
                return pods.count == 2 && high?.spec?.nodeName == "only"
            }
            let pods = (try? await cluster.client.typed(Pod.self).list(namespace: "default").items) ?? []
            let seen = await Self.messages(cluster, pod: "high", reason: "FailedScheduling")
            let states = pods.map {
                "\($0.metadata.name ?? "") \($0.spec?.nodeName ?? "-") \($0.metadata.deletionTimestamp != nil)"
            }
            #expect(preempted, "\(states) \(seen)")
        }
    }

    @Test("profiles: a second profile with its own plugins schedules the pods that name it")
    func profiles() async throws {
        let configuration = try SchedulerConfiguration.parse(
            """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: packing-scheduler
              plugins:
                score:
                  disabled: [{name: NodeResourcesBalancedAllocation}]
              pluginConfig:
              - name: NodeResourcesFit
                args: {scoringStrategy: {type: MostAllocated}}
            - schedulerName: labelled
              plugins:
                multiPoint:
                  enabled: [{name: NodeLabelPreference, weight: 50}]
              pluginConfig:
              - name: NodeLabelPreference
                args: {label: "tier=gold"}
            """)
        try await Self.withScheduler(configuration: configuration, extra: ["NodeLabelScore"]) { cluster, _ in
            try await Self.create(
                cluster,
                nodes: [
                    Self.node("busy", cpu: "4"), Self.node("idle", cpu: "4"),
                    Self.node("gold", labels: ["tier": "gold"]),
                ],
                pods: [Self.pod("filler", cpu: "2") { $0.nodeName = "busy" }])
            _ = await Self.placements(cluster, ["filler"])
            _ = try await cluster.client.typed(Pod.self).create(
                Self.pod("packed", cpu: "1") { $0.schedulerName = "packing-scheduler" })
            _ = try await cluster.client.typed(Pod.self).create(
                Self.pod("spread", cpu: "1") { $0.nodeSelector = ["kubernetes.io/hostname": "idle"] })
            _ = try await cluster.client.typed(Pod.self).create(
                Self.pod("gilded") { $0.schedulerName = "labelled" })
            _ = try await cluster.client.typed(Pod.self).create(
                Self.pod("ignored") { $0.schedulerName = "someone-else" })
            let placed = await Self.placements(cluster, ["packed", "spread", "gilded"])
            #expect(placed["packed"] == "busy")
            #expect(placed["gilded"] == "gold")
            try await Task.sleep(for: .milliseconds(500))
            let ignored = try await cluster.client.typed(Pod.self).get(namespace: "default", name: "ignored")
            #expect(ignored.spec?.nodeName == nil)
        }
    }

    @Test("the configuration names plugins the sets offer, one QueueSort, weights in range")
    func configurationErrors() throws {
        let host = PluginHost()
        let loaded = host.load(directories: [], files: [TestBuild.plugin("DefaultSchedulerPlugins")])
        let cases: [(String, String)] = [
            (
                "profiles: [{plugins: {filter: {enabled: [{name: Nope}]}}}]",
                "no loaded scheduler plugin set offers plugin Nope"
            ),
            ("profiles: [{plugins: {queueSort: {disabled: [{name: '*'}]}}}]", "exactly one queueSort plugin"),
            (
                "profiles: [{plugins: {score: {enabled: [{name: NodeName}]}}}]",
                "plugin NodeName does not implement score"
            ),
            ("profiles: [{plugins: {score: {enabled: [{name: TaintToleration, weight: 500}]}}}]", "must be 0...100"),
            ("profiles: [{schedulerName: a}, {schedulerName: a}]", "schedulerName values must be unique"),
        ]
        for (text, expected) in cases {
            do {
                let configuration = try SchedulerConfiguration.parse(text)
                try Scheduler.validate(configuration, sets: loaded.plugins)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
        // The defaults resolve: kube's plugins and weights.
        let resolved = try ResolvedProfile.resolve(
            SchedulerConfiguration.Profile(), available: Scheduler.availablePlugins(loaded.plugins), percentage: 0)
        #expect(
            resolved.plugins(.score).map { "\($0.plugin.name)=\($0.weight)" } == [
                "TaintToleration=3", "NodeAffinity=2", "NodeResourcesFit=1", "PodTopologySpread=2",
                "InterPodAffinity=2", "NodeResourcesBalancedAllocation=1",
            ])
        #expect(resolved.plugins(.queueSort).map(\.plugin.name) == ["PrioritySort"])
        #expect(resolved.plugins(.postFilter).map(\.plugin.name) == ["DefaultPreemption"])
        #expect(resolved.plugins(.bind).map(\.plugin.name) == ["DefaultBinder"])
    }
}
