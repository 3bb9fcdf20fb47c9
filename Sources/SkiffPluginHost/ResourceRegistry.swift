import SkiffAPI
import SkiffClient
import Synchronization

/// The resource handles the plugin ABI hands out: one small integer per group/version/resource,
/// the same for every plugin in the process.
final class ResourceRegistry: Sendable {
    private let state = Mutex<(resources: [APIResource], byName: [String: Int32])>(([], [:]))
    private let resolve: @Sendable (_ group: String, _ version: String, _ resource: String) -> APIResource?

    /// A registry that resolves names with `resolve` (the built-in scheme, then discovery).
    init(resolve: @escaping @Sendable (_ group: String, _ version: String, _ resource: String) -> APIResource?) {
        self.resolve = resolve
    }

    /// The handle of a resource; -1 when the server does not serve it.
    func handle(group: String, version: String, resource: String) -> Int32 {
        let name = "\(group)/\(version)/\(resource)"
        if let known = state.withLock({ $0.byName[name] }) { return known }
        guard let resolved = resolve(group, version, resource) else { return -1 }
        return state.withLock { state in
            if let known = state.byName[name] { return known }
            state.resources.append(resolved)
            let handle = Int32(state.resources.count - 1)
            state.byName[name] = handle
            return handle
        }
    }

    /// The resource of a handle.
    func resource(_ handle: Int32) -> APIResource? {
        state.withLock { state in
            handle >= 0 && Int(handle) < state.resources.count ? state.resources[Int(handle)] : nil
        }
    }
}

extension ResourceRegistry {
    /// Registers a resource learned elsewhere (discovery of a custom resource).
    func register(_ resource: APIResource) {
        let name = "\(resource.group)/\(resource.version)/\(resource.resource)"
        state.withLock { state in
            guard state.byName[name] == nil else { return }
            state.resources.append(resource)
            state.byName[name] = Int32(state.resources.count - 1)
        }
    }
}
