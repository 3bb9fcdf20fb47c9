import SkiffAPI
import SkiffPluginKit

/// Puts a `welcome` ConfigMap into every namespace.
final class WelcomeController: Controller {
    static let name = "welcome-controller"
    static let summary = "Example built outside the repository: a welcome ConfigMap per namespace"
    static let watches: [Watch] = [.primary(Namespace.self), .namespace(ConfigMap.self)]

    let context: ControllerContext
    let message: String

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
        self.message = configuration["message"]?.stringValue ?? "Welcome to Skiff"
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        let namespace = key.name
        guard let space = try context.cached(Namespace.self, ObjectKey(name: namespace)),
            space.metadata.deletionTimestamp == nil
        else { return .done }
        let name = ObjectKey(namespace: namespace, name: "welcome")
        if try context.cached(ConfigMap.self, name) != nil { return .done }
        do {
            try context.create(
                ConfigMap(metadata: ObjectMeta(name: "welcome", namespace: namespace), data: ["message": message]))
        } catch {
            guard error.isAlreadyExists else { throw error }
        }
        return .done
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(WelcomeController.self, hostABI: major)
}
