import Foundation
import SkiffTestSupport
import Testing

/// A real `skiff server` child process on a free port, with a scratch data directory, and helpers
/// to run kubectl, Python and raw HTTP against it.
final class ServerProcess: @unchecked Sendable {
    /// The `skiff` executable built beside the test bundle.
    static var skiffBinary: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("skiff").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("skiff").path
    }

    let directory: URL
    let process: Process
    let url: String
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    private let output: Pipe

    /// Starts a server; waits until it prints its address.
    init(extraArguments: [String] = [], directory: URL? = nil) throws {
        self.directory = try directory ?? ScratchDirectory.make(prefix: "skiff-api")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.skiffBinary)
        // The API server alone: these tests pin its semantics, with no controller writing.
        process.arguments =
            [
                "server", "--data-dir", self.directory.path, "--listen", "127.0.0.1:0", "--log-level", "warning",
                "--no-builtin-plugins",
            ]
            + extraArguments
        output = Pipe()
        process.standardOutput = output
        let errorLog = self.directory.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "serving the Kubernetes API at "),
                let end = text[range.upperBound...].firstIndex(of: ";")
            {
                found = String(text[range.upperBound..<end])
            }
        }
        guard let found else {
            process.terminate()
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw TestFailure("the server did not start: \(String(decoding: buffer, as: UTF8.self)) \(log)")
        }
        url = found
        CurlCredentials.register(url: found, pki: self.directory.appendingPathComponent("pki"))
    }

    /// Stops the server without waiting: the wait (and the SIGKILL after 15 s) happens on a
    /// thread of its own, so that a server released at the end of an async test holds no thread of
    /// the cooperative pool. Call ``stop()`` to wait, before reusing the data directory.
    deinit {
        let process = self.process
        guard process.isRunning else { return }
        process.terminate()
        Thread {
            let deadline = ContinuousClock.now + .seconds(15)
            while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }.start()
    }

    /// Stops the server with SIGTERM and waits for it; SIGKILL after 15 s, so that a server that
    /// does not stop cannot hang the test run (the tests that check shutdown time it themselves).
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Kills the server with SIGKILL.
    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The result of a command.
    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion with input.
    static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + (executable == "curl" ? CurlCredentials.arguments(arguments) : arguments)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs kubectl (the given binary) against this server.
    func kubectl(_ arguments: [String], input: String? = nil, binary: String = "kubectl") throws -> CommandResult {
        let home = directory.appendingPathComponent("home").path
        return try Self.run(
            binary, ["--kubeconfig", kubeconfig] + arguments, input: input,
            environment: ["HOME": home, "KUBECACHEDIR": home + "/cache"])
    }

    /// Runs a Python script with `SKIFF_KUBECONFIG` set.
    func python(_ script: String) throws -> CommandResult {
        try Self.run("python3", ["-c", script], environment: ["SKIFF_KUBECONFIG": kubeconfig])
    }

    /// A raw HTTP request with curl: the status code and the body.
    func http(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        headers: [String] = []
    ) throws -> (code: Int, body: String) {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, url + path]
        for header in headers { arguments += ["-H", header] }
        if body != nil { arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
        let result = try Self.run("curl", arguments, input: body)
        let text = result.stdout
        guard let split = text.lastIndex(of: "\n"), let code = Int(text[text.index(after: split)...]) else {
            throw TestFailure("curl failed: \(result.stderr)")
        }
        return (code, String(text[..<split]))
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses JSON text into a dictionary-like value for assertions.
func json(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw TestFailure("not a JSON object: \(text.prefix(200))")
    }
    return object
}
