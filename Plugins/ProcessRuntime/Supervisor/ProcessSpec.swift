/// Describes one container process: what to run, with which environment, where its output goes and its limits.
public struct ProcessSpec: Sendable, Hashable {
    /// The unique container id, made of `[a-z0-9-]` and chosen by the caller.
    public var id: String
    /// The argv; `argv[0]` is resolved through the `PATH` of ``environment`` (or a default) when it has no `/`.
    public var command: [String]
    /// The complete environment of the process: nothing is inherited from the supervisor.
    public var environment: [String: String]
    /// The working directory; nil means the state directory's `work` subdirectory.
    public var workingDirectory: String?
    /// The file receiving stdout and stderr (appended to, created with mode 0644 along with its parents).
    public var logPath: String
    /// The CPU limit in millicores, written to cgroup v2 `cpu.max` when limits are enforceable.
    public var cpuLimitMillis: Int?
    /// The memory limit in bytes, written to cgroup v2 `memory.max` when limits are enforceable.
    public var memoryLimitBytes: Int64?
    /// Opaque labels, stored in the record.
    public var labels: [String: String]

    /// Creates a spec; only the id, the command and the log path are required.
    public init(
        id: String,
        command: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        logPath: String,
        cpuLimitMillis: Int? = nil,
        memoryLimitBytes: Int64? = nil,
        labels: [String: String] = [:]
    ) {
        self.id = id
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        self.cpuLimitMillis = cpuLimitMillis
        self.memoryLimitBytes = memoryLimitBytes
        self.labels = labels
    }
}
