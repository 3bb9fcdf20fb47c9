import SkiffPluginKit

/// `NodeResourcesFit`: Filter checks the pod's requests (and one more pod) against what is left
/// of the node's allocatable; Score ranks nodes by the `LeastAllocated` or `MostAllocated`
/// strategy over the configured resources, with kube's 100m/200Mi for containers that request no
/// cpu/memory.
struct NodeResourcesFit: Sendable {
    let strategy: PluginConfiguration.FitStrategy
    let resources: [PluginConfiguration.ResourceWeight]
    let ignoredResources: Set<String>
    let ignoredResourceGroups: Set<String>

    init(_ configuration: PluginConfiguration) {
        strategy = configuration.fitStrategy
        resources = configuration.fitResources
        ignoredResources = configuration.ignoredResources
        ignoredResourceGroups = configuration.ignoredResourceGroups
    }

    /// `v1helper.IsExtendedResourceName`: a domain-prefixed name outside `kubernetes.io/`.
    static func isExtended(_ name: String) -> Bool {
        name.contains("/") && !name.contains("kubernetes.io/") && !name.hasPrefix("requests.")
    }

    /// One insufficient resource.
    private struct Shortage {
        var id: UInt32?
        var text: String
        var unresolvable: Bool

        init(_ id: UInt32, unresolvable: Bool) {
            self.id = id
            text = Reason.constantTexts[Int(id)]
            self.unresolvable = unresolvable
        }

        init(_ text: String, unresolvable: Bool) {
            self.text = text
            self.unresolvable = unresolvable
        }
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: UnsafePointer<NodeRecord>, overlay: NodeOverlay?) -> FilterStatus {
        if overlay == nil {
            let milliCPU = pod.requests.milliCPU
            let memory = pod.requests.memory
            let storage = pod.requests.ephemeralStorage
            if Int64(node.pointee.pods.count) + 1 <= node.pointee.allowedPods
                && (milliCPU <= 0 || milliCPU <= node.pointee.allocatable.milliCPU - node.pointee.requested.milliCPU)
                && (memory <= 0 || memory <= node.pointee.allocatable.memory - node.pointee.requested.memory)
                && (storage <= 0
                    || storage <= node.pointee.allocatable.ephemeralStorage - node.pointee.requested.ephemeralStorage)
                && pod.requests.scalars.isEmpty
            {
                return .success
            }
        }
        let request = pod.requests
        var podCount = Int64(node.pointee.pods.count)
        var used = node.pointee.requested
        if let overlay {
            podCount -= Int64(overlay.removed.count)
            used.add(overlay.removedRequests, times: -1)
        }
        let tooManyPods = podCount + 1 > node.pointee.allowedPods
        let allocatable = node.pointee.allocatable
        let cpuShort = request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - used.milliCPU
        let memoryShort = request.memory > 0 && request.memory > allocatable.memory - used.memory
        let storageShort =
            request.ephemeralStorage > 0
            && request.ephemeralStorage > allocatable.ephemeralStorage - used.ephemeralStorage
        var scalarShort = false
        if !request.scalars.isEmpty {
            for (name, amount) in request.scalars where amount != 0 && !isIgnored(name) {
                if amount > (allocatable.scalars[name] ?? 0) - (used.scalars[name] ?? 0) { scalarShort = true }
            }
        }
        if !tooManyPods && !cpuShort && !memoryShort && !storageShort && !scalarShort { return .success }
        return failure(
            pod: request, allocatable: allocatable, used: used, tooManyPods: tooManyPods, cpuShort: cpuShort,
            memoryShort: memoryShort, storageShort: storageShort, scalarShort: scalarShort)
    }

    private func isIgnored(_ name: String) -> Bool {
        guard NodeResourcesFit.isExtended(name) else { return false }
        if ignoredResources.contains(name) { return true }
        if !ignoredResourceGroups.isEmpty, let slash = name.firstIndex(of: "/") {
            return ignoredResourceGroups.contains(String(name[..<slash]))
        }
        return false
    }

