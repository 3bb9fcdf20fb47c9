import Foundation
import SkiffClient

/// A real `skiff server` child process on a free port, started without blocking the cooperative
/// pool; stopped with SIGTERM by ``stop()`` (or when released).
public final class SkiffServerProcess: @unchecked Sendable {
    /// The server's URL, `https://127.0.0.1:PORT`.
    public let url: String
    /// Its data directory.
    public let dataDirectory: URL
    /// The kubeconfig it wrote.
    public var kubeconfig: String { dataDirectory.appendingPathComponent("kubeconfig").path }
    private let process: Process

    private init(url: String, dataDirectory: URL, process: Process) {
        self.url = url
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// Starts `binary server` on a scratch data directory (or `dataDirectory`, to restart a
    /// cluster) with extra arguments; waits until it prints its address. Without `agent` the
    /// server runs no local node agent (API tests want a cluster without nodes).
    public static func start(
        binary: String, arguments: [String] = [], agent: Bool = false, dataDirectory: URL? = nil,
        logFile: URL? = nil
    ) async throws -> SkiffServerProcess {
        let data =
            try dataDirectory ?? ScratchDirectory.make(prefix: "skiff-server")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["server", "--data-dir", data.path, "--listen", "127.0.0.1:0", "--log-level", "warning"]
            + (agent ? [] : ["--disable-agent"]) + arguments
        let output = Pipe()
        process.standardOutput = output
        if let logFile {
            if !FileManager.default.fileExists(atPath: logFile.path) {
                FileManager.default.createFile(atPath: logFile.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: logFile)
            handle.seekToEndOfFile()
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let text = await ChildProcess.read(output, until: "kubeconfig:")
        guard let start = text.range(of: "at "), let end = text.range(of: ";") else {
            process.terminate()
            throw StartFailure(description: "skiff server did not start: \(text)")
        }
        let url = String(text[start.upperBound..<end.lowerBound])
        CurlCredentials.register(url: url, pki: data.appendingPathComponent("pki"))
        return SkiffServerProcess(url: url, dataDirectory: data, process: process)
    }

    /// Stops the server (SIGTERM; SIGKILL after 15 s). Never blocks: the wait happens on a thread
    /// of its own, so a `defer { server.stop() }` in an async test holds no thread of the
    /// cooperative pool. The data directory stays for a restart; a scratch one goes when the test
    /// process exits (``ScratchDirectory``).
    public func stop() {
        let process = self.process
        let thread = Thread {
            if process.isRunning {
                process.terminate()
                // SIGKILL after 15 s: a server that does not stop must not outlive the test run.
                let deadline = ContinuousClock.now + .seconds(15)
                while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
                if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
        }
        thread.start()
    }

    /// Stops the server with SIGTERM and waits, off the cooperative pool; the data stays.
    /// Returns how long the shutdown took.
    public func terminate() async -> Duration {
        let process = self.process
        let started = ContinuousClock.now
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                if process.isRunning {
                    process.terminate()
                    process.waitUntilExit()
                }
                continuation.resume()
            }
            thread.start()
        }
        return ContinuousClock.now - started
    }

    /// The server's exit status once it ended.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Kills the server with SIGKILL, as a crash would; the data directory stays for a restart.
    public func kill() {
        if process.isRunning {
            _ = Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// The server and the administrator's credentials, from the kubeconfig it wrote.
    public var clientConfiguration: ClientConfiguration {
        get throws { try ClientConfiguration.load(kubeconfig: kubeconfig) }
    }

    /// An HTTP transport to this server as its administrator.
    public func transport(requestTimeout: Duration = .seconds(60)) throws -> HTTPTransport {
        try clientConfiguration.transport(requestTimeout: requestTimeout)
    }

    /// An HTTP client of this server as its administrator.
    public func client() throws -> Client {
        Client(transport: try clientConfiguration.transport())
    }

    /// Writes a kubeconfig for `user` in `groups` with a client certificate the cluster CA
    /// signs (`skiff kubeconfig create`), and returns its path.
    public func kubeconfig(user: String, groups: [String] = [], binary: String) async throws -> String {
        let path = dataDirectory.appendingPathComponent("\(user.replacingOccurrences(of: ":", with: "_")).kubeconfig")
            .path
        let result = try await ChildProcess.run(
            [binary, "kubeconfig", "create", "--user", user, "--data-dir", dataDirectory.path, "-o", path]
                + groups.flatMap { ["--group", $0] })
        guard result.status == 0 else { throw StartFailure(description: "skiff kubeconfig create: \(result.output)") }
        return path
    }

    /// Runs kubectl against this server with a scratch HOME (and `input` on its standard input).
    public func kubectl(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        let home = dataDirectory.appendingPathComponent("home").path
        return try await ChildProcess.run(
            ["kubectl", "--kubeconfig", kubeconfig] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(["HOME": home]) { $1 }, input: input)
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }
}
