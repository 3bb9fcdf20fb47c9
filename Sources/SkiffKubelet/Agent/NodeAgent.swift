import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffPluginHost
import SkiffPluginKit
import Synchronization

/// A node agent (the kubelet core) as a service: loads its runtime plugin, registers the nodes the
/// runtime plays, renews their Leases, watches the pods bound to them and runs each through the pod
/// workers; serves container logs on its endpoint. Stopping the agent leaves containers running:
/// the next agent re-adopts them from the runtime's records.
public final class NodeAgent: ServiceLifecycle.Service, Sendable {
    private let client: Client
    private let options: NodeAgentOptions
    private let logger: Logger
    /// The agent's counters.
    public let metrics = AgentMetrics()
    private let ready = Mutex<[CheckedContinuation<Int, Never>]?>([])
    private let boundPort = Atomic<Int>(0)

    /// An agent talking to the API server through `client`.
    public init(client: Client, options: NodeAgentOptions, logger: Logger = Logger(label: "skiff.kubelet")) {
        self.client = client
        self.options = options
        self.logger = logger
    }

    /// The endpoint's port once it listens (waits for it).
    public func port() async -> Int {
        await withCheckedContinuation { continuation in
            let now = ready.withLock { waiting -> Bool in
                guard waiting != nil else { return true }
                waiting?.append(continuation)
                return false
            }
            if now { continuation.resume(returning: boundPort.load(ordering: .acquiring)) }
        }
    }

    private func listening(_ port: Int) {
        boundPort.store(port, ordering: .releasing)
        let waiting = ready.withLock { waiting in
            defer { waiting = nil }
            return waiting ?? []
        }
        for continuation in waiting { continuation.resume(returning: port) }
    }

    /// The configuration handed to the runtime.
    func runtimeConfiguration() -> JSONValue {
        var configuration = options.runtimeConfiguration
        if case .object = configuration {} else { configuration = .emptyObject }
        if configuration["nodeName"] == nil { configuration["nodeName"] = .string(options.nodeName) }
        if configuration["nodeIP"] == nil { configuration["nodeIP"] = .string(options.nodeIP) }
        if configuration["stateDirectory"] == nil {
            configuration["stateDirectory"] = .string(options.rootDirectory + "/runtime")
        }
        return configuration
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: options.rootDirectory, withIntermediateDirectories: true)
        let plugin: LoadedPlugin
        do {
            plugin = try PluginLoader.load(path: options.runtimePath)
        } catch {
            throw AgentError(code: .runtime, "cannot load the node runtime: \(error)")
        }
        guard plugin.kind == .nodeRuntime else {
            throw AgentError(
                code: .runtime, "\(options.runtimePath) is a \(plugin.kind.rawValue) plugin, not a node runtime")
        }
        let view = RuntimeView()
        let workersBox = Mutex<PodWorkers?>(nil)
        let runtime: NodeRuntimePlugin
        do {
            runtime = try await NodeRuntimePlugin.start(
                plugin, host: PluginHost(), client: client, configuration: runtimeConfiguration().serialized(),
                logger: logger
            ) { record in
                view.apply(record)
                workersBox.withLock { $0 }?.containerChanged(record)
            }
        } catch {
            throw AgentError(code: .runtime, "\(error)")
        }
        defer { runtime.shutdown() }

        let nodes: [JSONValue]
        let records: [ContainerRecord]
        do {
            nodes = try await Self.offPool { () throws(RuntimeError) in try runtime.nodes() }.get()
            records = try await Self.offPool { () throws(RuntimeError) in try runtime.listContainers() }.get()
        } catch {
            throw AgentError(code: .runtime, "the runtime cannot list its nodes or containers: \(error)")
        }
        for record in records { view.apply(record) }
        logger.info(
            "node runtime started",
            metadata: [
                "runtime.name": "\(plugin.name)", "runtime.nodes": "\(nodes.count)",
                "runtime.adopted": "\(records.filter { $0.state == .running }.count)",
            ])
        var nodeIPs: [String: String] = [:]
        for node in nodes {
            let name = node["metadata"]?["name"]?.stringValue ?? ""
            nodeIPs[name] = Node.internalIP(of: node) ?? options.nodeIP
        }
        let names = Set(nodeIPs.keys)
        let layout = LogLayout(root: options.rootDirectory)

