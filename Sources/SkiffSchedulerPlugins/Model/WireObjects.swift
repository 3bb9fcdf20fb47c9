import SkiffAPI
import SkiffPluginKit

/// The parts of a pod or node the plugins read, decoded with `KindStrategy.decodeTyped` (only
/// these fields are visited, so decoding stays cheap and ignores the rest of the object).
enum Wire {
    /// `metav1.ObjectMeta`, the fields used.
    struct Meta: Decodable {
        var name: String?
        var namespace: String?
        var uid: String?
        var labels: [String: String]?
        var deletionTimestamp: String?
        var ownerReferences: [Owner]?
    }

    /// `metav1.OwnerReference`, the fields used.
    struct Owner: Decodable {
        var kind: String?
        var name: String?
        var controller: Bool?
    }

    /// `v1.Container`, the fields used.
    struct Container: Decodable {
        var resources: ResourceRequirements?
        var ports: [ContainerPort]?
        var restartPolicy: String?
    }

    /// `v1.PodSpec`, the fields used.
    struct PodSpec: Decodable {
        var nodeName: String?
        var nodeSelector: [String: String]?
        var affinity: Affinity?
        var tolerations: [Toleration]?
        var topologySpreadConstraints: [TopologySpreadConstraint]?
        var priority: Int?
        var preemptionPolicy: String?
        var schedulingGates: [PodSchedulingGate]?
        var overhead: [String: Quantity]?
        var containers: [Container]?
        var initContainers: [Container]?
        var resources: ResourceRequirements?
    }

    /// `v1.PodStatus`, the fields used.
    struct PodStatus: Decodable {
        var nominatedNodeName: String?
        var startTime: String?
    }

    /// `v1.Pod`, the fields used.
    struct Pod: Decodable {
        var kind: String?
        var metadata: Meta?
        var spec: PodSpec?
        var status: PodStatus?
    }

    /// `v1.NodeSpec`, the fields used.
    struct NodeSpec: Decodable {
        var unschedulable: Bool?
        var taints: [Taint]?
    }

    /// `v1.NodeStatus`, the fields used.
    struct NodeStatus: Decodable {
        var capacity: [String: Quantity]?
        var allocatable: [String: Quantity]?
    }

    /// `v1.Node`, the fields used.
    struct Node: Decodable {
        var kind: String?
        var metadata: Meta?
        var spec: NodeSpec?
        var status: NodeStatus?
    }

    /// Parses JSON bytes and decodes `T`; `nil` when either fails.
    static func decode<T: Decodable>(_ bytes: [UInt8], as type: T.Type) -> T? {
        guard let value = try? JSONParser.parse(bytes), value.objectValue != nil else { return nil }
        return try? KindStrategy.decodeTyped(value) as T
    }
}
