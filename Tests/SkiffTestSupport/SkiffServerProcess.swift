import Foundation

/// A real `skiff server` child process on a free port, started without blocking the cooperative
/// pool; stopped with SIGTERM by ``stop()`` (or when released).
public final class SkiffServerProcess: @unchecked Sendable {
    /// The server's URL, `http://127.0.0.1:PORT`.
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

    /// Starts `binary server` on a scratch data directory with extra arguments; waits until it
    /// prints its address.
    public static func start(binary: String, arguments: [String] = []) async throws -> SkiffServerProcess {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["server", "--data-dir", data.path, "--listen", "127.0.0.1:0", "--log-level", "warning"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = await ChildProcess.read(output, until: "kubeconfig:")
        guard let start = text.range(of: "at "), let end = text.range(of: ";") else {
            process.terminate()
            throw StartFailure(description: "skiff server did not start: \(text)")
        }
        return SkiffServerProcess(
            url: String(text[start.upperBound..<end.lowerBound]), dataDirectory: data, process: process)
    }

    /// Stops the server (SIGTERM) and removes its data directory.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Kills the server with SIGKILL, as a crash would.
    public func kill() {
        if process.isRunning {
            _ = Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

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
