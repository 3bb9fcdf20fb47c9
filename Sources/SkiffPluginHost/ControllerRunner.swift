import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginABI
import Synchronization

/// Runs one controller plugin: resolves what it watches, feeds shared informers' events into its
/// work queue as keys, creates its instance, and calls `reconcile` from worker threads of its
/// own until cancelled. Errors are retried with per-key back-off; a plugin's failures are logged
/// with its name and counted, and touch no other plugin.
public final class ControllerRunner: Sendable {
    /// The plugin.
    public let plugin: LoadedPlugin
    /// Its work queue.
    public let queue: WorkQueue<String>
    private let client: Client
    private let factory: InformerFactory
    private let registry: ResourceRegistry
    private let metrics: PluginMetrics
    private let configuration: [UInt8]
    private let requestedWorkers: Int?
    private let logger: Logger
    /// Serializes calls into an instance that is not `SKIFF_CAP_CONCURRENT`.
    private let callLock = NSLock()
    private let ready = Atomic<Bool>(false)

    /// A runner. `configuration` is the plugin's JSON configuration (`{}` when none);
    /// `workers` overrides the number the plugin asks for.
    public init(
        plugin: LoadedPlugin, client: Client, factory: InformerFactory, host: PluginHost,
        configuration: [UInt8] = Array("{}".utf8), workers: Int? = nil, logger: Logger
    ) {
        self.plugin = plugin
        self.client = client
        self.factory = factory
        self.registry = host.registry
        self.metrics = host.metrics
        self.configuration = configuration
        self.requestedWorkers = workers
        self.logger = logger
        self.queue = WorkQueue(name: plugin.name)
    }

    /// Whether the instance exists and its caches synced (workers are running).
    public var isReady: Bool { ready.load(ordering: .relaxed) }

