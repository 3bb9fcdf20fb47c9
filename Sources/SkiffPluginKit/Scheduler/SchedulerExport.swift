import Foundation
import SkiffAPI
import SkiffPluginABI

extension SkiffPlugin {
    /// The descriptor of a ``SchedulerSet`` type (`SKIFF_KIND_SCHEDULER`), or nil when the host
    /// serves another ABI major version: the one line a scheduler plugin set needs in its entry
    /// function.
    public static func exportScheduler<S: SchedulerSet>(
        _ type: S.Type, hostABI major: UInt32 = UInt32(SKIFF_ABI_MAJOR)
    ) -> UnsafeRawPointer? {
        guard major == abiMajor else { return nil }
        return SchedulerExport.shared.descriptor(for: type)
    }
}

/// The set behind an instance pointer, with its type erased so the C callbacks (which cannot be
/// generic) can reach it.
protocol ErasedSchedulerSet: AnyObject, Sendable {
    func upsertNode(id: Int32, json: [UInt8])
    func removeNode(id: Int32)
    func upsertPod(node: Int32, uid: String, json: [UInt8])
    func removePod(uid: String)
    func preEnqueue(plugin: Int, pod json: [UInt8]) -> PluginResult
    func queueKey(plugin: Int, pod json: [UInt8]) -> Int64
    func beginCycle(pod json: [UInt8]) -> AnyObject?
    func endCycle(_ cycle: AnyObject)
    func preFilter(plugin: Int, cycle: AnyObject) -> PluginResult
    func filter(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>)
    func postFilter(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?)
    func preScore(plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>) -> PluginResult
    func score(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>)
    func normalize(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>)
    func reserve(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult
    func unreserve(plugin: Int, cycle: AnyObject, node: Int32)
    func permit(plugin: Int, cycle: AnyObject, node: Int32) -> (result: PluginResult, timeoutNanoseconds: Int64)
    func preBind(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult
    func bind(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult
    func postBind(plugin: Int, cycle: AnyObject, node: Int32)
    func reason(cycle: AnyObject, id: UInt32) -> String
}

/// Forwards the erased calls to a concrete set.
final class SchedulerSetEraser<S: SchedulerSet>: ErasedSchedulerSet, @unchecked Sendable {
    let set: S

    init(_ set: S) { self.set = set }

    private func typed(_ cycle: AnyObject) -> S.Cycle {
        // The host hands back only cycles this set created (the ABI's contract).
        unsafeDowncast(cycle, to: S.Cycle.self)
    }

    func upsertNode(id: Int32, json: [UInt8]) { set.upsertNode(id: id, json: json) }
    func removeNode(id: Int32) { set.removeNode(id: id) }
    func upsertPod(node: Int32, uid: String, json: [UInt8]) { set.upsertPod(node: node, uid: uid, json: json) }
    func removePod(uid: String) { set.removePod(uid: uid) }
    func preEnqueue(plugin: Int, pod json: [UInt8]) -> PluginResult { set.preEnqueue(plugin: plugin, pod: json) }
    func queueKey(plugin: Int, pod json: [UInt8]) -> Int64 { set.queueKey(plugin: plugin, pod: json) }
    func beginCycle(pod json: [UInt8]) -> AnyObject? { set.beginCycle(pod: json) }
    func endCycle(_ cycle: AnyObject) { set.endCycle(typed(cycle)) }
    func preFilter(plugin: Int, cycle: AnyObject) -> PluginResult { set.preFilter(plugin: plugin, cycle: typed(cycle)) }
    func filter(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>
    ) {
        set.filter(plugin: plugin, cycle: typed(cycle), nodes: nodes, codes: codes, reasons: reasons)
    }
    func postFilter(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?) {
        set.postFilter(plugin: plugin, cycle: typed(cycle), nodes: nodes, codes: codes)
    }
    func preScore(plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>) -> PluginResult {
        set.preScore(plugin: plugin, cycle: typed(cycle), nodes: nodes)
    }
    func score(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        set.score(plugin: plugin, cycle: typed(cycle), nodes: nodes, scores: scores)
    }
    func normalize(
        plugin: Int, cycle: AnyObject, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        set.normalize(plugin: plugin, cycle: typed(cycle), nodes: nodes, scores: scores)
    }
    func reserve(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult {
        set.reserve(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func unreserve(plugin: Int, cycle: AnyObject, node: Int32) {
        set.unreserve(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func permit(plugin: Int, cycle: AnyObject, node: Int32) -> (result: PluginResult, timeoutNanoseconds: Int64) {
        set.permit(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func preBind(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult {
        set.preBind(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func bind(plugin: Int, cycle: AnyObject, node: Int32) -> PluginResult {
        set.bind(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func postBind(plugin: Int, cycle: AnyObject, node: Int32) {
        set.postBind(plugin: plugin, cycle: typed(cycle), node: node)
    }
    func reason(cycle: AnyObject, id: UInt32) -> String { set.reason(cycle: typed(cycle), id: id) }
}

/// A cycle as the host holds it: the set's cycle and the reason texts handed out for it (kept
/// until the cycle ends, as the ABI promises).
final class CycleHolder: @unchecked Sendable {
    let cycle: AnyObject
    private let lock = NSLock()
    private var texts: [UInt32: UnsafeMutablePointer<CChar>] = [:]

    private var nextVerdictID: UInt32 = 0x8000_0000

    init(_ cycle: AnyObject) { self.cycle = cycle }

    /// Stores a verdict's text under a new id of its own.
    func verdictText(_ text: String) -> UInt32 {
        lock.withLock {
            let id = nextVerdictID
            nextVerdictID &+= 1
            if let copy = strdup(text) {
                if let old = texts[id] { free(old) }
                texts[id] = copy
            }
            return id
        }
    }

    func text(_ id: UInt32, _ make: () -> String) -> UnsafePointer<CChar>? {
        lock.withLock {
            if let text = texts[id] { return UnsafePointer(text) }
            guard let copy = strdup(make()) else { return nil }
            texts[id] = copy
            return UnsafePointer(copy)
        }
    }

    deinit {
        for text in texts.values { free(text) }
    }
}

/// The per-`.so` scheduler descriptor and the factory behind `init`.
final class SchedulerExport: @unchecked Sendable {
    static let shared = SchedulerExport()

    private let lock = NSLock()
    private var pointer: UnsafeMutablePointer<skiff_plugin>?
    fileprivate var factory: ((JSONValue, SchedulerHostCalls) throws -> any ErasedSchedulerSet)?

    func descriptor<S: SchedulerSet>(for type: S.Type) -> UnsafeRawPointer {
        lock.lock()
        defer { lock.unlock() }
        if let pointer { return UnsafeRawPointer(pointer) }
        factory = { configuration, host in SchedulerSetEraser(try S(configuration: configuration, host: host)) }

        let entries = UnsafeMutablePointer<skiff_sched_plugin>.allocate(capacity: max(1, S.plugins.count))
        for (index, info) in S.plugins.enumerated() {
            var entry = skiff_sched_plugin()
            entry.struct_size = UInt32(MemoryLayout<skiff_sched_plugin>.size)
            entry.points = info.points.rawValue
            entry.events = info.events.rawValue
            entry.name = UnsafePointer(strdup(info.name))
            (entries + index).initialize(to: entry)
        }
        var table = skiff_scheduler()
        table.struct_size = UInt32(MemoryLayout<skiff_scheduler>.size)
        table.plugin_count = UInt32(S.plugins.count)
        table.plugins = UnsafePointer(entries)
        Self.fillState(&table)
        Self.fillCycle(&table)
        let scheduler = UnsafeMutablePointer<skiff_scheduler>.allocate(capacity: 1)
        scheduler.initialize(to: table)

        var plugin = skiff_plugin.make(
            kind: SKIFF_KIND_SCHEDULER, name: S.name, version: S.version, summary: S.summary, capabilities: 0)
        plugin.`init` = { host, configuration, instance, error, capacity in
            guard let host, let instance else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            guard host.pointee.abi_minor >= 3 else {
                fail("scheduler plugin sets need a host of plugin ABI 1.3 or later", error, capacity)
                return skiff_status(SKIFF_ERR_VERSION)
            }
            guard let settings = parseConfiguration(configuration, error, capacity) else {
                return skiff_status(SKIFF_ERR_BAD_REQUEST)
            }
            guard let factory = SchedulerExport.shared.factory else { return skiff_status(SKIFF_ERR_INTERNAL) }
            do {
                let set = try factory(settings, SchedulerExport.hostCalls(HostPointer(pointer: host)))
                instance.pointee = Unmanaged.passRetained(SchedulerInstance(set)).toOpaque()
                return skiff_status(SKIFF_OK)
            } catch let failure {
                fail("\(failure)", error, capacity)
                return skiff_status(SKIFF_ERR_INTERNAL)
            }
        }
        plugin.shutdown = { instance in
            guard let instance else { return }
            Unmanaged<SchedulerInstance>.fromOpaque(instance).release()
        }
        plugin.scheduler = UnsafePointer(scheduler)
        let descriptor = UnsafeMutablePointer<skiff_plugin>.allocate(capacity: 1)
        descriptor.initialize(to: plugin)
        pointer = descriptor
        return UnsafeRawPointer(descriptor)
    }

    static func set(_ instance: UnsafeMutableRawPointer?) -> (any ErasedSchedulerSet)? {
        guard let instance else { return nil }
        return Unmanaged<SchedulerInstance>.fromOpaque(instance).takeUnretainedValue().set
    }

    static func holder(_ cycle: UnsafeMutableRawPointer?) -> CycleHolder? {
        guard let cycle else { return nil }
        return Unmanaged<CycleHolder>.fromOpaque(cycle).takeUnretainedValue()
    }

    static func bytes(_ data: UnsafePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let data else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Writes a verdict's reason as the cycle's reason id `plugin` (one text per plugin and cycle).
    static func code(
        _ result: PluginResult, _ holder: CycleHolder?, plugin: UInt32, _ reason: UnsafeMutablePointer<UInt32>?
    ) -> Int32 {
        if let text = result.reason, let holder, let reason {
            reason.pointee = holder.verdictText(text)
        }
        return Int32(result.code.rawValue)
    }

    private static func fillState(_ table: inout skiff_scheduler) {
        table.node_upsert = { instance, node, json, length in
            SchedulerExport.set(instance)?.upsertNode(id: node, json: SchedulerExport.bytes(json, length))
        }
        table.node_remove = { instance, node in SchedulerExport.set(instance)?.removeNode(id: node) }
        table.pod_upsert = { instance, node, uid, json, length in
            guard let uid else { return }
            SchedulerExport.set(instance)?.upsertPod(
                node: node, uid: String(cString: uid), json: SchedulerExport.bytes(json, length))
        }
        table.pod_remove = { instance, uid in
            guard let uid else { return }
            SchedulerExport.set(instance)?.removePod(uid: String(cString: uid))
        }
        table.pre_enqueue = { instance, plugin, pod, length, message, capacity in
            guard let set = SchedulerExport.set(instance) else { return Int32(SKIFF_SCHED_ERROR) }
            let result = set.preEnqueue(plugin: Int(plugin), pod: SchedulerExport.bytes(pod, length))
            if let reason = result.reason { fail(reason, message, capacity) }
            return Int32(result.code.rawValue)
        }
        table.queue_key = { instance, plugin, pod, length in
            SchedulerExport.set(instance)?.queueKey(plugin: Int(plugin), pod: SchedulerExport.bytes(pod, length)) ?? 0
        }
    }

    private static func fillCycle(_ table: inout skiff_scheduler) {
        table.cycle_begin = { instance, pod, length in
            guard let cycle = SchedulerExport.set(instance)?.beginCycle(pod: SchedulerExport.bytes(pod, length)) else {
                return nil
            }
            return Unmanaged.passRetained(CycleHolder(cycle)).toOpaque()
        }
        table.cycle_end = { instance, cycle in
            guard let cycle else { return }
            let holder = Unmanaged<CycleHolder>.fromOpaque(cycle).takeRetainedValue()
            SchedulerExport.set(instance)?.endCycle(holder.cycle)
        }
        table.reason_text = { instance, cycle, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return nil
            }
            return holder.text(reason) { set.reason(cycle: holder.cycle, id: reason) }
        }
        table.pre_filter = { instance, plugin, cycle, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            return SchedulerExport.code(
                set.preFilter(plugin: Int(plugin), cycle: holder.cycle), holder, plugin: plugin, reason)
        }
        table.filter = { instance, plugin, cycle, nodes, count, codes, reasons in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle), let nodes,
                let codes, let reasons
            else {
                return
            }
            set.filter(
                plugin: Int(plugin), cycle: holder.cycle, nodes: UnsafeBufferPointer(start: nodes, count: count),
                codes: UnsafeMutableBufferPointer(start: codes, count: count),
                reasons: UnsafeMutableBufferPointer(start: reasons, count: count))
        }
        table.post_filter = { instance, plugin, cycle, nodes, codes, count, nominated, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle), let nodes,
                let codes
            else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            let (result, node) = set.postFilter(
                plugin: Int(plugin), cycle: holder.cycle, nodes: UnsafeBufferPointer(start: nodes, count: count),
                codes: UnsafeBufferPointer(start: codes, count: count))
            nominated?.pointee = node ?? -1
            return SchedulerExport.code(result, holder, plugin: plugin, reason)
        }
        table.pre_score = { instance, plugin, cycle, nodes, count in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle), let nodes else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            let result = set.preScore(
                plugin: Int(plugin), cycle: holder.cycle, nodes: UnsafeBufferPointer(start: nodes, count: count))
            return Int32(result.code.rawValue)
        }
        table.score = { instance, plugin, cycle, nodes, count, scores in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle), let nodes,
                let scores
            else { return }
            set.score(
                plugin: Int(plugin), cycle: holder.cycle, nodes: UnsafeBufferPointer(start: nodes, count: count),
                scores: UnsafeMutableBufferPointer(start: scores, count: count))
        }
        table.normalize = { instance, plugin, cycle, nodes, count, scores in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle), let nodes,
                let scores
            else { return }
            set.normalize(
                plugin: Int(plugin), cycle: holder.cycle, nodes: UnsafeBufferPointer(start: nodes, count: count),
                scores: UnsafeMutableBufferPointer(start: scores, count: count))
        }
        table.reserve = { instance, plugin, cycle, node, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            return SchedulerExport.code(
                set.reserve(plugin: Int(plugin), cycle: holder.cycle, node: node), holder, plugin: plugin, reason)
        }
        table.unreserve = { instance, plugin, cycle, node in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else { return }
            set.unreserve(plugin: Int(plugin), cycle: holder.cycle, node: node)
        }
        table.permit = { instance, plugin, cycle, node, timeout, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            let (result, nanoseconds) = set.permit(plugin: Int(plugin), cycle: holder.cycle, node: node)
            timeout?.pointee = nanoseconds
            return SchedulerExport.code(result, holder, plugin: plugin, reason)
        }
        table.pre_bind = { instance, plugin, cycle, node, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            return SchedulerExport.code(
                set.preBind(plugin: Int(plugin), cycle: holder.cycle, node: node), holder, plugin: plugin, reason)
        }
        table.bind = { instance, plugin, cycle, node, reason in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else {
                return Int32(SKIFF_SCHED_ERROR)
            }
            return SchedulerExport.code(
                set.bind(plugin: Int(plugin), cycle: holder.cycle, node: node), holder, plugin: plugin, reason)
        }
        table.post_bind = { instance, plugin, cycle, node in
            guard let set = SchedulerExport.set(instance), let holder = SchedulerExport.holder(cycle) else { return }
            set.postBind(plugin: Int(plugin), cycle: holder.cycle, node: node)
        }
    }

    /// The host table as the closures of ``SchedulerHostCalls``.
    static func hostCalls(_ host: HostPointer) -> SchedulerHostCalls {
        SchedulerHostCalls(
            bind: { namespace, name, uid, node in
                let table = host.pointer.pointee
                guard SchedulerExport.hostHasBind(host), let bind = table.bind_pod else {
                    return "the host cannot bind pods (plugin ABI 1.3 needed)"
                }
                var out = skiff_buffer()
                let status = bind(table.context, namespace, name, uid, node, &out)
                return SchedulerExport.answer(host, status, &out)
            },
            evict: { namespace, name, uid in
                let table = host.pointer.pointee
                let pods = table.resource(table.context, "", "v1", "pods")
                let options: JSONValue = ["preconditions": ["uid": .string(uid)]]
                let body = options.serialized()
                var out = skiff_buffer()
                let status = body.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        table.delete_(
                            table.context, pods, namespace, name, skiff_bytes(data: $0.baseAddress, len: $0.count), &out
                        )
                    }
                }
                return status == skiff_status(SKIFF_ERR_NOT_FOUND) ? nil : SchedulerExport.answer(host, status, &out)
            },
            nominate: { namespace, name, node in
                let table = host.pointer.pointee
                let pods = table.resource(table.context, "", "v1", "pods")
                let patch: JSONValue = ["status": ["nominatedNodeName": node.isEmpty ? .null : .string(node)]]
                let body = patch.serialized()
                var out = skiff_buffer()
                let status = body.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        table.patch(
                            table.context, pods, namespace, name, Int32(SKIFF_PATCH_MERGE),
                            skiff_bytes(data: $0.baseAddress, len: $0.count), UInt32(SKIFF_WRITE_STATUS), &out)
                    }
                }
                return SchedulerExport.answer(host, status, &out)
            })
    }

    private static func hostHasBind(_ host: HostPointer) -> Bool {
        let offset = MemoryLayout<skiff_host>.offset(of: \skiff_host.bind_pod) ?? Int.max
        return host.pointer.pointee.abi_minor >= 3
            && Int(host.pointer.pointee.struct_size) >= offset + MemoryLayout<UnsafeRawPointer?>.size
    }

    /// nil for success; the server's message otherwise (the buffer is released either way).
    private static func answer(_ host: HostPointer, _ status: skiff_status, _ out: inout skiff_buffer) -> String? {
        let table = host.pointer.pointee
        defer { table.free_buffer(table.context, out.data) }
        guard status != skiff_status(SKIFF_OK) else { return nil }
        let body = out.data.map { Array(UnsafeRawBufferPointer(start: $0, count: out.len)) } ?? []
        let message = (try? JSONParser.parse(body))?["message"]?.stringValue
        return message ?? "the host answered status \(status)"
    }
}

/// The host table pointer, valid for the life of the instance.
struct HostPointer: @unchecked Sendable {
    let pointer: UnsafePointer<skiff_host>
}

/// What the host holds as an instance.
final class SchedulerInstance: @unchecked Sendable {
    let set: any ErasedSchedulerSet

    init(_ set: any ErasedSchedulerSet) { self.set = set }
}
