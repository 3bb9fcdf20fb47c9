import SkiffPluginKit

/// The plugins of the set, by their index in `DefaultPluginSet.plugins`.
enum PluginID: Int, CaseIterable {
    case prioritySort
    case schedulingGates
    case nodeUnschedulable
    case nodeName
    case taintToleration
    case nodeAffinity
    case nodePorts
    case nodeResourcesFit
    case balancedAllocation
    case podTopologySpread
    case interPodAffinity
    case defaultPreemption
    case defaultBinder

    static let count = allCases.count

    /// The Filter plugins, in profile order (what preemption re-runs).
    static let filters: [PluginID] = [
        .nodeUnschedulable, .nodeName, .taintToleration, .nodeAffinity, .nodePorts, .nodeResourcesFit,
        .podTopologySpread, .interPodAffinity,
    ]
}
