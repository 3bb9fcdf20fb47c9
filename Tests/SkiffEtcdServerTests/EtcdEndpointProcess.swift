import Foundation
import SkiffTestSupport
import Testing

/// A real `skiff store serve` child process on a free port, driven with Debian's `etcdctl`.
final class EtcdEndpointProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    let url: String
    let dataDirectory: URL
    private let process: Process

    private init(url: String, dataDirectory: URL, process: Process) {
        self.url = url
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// The port of ``url``.
    var port: Int { Int(url.split(separator: ":").last!)! }

    /// Starts `skiff store serve` on a scratch data directory (or `dataDirectory`, to restart);
    /// `niceness` (negative: ahead of everything else) runs it under `nice`.
    static func start(
        dataDirectory: URL? = nil, arguments: [String] = [], niceness: Int? = nil
    ) async throws -> EtcdEndpointProcess {
        let data =
            dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("skiff-etcd-\(UUID().uuidString)")
        let process = Process()
        let command =
            [
                TestBuild.skiff, "store", "serve", "--data-dir", data.path, "--listen", "127.0.0.1:0", "--log-level",
                "warning",
            ]
            + arguments
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = niceness.map { ["nice", "-n", "\($0)"] + command } ?? command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = await ChildProcess.read(output, until: "\n")
        guard let start = text.range(of: "API at ") else {
            process.terminate()
            throw EndpointStartFailure(description: "skiff store serve did not start: \(text)")
        }
        let url = text[start.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        return EtcdEndpointProcess(url: url, dataDirectory: data, process: process)
    }

    /// Runs `etcdctl --endpoints URL ARGUMENTS` (API v3) with `input` on its standard input.
    func etcdctl(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        try await Self.etcdctl(endpoint: url, arguments, input: input)
    }

    /// Runs `etcdctl` against `endpoint`; `timeout` ends a command that would not stop by itself
    /// (a watch).
    static func etcdctl(
        endpoint: String, _ arguments: [String], input: String? = nil, timeout: Int? = nil, niceness: Int? = nil
    ) async throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["ETCDCTL_API"] = "3"
        var command = ["etcdctl", "--endpoints", endpoint] + arguments
        if let niceness { command = ["nice", "-n", "\(niceness)"] + command }
        if let timeout { command = ["timeout", "\(timeout)"] + command }
        return try await ChildProcess.run(command, environment: environment, input: input)
    }

    /// Runs `etcdctl watch ARGUMENTS` until its output contains `marker` (60 s at most), stops it
    /// and returns what it printed: no fixed time for it to start, connect and print.
    static func watch(endpoint: String, _ arguments: [String], until marker: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "60", "etcdctl", "--endpoints", endpoint, "watch"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ETCDCTL_API"] = "3"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = await ChildProcess.read(output, until: marker)
        if process.isRunning { process.terminate() }  // `timeout` passes SIGTERM on to etcdctl.
        return text
    }

    /// Sends SIGKILL and waits (on a thread of its own) until the process is gone.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    /// Sends SIGTERM, waits for the exit and returns the exit status.
    func stop() async -> Int32 {
        process.terminate()
        await waitForExit()
        return process.terminationStatus
    }

    private func waitForExit() async {
        let process = self.process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                process.waitUntilExit()
                continuation.resume()
            }.start()
        }
    }

    /// Removes the data directory.
    func removeData() {
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// `skiff store serve` printed no address.
struct EndpointStartFailure: Error, CustomStringConvertible {
    var description: String
}
