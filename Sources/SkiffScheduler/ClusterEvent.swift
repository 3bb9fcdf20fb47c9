/// A kind of cluster change that may make unschedulable pods schedulable.
///
/// Plugins register a mask of these (kube's `EventsToRegister`); the scheduling queue moves an unschedulable pod
/// when an event intersects the mask of one of the plugins that rejected it.
public struct ClusterEvent: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The raw bit mask.
    public var rawValue: UInt32

    /// Creates an event mask from its raw bits.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// A node was added.
    public static let nodeAdd = ClusterEvent(rawValue: 1 << 0)
    /// A node was updated (labels, taints, allocatable, conditions...).
    public static let nodeUpdate = ClusterEvent(rawValue: 1 << 1)
    /// A node was deleted.
    public static let nodeDelete = ClusterEvent(rawValue: 1 << 2)
    /// A pod was added (bound or assumed somewhere).
    public static let podAdd = ClusterEvent(rawValue: 1 << 3)
    /// A pod was updated.
    public static let podUpdate = ClusterEvent(rawValue: 1 << 4)
    /// A pod was deleted.
    public static let podDelete = ClusterEvent(rawValue: 1 << 5)

    /// Every node event.
    public static let anyNode: ClusterEvent = [.nodeAdd, .nodeUpdate, .nodeDelete]
    /// Every pod event.
    public static let anyPod: ClusterEvent = [.podAdd, .podUpdate, .podDelete]
    /// Every event: the mask of a plugin that registers nothing specific (kube's wildcard).
    public static let all: ClusterEvent = [.anyNode, .anyPod]

    private static let names: [(ClusterEvent, String)] = [
        (.nodeAdd, "NodeAdd"), (.nodeUpdate, "NodeUpdate"), (.nodeDelete, "NodeDelete"),
        (.podAdd, "PodAdd"), (.podUpdate, "PodUpdate"), (.podDelete, "PodDelete"),
    ]

    /// The names of the set bits joined by `|`, e.g. `NodeAdd|PodDelete`; `None` for the empty mask.
    public var description: String {
        let parts = Self.names.filter { contains($0.0) }.map(\.1)
        return parts.isEmpty ? "None" : parts.joined(separator: "|")
    }
}
