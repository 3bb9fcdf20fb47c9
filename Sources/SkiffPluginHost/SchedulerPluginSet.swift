import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginABI

/// A running instance of a scheduler plugin set (`SKIFF_KIND_SCHEDULER`): Swift calls over its C
/// table. The scheduler decides the threads: state updates and cycle calls from one thread at a
/// time, `filter` and `score` from several at once on disjoint slices (the ABI's rules).
public final class SchedulerPluginSet: @unchecked Sendable {
    /// One plugin of the set.
    public struct Plugin: Sendable, Hashable {
        /// Its name in profiles.
        public var name: String
        /// `SKIFF_SCHED_*` bits.
        public var points: UInt32
        /// `SKIFF_EVENT_*` bits.
        public var events: UInt32
        /// Its index in the set.
        public var index: UInt32
    }

    /// A verdict and the text of its reason.
    public struct Verdict: Sendable, Equatable {
        /// A `SKIFF_SCHED_*` code.
        public var code: Int32
        /// Why (empty on success).
        public var reason: String

        /// A verdict.
        public init(code: Int32, reason: String = "") {
            self.code = code
            self.reason = reason
        }

        /// Success.
        public static let success = Verdict(code: Int32(SKIFF_SCHED_SUCCESS))
        /// Whether it is `SKIFF_SCHED_SUCCESS`.
        public var isSuccess: Bool { code == Int32(SKIFF_SCHED_SUCCESS) }
        /// Whether it is `SKIFF_SCHED_SKIP`.
        public var isSkip: Bool { code == Int32(SKIFF_SCHED_SKIP) }
    }

    /// The loaded plugin file.
    public let plugin: LoadedPlugin
    /// The plugins of the set, in table order.
    public let plugins: [Plugin]
    private let table: UnsafePointer<skiff_scheduler>
    private let instance: UnsafeMutableRawPointer?
    private let context: PluginContext
    private let hostTable: HostTablePointer

    private init(
        plugin: LoadedPlugin, table: UnsafePointer<skiff_scheduler>, instance: UnsafeMutableRawPointer?,
        context: PluginContext, hostTable: HostTablePointer
    ) {
        self.plugin = plugin
        self.table = table
        self.instance = instance
        self.context = context
        self.hostTable = hostTable
        plugins = Self.plugins(of: plugin)
    }

    /// The plugins a scheduler plugin set declares (empty for other kinds).
    public static func plugins(of plugin: LoadedPlugin) -> [Plugin] {
        guard plugin.kind == .scheduler, let table = plugin.descriptor.pointer.pointee.scheduler else { return [] }
        let set = table.pointee
        return (0..<Int(set.plugin_count)).map { index in
            let entry = set.plugins[index]
            return Plugin(
                name: String(cString: entry.name), points: entry.points, events: entry.events, index: UInt32(index))
        }
    }

    /// Creates the set's instance (init runs on a thread of its own: it may call the host).
    public static func start(
        _ plugin: LoadedPlugin, host: PluginHost, client: Client, configuration: [UInt8] = Array("{}".utf8),
        logger: Logger
    ) async throws(PluginLoadError) -> SchedulerPluginSet {
        guard plugin.kind == .scheduler, let table = plugin.descriptor.pointer.pointee.scheduler else {
            throw PluginLoadError(.badDescriptor, path: plugin.path, "\(plugin.name) is not a scheduler plugin set")
        }
        let context = PluginContext(
            plugin: plugin, client: client, registry: host.registry, queue: nil, metrics: host.metrics,
            logger: logger)
        let hostTable = HostTablePointer(pointer: context.makeTable())
        let created = await InstancePointer.create(plugin, hostTable: hostTable, configuration: configuration)
        switch created {
        case .success(let instance):
            return SchedulerPluginSet(
                plugin: plugin, table: table, instance: instance.pointer, context: context, hostTable: hostTable)
        case .failure(let error):
            hostTable.pointer.deallocate()
            throw error
        }
    }

    /// Stops the instance: nothing is called on it afterwards.
    public func shutdown() {
        plugin.descriptor.pointer.pointee.shutdown?(instance)
    }

    // MARK: State