        let informer = Informer(resource: APIResource.of(Pod.self))
        let selector = names.count == 1 ? "spec.nodeName=\(names.first!)" : "spec.nodeName!="
        let reflector = Reflector(
            client: client, resource: APIResource.of(Pod.self), fieldSelector: selector, sink: informer, logger: logger)
        let probes: ProbeManager? =
            runtime.isSimulated
            ? nil
            : ProbeManager(
                runtime: runtime, logger: logger,
                onChange: { key in workersBox.withLock { $0 }?.queue.add(key) },
                onEvent: { key, reason, message in
                    workersBox.withLock { $0 }?.recordProbeEvent(key: key, reason: reason, message: message)
                })
        let workers = PodWorkers(
            informer: informer, runtime: runtime, view: view, probes: probes, client: client, nodeIPs: nodeIPs,
            logs: layout, metrics: metrics, logger: logger)
        workersBox.withLock { $0 = workers }
        let filtered = names.count == 1
        _ = informer.addHandler { event in
            let item = event.item
            // One node: the field selector already keeps only its pods; many: keep this agent's.
            if !filtered {
                guard let node = (try? item.object())?["spec"]?["nodeName"]?.stringValue, names.contains(node)
                else { return }
            }
            workers.queue.add(item.key.description)
        }

        let runtimeVersion = "\(plugin.name)://\(plugin.version)"
        var server = KubeletServer(
            host: options.listenHost, port: options.port, view: view, layout: layout, metrics: metrics, logger: logger)
        server.tls = options.tls
        server.hosts = ["localhost", options.nodeIP] + Array(names.sorted().prefix(8))

