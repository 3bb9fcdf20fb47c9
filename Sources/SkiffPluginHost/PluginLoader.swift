import Foundation
import SkiffPluginABI

#if canImport(Glibc)
    import Glibc
#endif

/// Opens plugin files and checks their handshake. Files are opened with
/// `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE` and never closed: unloading Swift code makes the next
/// dynamic cast anywhere in the process crash.
public enum PluginLoader {
    /// The `.so` files in a directory, sorted by name (none when it does not exist).
    public static func files(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".so") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Loads every `.so` of the directories: the plugins that passed, and an error for each file
    /// refused (including a second plugin with a name already loaded).
    public static func load(directories: [String], files extra: [String] = []) -> (
        plugins: [LoadedPlugin], errors: [PluginLoadError]
    ) {
        var plugins: [LoadedPlugin] = []
        var errors: [PluginLoadError] = []
        var byName: [String: String] = [:]
        for path in directories.flatMap(files(in:)) + extra {
            do {
                let plugin = try load(path: path)
                if let first = byName[plugin.name] {
                    errors.append(
                        PluginLoadError(
                            .duplicateName, path: path,
                            "a plugin named \"\(plugin.name)\" is already loaded from \(first)"))
                    continue
                }
                byName[plugin.name] = path
                plugins.append(plugin)
            } catch {
                errors.append(error)
            }
        }
        return (plugins, errors)
    }

    /// Opens one file and checks its descriptor.
    public static func load(path: String) throws(PluginLoadError) -> LoadedPlugin {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let handle = dlopen(absolute, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PluginLoadError(.openFailed, path: absolute, "cannot open: \(reason)")
        }
        // The handle is deliberately kept open for the life of the process (RTLD_NODELETE).
        guard let symbol = dlsym(handle, PluginABI.entrySymbol) else {
            throw PluginLoadError(
                .missingEntry, path: absolute,
                "no \(PluginABI.entrySymbol) symbol: not a Skiff plugin (export it with SkiffPlugin.export or in C)")
        }
        let entry = unsafeBitCast(symbol, to: skiff_plugin_entry_fn.self)
        guard let descriptor = entry(PluginABI.major, PluginABI.minor) else {
            throw PluginLoadError(
                .noDescriptor, path: absolute,
                "the plugin returned no descriptor for ABI \(PluginABI.version): it cannot work with this host")
        }
        return try check(descriptor, path: absolute)
    }

