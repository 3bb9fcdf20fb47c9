import Foundation

/// A real `skiff agent` child process against a server, on a free endpoint port, with its log
/// kept in a file for failure messages.
public final class AgentProcess: @unchecked Sendable {
    /// The agent's root directory (logs and runtime records).
    public let root: URL
    /// The agent's standard error.
    public let logFile: URL
    private let process: Process

    private init(root: URL, logFile: URL, process: Process) {
        self.root = root
        self.logFile = logFile
        self.process = process
    }

    /// Starts `skiff agent --kubeconfig FILE --runtime RUNTIME` with `arguments`; `root` is
    /// reused when given (an agent restarting on the same node).
    public static func start(
        kubeconfig: String, runtime: String, nodeName: String = "node-1", root: URL? = nil, arguments: [String] = []
    ) throws -> AgentProcess {
        let directory =
            root ?? FileManager.default.temporaryDirectory.appendingPathComponent("skiff-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("agent-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestBuild.skiff)
        process.arguments =
            [
                "agent", "--kubeconfig", kubeconfig, "--runtime", runtime, "--node-name", nodeName, "--node-ip",
                "127.0.0.1",
                "--listen", "127.0.0.1:0", "--root-dir", directory.appendingPathComponent("root").path,
                "--log-level", "info",
            ] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return AgentProcess(root: directory, logFile: log, process: process)
    }

    /// The agent's process id.
    public var pid: Int32 { process.processIdentifier }

    /// What the agent logged so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Stops the agent (SIGTERM) and waits for it, off the cooperative pool.
    public func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        await wait()
    }

    /// Kills the agent with SIGKILL, as a crash would; its containers keep running.
    public func kill() async {
        guard process.isRunning else { return }
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        await wait()
    }

    /// Ends the agent and everything it leaves behind: SIGKILL to the agent, then to the
    /// containers it started (they outlive an agent, as a kubelet's do), then its directory goes.
    /// Synchronous, for a `defer` right after `start`.
    public func discard() {
        if process.isRunning {
            _ = Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        HostProcesses.killGroups(leadersMatching: root.path + "/")
        try? FileManager.default.removeItem(at: root)
    }

    private func wait() async {
        let process = self.process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                process.waitUntilExit()
                continuation.resume()
            }
            thread.start()
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
