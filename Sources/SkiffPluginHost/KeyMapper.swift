import SkiffAPI
import SkiffClient
import SkiffPluginABI

/// Turns informer events into work-queue keys by a watch's mapping: the object's own key, its
/// controller owner's key, or its namespace. Pure: table-tested without a plugin.
struct KeyMapper: Sendable {
    enum Mapping: Sendable, Equatable {
        case none, this, owner, namespace, custom
    }

    let mapping: Mapping
    /// The owner's API group (`apps` of `apps/v1`) and kind, for ``Mapping/owner``.
    let ownerGroup: String
    let ownerKind: String

    init(mapping: Mapping, ownerGroup: String = "", ownerKind: String = "") {
        self.mapping = mapping
        self.ownerGroup = ownerGroup
        self.ownerKind = ownerKind
    }

    init(watch: skiff_watch, plugin: LoadedPlugin) throws(PluginLoadError) {
        switch Int(watch.mapping) {
        case Int(SKIFF_MAP_NONE): self.init(mapping: .none)
        case Int(SKIFF_MAP_SELF): self.init(mapping: .this)
        case Int(SKIFF_MAP_NAMESPACE): self.init(mapping: .namespace)
        case Int(SKIFF_MAP_CUSTOM): self.init(mapping: .custom)
        case Int(SKIFF_MAP_OWNER):
            let apiVersion = watch.owner_api_version.map { String(cString: $0) } ?? ""
            self.init(
                mapping: .owner, ownerGroup: APIResource.split(apiVersion: apiVersion).group,
                ownerKind: watch.owner_kind.map { String(cString: $0) } ?? "")
        default:
            throw PluginLoadError(.badDescriptor, path: plugin.path, "unknown mapping \(watch.mapping)")
        }
    }

    /// The keys an event enqueues (an update that moves an object to another owner enqueues both).
    func keys(for event: InformerEvent) -> [String] {
        switch event {
        case .added(let item), .deleted(let item, _):
            return keys(item)
        case .updated(let old, let new):
            let before = keys(old)
            let after = keys(new)
            return before == after ? after : Array(Set(before + after)).sorted()
        }
    }

    private func keys(_ item: CachedItem) -> [String] {
        switch mapping {
        case .none, .custom:
            return []
        case .this:
            return [item.key.description]
        case .namespace:
            return item.key.namespace.isEmpty ? [] : [item.key.namespace]
        case .owner:
            guard let owner = controllerOwner(item) else { return [] }
            return [ObjectKey(namespace: item.key.namespace, name: owner).description]
        }
    }

    /// The name of the item's controller owner of the watched kind.
    private func controllerOwner(_ item: CachedItem) -> String? {
        guard let object = try? item.object(),
            let references = object["metadata"]?["ownerReferences"]?.arrayValue
        else { return nil }
        for reference in references where reference["controller"]?.boolValue == true {
            let apiVersion = reference["apiVersion"]?.stringValue ?? ""
            guard reference["kind"]?.stringValue == ownerKind,
                APIResource.split(apiVersion: apiVersion).group == ownerGroup
            else { continue }
            return reference["name"]?.stringValue
        }
        return nil
    }
}
