/// A resource the server serves, as ``ControllerContext/servedResources()`` reports it.
public struct DiscoveredResource: Sendable, Hashable {
    /// The resource, in its group's preferred version.
    public var name: ResourceName
    /// The kind of its objects.
    public var kind: String
    /// Whether its objects live in namespaces.
    public var namespaced: Bool
    /// What can be done to it: `list`, `delete`, ...
    public var verbs: [String]

    /// A discovered resource.
    public init(name: ResourceName, kind: String, namespaced: Bool, verbs: [String]) {
        self.name = name
        self.kind = kind
        self.namespaced = namespaced
        self.verbs = verbs
    }
}
