import Foundation
import Testing

@testable import ProcessRuntime

@Suite("Start validation")
struct StartValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var id = "c1"
        var command: [String]
        var environment = ["PATH": "/usr/bin:/bin"]
        var workingDirectory: String?
        var reason: String
        var message: String?
        var testDescription: String { "\(command) -> \(reason)" }
    }

    static let cases: [Case] = [
        Case(
            command: ["no-such-binary-xyz"], reason: "RunContainerError",
            message: "exec: \"no-such-binary-xyz\": executable file not found in $PATH"),
        Case(
            command: [], reason: "CreateContainerConfigError",
            message: "the container has no command: ProcessRuntime cannot use an image's entrypoint"),
        Case(
            command: ["sh", "-c", "true"], environment: ["PATH": "/nonexistent"], reason: "RunContainerError",
            message: "exec: \"sh\": executable file not found in $PATH"),
        Case(
            command: ["/nonexistent/tool"], reason: "RunContainerError",
            message: "exec: \"/nonexistent/tool\": stat /nonexistent/tool: no such file or directory"),
        Case(
            command: ["/etc/passwd"], reason: "RunContainerError",
            message: "exec: \"/etc/passwd\": permission denied"),
        Case(id: "Bad_Id", command: ["true"], reason: "CreateContainerConfigError"),
        Case(id: "", command: ["true"], reason: "CreateContainerConfigError"),
        Case(command: ["true"], workingDirectory: "/nonexistent-dir", reason: "CreateContainerError"),
    ]

    @Test("invalid specs fail before anything is spawned or recorded", arguments: cases)
    func rejected(_ testCase: Case) async throws {
        let harness = try Harness()
        let spec = ProcessSpec(
            id: testCase.id, command: testCase.command, environment: testCase.environment,
            workingDirectory: testCase.workingDirectory, logPath: harness.logPath("c1"))
        do {
            _ = try harness.supervisor.start(spec)
            Issue.record("start should have failed")
        } catch {
            #expect(error.reason == testCase.reason)
            if let message = testCase.message { #expect(error.message == message) }
        }
        #expect(harness.supervisor.records().isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory + "/containers")
        #expect(files.isEmpty)
        #expect(!FileIO.exists(harness.logPath("c1")))
        await harness.tearDown()
    }

    @Test("a relative command with a slash is resolved against the working directory")
    func relativeCommand() async throws {
        let harness = try Harness()
        let directory = harness.directory.path + "/bin"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = directory + "/hello.sh"
        try "#!/bin/sh\necho hello from script\n".write(toFile: script, atomically: true, encoding: .utf8)
        #expect(chmod(script, 0o755) == 0)
        _ = try harness.supervisor.start(harness.spec("rel", ["./hello.sh"], workingDirectory: directory))
        let exit = try #require(await harness.exits.waitForExit(of: "rel"))
        #expect(exit.exitCode == 0)
        #expect(harness.log("rel") == "hello from script\n")
        await harness.tearDown()
    }
}
