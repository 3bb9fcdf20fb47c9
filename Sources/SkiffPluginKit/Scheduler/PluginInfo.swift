import SkiffPluginABI

/// One plugin of a scheduler plugin set: its name in profiles, the extension points it implements
/// and the cluster events that may make a pod it rejected schedulable.
public struct PluginInfo: Sendable, Equatable {
    /// `NodeResourcesFit`.
    public var name: String
    /// Its extension points.
    public var points: ExtensionPoints
    /// The events its rejections wait for.
    public var events: ClusterEvents

    /// A plugin description.
    public init(name: String, points: ExtensionPoints, events: ClusterEvents) {
        self.name = name
        self.points = points
        self.events = events
    }
}

/// Extension points (`SKIFF_SCHED_*`).
public struct ExtensionPoints: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32

    /// Points from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// PreEnqueue.
    public static let preEnqueue = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_ENQUEUE))
    /// QueueSort.
    public static let queueSort = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_QUEUE_SORT))
    /// PreFilter.
    public static let preFilter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_FILTER))
    /// Filter.
    public static let filter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_FILTER))
    /// PostFilter.
    public static let postFilter = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_POST_FILTER))
    /// PreScore.
    public static let preScore = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_SCORE))
    /// Score and NormalizeScore.
    public static let score = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_SCORE))
    /// Reserve and Unreserve.
    public static let reserve = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_RESERVE))
    /// Permit.
    public static let permit = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PERMIT))
    /// PreBind.
    public static let preBind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_PRE_BIND))
    /// Bind.
    public static let bind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_BIND))
    /// PostBind.
    public static let postBind = ExtensionPoints(rawValue: UInt32(SKIFF_SCHED_POST_BIND))
}

/// Cluster events (`SKIFF_EVENT_*`).
public struct ClusterEvents: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32

    /// Events from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A node was added.
    public static let nodeAdd = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_NODE_ADD))
    /// A node changed (labels, taints, allocatable, unschedulable).
    public static let nodeUpdate = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_NODE_UPDATE))
    /// A node was deleted.
    public static let nodeDelete = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_NODE_DELETE))
    /// A pod was bound to a node.
    public static let podAdd = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_POD_ADD))
    /// A bound pod changed.
    public static let podUpdate = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_POD_UPDATE))
    /// A bound pod was deleted.
    public static let podDelete = ClusterEvents(rawValue: UInt32(SKIFF_EVENT_POD_DELETE))
}
