/// A worker machine (`v1.Node`), cluster-scoped.
public struct Node: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Node`.
    public static let kind = "Node"

    /// The schema version as written; ``Node/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Node/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: NodeSpec?
    /// The observed state, written by the kubelet.
    public var status: NodeStatus?

    /// A node.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: NodeSpec? = nil, status: NodeStatus? = nil) {
        self.apiVersion = Node.apiVersion
        self.kind = Node.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a node (`v1.NodeSpec`).
public struct NodeSpec: Hashable, Sendable, Codable {
    /// The node's primary pod CIDR.
    public var podCIDR: String?
    /// The node's pod CIDRs, primary first.
    public var podCIDRs: [String]?
    /// The cloud provider's ID of the machine.
    public var providerID: String?
    /// Whether new pods may not be scheduled here (cordoned).
    public var unschedulable: Bool?
    /// The node's taints.
    public var taints: [Taint]?
    /// Deprecated dynamic kubelet config source.
    public var configSource: NodeConfigSource?
    /// Deprecated.
    public var externalID: String?

    /// An empty spec.
    public init() {}
}

/// A mark on a node that repels pods without a matching toleration (`v1.Taint`).
public struct Taint: Hashable, Sendable, Codable {
    /// The key.
    public var key: String?
    /// The value.
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    public var effect: String?
    /// When a `NoExecute` taint was added.
    public var timeAdded: Time?

    /// A taint.
    public init(key: String? = nil, value: String? = nil, effect: String? = nil, timeAdded: Time? = nil) {
        self.key = key
        self.value = value
        self.effect = effect
        self.timeAdded = timeAdded
    }
}

/// A kubelet config source (`v1.NodeConfigSource`, deprecated).
public struct NodeConfigSource: Hashable, Sendable, Codable {
    /// A ConfigMap holding the config.
    public var configMap: ConfigMapNodeConfigSource?

    /// An empty source.
    public init() {}
}

/// A ConfigMap holding kubelet config (`v1.ConfigMapNodeConfigSource`, deprecated).
public struct ConfigMapNodeConfigSource: Hashable, Sendable, Codable {
    /// The ConfigMap's namespace.
    public var namespace: String?
    /// The ConfigMap's name.
    public var name: String?
    /// The ConfigMap's uid.
    public var uid: String?
    /// The ConfigMap's resource version.
    public var resourceVersion: String?
    /// The key holding the config.
    public var kubeletConfigKey: String?

    /// An empty source.
    public init() {}
}

/// The observed state of a node (`v1.NodeStatus`).
public struct NodeStatus: Hashable, Sendable, Codable {
    /// The node's total resources.
    public var capacity: [String: Quantity]?
    /// The resources available to pods; defaults to ``capacity``.
    public var allocatable: [String: Quantity]?
    /// Deprecated.
    public var phase: String?
    /// `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, ...
    public var conditions: [NodeCondition]?
    /// The node's addresses.
    public var addresses: [NodeAddress]?
    /// The ports of the node's daemons.
    public var daemonEndpoints: NodeDaemonEndpoints?
    /// Versions and IDs of the node.
    public var nodeInfo: NodeSystemInfo?
    /// The images on the node.
    public var images: [ContainerImage]?
    /// The volumes in use (mounted).
    public var volumesInUse: [String]?
    /// The volumes attached.
    public var volumesAttached: [AttachedVolume]?
    /// The state of the deprecated dynamic kubelet config.
    public var config: NodeConfigStatus?
    /// The runtime handlers available.
    public var runtimeHandlers: [NodeRuntimeHandler]?
    /// Features the node supports.
    public var features: NodeFeatures?

    /// An empty status.
    public init() {}
}

/// A condition of a node (`v1.NodeCondition`).
public struct NodeCondition: Hashable, Sendable, Codable {
    /// `Ready`, `MemoryPressure`, ...
    public var type: String?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// When the condition was last reported.
    public var lastHeartbeatTime: Time?
    /// When the status last changed.
    public var lastTransitionTime: Time?
    /// A CamelCase reason for the last transition.
    public var reason: String?
    /// For people.
    public var message: String?

    /// A condition.
    public init(type: String? = nil, status: String? = nil) {
        self.type = type
        self.status = status
    }
}

/// An address of a node (`v1.NodeAddress`).
public struct NodeAddress: Hashable, Sendable, Codable {
    /// `Hostname`, `InternalIP`, `ExternalIP`, `InternalDNS` or `ExternalDNS`.
    public var type: String?
    /// The address.
    public var address: String?

    /// An address.
    public init(type: String? = nil, address: String? = nil) {
        self.type = type
        self.address = address
    }
}

