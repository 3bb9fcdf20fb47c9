import SkiffPluginKit

/// `DefaultBinder`: binds the pod through the host (`POST pods/NAME/binding`).
struct DefaultBinder: Sendable {
    func bind(_ pod: PodInfo, node: String, host: SchedulerHostCalls) -> PluginResult {
        if let message = host.bind(pod.namespace, pod.name, pod.uid, node) {
            return PluginResult(code: .error, reason: message)
        }
        return .success
    }
}
