/// One pending pod as the scheduling queue holds it.
///
/// Times are `Duration`s since an arbitrary, monotonic epoch chosen by the host (for example the instant the
/// scheduler started); the queue never reads a clock itself.
public struct QueueEntry: Hashable, Sendable, CustomStringConvertible {
    /// The pod's uid: the queue's identity for the pod.
    public var uid: String
    /// The pod's namespace, for messages.
    public var namespace: String
    /// The pod's name, for messages.
    public var name: String
    /// The pod's JSON encoding; opaque to the queue, only compared to detect changes.
    public var json: [UInt8]
    /// The QueueSort plugin's key: higher keys pop first.
    public var sortKey: Int64
    /// When the pod was last (re-)enqueued: set by `add` and refreshed by `addUnschedulable`, as kube refreshes
    /// `QueuedPodInfo.Timestamp`. Pods with equal keys pop oldest first; backoff and the unschedulable timeout
    /// count from here.
    public var timestamp: Duration
    /// When the pod was first enqueued; never refreshed (kube's `InitialAttemptTimestamp`, for latency metrics).
    public var initialTimestamp: Duration
    /// How many times the pod was popped for a scheduling attempt.
    public var attempts: Int
    /// The plugins that rejected the pod in its last attempt; empty when the attempt ended in an error.
    public var unschedulablePlugins: Set<String>
    /// Whether a PreEnqueue plugin holds the pod back from scheduling.
    public var gated: Bool
    /// The order in which `timestamp` was set, across all pods: breaks ties between equal keys and timestamps.
    public internal(set) var sequence: UInt64

    /// Creates an entry for a pod that has not been enqueued yet; `add` sets its timestamps.
    public init(
        uid: String, namespace: String, name: String, json: [UInt8], sortKey: Int64 = 0, gated: Bool = false
    ) {
        self.uid = uid
        self.namespace = namespace
        self.name = name
        self.json = json
        self.sortKey = sortKey
        self.timestamp = .zero
        self.initialTimestamp = .zero
        self.attempts = 0
        self.unschedulablePlugins = []
        self.gated = gated
        self.sequence = 0
    }

    /// `namespace/name`, as kube names pods in messages.
    public var podKey: String {
        "\(namespace)/\(name)"
    }

    /// `namespace/name (uid)`.
    public var description: String {
        "\(podKey) (\(uid))"
    }
}
