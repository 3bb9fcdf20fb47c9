/// What a node runtime knows of one container: the record `list_containers` and
/// `container_event` carry (see `skiff_plugin.h`). Times are nanoseconds since the Unix epoch.
public struct ContainerRecord: Codable, Sendable, Hashable {
    /// A container's life as the runtime reports it.
    public enum State: String, Codable, Sendable {
        /// The runtime accepted it and will report it running (a simulated start delay).
        case created
        /// Its process runs (or, simulated, it plays running).
        case running
        /// It has ended; `exitCode` and `reason` say how.
        case exited
    }

    /// The runtime's id of the container, unique on the node.
    public var id: String
    /// The uid of the pod it belongs to.
    public var podUID: String
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var pod: String
    /// The container's name in the pod spec.
    public var container: String
    /// How many times this container of this pod was started before (0 for the first).
    public var attempt: Int
    /// The image the spec named (recorded, not pulled).
    public var image: String
    /// Running or exited.
    public var state: State
    /// The process id, when there is a process.
    public var pid: Int32?
    /// When it started.
    public var startedAt: Int64
    /// When it exited.
    public var finishedAt: Int64?
    /// Its exit code (128 + the signal when a signal ended it).
    public var exitCode: Int32?
    /// "Completed", "Error", "OOMKilled" or "Unknown" once exited.
    public var reason: String?
    /// A message about the exit.
    public var message: String?

    /// A record.
    public init(
        id: String, podUID: String, namespace: String, pod: String, container: String, attempt: Int,
        image: String, state: State, pid: Int32? = nil, startedAt: Int64, finishedAt: Int64? = nil,
        exitCode: Int32? = nil, reason: String? = nil, message: String? = nil
    ) {
        self.id = id
        self.podUID = podUID
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.attempt = attempt
        self.image = image
        self.state = state
        self.pid = pid
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.reason = reason
        self.message = message
    }
}
