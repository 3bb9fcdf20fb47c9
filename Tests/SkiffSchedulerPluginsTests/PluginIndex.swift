import SkiffPluginKit
import SkiffSchedulerPlugins

/// Plugin indexes, looked up by name in `DefaultPluginSet.plugins`.
enum Plugin {
    static func index(_ name: String) -> Int {
        DefaultPluginSet.plugins.firstIndex { $0.name == name }!
    }

    static let prioritySort = index("PrioritySort")
    static let schedulingGates = index("SchedulingGates")
    static let nodeUnschedulable = index("NodeUnschedulable")
    static let nodeName = index("NodeName")
    static let taintToleration = index("TaintToleration")
    static let nodeAffinity = index("NodeAffinity")
    static let nodePorts = index("NodePorts")
    static let fit = index("NodeResourcesFit")
    static let balancedAllocation = index("NodeResourcesBalancedAllocation")
    static let podTopologySpread = index("PodTopologySpread")
    static let interPodAffinity = index("InterPodAffinity")
    static let defaultPreemption = index("DefaultPreemption")
    static let defaultBinder = index("DefaultBinder")

    /// The Filter plugins in the default profile's order.
    static let filters = [
        nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, fit, podTopologySpread,
        interPodAffinity,
    ]

    /// The default profile's Score plugins and their weights.
    static let scoreWeights: [(plugin: Int, weight: Int64)] = [
        (taintToleration, 3), (nodeAffinity, 2), (podTopologySpread, 2), (interPodAffinity, 2), (fit, 1),
        (balancedAllocation, 1),
    ]
}
