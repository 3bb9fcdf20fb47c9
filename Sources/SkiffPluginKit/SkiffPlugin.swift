import Foundation
import SkiffAPI
import SkiffPluginABI

/// Exports a ``Controller`` type as this `.so`'s plugin: the one line a plugin needs, inside its
/// entry function.
///
/// ```swift
/// @_cdecl("skiff_plugin_entry")
/// public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
///     SkiffPlugin.export(MyController.self, hostABI: major)
/// }
/// ```
///
/// The SDK is linked statically into each plugin, so its globals (the exported type and the
/// descriptor) are per `.so`. C function pointers cannot capture context; they reach the
/// controller type through that global.
public enum SkiffPlugin {
    /// The plugin ABI this SDK was built against.
    public static let abiMajor = UInt32(SKIFF_ABI_MAJOR)
    /// The plugin ABI minor version this SDK was built against.
    public static let abiMinor = UInt32(SKIFF_ABI_MINOR)

    /// The descriptor for `type`, or nil when the host serves another ABI major version.
    public static func export<C: Controller>(_ type: C.Type, hostABI major: UInt32 = UInt32(SKIFF_ABI_MAJOR))
        -> UnsafeRawPointer?
    {
        guard major == abiMajor else { return nil }
        return Exported.shared.descriptor(for: type)
    }
}

/// The per-`.so` state behind the C entry points.
final class Exported: @unchecked Sendable {
    static let shared = Exported()

    private let lock = NSLock()
    private var pointer: UnsafeMutablePointer<skiff_plugin>?
    /// Makes an instance (the exported type's initializer).
    fileprivate var factory: ((ControllerContext, JSONValue) throws -> any Controller)?

    func descriptor<C: Controller>(for type: C.Type) -> UnsafeRawPointer {
        lock.lock()
        defer { lock.unlock() }
        if let pointer { return UnsafeRawPointer(pointer) }
        factory = { context, configuration in try C(context: context, configuration: configuration) }

        let watches = UnsafeMutablePointer<skiff_watch>.allocate(capacity: max(1, C.watches.count))
        for (index, watch) in C.watches.enumerated() {
            var entry = skiff_watch()
            entry.struct_size = UInt32(MemoryLayout<skiff_watch>.size)
            entry.mapping = watch.mapping.rawValue
            entry.group = UnsafePointer(strdup(watch.group))
            entry.version = UnsafePointer(strdup(watch.version))
            entry.resource = UnsafePointer(strdup(watch.resource))
            entry.owner_api_version = watch.ownerAPIVersion.isEmpty ? nil : UnsafePointer(strdup(watch.ownerAPIVersion))
            entry.owner_kind = watch.ownerKind.isEmpty ? nil : UnsafePointer(strdup(watch.ownerKind))
            if !watch.indexFields.isEmpty {
                let fields = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: watch.indexFields.count + 1)
                for (position, field) in watch.indexFields.enumerated() {
                    fields[position] = UnsafePointer(strdup(field))
                }
                fields[watch.indexFields.count] = nil
                entry.index_fields = UnsafePointer(fields)
            }
            (watches + index).initialize(to: entry)
        }

