import Foundation
import SkiffAPI
import SkiffPluginABI

extension SkiffPlugin {
    /// The descriptor of a node runtime plugin, or nil when the host serves another ABI major
    /// version (or an ABI older than 1.4, which has no runtimes).
    public static func export<R: NodeRuntime>(
        runtime type: R.Type, hostABI major: UInt32 = UInt32(SKIFF_ABI_MAJOR), minor: UInt32 = UInt32(SKIFF_ABI_MINOR)
    ) -> UnsafeRawPointer? {
        guard major == abiMajor, minor >= 4 else { return nil }
        return RuntimeExport.shared.descriptor(for: type)
    }
}

/// The per-`.so` state behind a runtime's C entry points.
final class RuntimeExport: @unchecked Sendable {
    static let shared = RuntimeExport()

    private let lock = NSLock()
    private var pointer: UnsafeMutablePointer<skiff_plugin>?
    fileprivate var factory: ((RuntimeContext, JSONValue) throws -> any NodeRuntime)?

    func descriptor<R: NodeRuntime>(for type: R.Type) -> UnsafeRawPointer {
        lock.lock()
        defer { lock.unlock() }
        if let pointer { return UnsafeRawPointer(pointer) }
        factory = { context, configuration in try R(context: context, configuration: configuration) }

        var table = skiff_node_runtime()
        table.struct_size = UInt32(MemoryLayout<skiff_node_runtime>.size)
        table.flags = R.simulated ? 1 : 0
        table.nodes = { instance, out in
            RuntimeExport.answer(instance, out) { runtime in RuntimeWire.encode(try runtime.nodes()) }
        }
        table.run_pod = { instance, pod, out in
            RuntimeExport.answer(instance, out) { runtime in
                let data = pod.data.map { Array(UnsafeRawBufferPointer(start: $0, count: pod.len)) } ?? []
                return RuntimeWire.encode(try runtime.runPod(try JSONParser.parse(data)))
            }
        }
        table.stop_pod = { instance, uid, out in
            RuntimeExport.answer(instance, out) { runtime in
                try runtime.stopPod(uid: uid.map { String(cString: $0) } ?? "")
                return Array("{}".utf8)
            }
        }
        table.start_container = { instance, request, out in
            RuntimeExport.answer(instance, out) { runtime in
                RuntimeWire.encode(try runtime.startContainer(RuntimeWire.decode(ContainerRequest.self, request)))
            }
        }
        table.kill_container = { instance, id, signal, out in
            RuntimeExport.answer(instance, out) { runtime in
                try runtime.killContainer(id: id.map { String(cString: $0) } ?? "", signal: signal)
                return Array("{}".utf8)
            }
        }
        table.remove_container = { instance, id, out in
            RuntimeExport.answer(instance, out) { runtime in
                try runtime.removeContainer(id: id.map { String(cString: $0) } ?? "")
                return Array("{}".utf8)
            }
        }
        table.list_containers = { instance, out in
            RuntimeExport.answer(instance, out) { runtime in RuntimeWire.encode(try runtime.listContainers()) }
        }
        table.exec_sync = { instance, request, out in
            RuntimeExport.answer(instance, out) { runtime in
                RuntimeWire.encode(try runtime.execSync(RuntimeWire.decode(ExecRequest.self, request)))
            }
        }
        let runtimeTable = UnsafeMutablePointer<skiff_node_runtime>.allocate(capacity: 1)
        runtimeTable.initialize(to: table)

        // SKIFF_CAP_CONCURRENT: runtimes are called from many threads.
        var plugin = skiff_plugin.make(
            kind: SKIFF_KIND_NODE_RUNTIME, name: R.name, version: R.version, summary: R.summary, capabilities: 1)
        plugin.`init` = { host, configuration, instance, error, capacity in
            guard let host, let instance else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            guard hostHasContainerEvent(host) else {
                fail("the host's table has no container_event: node runtimes need ABI 1.4", error, capacity)
                return skiff_status(SKIFF_ERR_VERSION)
            }
            guard let settings = parseConfiguration(configuration, error, capacity) else {
                return skiff_status(SKIFF_ERR_BAD_REQUEST)
            }
            guard let factory = RuntimeExport.shared.factory else { return skiff_status(SKIFF_ERR_INTERNAL) }
            do {
                let runtime = try factory(RuntimeContext(host: host), settings)
                instance.pointee = Unmanaged.passRetained(RuntimeBox(runtime)).toOpaque()
                return skiff_status(SKIFF_OK)
            } catch let failure {
                fail("\(failure)", error, capacity)
                return skiff_status(SKIFF_ERR_INTERNAL)
            }
        }
        plugin.shutdown = { instance in
            guard let instance else { return }
            Unmanaged<RuntimeBox>.fromOpaque(instance).takeRetainedValue().runtime.shutdown()
        }
        plugin.node_runtime = UnsafePointer(runtimeTable)
        let descriptor = UnsafeMutablePointer<skiff_plugin>.allocate(capacity: 1)
        descriptor.initialize(to: plugin)
        pointer = descriptor
        return UnsafeRawPointer(descriptor)
    }

    /// Runs a call and writes its answer, or the error as {"reason", "message"}.
    static func answer(
        _ instance: UnsafeMutableRawPointer?, _ out: UnsafeMutablePointer<skiff_writer>?,
        _ body: (any NodeRuntime) throws -> [UInt8]
    ) -> skiff_status {
        guard let instance else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
        let runtime = Unmanaged<RuntimeBox>.fromOpaque(instance).takeUnretainedValue().runtime
        let status: skiff_status
        let bytes: [UInt8]
        do {
            bytes = try body(runtime)
            status = skiff_status(SKIFF_OK)
        } catch let error as RuntimeError {
            bytes = RuntimeWire.encode(error)
            status = error.status
        } catch {
            bytes = RuntimeWire.encode(RuntimeError(reason: "RuntimeError", message: "\(error)"))
            status = skiff_status(SKIFF_ERR_INTERNAL)
        }
        if let out, let write = out.pointee.write {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { write(out.pointee.context, $0.baseAddress, $0.count) }
            }
        }
        return status
    }
}

/// The instance pointer the host holds for a runtime.
final class RuntimeBox {
    let runtime: any NodeRuntime

    init(_ runtime: any NodeRuntime) {
        self.runtime = runtime
    }
}
