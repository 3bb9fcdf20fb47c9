/// The registry of every resource the API serves: how URLs, kinds and keys map to
/// ``ResourceType``s.
public struct Scheme: Sendable {
    /// All resource types, in registration order.
    public private(set) var resources: [ResourceType] = []
    private var byGroupVersionResource: [String: Int] = [:]
    private var byGroupKind: [String: Int] = [:]

    /// An empty scheme.
    public init() {}

    /// Adds a resource type (replacing one with the same group and plural).
    public mutating func register(_ resource: ResourceType) {
        if let existing = resources.firstIndex(where: { $0.group == resource.group && $0.plural == resource.plural }) {
            resources[existing] = resource
        } else {
            resources.append(resource)
        }
        reindex()
    }

    /// Removes the resource type with this group and plural (a custom resource whose definition
    /// went away); false when there was none.
    @discardableResult
    public mutating func unregister(group: String, plural: String) -> Bool {
        guard let index = resources.firstIndex(where: { $0.group == group && $0.plural == plural }) else {
            return false
        }
        resources.remove(at: index)
        reindex()
        return true
    }

    private mutating func reindex() {
        byGroupVersionResource = [:]
        byGroupKind = [:]
        for (index, resource) in resources.enumerated() {
            for version in resource.versions {
                byGroupVersionResource["\(resource.group)/\(version)/\(resource.plural)"] = index
            }
            byGroupKind["\(resource.group)/\(resource.kind)"] = index
        }
    }

    /// The resource served at `/api(s)/group/version/plural`.
    public func resource(group: String, version: String, plural: String) -> ResourceType? {
        byGroupVersionResource["\(group)/\(version)/\(plural)"].map { resources[$0] }
    }

    /// The resource of a kind in a group.
    public func resource(group: String, kind: String) -> ResourceType? {
        byGroupKind["\(group)/\(kind)"].map { resources[$0] }
    }

    /// The groups served, each with its versions (preferred first, by Kubernetes' version
    /// priority), in registration order (the core group first).
    public var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for resource in resources {
            if versions[resource.group] == nil { order.append(resource.group) }
            for version in resource.versions where !(versions[resource.group]?.contains(version) ?? false) {
                versions[resource.group, default: []].append(version)
            }
        }
        return order.map { ($0, (versions[$0] ?? []).sorted(by: KubeVersion.isPreferred)) }
    }

    /// The resources served in one group/version.
    public func resources(group: String, version: String) -> [ResourceType] {
        resources.filter { $0.group == group && $0.versions.contains(version) }
    }
}
