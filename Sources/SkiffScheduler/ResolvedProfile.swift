import SkiffAPI
import SkiffPluginKit

/// A plugin some loaded plugin set offers.
public struct AvailablePlugin: Sendable, Equatable {
    /// Its name, `NodeResourcesFit`.
    public var name: String
    /// The set that offers it (an index into the scheduler's sets).
    public var set: Int
    /// Its index in that set.
    public var index: UInt32
    /// The extension points it implements.
    public var points: ExtensionPoints
    /// The cluster events its rejections wait for.
    public var events: ClusterEvent

    /// An available plugin.
    public init(name: String, set: Int, index: UInt32, points: ExtensionPoints, events: ClusterEvent) {
        self.name = name
        self.set = set
        self.index = index
        self.points = points
        self.events = events
    }
}

/// A plugin as a profile runs it at one extension point.
public struct PluginRef: Sendable, Equatable {
    /// The plugin.
    public var plugin: AvailablePlugin
    /// Its score weight (Score only; 1 elsewhere).
    public var weight: Int64
}

/// A profile with every extension point's plugins in order: what the framework runs.
public struct ResolvedProfile: Sendable {
    /// `spec.schedulerName` of the pods it schedules.
    public var schedulerName: String
    /// The plugins of each extension point, in order.
    public var points: [ExtensionPoints: [PluginRef]]
    /// The profile's percentage of nodes to score (0: adaptive).
    public var percentageOfNodesToScore: Int
    /// Arguments by plugin name.
    public var pluginConfig: [String: JSONValue]

    /// The plugins of an extension point.
    public func plugins(_ point: ExtensionPoints) -> [PluginRef] { points[point] ?? [] }

    /// The events each plugin name waits for (for the queue's moves).
    public var events: [String: ClusterEvent] {
        var events: [String: ClusterEvent] = [:]
        for refs in points.values { for ref in refs { events[ref.plugin.name] = ref.plugin.events } }
        return events
    }

    /// kube-scheduler's default plugins (its `MultiPoint` list) with their score weights; the
    /// volume plugins and ImageLocality are not served.
    public static let defaultPlugins: [(name: String, weight: Int)] = [
        ("SchedulingGates", 0), ("PrioritySort", 0), ("NodeUnschedulable", 0), ("NodeName", 0),
        ("TaintToleration", 3), ("NodeAffinity", 2), ("NodePorts", 0), ("NodeResourcesFit", 1),
        ("PodTopologySpread", 2), ("InterPodAffinity", 2), ("DefaultPreemption", 0),
        ("NodeResourcesBalancedAllocation", 1), ("DefaultBinder", 0),
    ]

    private static let pointNames: [(String, ExtensionPoints)] = [
        ("preEnqueue", .preEnqueue), ("queueSort", .queueSort), ("preFilter", .preFilter), ("filter", .filter),
        ("postFilter", .postFilter), ("preScore", .preScore), ("score", .score), ("reserve", .reserve),
        ("permit", .permit), ("preBind", .preBind), ("bind", .bind), ("postBind", .postBind),
    ]

    /// Resolves a profile against the plugins the loaded sets offer, as kube-scheduler merges
    /// `multiPoint` with the per-point lists: the defaults (unless `multiPoint` disables them),
    /// then the profile's `multiPoint` plugins, each at every point it implements; a point's own
    /// `disabled` removes plugins there (`*` all of them) and its `enabled` adds plugins (at the
    /// end) or sets their weight. Exactly one QueueSort plugin and at least one Bind plugin.
    public static func resolve(
        _ profile: SchedulerConfiguration.Profile, available: [AvailablePlugin], percentage: Int
    ) throws(SchedulerConfigurationError) -> ResolvedProfile {
        var byName: [String: AvailablePlugin] = [:]
        for plugin in available where byName[plugin.name] == nil { byName[plugin.name] = plugin }
        func lookup(_ name: String) throws(SchedulerConfigurationError) -> AvailablePlugin {
            guard let plugin = byName[name] else {
                throw SchedulerConfigurationError(
                    "profile \(profile.schedulerName): no loaded scheduler plugin set offers plugin \(name)")
            }
            return plugin
        }
        let multiPoint = profile.plugins["multiPoint"] ?? SchedulerConfiguration.PluginSet()
        var base: [(name: String, weight: Int?)] = []
        if !multiPoint.disabled.contains("*") {
            for (name, weight) in defaultPlugins
            where byName[name] != nil && !multiPoint.disabled.contains(name) {
                base.append((name, weight == 0 ? nil : weight))
            }
        }
        for (name, weight) in multiPoint.enabled {
            _ = try lookup(name)
            if let existing = base.firstIndex(where: { $0.name == name }) {
                base[existing].weight = weight ?? base[existing].weight
            } else {
                base.append((name, weight))
            }
        }
        var resolved = ResolvedProfile(
            schedulerName: profile.schedulerName, points: [:],
            percentageOfNodesToScore: profile.percentageOfNodesToScore ?? percentage,
            pluginConfig: profile.pluginConfig)
        for (pointName, point) in pointNames {
            let own = profile.plugins[pointName] ?? SchedulerConfiguration.PluginSet()
            var list: [(name: String, weight: Int?)] = []
            if !own.disabled.contains("*") {
                for entry in base where !own.disabled.contains(entry.name) {
                    if try lookup(entry.name).points.contains(point) { list.append(entry) }
                }
            }
            for (name, weight) in own.enabled {
                let plugin = try lookup(name)
                guard plugin.points.contains(point) else {
                    throw SchedulerConfigurationError(
                        "profile \(profile.schedulerName): plugin \(name) does not implement \(pointName)")
                }
                if let existing = list.firstIndex(where: { $0.name == name }) {
                    list[existing].weight = weight ?? list[existing].weight
                } else {
                    list.append((name, weight))
                }
            }
            var refs: [PluginRef] = []
            for (name, weight) in list {
                refs.append(PluginRef(plugin: try lookup(name), weight: Int64(point == .score ? (weight ?? 1) : 1)))
            }
            resolved.points[point] = refs
        }
        let sorts = resolved.plugins(.queueSort)
        guard sorts.count == 1 else {
            throw SchedulerConfigurationError(
                "profile \(profile.schedulerName): exactly one queueSort plugin must be enabled, not \(sorts.count)")
        }
        guard !resolved.plugins(.bind).isEmpty else {
            throw SchedulerConfigurationError("profile \(profile.schedulerName): at least one bind plugin is needed")
        }
        return resolved
    }
}