    /// Sets up, runs until the task is cancelled, then stops the workers and the instance.
    public func run() async throws(PluginLoadError) {
        guard let table = plugin.descriptor.pointer.pointee.controller?.pointee else {
            throw PluginLoadError(.badDescriptor, path: plugin.path, "not a controller")
        }
        let context = PluginContext(
            plugin: plugin, client: client, registry: registry, queue: queue, metrics: metrics, logger: logger)
        metrics.loaded(plugin)
        let queue = self.queue
        metrics.watchQueue(plugin: plugin.name) { queue.metrics }

        // What it watches: informers, and handlers that turn events into keys. Events for custom
        // mappings wait on an inactive queue until the instance exists (none is dropped).
        let registrations = HandlerRegistrations()
        let events = DispatchQueue(label: "skiff.plugin.\(plugin.name).events", attributes: .initiallyInactive)
        let activation = QueueActivation(events)
        let instanceBox = Mutex<InstancePointer?>(nil)
        defer {
            registrations.removeAll()
            // An inactive dispatch queue must not be released: activate it on every path.
            activation.activate()
        }
        for index in 0..<Int(table.watch_count) {
            let watch = PluginLoader.watch(table, index)
            let group = watch.group.map { String(cString: $0) } ?? ""
            let version = String(cString: watch.version)
            let plural = String(cString: watch.resource)
            let resource = try await resolve(group: group, version: version, resource: plural)
            registry.register(resource)
            let handle = registry.handle(group: group, version: version, resource: plural)
            var indexes: [String: IndexFunction] = [:]
            if var field = watch.index_fields {
                while let name = field.pointee {
                    let path = String(cString: name)
                    indexes[path] = Indexer.fieldIndex(path)
                    field += 1
                }
            }
            let informer = factory.informer(for: resource, indexes: indexes)
            context.attach(informer, handle: handle)
            let mapper = try KeyMapper(watch: watch, plugin: plugin)
            if mapper.mapping == .custom {
                let onEvent = table.on_event
                let watchIndex = UInt32(index)
                let id = informer.addHandler { [callLock, concurrent = plugin.isConcurrent] event in
                    let (type, item) = Self.eventType(event)
                    events.async {
                        guard let instance = instanceBox.withLock({ $0 }) else { return }
                        if !concurrent { callLock.lock() }
                        defer { if !concurrent { callLock.unlock() } }
                        item.bytes.withUnsafeBufferPointer { buffer in
                            buffer.withMemoryRebound(to: CChar.self) {
                                onEvent?(instance.pointer, watchIndex, type, $0.baseAddress, $0.count)
                            }
                        }
                    }
                }
                registrations.add(informer, id)
            } else {
                let id = informer.addHandler { event in
                    for key in mapper.keys(for: event) { queue.add(key) }
                }
                registrations.add(informer, id)
            }
        }

        // The instance, created on a thread of its own (init may call the host).
        let hostTable = HostTablePointer(pointer: context.makeTable())
        let created = await InstancePointer.create(plugin, hostTable: hostTable, configuration: configuration)
        let instance: InstancePointer
        switch created {
        case .success(let value): instance = value
        case .failure(let error):
            hostTable.pointer.deallocate()
            throw error
        }
        instanceBox.withLock { $0 = instance }
        activation.activate()
        logger.info(
            "controller started",
            metadata: [
                "plugin.name": "\(plugin.name)", "plugin.path": "\(plugin.path)", "plugin.abi": "\(plugin.abiVersion)",
            ])

        // Workers start once every watched cache has synced (or the run is cancelled).
        for informer in registrations.informers { await informer.waitForSync() }
        let workers = workerCount(table)
        let reconcile = ReconcileFunction(call: table.reconcile)
        let finished = DispatchGroup()
        if !Task.isCancelled {
            for number in 0..<workers {
                finished.enter()
                let thread = Thread { [self] in
                    work(reconcile.call, instance: instance)
                    finished.leave()
                }
                thread.name = "\(plugin.name)-\(number)"
                thread.start()
            }
            ready.store(true, ordering: .relaxed)
        }

        // Until cancelled; then drain and stop.
        let stop = AsyncStream<Void>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stop.stream {}
        } onCancel: {
            queue.shutDown()
            stop.continuation.finish()
        }
        ready.store(false, ordering: .relaxed)
        queue.shutDown()
        let shutdown = plugin.descriptor.pointer.pointee.shutdown
        // No event reaches the instance once shutdown begins: handlers go, the instance is
        // withdrawn from the event queue, queued events drain (and find nothing), then shutdown.
        registrations.removeAll()
        await ThreadWork.run(name: "plugin-stop") { [callLock] in
            finished.wait()
            instanceBox.withLock { $0 = nil }
            events.sync {}
            callLock.lock()
            shutdown?(instance.pointer)
            callLock.unlock()
        }
        // The table is kept: a plugin thread that outlives shutdown must not find freed memory.
        _ = Unmanaged.passRetained(context)
        logger.info("controller stopped", metadata: ["plugin.name": "\(plugin.name)"])
    }

    private func workerCount(_ table: skiff_controller) -> Int {
        let wanted = requestedWorkers ?? max(1, Int(table.workers))
        return plugin.isConcurrent ? max(1, wanted) : 1
    }

    /// A worker thread: keys until the queue shuts down.
    private func work(
        _ reconcile:
            @convention(c) (
                UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<skiff_reconcile_result>?
            ) -> Void,
        instance: InstancePointer
    ) {
        let concurrent = plugin.isConcurrent
        while let key = queue.get() {
            var result = skiff_reconcile_result()
            result.struct_size = UInt32(MemoryLayout<skiff_reconcile_result>.size)
            let started = ContinuousClock.now
            if !concurrent { callLock.lock() }
            var keyBytes = Array(key.utf8CString)
            keyBytes.withUnsafeMutableBufferPointer { buffer in
                reconcile(instance.pointer, buffer.baseAddress, buffer.count - 1, &result)
            }
            if !concurrent { callLock.unlock() }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let outcome = ReconcileOutcome(result)
            switch outcome {
            case .success:
                queue.forget(key)
            case .requeue(let delay):
                queue.forget(key)
                queue.addAfter(key, delay: delay)
            case .retry(let status, let message):
                let retries = queue.retries(key)
                queue.addRateLimited(key)
                logger.warning(
                    "reconcile failed; retrying with back-off",
                    metadata: [
                        "plugin.name": "\(plugin.name)", "key": "\(key)", "status": "\(status)",
                        "error.message": "\(message)", "retries": "\(retries + 1)",
                    ])
            case .terminal(let status, let message):
                queue.forget(key)
                logger.error(
                    "reconcile failed for good",
                    metadata: [
                        "plugin.name": "\(plugin.name)", "key": "\(key)", "status": "\(status)",
                        "error.message": "\(message)",
                    ])
            }
            metrics.reconciled(plugin: plugin.name, outcome: outcome.label, seconds: seconds)
            queue.done(key)
        }
    }

    private func resolve(group: String, version: String, resource: String) async throws(PluginLoadError) -> APIResource
    {
        if let builtIn = APIResource.builtIn(group: group, version: version, resource: resource) { return builtIn }
        var found: APIResource?
        do {
            found = try await client.discover(group: group, version: version, resource: resource)
        } catch {
            found = nil
        }
        guard let found else {
            let name = group.isEmpty ? "\(resource) in v1" : "\(resource) in \(group)/\(version)"
            throw PluginLoadError(
                .unknownResource, path: plugin.path,
                "plugin \(plugin.name) watches \(name), which the server does not serve")
        }
        return found
    }

    private static func eventType(_ event: InformerEvent) -> (Int32, CachedItem) {
        switch event {
        case .added(let item): (Int32(SKIFF_EVENT_ADDED), item)
        case .updated(_, let item): (Int32(SKIFF_EVENT_MODIFIED), item)
        case .deleted(let item, _): (Int32(SKIFF_EVENT_DELETED), item)
        }
    }
}

