/// A pod held by the scheduler cache: assumed or added, on a node.
public struct CachedPod: Hashable, Sendable, CustomStringConvertible {
    /// The pod's uid: the cache's identity for the pod.
    public var uid: String
    /// The pod's namespace, for messages.
    public var namespace: String
    /// The pod's name, for messages.
    public var name: String
    /// The pod's JSON encoding as last assumed, added or updated.
    public var json: [UInt8]
    /// The id of the node the pod is counted on.
    public var nodeID: Int32
    /// `.assumed` or `.added`.
    public var state: CachePodState
    /// Whether `finishBinding` was called for the assumed pod (kube: assumed pods never expire, so this is only
    /// informative).
    public var bindingFinished: Bool

    /// Creates a record.
    public init(
        uid: String, namespace: String, name: String, json: [UInt8], nodeID: Int32, state: CachePodState,
        bindingFinished: Bool = false
    ) {
        self.uid = uid
        self.namespace = namespace
        self.name = name
        self.json = json
        self.nodeID = nodeID
        self.state = state
        self.bindingFinished = bindingFinished
    }

    /// `namespace/name (uid)`.
    public var description: String {
        "\(namespace)/\(name) (\(uid))"
    }
}
