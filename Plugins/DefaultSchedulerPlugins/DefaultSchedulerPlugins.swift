import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins

/// kube-scheduler's default plugins as one loadable plugin set: PrioritySort, SchedulingGates,
/// NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
/// NodeResourcesBalancedAllocation, PodTopologySpread, InterPodAffinity, DefaultPreemption and
/// DefaultBinder, over one model of the cluster (`SkiffSchedulerPlugins`).
extension DefaultPluginSet: SchedulerSet {
    public static var name: String { "default-scheduler-plugins" }
    public static var version: String { "1.0.0" }
    public static var summary: String { "kube-scheduler's default plugins (built in)" }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.exportScheduler(DefaultPluginSet.self, hostABI: major)
}
