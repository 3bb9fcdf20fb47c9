import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginABI
import SkiffPluginKit
import Synchronization

/// A running instance of a node runtime plugin (`SKIFF_KIND_NODE_RUNTIME`): typed, blocking Swift
/// calls over its C table. Call them from threads of your own, never from the cooperative pool: a
/// runtime may block (spawning a process, running an exec probe).
public final class NodeRuntimePlugin: Sendable {
    /// The loaded plugin file.
    public let plugin: LoadedPlugin
    /// Whether the runtime only plays containers (`SKIFF_RUNTIME_SIMULATED`).
    public let isSimulated: Bool
    private let table: RuntimeTablePointer
    private let instance: InstancePointer
    private let context: PluginContext
    private let hostTable: HostTablePointer

    private init(
        plugin: LoadedPlugin, table: RuntimeTablePointer, instance: InstancePointer, context: PluginContext,
        hostTable: HostTablePointer
    ) {
        self.plugin = plugin
        self.table = table
        self.instance = instance
        self.context = context
        self.hostTable = hostTable
        isSimulated = table.pointer.pointee.flags & 1 != 0
    }

    /// Creates the runtime's instance. `onEvent` receives every container event the runtime
    /// reports, on the runtime's thread: it must return quickly.
    public static func start(
        _ plugin: LoadedPlugin, host: PluginHost, client: Client, configuration: [UInt8] = Array("{}".utf8),
        logger: Logger, onEvent: @escaping @Sendable (ContainerRecord) -> Void
    ) async throws(PluginLoadError) -> NodeRuntimePlugin {
        guard plugin.kind == .nodeRuntime, let table = plugin.descriptor.pointer.pointee.node_runtime else {
            throw PluginLoadError(.badDescriptor, path: plugin.path, "\(plugin.name) is not a node runtime")
        }
        let context = PluginContext(
            plugin: plugin, client: client, registry: host.registry, queue: nil, metrics: host.metrics,
            logger: logger)
        let eventLogger = logger
        context.containerEvents.withLock {
            $0 = { bytes in
                do {
                    onEvent(try JSONDecoder().decode(ContainerRecord.self, from: Data(bytes)))
                } catch {
                    eventLogger.warning(
                        "a container event is not a record", metadata: ["runtime.error": "\(error)"])
                }
            }
        }
        let hostTable = HostTablePointer(pointer: context.makeTable())
        switch await InstancePointer.create(plugin, hostTable: hostTable, configuration: configuration) {
        case .success(let instance):
            return NodeRuntimePlugin(
                plugin: plugin, table: RuntimeTablePointer(pointer: table), instance: instance, context: context,
                hostTable: hostTable)
        case .failure(let error):
            hostTable.pointer.deallocate()
            throw error
        }
    }

    /// Stops the instance: nothing is called on it afterwards (its containers keep running).
    public func shutdown() {
        plugin.descriptor.pointer.pointee.shutdown?(instance.pointer)
        context.containerEvents.withLock { $0 = nil }
    }

    // MARK: Calls

    /// The nodes the runtime plays.
    public func nodes() throws(RuntimeError) -> [JSONValue] {
        let bytes = try call("nodes") { instance, out in table.pointer.pointee.nodes(instance, out) }
        guard case .array(let nodes)? = try? JSONParser.parse(bytes) else {
            throw RuntimeError(reason: "RuntimeError", message: "\(plugin.name): nodes is not a JSON array")
        }
        return nodes
    }

    /// Prepares a pod.
    public func runPod(_ pod: JSONValue) throws(RuntimeError) -> PodSandbox {
        let request = pod.serialized()
        return try decode(
            PodSandbox.self,
            call("run_pod") { instance, out in
                Self.borrow(request) { table.pointer.pointee.run_pod(instance, $0, out) }
            })
    }

    /// Releases a pod.
    public func stopPod(uid: String) throws(RuntimeError) {
        _ = try call("stop_pod") { instance, out in table.pointer.pointee.stop_pod(instance, uid, out) }
    }

    /// Starts a container.
    public func startContainer(_ request: ContainerRequest) throws(RuntimeError) -> ContainerRecord {
        let bytes = RuntimeWire.encode(request)
        return try decode(
            ContainerRecord.self,
            call("start_container") { instance, out in
                Self.borrow(bytes) { table.pointer.pointee.start_container(instance, $0, out) }
            })
    }

    /// Signals a container (15 or 9).
    public func killContainer(id: String, signal: Int32) throws(RuntimeError) {
        _ = try call("kill_container") { instance, out in
            table.pointer.pointee.kill_container(instance, id, signal, out)
        }
    }

    /// Forgets an exited container.
    public func removeContainer(id: String) throws(RuntimeError) {
        _ = try call("remove_container") { instance, out in
            table.pointer.pointee.remove_container(instance, id, out)
        }
    }

    /// Every record.
    public func listContainers() throws(RuntimeError) -> [ContainerRecord] {
        try decode(
            [ContainerRecord].self,
            call("list_containers") { instance, out in table.pointer.pointee.list_containers(instance, out) })
    }

    /// Runs a command in a container and waits.
    public func execSync(_ request: ExecRequest) throws(RuntimeError) -> ExecResponse {
        let bytes = RuntimeWire.encode(request)
        return try decode(
            ExecResponse.self,
            call("exec_sync") { instance, out in
                Self.borrow(bytes) { table.pointer.pointee.exec_sync(instance, $0, out) }
            })
    }

    // MARK: Plumbing

    /// Calls a table function with a writer; the bytes written, or the runtime's error.
    private func call(
        _ function: String,
        _ body: (UnsafeMutableRawPointer?, UnsafeMutablePointer<skiff_writer>) -> skiff_status
    ) throws(RuntimeError) -> [UInt8] {
        let sink = ByteSink()
        var writer = skiff_writer()
        writer.context = Unmanaged.passUnretained(sink).toOpaque()
        writer.write = { context, data, length in
            guard let context, let data, length > 0 else { return }
            Unmanaged<ByteSink>.fromOpaque(context).takeUnretainedValue().bytes.append(
                contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        }
        let status = withExtendedLifetime(sink) { body(instance.pointer, &writer) }
        guard status == skiff_status(SKIFF_OK) else {
            if let error = try? JSONDecoder().decode(RuntimeError.self, from: Data(sink.bytes)) { throw error }
            throw RuntimeError(
                reason: status == skiff_status(SKIFF_ERR_NOT_FOUND) ? "NotFound" : "RuntimeError",
                message: "\(plugin.name): \(function) failed with status \(status)")
        }
        return sink.bytes
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(RuntimeError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw RuntimeError(reason: "RuntimeError", message: "\(plugin.name) answered \(T.self) badly: \(error)")
        }
    }

    private static func borrow<R>(_ bytes: [UInt8], _ body: (skiff_bytes) -> R) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body(skiff_bytes(data: $0.baseAddress, len: $0.count)) }
        }
    }
}

/// The bytes a runtime writes during one call (one thread: the call's).
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// A runtime's table: static storage in a plugin that is never unloaded.
struct RuntimeTablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<skiff_node_runtime>
}
