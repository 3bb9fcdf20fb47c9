/// A command to run in a container and wait for (an exec probe).
public struct ExecRequest: Codable, Sendable, Hashable {
    /// The container's runtime id.
    public var id: String
    /// The command and its arguments.
    public var command: [String]
    /// How long it may run, in milliseconds.
    public var timeoutMs: Int

    /// A request.
    public init(id: String, command: [String], timeoutMs: Int) {
        self.id = id
        self.command = command
        self.timeoutMs = timeoutMs
    }
}

/// How an exec ended.
public struct ExecResponse: Codable, Sendable, Hashable {
    /// The command's exit code (-1 when it could not run or timed out).
    public var exitCode: Int32
    /// Its output (stdout and stderr), shortened.
    public var output: String
    /// Whether the timeout ended it.
    public var timedOut: Bool

    /// A response.
    public init(exitCode: Int32, output: String, timedOut: Bool) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }
}

/// What `run_pod` prepared for a pod.
public struct PodSandbox: Codable, Sendable, Hashable {
    /// The pod's addresses (the node's, for a runtime without isolation).
    public var podIPs: [String]

    /// A sandbox.
    public init(podIPs: [String]) {
        self.podIPs = podIPs
    }
}
