import SkiffAPI

/// A scheduler plugin set in Swift: several plugins over one model of the cluster, exported as a
/// `.so` with ``SkiffPlugin/exportScheduler(_:hostABI:)``. The methods mirror `skiff_scheduler` in
/// `skiff_plugin.h`; `plugin` is an index into ``plugins``. Extension points a set does not
/// implement keep the defaults (success, no scores).
///
/// Threads: `filter` and `score` are called concurrently on disjoint slices of one cycle and must
/// only read shared state; everything else comes from one thread at a time, and state updates
/// never run during a cycle call.
public protocol SchedulerSet: AnyObject, Sendable {
    /// A pod's cycle: the parsed pod and what PreFilter and PreScore computed.
    associatedtype Cycle: AnyObject

    /// The plugin file's name, `default-scheduler-plugins` (DNS-label rules with dots).
    static var name: String { get }
    /// The set's own version.
    static var version: String { get }
    /// One line for `skiff plugins list`.
    static var summary: String { get }
    /// The plugins, in table order.
    static var plugins: [PluginInfo] { get }

    /// An instance; `configuration` holds per-plugin arguments keyed by plugin name.
    init(configuration: JSONValue, host: SchedulerHostCalls) throws

    /// A node was added or changed (node ids are the host's, dense from 0).
    func upsertNode(id: Int32, json: [UInt8])
    /// A node went away.
    func removeNode(id: Int32)
    /// A pod is on a node (bound, or assumed by the host).
    func upsertPod(node: Int32, uid: String, json: [UInt8])
    /// A pod left its node.
    func removePod(uid: String)

    /// PreEnqueue.
    func preEnqueue(plugin: Int, pod json: [UInt8]) -> PluginResult
    /// QueueSort's key: higher first.
    func queueKey(plugin: Int, pod json: [UInt8]) -> Int64

    /// Parses the pod of a cycle (nil: not a pod).
    func beginCycle(pod json: [UInt8]) -> Cycle?
    /// Releases a cycle.
    func endCycle(_ cycle: Cycle)
    /// PreFilter; `.skip` skips this plugin's Filter.
    func preFilter(plugin: Int, cycle: Cycle) -> PluginResult
    /// Filter over a slice: `codes[i]` and `reasons[i]` for `nodes[i]`.
    func filter(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>)
    /// PostFilter (preemption): the verdict and the nominated node.
    func postFilter(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?)
    /// PreScore over the feasible nodes; `.skip` skips this plugin's Score.
    func preScore(plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>) -> PluginResult
    /// Raw scores over a slice.
    func score(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>)
    /// Normalizes every feasible node's score to 0...100 in place.
    func normalize(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>)
    /// Reserve.
    func reserve(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult
    /// Unreserve.
    func unreserve(plugin: Int, cycle: Cycle, node: Int32)
    /// Permit, and how long a `.wait` may last.
    func permit(plugin: Int, cycle: Cycle, node: Int32) -> (result: PluginResult, timeoutNanoseconds: Int64)
    /// PreBind.
    func preBind(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult
    /// Bind (on the binding cycle's thread).
    func bind(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult
    /// PostBind.
    func postBind(plugin: Int, cycle: Cycle, node: Int32)
    /// The text of a reason id recorded in a cycle.
    func reason(cycle: Cycle, id: UInt32) -> String
}

extension SchedulerSet {
    /// The set's own version: `1.0.0`.
    public static var version: String { "1.0.0" }
    /// No summary.
    public static var summary: String { "" }
    /// Pods are let in.
    public func preEnqueue(plugin: Int, pod json: [UInt8]) -> PluginResult { .success }
    /// Every pod has key 0 (ties go by enqueue time).
    public func queueKey(plugin: Int, pod json: [UInt8]) -> Int64 { 0 }
    /// Nothing to prepare.
    public func preFilter(plugin: Int, cycle: Cycle) -> PluginResult { .success }
    /// Every node passes.
    public func filter(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>
    ) {
        for index in codes.indices { codes[index] = PluginCode.success.rawValue }
    }
    /// No preemption.
    public func postFilter(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?) { (PluginResult(code: .unschedulable), nil) }
    /// Nothing to prepare.
    public func preScore(plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>) -> PluginResult { .success }
    /// No scores.
    public func score(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {}
    /// Scores stay as they are.
    public func normalize(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {}
    /// Nothing to reserve.
    public func reserve(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult { .success }
    /// Nothing to undo.
    public func unreserve(plugin: Int, cycle: Cycle, node: Int32) {}
    /// Allowed at once.
    public func permit(plugin: Int, cycle: Cycle, node: Int32) -> (result: PluginResult, timeoutNanoseconds: Int64) {
        (.success, 0)
    }
    /// Nothing before binding.
    public func preBind(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult { .success }
    /// Lets another plugin bind.
    public func bind(plugin: Int, cycle: Cycle, node: Int32) -> PluginResult { .skip }
    /// Nothing after binding.
    public func postBind(plugin: Int, cycle: Cycle, node: Int32) {}
    /// No reasons.
    public func reason(cycle: Cycle, id: UInt32) -> String { "" }
}
