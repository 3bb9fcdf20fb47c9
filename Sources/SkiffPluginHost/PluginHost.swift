import Foundation
import SkiffAPI
import SkiffClient
import Synchronization

/// What every plugin in a process shares: resource handles, metrics, and the inventory of what
/// is loaded (for `skiff plugins list` and `/metrics`).
public final class PluginHost: Sendable {
    let registry: ResourceRegistry
    /// Per-plugin metrics.
    public let metrics = PluginMetrics()
    private let inventory = Mutex<(plugins: [LoadedPlugin], errors: [PluginLoadError])>(([], []))

    /// A host; resource names resolve through the built-in scheme (and discovery, for what
    /// controllers watch).
    public init() {
        registry = ResourceRegistry { group, version, resource in
            APIResource.builtIn(group: group, version: version, resource: resource)
        }
    }

    /// Loads the plugins of the directories (and single files), remembering what was loaded and
    /// what was refused.
    @discardableResult
    public func load(directories: [String], files: [String] = []) -> (
        plugins: [LoadedPlugin], errors: [PluginLoadError]
    ) {
        let result = PluginLoader.load(directories: directories, files: files)
        inventory.withLock { inventory in
            inventory.plugins += result.plugins
            inventory.errors += result.errors
        }
        for plugin in result.plugins { metrics.loaded(plugin) }
        return result
    }

    /// Loaded plugins.
    public var plugins: [LoadedPlugin] { inventory.withLock { $0.plugins } }

    /// Files refused.
    public var errors: [PluginLoadError] { inventory.withLock { $0.errors } }

    /// The inventory as JSON (`/skiff/v1/plugins`): each plugin's name, kind, version, ABI, file
    /// and description, and each refused file with its reason.
    public func inventoryJSON() -> JSONValue {
        let (plugins, errors) = inventory.withLock { ($0.plugins, $0.errors) }
        let loaded: [JSONValue] = plugins.map { plugin in
            [
                "name": .string(plugin.name), "kind": .string(plugin.kind.rawValue), "version": .string(plugin.version),
                "abi": .string(plugin.abiVersion), "path": .string(plugin.path), "description": .string(plugin.summary),
                "concurrent": .bool(plugin.isConcurrent),
            ]
        }
        let refused: [JSONValue] = errors.map { error in
            ["path": .string(error.path), "code": .string(error.code.rawValue), "message": .string(error.message)]
        }
        return [
            "apiVersion": "skiff/v1", "kind": "PluginList", "hostABI": .string(PluginABI.version),
            "items": .array(loaded), "refused": .array(refused),
        ]
    }
}
