import SkiffPluginKit

/// `SchedulingGates`: a pod with scheduling gates stays out of the active queue.
struct SchedulingGates: Sendable {
    func preEnqueue(_ pod: Wire.Pod) -> PluginResult {
        let gates = (pod.spec?.schedulingGates ?? []).map { $0.name ?? "" }
        if gates.isEmpty { return .success }
        return PluginResult(
            code: .unschedulableAndUnresolvable,
            reason: "waiting for scheduling gates: [\(gates.joined(separator: " "))]")
    }
}
