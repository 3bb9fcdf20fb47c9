import SkiffAPI
import SkiffPluginKit

/// A pod's resource requests as `resourcehelper.PodRequests` computes them: containers summed,
/// init containers maxed (restartable sidecars counted with the containers), pod-level cpu/memory
/// requests taking precedence, overhead added.
enum PodRequests {
    /// The defaults kube's scoring gives containers that do not request cpu or memory
    /// (`schedutil.DefaultMilliCPURequest`, `DefaultMemoryRequest`).
    static let defaultMilliCPU: Int64 = 100
    static let defaultMemory: Int64 = 200 * 1024 * 1024

    /// A container as the computation needs it.
    struct ContainerRequests {
        var requests: [String: Quantity]
        var restartable: Bool
    }

    /// The pod's requests; with `nonMissingDefaults`, a container that does not list cpu (memory)
    /// counts as requesting 100m (200Mi) (`NonMissingContainerRequests`).
    static func compute(
        containers: [ContainerRequests], initContainers: [ContainerRequests], podLevel: [String: Quantity]?,
        overhead: [String: Quantity]?, nonMissingDefaults: Bool
    ) -> ResourceAmounts {
        func amounts(_ container: ContainerRequests) -> ResourceAmounts {
            var result = ResourceAmounts(container.requests)
            if nonMissingDefaults {
                if container.requests[ResourceAmounts.cpu] == nil { result.milliCPU = defaultMilliCPU }
                if container.requests[ResourceAmounts.memoryName] == nil { result.memory = defaultMemory }
            }
            return result
        }
        var total = ResourceAmounts()
        for container in containers { total.add(amounts(container)) }
        var restartable = ResourceAmounts()
        var initMax = ResourceAmounts()
        for container in initContainers {
            let own = amounts(container)
            var effective: ResourceAmounts
            if container.restartable {
                total.add(own)
                restartable.add(own)
                effective = restartable
            } else {
                effective = own
                effective.add(restartable)
            }
            initMax.formMax(effective)
        }
        total.formMax(initMax)
        if let podLevel {
            for name in [ResourceAmounts.cpu, ResourceAmounts.memoryName] {
                if let quantity = podLevel[name] { total.set(name, ResourceAmounts.value(name, quantity)) }
            }
        }
        if let overhead { for (name, quantity) in overhead { total.add(name, quantity) } }
        return total
    }
}