        let controller = UnsafeMutablePointer<skiff_controller>.allocate(capacity: 1)
        var table = skiff_controller()
        table.struct_size = UInt32(MemoryLayout<skiff_controller>.size)
        table.workers = UInt32(max(1, C.workers))
        table.watches = UnsafePointer(watches)
        table.watch_count = UInt32(C.watches.count)
        table.reconcile = { instance, key, length, result in
            guard let instance, let result else { return }
            let box = Unmanaged<InstanceBox>.fromOpaque(instance).takeUnretainedValue()
            let text =
                key.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
            do {
                switch try box.controller.reconcile(ObjectKey(text)) {
                case .done:
                    break
                case .requeue(let delay):
                    let (seconds, attoseconds) = delay.components
                    result.pointee.requeue_after_ns = max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
                }
            } catch let error as TerminalError {
                result.pointee.status = skiff_status(SKIFF_ERR_INTERNAL)
                result.pointee.terminal = 1
                write(error.message, into: result)
            } catch let error as PluginError {
                result.pointee.status = error.code
                write(error.message, into: result)
            } catch {
                result.pointee.status = skiff_status(SKIFF_ERR_INTERNAL)
                write("\(error)", into: result)
            }
        }
        table.on_event = { instance, watch, type, object, length in
            guard let instance, let object, let kind = WatchEventType(rawValue: type) else { return }
            let box = Unmanaged<InstanceBox>.fromOpaque(instance).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: object, count: length)
            guard let value = try? JSONParser.parse(bytes) else { return }
            box.controller.handle(event: kind, on: Int(watch), object: value)
        }
        controller.initialize(to: table)

        let descriptor = UnsafeMutablePointer<skiff_plugin>.allocate(capacity: 1)
        var plugin = skiff_plugin.make(
            kind: SKIFF_KIND_CONTROLLER, name: C.name, version: C.version, summary: C.summary,
            capabilities: C.concurrent ? 1 : 0)
        plugin.`init` = { host, configuration, instance, error, capacity in
            guard let host, let instance else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            guard Int(host.pointee.struct_size) >= MemoryLayout<skiff_host>.size else {
                fail(
                    "the host's table is older than this SDK's ABI \(SkiffPlugin.abiMajor).\(SkiffPlugin.abiMinor)",
                    error, capacity)
                return skiff_status(SKIFF_ERR_VERSION)
            }
            guard let settings = parseConfiguration(configuration, error, capacity) else {
                return skiff_status(SKIFF_ERR_BAD_REQUEST)
            }
            guard let factory = Exported.shared.factory else { return skiff_status(SKIFF_ERR_INTERNAL) }
            do {
                let controller = try factory(ControllerContext(host: host), settings)
                instance.pointee = Unmanaged.passRetained(InstanceBox(controller)).toOpaque()
                return skiff_status(SKIFF_OK)
            } catch let failure {
                fail("\(failure)", error, capacity)
                return skiff_status(SKIFF_ERR_INTERNAL)
            }
        }
        plugin.shutdown = { instance in
            guard let instance else { return }
            let box = Unmanaged<InstanceBox>.fromOpaque(instance).takeRetainedValue()
            box.controller.shutdown()
        }
        plugin.controller = UnsafePointer(controller)
        descriptor.initialize(to: plugin)
        pointer = descriptor
        return UnsafeRawPointer(descriptor)
    }
}

/// The instance pointer the host holds.
final class InstanceBox {
    let controller: any Controller

    init(_ controller: any Controller) {
        self.controller = controller
    }
}

/// Copies a message into a result (at most 511 bytes and a NUL).
private func write(_ message: String, into result: UnsafeMutablePointer<skiff_reconcile_result>) {
    withUnsafeMutableBytes(of: &result.pointee.message) { raw in
        let bytes = Array(message.utf8.prefix(raw.count - 1))
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
}

/// A plugin's JSON configuration from `init` (`{}` when empty); nil, with the reason in the error
/// buffer, when it is not JSON.
func parseConfiguration(
    _ configuration: skiff_bytes, _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int
) -> JSONValue? {
    let bytes = configuration.data.map { Array(UnsafeRawBufferPointer(start: $0, count: configuration.len)) } ?? []
    do {
        return bytes.isEmpty ? .emptyObject : try JSONParser.parse(bytes)
    } catch let parseError {
        fail("the configuration is not JSON: \(parseError)", error, capacity)
        return nil
    }
}

/// Copies a reason into init's error buffer.
func fail(_ message: String, _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) {
    guard let error, capacity > 0 else { return }
    let bytes = Array(message.utf8.prefix(capacity - 1))
    for (index, byte) in bytes.enumerated() { error[index] = CChar(bitPattern: byte) }
    error[bytes.count] = 0
}

extension skiff_plugin {
    /// A descriptor of this SDK's ABI with the plugin's kind, strings (copied to storage that lives
    /// as long as the process) and capabilities; the kind's table and `init` are the caller's.
    static func make(kind: Int, name: String, version: String, summary: String, capabilities: UInt64)
        -> skiff_plugin
    {
        var plugin = skiff_plugin()
        plugin.struct_size = UInt32(MemoryLayout<skiff_plugin>.size)
        plugin.abi_major = SkiffPlugin.abiMajor
        plugin.abi_minor = SkiffPlugin.abiMinor
        plugin.kind = skiff_plugin_kind(kind)
        plugin.name = UnsafePointer(strdup(name))
        plugin.version = UnsafePointer(strdup(version))
        plugin.description = UnsafePointer(strdup(summary))
        plugin.capabilities = capabilities
        return plugin
    }
}