        var failure: (any Error)?
        do {
            try await run(
                server: server, runtimeVersion: runtimeVersion, nodes: nodes, reflector: reflector, informer: informer,
                workers: workers, runtime: runtime, view: view, layout: layout)
        } catch {
            failure = error
        }
        // Nothing may call the runtime once it shuts down: the workers and probes end first.
        workers.stop()
        probes?.stop()
        _ = await Self.offPool { () throws(RuntimeError) in
            workers.join()
            probes?.join()
        }
        if let failure { throw failure }
    }

    /// The agent's tasks: the endpoint, registration, then Leases, the pod watch and housekeeping,
    /// until a graceful shutdown.
    private func run(
        server: KubeletServer, runtimeVersion: String, nodes: [JSONValue], reflector: Reflector,
        informer: Informer, workers: PodWorkers, runtime: NodeRuntimePlugin, view: RuntimeView, layout: LogLayout
    ) async throws {
        let options = self.options
        let logger = self.logger
        let metrics = self.metrics
        let client = self.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The endpoint stops by itself when a graceful shutdown begins.
            group.addTask {
                do {
                    try await server.run { port in self.listening(port) }
                } catch {
                    self.listening(-1)
                    throw AgentError(
                        code: .endpoint,
                        "the agent's endpoint cannot listen on \(options.listenHost):\(options.port): \(error)")
                }
            }
            let port = await self.port()
            guard port >= 0 else {
                try await group.waitForAll()
                throw AgentError(code: .endpoint, "the agent's endpoint stopped")
            }
            let registering = NodeRegistrar(
                client: client, kubeletPort: port, runtimeVersion: runtimeVersion, logger: logger)
            // As kubelet does: registration is retried (0.1 s doubling to 7 s) until it works, since
            // the server may be starting, or the node's permissions may be granted a little later.
            var attempt: [(node: JSONValue, uid: String?)]?
            var delay = Duration.milliseconds(100)
            while attempt == nil {
                do {
                    attempt = try await Self.register(nodes, with: registering)
                } catch {
                    // A shutdown ends the attempts, whether it cancels the task or asks gracefully.
                    guard !Task.isCancelled, !Task.isShuttingDownGracefully else {
                        group.cancelAll()
                        throw AgentError(code: .registration, "cannot register the nodes: \(error)")
                    }
                    logger.warning(
                        "cannot register the nodes; trying again",
                        metadata: ["error.message": "\(error)", "retry.delay": "\(delay)"])
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(7))
                }
            }
            let registered = attempt ?? []
            logger.info("nodes registered", metadata: ["node.count": "\(registered.count)"])
            let background = Task {
                await withDiscardingTaskGroup { loops in
                    loops.addTask {
                        await LeaseHeartbeat(
                            client: client, registrar: registering, interval: options.leaseInterval,
                            leaseSeconds: options.leaseSeconds, statusInterval: options.statusInterval,
                            metrics: metrics, logger: logger
                        ).run(nodes: registered)
                    }
                    loops.addTask { await reflector.run() }
                    loops.addTask {
                        await informer.waitForSync()
                        guard !Task.isCancelled else { return }
                        workers.start(workers: options.workers)
                        workers.collectOrphans()
                        await Self.housekeeping(
                            runtime: runtime, view: view, workers: workers, informer: informer, layout: layout,
                            options: options)
                    }
                }
            }
            group.addTask {
                await withTaskCancellationHandler {
                    try? await gracefulShutdown()
                } onCancel: {
                    background.cancel()
                }
                background.cancel()
                _ = await background.result
            }
            try await group.waitForAll()
        }
    }

    /// Lists the runtime's records again every `housekeepingInterval` (events are the fast path;
    /// this is the safety net), collects orphans, rotates the logs of running containers, and
    /// resyncs every pod now and then.
    static func housekeeping(
        runtime: NodeRuntimePlugin, view: RuntimeView, workers: PodWorkers, informer: Informer, layout: LogLayout,
        options: NodeAgentOptions
    ) async {
        var lastResync = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: options.housekeepingInterval)
            // Only records the view had before the listing began may be dropped for missing from it
            // (a container started meanwhile is not in the list yet).
            let before = view.ids
            if let records = try? await offPool({ () throws(RuntimeError) in try runtime.listContainers() }).get() {
                let listed = Set(records.map(\.id))
                for id in before.subtracting(listed) { view.remove(id) }
                for record in records where view.apply(record) { workers.containerChanged(record) }
            }
            workers.collectOrphans()
            if !runtime.isSimulated {
                let paths = view.all.filter { $0.state == .running }.map { layout.path(of: $0) }
                let rotation = options.logRotation
                _ = await offPool { () throws(RuntimeError) in
                    for path in paths { _ = try? rotation.rotateIfNeeded(path) }
                }
            }
            if options.resyncInterval > .zero, ContinuousClock.now - lastResync >= options.resyncInterval {
                lastResync = ContinuousClock.now
                for key in informer.indexer.keys { workers.queue.add(key.description) }
            }
        }
    }

    /// Registers nodes a few at a time; each with its uid (for its Lease's owner).
    static func register(_ nodes: [JSONValue], with registrar: NodeRegistrar) async throws -> [(
        node: JSONValue, uid: String?
    )] {
        var registered: [(node: JSONValue, uid: String?)] = []
        var index = 0
        while index < nodes.count {
            let batch = nodes[index..<min(nodes.count, index + 16)]
            index += batch.count
            try await withThrowingTaskGroup(of: (JSONValue, String?).self) { group in
                for node in batch {
                    group.addTask {
                        let complete = registrar.completed(node, now: Date())
                        let stored = try await registrar.register(complete, now: Date())
                        return (complete, stored["metadata"]?["uid"]?.stringValue)
                    }
                }
                for try await entry in group { registered.append((node: entry.0, uid: entry.1)) }
            }
        }
        return registered
    }

    /// Runs blocking runtime work on a thread of its own.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws(RuntimeError) -> T) async -> Result<
        T, RuntimeError
    > {
        await ThreadWork.run(name: "kubelet-runtime") {
            do throws(RuntimeError) { return .success(try work()) } catch { return .failure(error) }
        }
    }
}

/// Why a node agent cannot run.
public struct AgentError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The runtime plugin cannot be loaded or started.
        case runtime
        /// A node cannot be registered.
        case registration
        /// The agent's endpoint cannot listen.
        case endpoint
    }

    /// The code.
    public var code: Code
    /// Why.
    public var message: String

    init(code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
