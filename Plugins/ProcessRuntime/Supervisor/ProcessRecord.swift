/// The durable record of one container process, stored as JSON in the state directory.
public struct ProcessRecord: Sendable, Hashable, Codable {
    /// Whether the process is still running.
    public enum State: String, Sendable, Codable {
        /// The process (group leader) is alive.
        case running
        /// The process is gone; the exit fields are final.
        case exited
    }

    /// The container id.
    public var id: String
    /// The labels copied from the spec.
    public var labels: [String: String]
    /// The pid of the process group leader (the shim).
    public var pid: Int32
    /// Field 22 (starttime) of `/proc/<pid>/stat` at spawn; together with the pid it identifies the process.
    public var processStartTicks: UInt64
    /// Whether the process is running or exited.
    public var state: State
    /// When the process was started, in nanoseconds since the Unix epoch.
    public var startedAt: Int64
    /// When the process was seen to exit, in nanoseconds since the Unix epoch.
    public var finishedAt: Int64?
    /// The exit status as Kubernetes reports it (128+N for signal N); nil when it could not be learned.
    public var exitCode: Int32?
    /// "Completed", "Error", "OOMKilled" or "Unknown" once exited.
    public var reason: String?
    /// The signal that killed the command, when it died from one.
    public var signal: Int32?
    /// Whether the requested CPU and memory limits were applied through cgroup v2.
    public var limitsEnforced: Bool
    /// The cgroup v2 directory of the container, when one was created.
    public var cgroupPath: String?
}
