import ArgumentParser
import Foundation
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffPluginHost
import SkiffScheduler

#if canImport(Glibc)
    import Glibc
#endif

/// `skiff-bench scheduler`: kube-scheduler's `scheduler_perf` workloads in one process (a store, an
/// API server, the scheduler with the default plugin set loaded from its `.so`; no kubelets):
/// nodes, then pods created while the scheduler runs, timed until every pod is bound.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Scheduling throughput on kube-scheduler's scheduler_perf workloads.")

    @Option(help: "Nodes.")
    var nodes = 5_000

    @Option(help: "Pods to schedule per workload.")
    var pods = 10_000

    @Option(help: "Workloads: basic, node-affinity, anti-affinity, preemption (comma-separated).")
    var only = "basic,node-affinity,anti-affinity,preemption"

    @Flag(help: "Print the results as JSON.")
    var json = false

    /// kube-scheduler's CI minimums (scheduler_perf thresholds) and Skiff's targets, pods/s.
    static let anchors: [String: (kube: Double, target: Double)] = [
        "basic": (680, 1_500), "node-affinity": (220, 500), "anti-affinity": (60, 150), "preemption": (570, 800),
    ]

    func run() async throws {
        let workloads = only.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for workload in workloads where Self.anchors[workload] == nil {
            throw ValidationError("unknown workload \(workload)")
        }
        var table = ResultTable(header: [
            "WORKLOAD", "NODES", "PODS", "SECONDS", "PODS/S", "KUBE CI MIN", "RATIO", "TARGET", "CYCLE µs",
        ])
        var results: [String: JSONValue] = [:]
        for workload in workloads {
            let (elapsed, cycleMicroseconds) = try await measure(workload)
            let rate = Double(pods) / elapsed
            let anchor = Self.anchors[workload]!
            table.add([
                workload, format(Double(nodes)), format(Double(pods)), format(elapsed, decimals: 2), format(rate),
                format(anchor.kube), format(rate / anchor.kube, decimals: 1) + "×",
                format(anchor.target) + (rate >= anchor.target ? " ✓" : " ✗"), format(cycleMicroseconds, decimals: 0),
            ])
            results[workload] = [
                "seconds": .double(elapsed), "podsPerSecond": .double(rate), "kubeMinimum": .double(anchor.kube),
                "target": .double(anchor.target), "cycleMicroseconds": .double(cycleMicroseconds),
            ]
        }
        if json {
            print(JSONValue.object(results).prettyPrinted())
            return
        }
        print(table.render())
        print(
            "(in process, no kubelets; a pod counts when its binding is written; events recorded; "
                + "kube's minimums from test/integration/scheduler_perf)")
    }

    /// One workload in a fresh cluster: seconds until every measured pod is bound, and the mean
    /// scheduling-cycle time.
    private func measure(_ workload: String) async throws -> (Double, Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-bench-scheduler-\(getpid())-\(workload)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try InProcessCluster(directory: directory)
        let (store, server, client, logger) = (cluster.store, cluster.server, cluster.client, cluster.logger)
        let library = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("libDefaultSchedulerPlugins.so").path
        let host = PluginHost()
        let loaded = host.load(directories: [], files: [library])
        guard !loaded.plugins.isEmpty else {
            throw ValidationError("cannot load \(library): \(loaded.errors.map(\.message)) (swift build builds it)")
        }
        let scheduler = Scheduler(
            client: client, host: host, sets: loaded.plugins, options: Scheduler.Options(), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store), .init(service: server), .init(service: scheduler)], logger: logger))
        let running = Task { try await group.run() }
        defer { running.cancel() }

        let nodeResource = APIResource.of(Node.self)
        try await parallel(nodes) { index in
            _ = try await client.createBytes(
                nodeResource, namespace: nil, body: Self.node(index, workload).serialized())
        }
        let podResource = APIResource.of(Pod.self)
        var baseline = 0
        var reaper: Task<Void, Never>?
        if workload == "preemption" {
            // Low-priority pods fill every node; the measured pods must each preempt one.
            let fill = nodes * 4
            try await parallel(fill) { index in
                _ = try await client.createBytes(
                    podResource, namespace: "default",
                    body: Self.pod("low-\(index)", workload, priority: 1).serialized())
            }
            try await waitScheduled(scheduler, fill, timeout: .seconds(600))
            baseline = scheduler.metrics.scheduled.load(ordering: .relaxed)
            reaper = Self.reaper(client)
        }
        let attemptsBefore = scheduler.metrics.attempts.load(ordering: .relaxed)
        let nanosBefore = scheduler.metrics.attemptNanoseconds.load(ordering: .relaxed)
        let started = ContinuousClock.now
        try await parallel(pods) { index in
            _ = try await client.createBytes(
                podResource, namespace: "default",
                body: Self.pod("pod-\(index)", workload, priority: workload == "preemption" ? 100 : nil).serialized())
        }
        try await waitScheduled(scheduler, baseline + pods, timeout: .seconds(1200))
        let elapsed = seconds(ContinuousClock.now - started)
        reaper?.cancel()
        let attempts = scheduler.metrics.attempts.load(ordering: .relaxed) - attemptsBefore
        let nanos = scheduler.metrics.attemptNanoseconds.load(ordering: .relaxed) - nanosBefore
        await group.triggerGracefulShutdown()
        _ = await running.result
        return (elapsed, attempts > 0 ? Double(nanos) / Double(attempts) / 1_000 : 0)
    }

    private func waitScheduled(_ scheduler: Scheduler, _ count: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastReport = ContinuousClock.now
        while scheduler.metrics.scheduled.load(ordering: .relaxed) < count {
            if ContinuousClock.now - lastReport > .seconds(2) {
                lastReport = ContinuousClock.now
                let metrics = scheduler.metrics
                FileHandle.standardError.write(
                    Data(
                        ("\rscheduled \(metrics.scheduled.load(ordering: .relaxed))/\(count), attempts "
                            + "\(metrics.attempts.load(ordering: .relaxed)), unschedulable "
                            + "\(metrics.unschedulable.load(ordering: .relaxed))   ").utf8))
            }
            guard ContinuousClock.now < deadline else {
                throw ValidationError(
                    "only \(scheduler.metrics.scheduled.load(ordering: .relaxed)) of \(count) pods were scheduled")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Plays the kubelet for preemption victims: a pod being deleted goes at once (an informer
    /// sees the deletion start; the final delete follows).
    private static func reaper(_ client: Client) -> Task<Void, Never> {
        Task {
            let pods = APIResource.of(Pod.self)
            let factory = InformerFactory(client: client)
            let informer = factory.informer(for: pods)
            let (stream, continuation) = AsyncStream<ObjectKey>.makeStream()
            _ = informer.addHandler { event in
                if case .updated(_, let new) = event, let object = try? new.object(),
                    object[path: ["metadata", "deletionTimestamp"]] != nil
                {
                    continuation.yield(new.key)
                }
            }
            await withDiscardingTaskGroup { group in
                group.addTask { try? await factory.run() }
                group.addTask {
                    for await key in stream {
                        _ = try? await client.deleteBytes(
                            pods, namespace: key.namespace, name: key.name,
                            options: Array(#"{"gracePeriodSeconds":0}"#.utf8))
                    }
                }
                group.addTask {
                    // Until cancelled; then the delete loop ends with the stream.
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
                    continuation.finish()
                }
            }
        }
    }

    private func parallel(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let workers = 16
            let perTask = (count + workers - 1) / workers
            for worker in 0..<workers {
                let range = min(count, worker * perTask)..<min(count, (worker + 1) * perTask)
                tasks.addTask {
                    for index in range { try await body(index) }
                }
            }
            try await tasks.waitForAll()
        }
    }

    /// scheduler_perf's node: 4 CPUs, 32 GiB, 110 pods; a zone label; hostname.
    static func node(_ index: Int, _ workload: String) -> JSONValue {
        let resources: JSONValue = ["cpu": "4", "memory": "32Gi", "pods": "110"]
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string("node-\(index)"),
                "labels": [
                    "kubernetes.io/hostname": .string("node-\(index)"),
                    "topology.kubernetes.io/zone": .string("zone-\(index % 10)"),
                ],
            ],
            "status": [
                "capacity": resources, "allocatable": resources,
                "conditions": [["type": "Ready", "status": "True"]],
            ],
        ]
    }

    /// scheduler_perf's pod (100m CPU, 500Mi for preemption's 1 CPU fill), shaped by the workload.
    static func pod(_ name: String, _ workload: String, priority: Int?) -> JSONValue {
        let cpu = workload == "preemption" ? "1" : "100m"
        var spec: JSONValue = [
            "containers": [
                [
                    "name": "pause", "image": "registry.k8s.io/pause:3.10",
                    "resources": ["requests": ["cpu": .string(cpu), "memory": "100Mi"]],
                ]
            ]
        ]
        var labels: JSONValue = ["app": "bench"]
        if let priority { spec["priority"] = .int(Int64(priority)) }
        switch workload {
        case "node-affinity":
            spec["affinity"] = [
                "nodeAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        "nodeSelectorTerms": [
                            [
                                "matchExpressions": [
                                    [
                                        "key": "topology.kubernetes.io/zone", "operator": "In",
                                        "values": ["zone-1", "zone-2", "zone-3", "zone-4", "zone-5"],
                                    ]
                                ]
                            ]
                        ]
                    ]
                ]
            ]
        case "anti-affinity":
            let group = "group-\((Int(name.split(separator: "-").last ?? "") ?? 0) % 2_000)"
            labels["group"] = .string(group)
            spec["affinity"] = [
                "podAntiAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        [
                            "labelSelector": ["matchLabels": ["group": .string(group)]],
                            "topologyKey": "kubernetes.io/hostname",
                        ]
                    ]
                ]
            ]
        default:
            break
        }
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "labels": labels],
            "spec": spec,
        ]
    }
}