    /// A node was added or changed.
    public func upsertNode(_ id: Int32, json: [UInt8]) {
        json.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                table.pointee.node_upsert(instance, id, $0.baseAddress, $0.count)
            }
        }
    }

    /// A node went away.
    public func removeNode(_ id: Int32) { table.pointee.node_remove(instance, id) }

    /// A pod is on a node (bound or assumed).
    public func upsertPod(node: Int32, uid: String, json: [UInt8]) {
        json.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                table.pointee.pod_upsert(instance, node, uid, $0.baseAddress, $0.count)
            }
        }
    }

    /// A pod left its node.
    public func removePod(uid: String) { table.pointee.pod_remove(instance, uid) }

    // MARK: Queue

    /// PreEnqueue.
    public func preEnqueue(_ plugin: UInt32, pod: [UInt8]) -> Verdict {
        guard let call = table.pointee.pre_enqueue else { return .success }
        var message = [CChar](repeating: 0, count: 512)
        let code = pod.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                call(instance, plugin, $0.baseAddress, $0.count, &message, message.count)
            }
        }
        let text = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Verdict(code: code, reason: text)
    }

    /// QueueSort's key for a pod.
    public func queueKey(_ plugin: UInt32, pod: [UInt8]) -> Int64 {
        guard let call = table.pointee.queue_key else { return 0 }
        return pod.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { call(instance, plugin, $0.baseAddress, $0.count) }
        }
    }

    // MARK: Cycle

    /// A scheduling cycle of one pod in this set.
    public struct Cycle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer?

        /// No cycle (a set the profile does not use, or one that could not read the pod).
        public static let none = Cycle(pointer: nil)

        /// Whether this is ``none``.
        public var isNone: Bool { pointer == nil }
    }

    /// Begins a cycle (the set parses the pod).
    public func beginCycle(pod: [UInt8]) -> Cycle {
        Cycle(
            pointer: pod.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    table.pointee.cycle_begin(instance, $0.baseAddress, $0.count)
                }
            })
    }

    /// Ends a cycle (after its binding cycle).
    public func endCycle(_ cycle: Cycle) { table.pointee.cycle_end(instance, cycle.pointer) }

    /// The text of a reason id of a cycle.
    public func reasonText(_ cycle: Cycle, _ reason: UInt32) -> String {
        guard let text = table.pointee.reason_text(instance, cycle.pointer, reason) else { return "" }
        return String(cString: text)
    }

    /// No reason given (the value the host puts in a `reason` out-parameter before a call).
    static let noReason = UInt32.max

    private func verdict(_ cycle: Cycle, _ code: Int32, _ reason: UInt32) -> Verdict {
        guard code != Int32(SKIFF_SCHED_SUCCESS) else { return .success }
        return Verdict(code: code, reason: reason == Self.noReason ? "" : reasonText(cycle, reason))
    }

    /// PreFilter.
    public func preFilter(_ plugin: UInt32, _ cycle: Cycle) -> Verdict {
        guard let call = table.pointee.pre_filter else { return .success }
        var reason = Self.noReason
        return verdict(cycle, call(instance, plugin, cycle.pointer, &reason), reason)
    }

    /// Filter over a slice of nodes (thread-safe for disjoint slices).
    public func filter(
        _ plugin: UInt32, _ cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>
    ) {
        table.pointee.filter?(
            instance, plugin, cycle.pointer, nodes.baseAddress, nodes.count, codes.baseAddress, reasons.baseAddress)
    }

    /// PostFilter: the verdict and the node nominated, if any.
    public func postFilter(
        _ plugin: UInt32, _ cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (Verdict, nominated: Int32?) {
        guard let call = table.pointee.post_filter else {
            return (Verdict(code: Int32(SKIFF_SCHED_UNSCHEDULABLE)), nil)
        }
        var nominated: Int32 = -1
        var reason = Self.noReason
        let code = call(
            instance, plugin, cycle.pointer, nodes.baseAddress, codes.baseAddress, nodes.count, &nominated, &reason)
        return (verdict(cycle, code, reason), nominated >= 0 ? nominated : nil)
    }

    /// PreScore over the feasible nodes.
    public func preScore(_ plugin: UInt32, _ cycle: Cycle, nodes: UnsafeBufferPointer<Int32>) -> Verdict {
        guard let call = table.pointee.pre_score else { return .success }
        return Verdict(code: call(instance, plugin, cycle.pointer, nodes.baseAddress, nodes.count))
    }

    /// Score over a slice of nodes (thread-safe for disjoint slices).
    public func score(
        _ plugin: UInt32, _ cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        table.pointee.score?(instance, plugin, cycle.pointer, nodes.baseAddress, nodes.count, scores.baseAddress)
    }

    /// NormalizeScore over every feasible node.
    public func normalize(
        _ plugin: UInt32, _ cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        table.pointee.normalize?(instance, plugin, cycle.pointer, nodes.baseAddress, nodes.count, scores.baseAddress)
    }

    /// Reserve.
    public func reserve(_ plugin: UInt32, _ cycle: Cycle, node: Int32) -> Verdict {
        guard let call = table.pointee.reserve else { return .success }
        var reason = Self.noReason
        return verdict(cycle, call(instance, plugin, cycle.pointer, node, &reason), reason)
    }

    /// Unreserve.
    public func unreserve(_ plugin: UInt32, _ cycle: Cycle, node: Int32) {
        table.pointee.unreserve?(instance, plugin, cycle.pointer, node)
    }

    /// Permit: the verdict and, for Wait, how long.
    public func permit(_ plugin: UInt32, _ cycle: Cycle, node: Int32) -> (Verdict, timeout: Duration) {
        guard let call = table.pointee.permit else { return (.success, .zero) }
        var timeout: Int64 = 0
        var reason = Self.noReason
        let code = call(instance, plugin, cycle.pointer, node, &timeout, &reason)
        return (verdict(cycle, code, reason), .nanoseconds(timeout))
    }

    /// PreBind.
    public func preBind(_ plugin: UInt32, _ cycle: Cycle, node: Int32) -> Verdict {
        guard let call = table.pointee.pre_bind else { return .success }
        var reason = Self.noReason
        return verdict(cycle, call(instance, plugin, cycle.pointer, node, &reason), reason)
    }

    /// Bind.
    public func bind(_ plugin: UInt32, _ cycle: Cycle, node: Int32) -> Verdict {
        guard let call = table.pointee.bind else { return Verdict(code: Int32(SKIFF_SCHED_SKIP)) }
        var reason = Self.noReason
        return verdict(cycle, call(instance, plugin, cycle.pointer, node, &reason), reason)
    }

    /// PostBind.
    public func postBind(_ plugin: UInt32, _ cycle: Cycle, node: Int32) {
        table.pointee.post_bind?(instance, plugin, cycle.pointer, node)
    }
}
