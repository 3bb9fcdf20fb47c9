import SkiffPluginABI

/// kube-scheduler's extension points, as the bits of `skiff_sched_plugin.points`.
public struct ExtensionPoints: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32

    /// Extension points from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Holds pods out of the active queue (SchedulingGates).
    public static let preEnqueue = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_ENQUEUE))
    /// Orders the active queue (PrioritySort).
    public static let queueSort = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_QUEUE_SORT))
    /// Checks the pod once per cycle; may skip its Filter.
    public static let preFilter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_FILTER))
    /// Rules nodes out.
    public static let filter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_FILTER))
    /// Runs when no node fits (preemption).
    public static let postFilter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_POST_FILTER))
    /// Prepares scoring; may skip its Score.
    public static let preScore = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_SCORE))
    /// Ranks feasible nodes (NormalizeScore included).
    public static let score = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_SCORE))
    /// Claims the node's resources before binding (Unreserve undoes it).
    public static let reserve = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_RESERVE))
    /// Approves, rejects or holds the binding.
    public static let permit = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PERMIT))
    /// Runs before binding.
    public static let preBind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_BIND))
    /// Binds the pod to the node.
    public static let bind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_BIND))
    /// Runs after a successful binding.
    public static let postBind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_POST_BIND))
}
