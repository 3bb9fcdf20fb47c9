import SkiffAPI
import SkiffPluginKit

/// A parsed pod: everything the plugins read, computed once (`framework.PodInfo`). Immutable, so
/// it is shared between the node it runs on, the indexes and scheduling cycles.
final class PodInfo: Sendable {
    /// A number unique among the pods the set has parsed (index key).
    let serial: Int
    /// The node's host id, -1 for a pod being scheduled.
    let node: Int32
    let uid: String
    let name: String
    let namespace: String
    let labels: [String: String]
    let priority: Int32
    let preemptNever: Bool
    /// Whether `metadata.deletionTimestamp` is set.
    let terminating: Bool
    /// `status.startTime` as written (RFC 3339, so ordered as text); `nil` when not started.
    let startTime: String?
    let nodeName: String
    let nominatedNodeName: String
    let schedulingGates: [String]
    /// The kinds of the controllers owning the pod.
    let ownerKinds: [String]

    /// Requests as kube's Fit filter and the node's `Requested` count them.
    let requests: ResourceAmounts
    /// cpu/memory requests with 100m/200Mi for containers that list none (`NonZeroRequested`).
    let nonZeroMilliCPU: Int64
    let nonZeroMemory: Int64

    let hostPorts: [HostPort]
    let tolerations: [TolerationInfo]
    let requiredNodeAffinity: RequiredNodeAffinity
    /// Preferred node affinity terms; `nil` when the pod has none.
    let preferredNodeAffinity: [PreferredNodeTerm]?
    let spreadConstraints: [TopologySpreadConstraint]

    let requiredAffinityTerms: [AffinityTerm]
    let requiredAntiAffinityTerms: [AffinityTerm]
    let preferredAffinityTerms: [AffinityTerm]
    let preferredAntiAffinityTerms: [AffinityTerm]
    /// Whether the pod has pod affinity or anti-affinity of any kind (`PodsWithAffinity`).
    let hasAffinity: Bool

    /// A pod from its decoded object; `uid` (the host's key) wins over `metadata.uid`.
    init(_ pod: Wire.Pod, serial: Int, node: Int32, uid hostUID: String?) {
        let meta = pod.metadata
        let spec = pod.spec
        self.serial = serial
        self.node = node
        uid = hostUID ?? meta?.uid ?? ""
        name = meta?.name ?? ""
        let namespace = meta?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        self.namespace = namespace
        let labels = meta?.labels ?? [:]
        self.labels = labels
        priority = Int32(clamping: spec?.priority ?? 0)
        preemptNever = spec?.preemptionPolicy == "Never"
        terminating = meta?.deletionTimestamp != nil
        startTime = pod.status?.startTime
        nodeName = spec?.nodeName ?? ""
        nominatedNodeName = pod.status?.nominatedNodeName ?? ""
        schedulingGates = (spec?.schedulingGates ?? []).map { $0.name ?? "" }
        ownerKinds = (meta?.ownerReferences ?? []).compactMap(\.kind)

        let containers = (spec?.containers ?? []).map {
            PodRequests.ContainerRequests(requests: $0.resources?.requests ?? [:], restartable: false)
        }
        let initContainers = (spec?.initContainers ?? []).map {
            PodRequests.ContainerRequests(
                requests: $0.resources?.requests ?? [:], restartable: $0.restartPolicy == "Always")
        }
        let podLevel = spec?.resources?.requests
        requests = PodRequests.compute(
            containers: containers, initContainers: initContainers, podLevel: podLevel, overhead: spec?.overhead,
            nonMissingDefaults: false)
        let nonZero = PodRequests.compute(
            containers: containers, initContainers: initContainers, podLevel: podLevel, overhead: spec?.overhead,
            nonMissingDefaults: true)
        nonZeroMilliCPU = nonZero.milliCPU
        nonZeroMemory = nonZero.memory

        var ports: [HostPort] = []
        for container in spec?.initContainers ?? [] where container.restartPolicy == "Always" {
            for port in container.ports ?? [] where (port.hostPort ?? 0) > 0 {
                ports.append(HostPort(ip: port.hostIP ?? "", proto: port.protocol ?? "", port: port.hostPort ?? 0))
            }
        }
        for container in spec?.containers ?? [] {
            for port in container.ports ?? [] where (port.hostPort ?? 0) > 0 {
                ports.append(HostPort(ip: port.hostIP ?? "", proto: port.protocol ?? "", port: port.hostPort ?? 0))
            }
        }
        hostPorts = ports
        tolerations = (spec?.tolerations ?? []).map(TolerationInfo.init)
        let nodeAffinity = spec?.affinity?.nodeAffinity
        requiredNodeAffinity = RequiredNodeAffinity(
            selector: spec?.nodeSelector, nodeSelector: nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        preferredNodeAffinity = nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution.map(
            PreferredNodeTerm.compile)
        spreadConstraints = spec?.topologySpreadConstraints ?? []

        let podAffinity = spec?.affinity?.podAffinity
        let podAntiAffinity = spec?.affinity?.podAntiAffinity
        func required(_ terms: [PodAffinityTerm]?) -> [AffinityTerm] {
            (terms ?? []).map { AffinityTerm($0, weight: 1, namespace: namespace, labels: labels) }
        }
        func preferred(_ terms: [WeightedPodAffinityTerm]?) -> [AffinityTerm] {
            (terms ?? []).map {
                AffinityTerm(
                    $0.podAffinityTerm ?? PodAffinityTerm(), weight: Int64($0.weight ?? 0), namespace: namespace,
                    labels: labels)
            }
        }
        requiredAffinityTerms = required(podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        requiredAntiAffinityTerms = required(podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        preferredAffinityTerms = preferred(podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        preferredAntiAffinityTerms = preferred(podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        hasAffinity = podAffinity != nil || podAntiAffinity != nil
    }

    /// Whether `self` goes before `other` when victims are ordered (`util.MoreImportantPod`):
    /// higher priority first, then the one that started earlier.
    func isMoreImportant(than other: PodInfo) -> Bool {
        if priority != other.priority { return priority > other.priority }
        switch (startTime, other.startTime) {
        case (let mine?, let theirs?): return mine < theirs
        case (.some, nil): return true
        default: return false
        }
    }
}
