import ArgumentParser
import Foundation
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffKubelet
import SkiffPluginHost
import SkiffScheduler
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `skiff-bench pods`: pod startup latency, Kubernetes' SLO measurement. In one process: a store,
/// the API server, the scheduler with its default plugins and a node agent with a runtime plugin.
/// Pods are created at a steady rate; a pod's latency runs from just before its create request to
/// the moment a watch sees it Running with every container started.
struct PodStartupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pods", abstract: "Pod startup latency through scheduler and node agent (the SLO's measure).")

    @Option(help: "Runtimes to measure: simulated, process (comma-separated).")
    var only = "simulated,process"

    @Option(help: "Simulated: nodes.")
    var nodes = 1_000

    @Option(help: "Simulated: pods.")
    var pods = 30_000

    @Option(help: "Simulated: pods created per second.")
    var rate = 200

    @Option(help: "Process runtime: pods on its one node.")
    var processPods = 100

    @Option(help: "Process runtime: pods created per second.")
    var processRate = 50

    @Option(help: "How the node agent reaches the API server: http (as `skiff agent` does) or in-process.")
    var agentTransport = "http"

    @Flag(help: "Print the results as JSON.")
    var json = false

    /// Kubernetes' SLO (p99 ≤ 5 s) and Skiff's target (p99 ≤ 1 s), milliseconds.
    static let slo = 5_000.0
    static let target = 1_000.0

    /// When each pod was created and when the watch saw it running (monotonic nanoseconds).
    final class Timings: Sendable {
        let started = Mutex<[String: Int64]>([:])
        let observed = Mutex<[String: Int64]>([:])
    }

    struct Outcome {
        var samples: Samples
        var elapsed: Double
        var nodes: Int
    }

    func run() async throws {
        let runtimes = only.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for runtime in runtimes where !["simulated", "process"].contains(runtime) {
            throw ValidationError("unknown runtime \(runtime)")
        }
        guard ["http", "in-process"].contains(agentTransport) else {
            throw ValidationError("--agent-transport must be http or in-process")
        }
        var table = ResultTable(header: [
            "RUNTIME", "NODES", "PODS", "RATE/S", "SECONDS", "P50 ms", "P90 ms", "P99 ms", "MAX ms", "SLO 5 s",
            "TARGET 1 s",
        ])
        var results: [String: JSONValue] = [:]
        for runtime in runtimes {
            let simulated = runtime == "simulated"
            let count = simulated ? pods : processPods
            let perSecond = simulated ? rate : processRate
            let outcome = try await measure(simulated: simulated, count: count, rate: perSecond)
            let p50 = outcome.samples.milliseconds(at: 0.5)
            let p90 = outcome.samples.milliseconds(at: 0.9)
            let p99 = outcome.samples.milliseconds(at: 0.99)
            let max = outcome.samples.milliseconds(at: 1)
            table.add([
                runtime, format(Double(outcome.nodes)), format(Double(count)), format(Double(perSecond)),
                format(outcome.elapsed, decimals: 1), format(p50, decimals: 0), format(p90, decimals: 0),
                format(p99, decimals: 0), format(max, decimals: 0), p99 <= Self.slo ? "✓" : "✗",
                p99 <= Self.target ? "✓" : "✗",
            ])
            results[runtime] = [
                "nodes": .int(Int64(outcome.nodes)), "pods": .int(Int64(count)), "rate": .int(Int64(perSecond)),
                "seconds": .double(outcome.elapsed), "p50ms": .double(p50), "p90ms": .double(p90),
                "p99ms": .double(p99), "maxms": .double(max),
            ]
        }
        if json {
            print(JSONValue.object(results).prettyPrinted())
            return
        }
        print(table.render())
        print(
            "(one process on this machine: store, API server, scheduler, node agent (talking to the server "
                + "\(agentTransport == "http" ? "over HTTP" : "in process")); latency from the create request to "
                + "Running seen through a watch; the SLO's figure: p99 ≤ 5 s)")
    }

    /// One run in a fresh cluster.
    private func measure(simulated: Bool, count: Int, rate: Int) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-bench-pods-\(getpid())-\(simulated ? "sim" : "proc")")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try InProcessCluster(directory: directory)
        let (store, server, client, logger) = (cluster.store, cluster.server, cluster.client, cluster.logger)
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let host = PluginHost()
        let loaded = host.load(
            directories: [], files: [folder.appendingPathComponent("libDefaultSchedulerPlugins.so").path])
        guard !loaded.plugins.isEmpty else {
            throw ValidationError(
                "cannot load the scheduler plugins: \(loaded.errors.map(\.message)) (swift build builds them)")
        }
        let scheduler = Scheduler(
            client: client, host: host, sets: loaded.plugins, options: Scheduler.Options(), logger: logger)
        let runtimeFile = folder.appendingPathComponent(simulated ? "libSimulatedRuntime.so" : "libProcessRuntime.so")
        var options = NodeAgentOptions(
            runtimePath: runtimeFile.path,
            runtimeConfiguration: simulated
                ? ["nodes": .int(Int64(nodes)), "namePrefix": "bench-node-"] : .emptyObject,
            nodeName: "bench-node", nodeIP: "127.0.0.1", rootDirectory: directory.appendingPathComponent("agent").path)
        options.listenHost = "127.0.0.1"
        options.port = 0
        options.workers = simulated ? 16 : 8
        if simulated { options.paceForSimulatedNodes() }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store), .init(service: server), .init(service: scheduler)], logger: logger))
        let running = Task { try await group.run() }
        defer { running.cancel() }
        // The agent talks to the server the way `skiff agent` does: over HTTP, on its own connections.
        var agentClient = client
        if agentTransport == "http" {
            while cluster.port.value.load(ordering: .acquiring) == 0 { try await Task.sleep(for: .milliseconds(10)) }
            agentClient = Client(
                transport: HTTPTransport(baseURL: "http://127.0.0.1:\(cluster.port.value.load(ordering: .acquiring))"))
        }
        let agent = NodeAgent(client: agentClient, options: options, logger: logger)
        let agentGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: agent)], logger: logger))
        let agentRunning = Task { try await agentGroup.run() }
        defer { agentRunning.cancel() }
        let nodeCount = simulated ? nodes : 1
        try await waitForNodes(client, nodeCount)

        // The observer: a watch on pods; Running with every container started counts.
        let timings = Timings()
        let informer = Informer(resource: APIResource.of(Pod.self))
        _ = informer.addHandler { event in
            guard case .updated(_, let item) = event, let pod = try? item.object(),
                pod[path: ["status", "phase"]]?.stringValue == "Running",
                let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue,
                statuses.allSatisfy({ $0["started"]?.boolValue == true })
            else { return }
            let now = monotonicNow()
            timings.observed.withLock { seen in
                if seen[item.key.name] == nil { seen[item.key.name] = now }
            }
        }
        let reflector = Reflector(client: client, resource: APIResource.of(Pod.self), sink: informer, logger: logger)
        let watching = Task { await reflector.run() }
        defer { watching.cancel() }
        await informer.waitForSync()

        let podResource = APIResource.of(Pod.self)
        let begin = ContinuousClock.now
        let interval = 1.0 / Double(rate)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let creators = 16
            for creator in 0..<creators {
                tasks.addTask {
                    var index = creator
                    while index < count {
                        let due = begin + .seconds(Double(index) * interval)
                        if ContinuousClock.now < due { try await Task.sleep(until: due, clock: .continuous) }
                        let name = "pod-\(index)"
                        timings.started.withLock { $0[name] = monotonicNow() }
                        _ = try await client.createBytes(
                            podResource, namespace: "default",
                            body: Self.pod(name, simulated: simulated).serialized())
                        index += creators
                    }
                }
            }
            try await tasks.waitForAll()
        }
        var lastReport = ContinuousClock.now
        let deadline = ContinuousClock.now + .seconds(600)
        while timings.observed.withLock({ $0.count }) < count {
            if ContinuousClock.now - lastReport > .seconds(2) {
                lastReport = ContinuousClock.now
                FileHandle.standardError.write(
                    Data("\rrunning \(timings.observed.withLock { $0.count })/\(count)   ".utf8))
            }
            guard ContinuousClock.now < deadline else {
                throw ValidationError("only \(timings.observed.withLock { $0.count }) of \(count) pods reached Running")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        let elapsed = seconds(ContinuousClock.now - begin)
        var samples = Samples(capacity: count)
        let starts = timings.started.withLock { $0 }
        for (name, seen) in timings.observed.withLock({ $0 }) {
            if let start = starts[name] { samples.add(seen - start) }
        }
        if !simulated {
            // Processes outlive the agent: delete the pods and wait until they are gone.
            for index in 0..<count {
                _ = try? await client.deleteBytes(podResource, namespace: "default", name: "pod-\(index)")
            }
            let cleanup = ContinuousClock.now + .seconds(120)
            while informer.indexer.count > 0, ContinuousClock.now < cleanup {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        await agentGroup.triggerGracefulShutdown()
        _ = await agentRunning.result
        await group.triggerGracefulShutdown()
        _ = await running.result
        return Outcome(samples: samples, elapsed: elapsed, nodes: nodeCount)
    }

    private func waitForNodes(_ client: Client, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            let list = try await client.list(APIResource.of(Node.self), namespace: nil)
            if list.items.count >= count { return }
            guard ContinuousClock.now < deadline else {
                throw ValidationError("only \(list.items.count) of \(count) nodes registered")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A pod: a pause container (simulated) or a sleeping shell (process runtime).
    static func pod(_ name: String, simulated: Bool) -> JSONValue {
        let container: JSONValue =
            simulated
            ? ["name": "pause", "image": "registry.k8s.io/pause:3.10"]
            : ["name": "sleep", "image": "busybox", "command": ["sleep", "3600"]]
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["bench": "startup"]],
            "spec": ["containers": [container], "terminationGracePeriodSeconds": 1],
        ]
    }
}