/// The informer handlers a runner registered, removed together.
final class HandlerRegistrations: Sendable {
    private let entries = Mutex<[(Informer, Int)]>([])

    func add(_ informer: Informer, _ id: Int) {
        entries.withLock { $0.append((informer, id)) }
    }

    var informers: [Informer] { entries.withLock { $0.map(\.0) } }

    func removeAll() {
        let removed = entries.withLock { entries in
            defer { entries = [] }
            return entries
        }
        for (informer, id) in removed { informer.removeHandler(id) }
    }
}

/// Activates an initially inactive queue once.
final class QueueActivation: Sendable {
    private let queue: DispatchQueue
    private let done = Atomic<Bool>(false)

    init(_ queue: DispatchQueue) {
        self.queue = queue
    }

    func activate() {
        if !done.exchange(true, ordering: .relaxed) { queue.activate() }
    }
}

/// The host table handed to a plugin (kept for the life of the process).
struct HostTablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<skiff_host>
}

/// A plugin's reconcile function pointer.
struct ReconcileFunction: @unchecked Sendable {
    let call:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<skiff_reconcile_result>?
        ) -> Void
}

/// A plugin's instance pointer (opaque to the host).
struct InstancePointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?

    /// Calls the plugin's `init` on a thread of its own (init may call the host, which blocks),
    /// with its configuration; a failure names the plugin and carries its reason.
    static func create(
        _ plugin: LoadedPlugin, hostTable: HostTablePointer, configuration: [UInt8]
    ) async -> Result<InstancePointer, PluginLoadError> {
        let descriptor = plugin.descriptor
        return await ThreadWork.run(name: "plugin-init") {
            var instance: UnsafeMutableRawPointer?
            var message = [CChar](repeating: 0, count: 1024)
            let status = configuration.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    descriptor.pointer.pointee.`init`(
                        hostTable.pointer, skiff_bytes(data: chars.baseAddress, len: chars.count), &instance, &message,
                        message.count)
                }
            }
            guard status == skiff_status(SKIFF_OK) else {
                let reason = String(
                    decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return .failure(
                    PluginLoadError(
                        .initFailed, path: plugin.path,
                        "plugin \(plugin.name) failed to start (status \(status)): \(reason.isEmpty ? "no reason given" : reason)"
                    ))
            }
            return .success(InstancePointer(pointer: instance))
        }
    }
}
