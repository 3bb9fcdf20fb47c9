/// The outcome of ``ProcessSupervisor/exec(command:environment:workingDirectory:timeout:)``.
public struct ExecResult: Sendable, Equatable {
    /// The exit status (128+N for signal N); -1 when timed out or the command could not be started.
    public var exitCode: Int32
    /// Stdout and stderr interleaved, capped at 10 KiB.
    public var output: String
    /// Whether the command was killed because it outlived the timeout.
    public var timedOut: Bool

    /// Creates a result.
    public init(exitCode: Int32, output: String, timedOut: Bool) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }
}