/// The ports of a node's daemons (`v1.NodeDaemonEndpoints`).
public struct NodeDaemonEndpoints: Hashable, Sendable, Codable {
    /// The kubelet's port.
    public var kubeletEndpoint: DaemonEndpoint?

    /// Endpoints.
    public init(kubeletEndpoint: DaemonEndpoint? = nil) { self.kubeletEndpoint = kubeletEndpoint }
}

/// A daemon's port (`v1.DaemonEndpoint`); its JSON key is `Port`, capitalized as in Kubernetes.
public struct DaemonEndpoint: Hashable, Sendable, Codable {
    /// The port number.
    public var port: Int?

    /// An endpoint.
    public init(port: Int? = nil) { self.port = port }

    private enum CodingKeys: String, CodingKey {
        case port = "Port"
    }
}

/// Versions and IDs of a node (`v1.NodeSystemInfo`).
public struct NodeSystemInfo: Hashable, Sendable, Codable {
    /// The machine ID.
    public var machineID: String?
    /// The system UUID.
    public var systemUUID: String?
    /// The boot ID.
    public var bootID: String?
    /// The kernel version.
    public var kernelVersion: String?
    /// The OS image, `Ubuntu 24.04 LTS`.
    public var osImage: String?
    /// `containerd://2.0.0`.
    public var containerRuntimeVersion: String?
    /// The kubelet's version.
    public var kubeletVersion: String?
    /// Deprecated.
    public var kubeProxyVersion: String?
    /// `linux` or `windows`.
    public var operatingSystem: String?
    /// `amd64`, `arm64`, ...
    public var architecture: String?
    /// The node's swap.
    public var swap: NodeSwapStatus?

    /// Empty info.
    public init() {}
}

/// A node's swap (`v1.NodeSwapStatus`).
public struct NodeSwapStatus: Hashable, Sendable, Codable {
    /// Total swap in bytes.
    public var capacity: Int64?

    /// A swap status.
    public init(capacity: Int64? = nil) { self.capacity = capacity }
}

/// An image on a node (`v1.ContainerImage`).
public struct ContainerImage: Hashable, Sendable, Codable {
    /// The image's names.
    public var names: [String]?
    /// Its size.
    public var sizeBytes: Int64?

    /// An image.
    public init(names: [String]? = nil, sizeBytes: Int64? = nil) {
        self.names = names
        self.sizeBytes = sizeBytes
    }
}

/// A volume attached to a node (`v1.AttachedVolume`).
public struct AttachedVolume: Hashable, Sendable, Codable {
    /// The volume's name.
    public var name: String?
    /// Where it is attached.
    public var devicePath: String?

    /// An attached volume.
    public init(name: String? = nil, devicePath: String? = nil) {
        self.name = name
        self.devicePath = devicePath
    }
}

/// The state of a node's dynamic kubelet config (`v1.NodeConfigStatus`, deprecated).
public struct NodeConfigStatus: Hashable, Sendable, Codable {
    /// The config the node should use.
    public var assigned: NodeConfigSource?
    /// The config the node uses.
    public var active: NodeConfigSource?
    /// The config the node falls back to.
    public var lastKnownGood: NodeConfigSource?
    /// A problem with the config.
    public var error: String?

    /// An empty status.
    public init() {}
}

/// A runtime handler of a node (`v1.NodeRuntimeHandler`).
public struct NodeRuntimeHandler: Hashable, Sendable, Codable {
    /// The handler's name; empty for the default.
    public var name: String?
    /// What it supports.
    public var features: NodeRuntimeHandlerFeatures?

    /// A handler.
    public init(name: String? = nil) { self.name = name }
}

/// What a runtime handler supports (`v1.NodeRuntimeHandlerFeatures`).
public struct NodeRuntimeHandlerFeatures: Hashable, Sendable, Codable {
    /// Recursive read-only mounts.
    public var recursiveReadOnlyMounts: Bool?
    /// User namespaces.
    public var userNamespaces: Bool?

    /// No features.
    public init() {}
}

/// Features a node supports (`v1.NodeFeatures`).
public struct NodeFeatures: Hashable, Sendable, Codable {
    /// `supplementalGroupsPolicy` in pod security contexts.
    public var supplementalGroupsPolicy: Bool?

    /// No features.
    public init() {}
}

extension Node {
    /// A node object's address of `type` (`InternalIP`, `ExternalIP`, `Hostname`), from its JSON.
    public static func address(_ type: String, of node: JSONValue) -> String? {
        node[path: ["status", "addresses"]]?.arrayValue?.first { $0["type"]?.stringValue == type }?["address"]?
            .stringValue
    }

    /// A node object's internal IP, from its JSON.
    public static func internalIP(of node: JSONValue) -> String? { address("InternalIP", of: node) }
}
