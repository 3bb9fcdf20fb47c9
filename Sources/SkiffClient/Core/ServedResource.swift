/// A resource a server serves, as discovery lists it: where it lives and what can be done to it.
public struct ServedResource: Sendable, Hashable {
    /// The resource, in its group's preferred version.
    public var resource: APIResource
    /// The verbs it supports: `get`, `list`, `watch`, `create`, `delete`, ...
    public var verbs: [String]

    /// A served resource.
    public init(resource: APIResource, verbs: [String]) {
        self.resource = resource
        self.verbs = verbs
    }
}