    // swift-format-ignore: FunctionParameterCount
    private func failure(
        pod: ResourceAmounts, allocatable: ResourceAmounts, used: ResourceAmounts, tooManyPods: Bool, cpuShort: Bool,
        memoryShort: Bool, storageShort: Bool, scalarShort: Bool
    ) -> FilterStatus {
        var shortages: [Shortage] = []
        if tooManyPods { shortages.append(Shortage(Reason.tooManyPods, unresolvable: false)) }
        if cpuShort {
            shortages.append(
                Shortage(Reason.insufficientCPU, unresolvable: pod.milliCPU > allocatable.milliCPU))
        }
        if memoryShort {
            shortages.append(
                Shortage(Reason.insufficientMemory, unresolvable: pod.memory > allocatable.memory))
        }
        if storageShort {
            shortages.append(
                Shortage(
                    Reason.insufficientEphemeralStorage,
                    unresolvable: pod.ephemeralStorage > allocatable.ephemeralStorage))
        }
        if scalarShort {
            for name in pod.scalars.keys.sorted() {
                let amount = pod.scalars[name] ?? 0
                guard amount != 0, !isIgnored(name) else { continue }
                let available = allocatable.scalars[name] ?? 0
                if amount > available - (used.scalars[name] ?? 0) {
                    shortages.append(
                        Shortage("Insufficient \(name)", unresolvable: amount > available))
                }
            }
        }
        let code: PluginCode =
            shortages.contains(where: \.unresolvable) ? .unschedulableAndUnresolvable : .unschedulable
        if shortages.count == 1 {
            return FilterStatus(code: code, reason: shortages[0].id.map(Reason.fixed) ?? .text(shortages[0].text))
        }
        return FilterStatus(code: code, reason: .multiple(shortages.map(\.text)))
    }

    /// The allocatable and requested amount of a resource when the pod is added
    /// (`calculateResourceAllocatableRequest`); `nil` when the resource is left out of the score.
    @inline(__always)
    static func allocatableAndRequested(
        _ resource: PluginConfiguration.ResourceWeight, node: UnsafePointer<NodeRecord>, pod: PodInfo,
        useRequested: Bool
    ) -> (allocatable: Int64, requested: Int64)? {
        switch resource.kind {
        case .cpu:
            let podRequest = useRequested ? pod.requests.milliCPU : pod.nonZeroMilliCPU
            let nodeRequest = useRequested ? node.pointee.requested.milliCPU : node.pointee.nonZeroMilliCPU
            return (node.pointee.allocatable.milliCPU, nodeRequest + podRequest)
        case .memory:
            let podRequest = useRequested ? pod.requests.memory : pod.nonZeroMemory
            let nodeRequest = useRequested ? node.pointee.requested.memory : node.pointee.nonZeroMemory
            return (node.pointee.allocatable.memory, nodeRequest + podRequest)
        case .ephemeralStorage:
            return (
                node.pointee.allocatable.ephemeralStorage,
                node.pointee.requested.ephemeralStorage + pod.requests.ephemeralStorage
            )
        case .scalar:
            let name = resource.name
            let podRequest = pod.requests.scalars[name] ?? 0
            guard podRequest != 0, let allocatable = node.pointee.allocatable.scalars[name] else { return nil }
            return (allocatable, (node.pointee.requested.scalars[name] ?? 0) + podRequest)
        }
    }

    @inline(__always)
    func score(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> Int64 {
        var nodeScore: Int64 = 0
        var weightSum: Int64 = 0
        for resource in resources {
            guard
                let (allocatable, requested) = NodeResourcesFit.allocatableAndRequested(
                    resource, node: node, pod: pod, useRequested: false),
                allocatable != 0
            else { continue }
            let resourceScore: Int64
            switch strategy {
            case .leastAllocated:
                resourceScore =
                    requested > allocatable ? 0 : (allocatable - requested) * ScoreNormalizer.maxNodeScore / allocatable
            case .mostAllocated:
                resourceScore = min(requested, allocatable) * ScoreNormalizer.maxNodeScore / allocatable
            }
            nodeScore += resourceScore * resource.weight
            weightSum += resource.weight
        }
        return weightSum == 0 ? 0 : nodeScore / weightSum
    }
}
