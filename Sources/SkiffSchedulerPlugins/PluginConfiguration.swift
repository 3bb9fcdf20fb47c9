import SkiffAPI
import SkiffPluginKit

/// The plugin arguments the set understands, from the JSON given to `DefaultPluginSet.init`
/// (kube's `*Args` types, keyed by plugin name). Missing or malformed values take kube's defaults.
struct PluginConfiguration: Sendable {
    /// A resource and its weight in a scoring strategy (`config.ResourceSpec`).
    struct ResourceWeight: Sendable, Equatable {
        var name: String
        var weight: Int64
        /// The resource as the scorers switch on it.
        var kind: ResourceKind

        init(name: String, weight: Int64) {
            self.name = name
            self.weight = weight
            switch name {
            case ResourceAmounts.cpu: kind = .cpu
            case ResourceAmounts.memoryName: kind = .memory
            case ResourceAmounts.ephemeralStorageName: kind = .ephemeralStorage
            default: kind = .scalar
            }
        }
    }

    /// Which field of `ResourceAmounts` a resource is.
    enum ResourceKind: Sendable, Equatable {
        case cpu
        case memory
        case ephemeralStorage
        case scalar
    }

    /// `NodeResourcesFitArgs.scoringStrategy.type`.
    enum FitStrategy: String, Sendable {
        case leastAllocated = "LeastAllocated"
        case mostAllocated = "MostAllocated"
    }

    static let defaultResources = [ResourceWeight(name: "cpu", weight: 1), ResourceWeight(name: "memory", weight: 1)]

    var fitStrategy = FitStrategy.leastAllocated
    var fitResources = defaultResources
    var ignoredResources: Set<String> = []
    var ignoredResourceGroups: Set<String> = []
    var balancedResources = defaultResources
    /// `PodTopologySpreadArgs`: `System` (kube's default) or `List` with `defaultConstraints`.
    var spreadSystemDefaulting = true
    var spreadDefaultConstraints: [TopologySpreadConstraint] = PluginConfiguration.systemDefaultConstraints
    var hardPodAffinityWeight: Int64 = 1
    var ignorePreferredTermsOfExistingPods = false
    var addedAffinity: SkiffAPI.NodeAffinity?
    var minCandidateNodesPercentage = 10
    var minCandidateNodesAbsolute = 100

    /// kube's `systemDefaultConstraints`.
    static let systemDefaultConstraints = [
        TopologySpreadConstraint(
            maxSkew: 3, topologyKey: ClusterState.hostnameKey, whenUnsatisfiable: "ScheduleAnyway"),
        TopologySpreadConstraint(maxSkew: 5, topologyKey: ClusterState.zoneKey, whenUnsatisfiable: "ScheduleAnyway"),
    ]

    init(_ json: JSONValue) {
        if let fit = json["NodeResourcesFit"] {
            if let strategy = fit["scoringStrategy"] {
                if let type = strategy["type"]?.stringValue, let parsed = FitStrategy(rawValue: type) {
                    fitStrategy = parsed
                }
                if let resources = PluginConfiguration.resources(strategy["resources"]) { fitResources = resources }
            }
            ignoredResources = Set((fit["ignoredResources"]?.arrayValue ?? []).compactMap(\.stringValue))
            ignoredResourceGroups = Set((fit["ignoredResourceGroups"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        if let balanced = json["NodeResourcesBalancedAllocation"],
            let resources = PluginConfiguration.resources(balanced["resources"])
        {
            balancedResources = resources
        }
        if let spread = json["PodTopologySpread"] {
            if spread["defaultingType"]?.stringValue == "List" {
                spreadSystemDefaulting = false
                let constraints: [TopologySpreadConstraint]? = spread["defaultConstraints"].flatMap {
                    try? KindStrategy.decodeTyped($0)
                }
                spreadDefaultConstraints = constraints ?? []
            }
        }
        if let affinity = json["InterPodAffinity"] {
            if let weight = affinity["hardPodAffinityWeight"]?.intValue { hardPodAffinityWeight = weight }
            if let ignore = affinity["ignorePreferredTermsOfExistingPods"]?.boolValue {
                ignorePreferredTermsOfExistingPods = ignore
            }
        }
        if let added = json["NodeAffinity"]?["addedAffinity"] {
            addedAffinity = try? KindStrategy.decodeTyped(added)
        }
        if let preemption = json["DefaultPreemption"] {
            if let percentage = preemption["minCandidateNodesPercentage"]?.intValue {
                minCandidateNodesPercentage = Int(percentage)
            }
            if let absolute = preemption["minCandidateNodesAbsolute"]?.intValue {
                minCandidateNodesAbsolute = Int(absolute)
            }
        }
    }

    /// `[{"name": "cpu", "weight": 1}, ...]`; weights default to 1.
    private static func resources(_ value: JSONValue?) -> [ResourceWeight]? {
        guard let array = value?.arrayValue, !array.isEmpty else { return nil }
        return array.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return ResourceWeight(name: name, weight: item["weight"]?.intValue ?? 1)
        }
    }
}
