import Foundation
import SkiffPluginKit

/// `NodeResourcesBalancedAllocation`: favours nodes whose resource fractions (requested with the
/// pod, over allocatable) stay close to each other: `(1 - std) * 100`. Skips best-effort pods.
struct NodeResourcesBalancedAllocation: Sendable {
    let resources: [PluginConfiguration.ResourceWeight]

    /// Skips pods that request none of the resources.
    func preScore(_ cycle: SchedulingCycle) -> PluginResult {
        let pod = cycle.pod
        for resource in resources where pod.requests.amount(resource.name) != 0 { return .success }
        return .skip
    }

    @inline(__always)
    func score(_ pod: PodInfo, node: UnsafePointer<NodeRecord>) -> Int64 {
        var first = 0.0
        var second = 0.0
        var count = 0
        var total = 0.0
        var fractions: [Double] = []
        for resource in resources {
            guard
                let (allocatable, requested) = NodeResourcesFit.allocatableAndRequested(
                    resource, node: node, pod: pod, useRequested: true),
                allocatable != 0
            else { continue }
            let fraction = min(Double(requested) / Double(allocatable), 1)
            switch count {
            case 0: first = fraction
            case 1: second = fraction
            default:
                if fractions.isEmpty { fractions = [first, second] }
                fractions.append(fraction)
            }
            count += 1
            total += fraction
        }
        var std = 0.0
        if count == 2 {
            std = abs((first - second) / 2)
        } else if count > 2 {
            let mean = total / Double(count)
            var sum = 0.0
            for fraction in fractions { sum += (fraction - mean) * (fraction - mean) }
            std = (sum / Double(count)).squareRoot()
        }
        return Int64((1 - std) * Double(ScoreNormalizer.maxNodeScore))
    }
}
