/// Scheduling constraints of a pod (`v1.Affinity`).
public struct Affinity: Hashable, Sendable, Codable {
    /// Which nodes the pod may or prefers to run on.
    public var nodeAffinity: NodeAffinity?
    /// Which pods this one should run near.
    public var podAffinity: PodAffinity?
    /// Which pods this one should run away from.
    public var podAntiAffinity: PodAntiAffinity?

    /// No constraints.
    public init(
        nodeAffinity: NodeAffinity? = nil, podAffinity: PodAffinity? = nil, podAntiAffinity: PodAntiAffinity? = nil
    ) {
        self.nodeAffinity = nodeAffinity
        self.podAffinity = podAffinity
        self.podAntiAffinity = podAntiAffinity
    }
}

/// Node affinity rules (`v1.NodeAffinity`).
public struct NodeAffinity: Hashable, Sendable, Codable {
    /// Terms a node must match for the pod to be scheduled there.
    public var requiredDuringSchedulingIgnoredDuringExecution: NodeSelector?
    /// Weighted terms the scheduler prefers nodes to match.
    public var preferredDuringSchedulingIgnoredDuringExecution: [PreferredSchedulingTerm]?

    /// No rules.
    public init() {}
}

/// A node query (`v1.NodeSelector`): the terms are ORed.
public struct NodeSelector: Hashable, Sendable, Codable {
    /// The terms.
    public var nodeSelectorTerms: [NodeSelectorTerm]?

    /// A selector from terms.
    public init(nodeSelectorTerms: [NodeSelectorTerm]? = nil) { self.nodeSelectorTerms = nodeSelectorTerms }
}

/// One node query term (`v1.NodeSelectorTerm`): the requirements are ANDed.
public struct NodeSelectorTerm: Hashable, Sendable, Codable {
    /// Requirements on node labels.
    public var matchExpressions: [NodeSelectorRequirement]?
    /// Requirements on node fields (`metadata.name`).
    public var matchFields: [NodeSelectorRequirement]?

    /// A term.
    public init(
        matchExpressions: [NodeSelectorRequirement]? = nil, matchFields: [NodeSelectorRequirement]? = nil
    ) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }
}

/// One requirement of a node query term (`v1.NodeSelectorRequirement`).
public struct NodeSelectorRequirement: Hashable, Sendable, Codable {
    /// The label key or field name.
    public var key: String?
    /// `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`.
    public var `operator`: String?
    /// The values.
    public var values: [String]?

    /// A requirement.
    public init(key: String? = nil, operator: String? = nil, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

/// A weighted node preference (`v1.PreferredSchedulingTerm`).
public struct PreferredSchedulingTerm: Hashable, Sendable, Codable {
    /// 1 to 100.
    public var weight: Int?
    /// The term.
    public var preference: NodeSelectorTerm?

    /// A preference.
    public init(weight: Int? = nil, preference: NodeSelectorTerm? = nil) {
        self.weight = weight
        self.preference = preference
    }
}

/// Pod affinity rules (`v1.PodAffinity`).
public struct PodAffinity: Hashable, Sendable, Codable {
    /// Terms that must hold on the chosen node.
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    /// Weighted terms the scheduler prefers to hold.
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    /// No rules.
    public init() {}
}

/// Pod anti-affinity rules (`v1.PodAntiAffinity`).
public struct PodAntiAffinity: Hashable, Sendable, Codable {
    /// Terms that must not hold on the chosen node.
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    /// Weighted terms the scheduler prefers not to hold.
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    /// No rules.
    public init() {}
}

/// Pods that must (or must not) run in the same topology domain (`v1.PodAffinityTerm`).
public struct PodAffinityTerm: Hashable, Sendable, Codable {
    /// The pods.
    public var labelSelector: LabelSelector?
    /// The namespaces searched; the pod's own when absent (and no ``namespaceSelector``).
    public var namespaces: [String]?
    /// The node label that defines the domain, `kubernetes.io/hostname`.
    public var topologyKey: String?
    /// Namespaces searched, by label.
    public var namespaceSelector: LabelSelector?
    /// Label keys whose values from this pod are added to ``labelSelector`` as `In`.
    public var matchLabelKeys: [String]?
    /// Label keys whose values from this pod are added to ``labelSelector`` as `NotIn`.
    public var mismatchLabelKeys: [String]?

    /// A term.
    public init(labelSelector: LabelSelector? = nil, topologyKey: String? = nil) {
        self.labelSelector = labelSelector
        self.topologyKey = topologyKey
    }
}

/// A weighted pod affinity term (`v1.WeightedPodAffinityTerm`).
public struct WeightedPodAffinityTerm: Hashable, Sendable, Codable {
    /// 1 to 100.
    public var weight: Int?
    /// The term.
    public var podAffinityTerm: PodAffinityTerm?

    /// A weighted term.
    public init(weight: Int? = nil, podAffinityTerm: PodAffinityTerm? = nil) {
        self.weight = weight
        self.podAffinityTerm = podAffinityTerm
    }
}

/// Lets a pod be scheduled onto (or stay on) nodes with a matching taint (`v1.Toleration`).
public struct Toleration: Hashable, Sendable, Codable {
    /// The taint key; empty with `Exists` matches all taints.
    public var key: String?
    /// `Exists` or `Equal` (the default).
    public var `operator`: String?
    /// The taint value, for `Equal`.
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`; all when empty.
    public var effect: String?
    /// For `NoExecute`: how long the pod stays after the taint appears; forever when absent.
    public var tolerationSeconds: Int64?

    /// A toleration.
    public init(
        key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil,
        tolerationSeconds: Int64? = nil
    ) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }
}

/// How matching pods are spread across topology domains (`v1.TopologySpreadConstraint`).
public struct TopologySpreadConstraint: Hashable, Sendable, Codable {
    /// The largest allowed difference between the number of matching pods in two domains.
    public var maxSkew: Int?
    /// The node label that defines the domains.
    public var topologyKey: String?
    /// `DoNotSchedule` or `ScheduleAnyway`.
    public var whenUnsatisfiable: String?
    /// The pods counted.
    public var labelSelector: LabelSelector?
    /// The fewest eligible domains assumed.
    public var minDomains: Int?
    /// `Honor` or `Ignore`: whether node affinity limits the domains.
    public var nodeAffinityPolicy: String?
    /// `Honor` or `Ignore`: whether node taints limit the domains.
    public var nodeTaintsPolicy: String?
    /// Label keys whose values from this pod are added to ``labelSelector``.
    public var matchLabelKeys: [String]?

    /// A constraint.
    public init(
        maxSkew: Int? = nil, topologyKey: String? = nil, whenUnsatisfiable: String? = nil,
        labelSelector: LabelSelector? = nil
    ) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.labelSelector = labelSelector
    }
}
