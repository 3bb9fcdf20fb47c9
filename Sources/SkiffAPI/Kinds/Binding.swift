/// Binds a pod to a node (`v1.Binding`): what the scheduler posts to `pods/<name>/binding`.
public struct Binding: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Binding`.
    public static let kind = "Binding"

    /// The schema version as written; ``Binding/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Binding/kind`` when built here.
    public var kind: String?
    /// The pod's name and namespace (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The node the pod is bound to.
    public var target: ObjectReference?

    /// A binding.
    public init(metadata: ObjectMeta = ObjectMeta(), target: ObjectReference? = nil) {
        self.apiVersion = Binding.apiVersion
        self.kind = Binding.kind
        self.metadata = metadata
        self.target = target
    }
}
