import SkiffAPI
import SkiffPluginKit

/// An example controller: keeps a ConfigMap `pod-summary` in every namespace that has pods,
/// counting them by phase (`Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`, `total`).
/// Pods map to their namespace; so does the summary itself, so a summary edited or deleted by
/// hand is put back. A namespace without pods loses its summary.
final class PodSummaryController: Controller {
    static let name = "pod-summary-controller"
    static let version = "1.0.0"
    static let summary = "Example: a ConfigMap per namespace counting its pods by phase"
    static let watches: [Watch] = [.namespace(Pod.self), .namespace(ConfigMap.self)]

    /// The ConfigMap's name.
    static let configMapName = "pod-summary"
    static let phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"]

    private let context: ControllerContext

    init(context: ControllerContext, configuration: JSONValue) throws {
        self.context = context
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        let namespace = key.name
        let pods = try context.cachedList(Pod.self, namespace: namespace)
        let existing = try context.cached(ConfigMap.self, ObjectKey(namespace: namespace, name: Self.configMapName))
        guard !pods.isEmpty else {
            if let existing, existing.metadata.labels?["app.kubernetes.io/managed-by"] == Self.name {
                try context.delete(ConfigMap.self, ObjectKey(existing.metadata))
            }
            return .done
        }
        var counts = Dictionary(uniqueKeysWithValues: Self.phases.map { ($0, 0) })
        for pod in pods { counts[pod.status?.phase ?? "Pending", default: 0] += 1 }
        var data = counts.mapValues(String.init)
        data["total"] = String(pods.count)

        if var existing {
            guard existing.metadata.labels?["app.kubernetes.io/managed-by"] == Self.name else {
                // Someone else's ConfigMap by that name: leave it alone, say so once per change.
                context.log(
                    .warning, "\(namespace)/\(Self.configMapName) is not managed by \(Self.name); not touching it")
                return .done
            }
            guard existing.data != data else { return .done }
            existing.data = data
            try context.update(existing)
            return .done
        }
        let summary = ConfigMap(
            metadata: ObjectMeta(
                name: Self.configMapName, namespace: namespace,
                labels: ["app.kubernetes.io/managed-by": Self.name]),
            data: data)
        do {
            let created = try context.create(summary)
            context.event(created, reason: "SummaryCreated", message: "counting \(pods.count) pod(s) in \(namespace)")
        } catch {
            // AlreadyExists: the cache had not seen it yet, and its event brings the key back.
            guard error.isAlreadyExists else { throw error }
        }
        return .done
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(PodSummaryController.self, hostABI: major)
}