    /// The handshake: version, sizes, name, kind and the functions the kind needs.
    static func check(_ descriptor: UnsafePointer<skiff_plugin>, path: String) throws(PluginLoadError) -> LoadedPlugin {
        let plugin = descriptor.pointee
        // The version fields come first, so they are readable in any descriptor.
        guard plugin.abi_major == PluginABI.major else {
            throw PluginLoadError(
                .abiVersion, path: path,
                "built for plugin ABI \(plugin.abi_major).\(plugin.abi_minor); this host serves ABI \(PluginABI.major).x (up to \(PluginABI.version)): rebuild it against this version of skiff_plugin.h"
            )
        }
        guard Int(plugin.struct_size) >= MemoryLayout<skiff_plugin>.size else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "descriptor struct_size \(plugin.struct_size) is smaller than ABI \(PluginABI.major).0's \(MemoryLayout<skiff_plugin>.size) bytes"
            )
        }
        guard let namePointer = plugin.name else {
            throw PluginLoadError(.badDescriptor, path: path, "the descriptor has no name")
        }
        let name = String(cString: namePointer)
        guard isValidName(name) else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "invalid plugin name \"\(name)\": use 1-63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
            )
        }
        guard plugin.`init` != nil else {
            throw PluginLoadError(.badDescriptor, path: path, "plugin \(name) has no init function")
        }
        let kind: LoadedPlugin.Kind
        switch Int(plugin.kind) {
        case Int(SKIFF_KIND_CONTROLLER):
            kind = .controller
            try checkController(plugin.controller, name: name, path: path)
        case Int(SKIFF_KIND_SCHEDULER):
            kind = .scheduler
            try checkScheduler(plugin, name: name, path: path)
        case Int(SKIFF_KIND_NODE_RUNTIME):
            kind = .nodeRuntime
            try checkRuntime(plugin, name: name, path: path)
        default:
            throw PluginLoadError(.badDescriptor, path: path, "plugin \(name) has unknown kind \(plugin.kind)")
        }
        return LoadedPlugin(
            path: path, name: name, version: plugin.version.map { String(cString: $0) } ?? "",
            summary: plugin.description.map { String(cString: $0) } ?? "", kind: kind, abiMajor: plugin.abi_major,
            abiMinor: plugin.abi_minor, capabilities: plugin.capabilities,
            descriptor: DescriptorPointer(pointer: descriptor))
    }

    private static func checkRuntime(_ plugin: skiff_plugin, name: String, path: String) throws(PluginLoadError) {
        guard plugin.abi_minor >= 4, let table = plugin.node_runtime else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "node runtime \(name) has no runtime table (node runtimes need ABI 1.4 or later)")
        }
        let runtime = table.pointee
        guard Int(runtime.struct_size) >= MemoryLayout<skiff_node_runtime>.size else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "node runtime \(name): table struct_size \(runtime.struct_size) is too small")
        }
        guard runtime.nodes != nil, runtime.run_pod != nil, runtime.stop_pod != nil, runtime.start_container != nil,
            runtime.kill_container != nil, runtime.remove_container != nil, runtime.list_containers != nil,
            runtime.exec_sync != nil
        else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "node runtime \(name) lacks a function (nodes, run_pod, stop_pod, start_container, kill_container, "
                    + "remove_container, list_containers and exec_sync are required)")
        }
    }

    private static func checkScheduler(_ plugin: skiff_plugin, name: String, path: String) throws(PluginLoadError) {
        guard plugin.abi_minor >= 3, let table = plugin.scheduler else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "scheduler plugin set \(name) has no scheduler table (scheduler sets need ABI 1.3 or later)")
        }
        let set = table.pointee
        guard Int(set.struct_size) >= MemoryLayout<skiff_scheduler>.size else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "scheduler plugin set \(name): table struct_size \(set.struct_size) is too small")
        }
        guard set.plugin_count > 0, let plugins = set.plugins else {
            throw PluginLoadError(.badDescriptor, path: path, "scheduler plugin set \(name) declares no plugins")
        }
        guard set.node_upsert != nil, set.node_remove != nil, set.pod_upsert != nil, set.pod_remove != nil,
            set.cycle_begin != nil, set.cycle_end != nil, set.reason_text != nil
        else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "scheduler plugin set \(name) lacks a state or cycle function (node_upsert, node_remove, pod_upsert, "
                    + "pod_remove, cycle_begin, cycle_end, reason_text are required)")
        }
        let needed: [(UInt32, Bool, String)] = [
            (UInt32(SKIFF_SCHED_PRE_ENQUEUE), set.pre_enqueue != nil, "pre_enqueue"),
            (UInt32(SKIFF_SCHED_QUEUE_SORT), set.queue_key != nil, "queue_key"),
            (UInt32(SKIFF_SCHED_PRE_FILTER), set.pre_filter != nil, "pre_filter"),
            (UInt32(SKIFF_SCHED_FILTER), set.filter != nil, "filter"),
            (UInt32(SKIFF_SCHED_POST_FILTER), set.post_filter != nil, "post_filter"),
            (UInt32(SKIFF_SCHED_PRE_SCORE), set.pre_score != nil, "pre_score"),
            (UInt32(SKIFF_SCHED_SCORE), set.score != nil && set.normalize != nil, "score and normalize"),
            (UInt32(SKIFF_SCHED_RESERVE), set.reserve != nil && set.unreserve != nil, "reserve and unreserve"),
            (UInt32(SKIFF_SCHED_PERMIT), set.permit != nil, "permit"),
            (UInt32(SKIFF_SCHED_PRE_BIND), set.pre_bind != nil, "pre_bind"),
            (UInt32(SKIFF_SCHED_BIND), set.bind != nil, "bind"),
            (UInt32(SKIFF_SCHED_POST_BIND), set.post_bind != nil, "post_bind"),
        ]
        for index in 0..<Int(set.plugin_count) {
            let entry = plugins[index]
            guard Int(entry.struct_size) >= MemoryLayout<skiff_sched_plugin>.size, let entryName = entry.name else {
                throw PluginLoadError(
                    .badDescriptor, path: path,
                    "scheduler plugin set \(name): plugin \(index) has no name or a bad size")
            }
            for (bit, present, function) in needed where entry.points & bit != 0 && !present {
                throw PluginLoadError(
                    .badDescriptor, path: path,
                    "scheduler plugin set \(name): plugin \(String(cString: entryName)) implements an extension point "
                        + "without the set's \(function) function")
            }
        }
    }

    private static func checkController(
        _ table: UnsafePointer<skiff_controller>?, name: String, path: String
    ) throws(PluginLoadError) {
        guard let table else {
            throw PluginLoadError(.badDescriptor, path: path, "controller \(name) has no controller table")
        }
        let controller = table.pointee
        guard Int(controller.struct_size) >= MemoryLayout<skiff_controller>.size else {
            throw PluginLoadError(
                .badDescriptor, path: path,
                "controller \(name): controller table struct_size \(controller.struct_size) is too small")
        }
        guard controller.reconcile != nil else {
            throw PluginLoadError(.badDescriptor, path: path, "controller \(name) has no reconcile function")
        }
        guard controller.watch_count == 0 || controller.watches != nil else {
            throw PluginLoadError(.badDescriptor, path: path, "controller \(name) declares watches but no table")
        }
        guard controller.watch_count == 0 || Int(controller.watches[0].struct_size) >= MemoryLayout<skiff_watch>.size
        else {
            throw PluginLoadError(.badDescriptor, path: path, "controller \(name): watch struct_size is too small")
        }
        for index in 0..<Int(controller.watch_count) {
            let watch = Self.watch(controller, index)
            guard Int(watch.struct_size) >= MemoryLayout<skiff_watch>.size else {
                throw PluginLoadError(
                    .badDescriptor, path: path, "controller \(name): watch \(index) struct_size is too small")
            }
            guard watch.version != nil, watch.resource != nil else {
                throw PluginLoadError(
                    .badDescriptor, path: path, "controller \(name): watch \(index) has no version or resource")
            }
            if Int(watch.mapping) == Int(SKIFF_MAP_OWNER), watch.owner_kind == nil || watch.owner_api_version == nil {
                throw PluginLoadError(
                    .badDescriptor, path: path,
                    "controller \(name): watch \(index) maps to an owner but names no owner kind")
            }
            if Int(watch.mapping) == Int(SKIFF_MAP_CUSTOM), controller.on_event == nil {
                throw PluginLoadError(
                    .badDescriptor, path: path, "controller \(name): watch \(index) is custom but there is no on_event")
            }
            if Int(watch.mapping) > Int(SKIFF_MAP_CUSTOM) {
                throw PluginLoadError(
                    .badDescriptor, path: path,
                    "controller \(name): watch \(index) has unknown mapping \(watch.mapping)")
            }
        }
    }

    /// Watch `index` of a controller table. The array's stride is the plugin's `struct_size` of
    /// `skiff_watch`, which a newer minor version may have grown: only the fields this host knows
    /// are read.
    static func watch(_ controller: skiff_controller, _ index: Int) -> skiff_watch {
        let stride = Int(controller.watches[0].struct_size)
        return UnsafeRawPointer(controller.watches).advanced(by: index * stride)
            .assumingMemoryBound(to: skiff_watch.self).pointee
    }

    /// A DNS-label-like name with dots.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard alphanumeric(bytes[0]), alphanumeric(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }
}
