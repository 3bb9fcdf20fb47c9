import Foundation
import SkiffTestSupport
import Testing

@testable import ProcessRuntime

@Suite("Exec")
struct ExecTests {
    @Test(
        "exit codes and output",
        arguments: [
            (["sh", "-c", "exit 7"], Int32(7), ""),
            (["sh", "-c", "echo out; echo err >&2"], Int32(0), "out\nerr\n"),
            (["true"], Int32(0), ""),
            (["sh", "-c", "kill -9 $$"], Int32(137), ""),
            (["no-such-binary-xyz"], Int32(127), "exec: \"no-such-binary-xyz\": executable file not found in $PATH"),
            ([], Int32(-1), "the container has no command: ProcessRuntime cannot use an image's entrypoint"),
        ])
    func results(command: [String], exitCode: Int32, output: String) async throws {
        let harness = try Harness()
        let result = harness.supervisor.exec(
            command: command, environment: ["PATH": "/usr/bin:/bin"], workingDirectory: nil, timeout: .seconds(20))
        #expect(result == ExecResult(exitCode: exitCode, output: output, timedOut: false))
        await harness.tearDown()
    }

    @Test("environment and working directory")
    func environment() async throws {
        let harness = try Harness()
        let result = harness.supervisor.exec(
            command: ["sh", "-c", "echo $FOO ${HOME-nohome}; pwd"], environment: ["FOO": "x"],
            workingDirectory: "/tmp", timeout: .seconds(20))
        #expect(result == ExecResult(exitCode: 0, output: "x nohome\n/tmp\n", timedOut: false))
        await harness.tearDown()
    }

    @Test("output is capped at 10 KiB")
    func outputCap() async throws {
        let harness = try Harness()
        let result = harness.supervisor.exec(
            command: ["sh", "-c", "head -c 50000 /dev/zero | tr '\\0' a"], environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: nil, timeout: .seconds(20))
        #expect(result.exitCode == 0)
        #expect(result.output.utf8.count == 10 * 1024)
        #expect(result.output.allSatisfy { $0 == "a" })
        await harness.tearDown()
    }

    @Test("a command outliving its timeout is killed with its group")
    func timeout() async throws {
        let harness = try Harness()
        let clock = ContinuousClock()
        let began = clock.now
        // Off the cooperative pool: exec blocks its thread until the timeout.
        let result = try await offPool {
            harness.supervisor.exec(
                command: ["sh", "-c", "echo started; sleep 30 & sleep 30"], environment: ["PATH": "/usr/bin:/bin"],
                workingDirectory: nil, timeout: .seconds(2))
        }
        let elapsed = clock.now - began
        #expect(result.timedOut)
        #expect(result.exitCode == -1)
        #expect(result.output == "started\n")
        #expect(elapsed >= .seconds(2))
        // Killed at the timeout, not after the commands' 30 s.
        #expect(elapsed < .seconds(20))
        await harness.tearDown()
    }

    @Test("a command that exits while a descendant keeps the pipe open returns promptly; the descendant is killed")
    func descendantHoldsPipe() async throws {
        let harness = try Harness()
        let clock = ContinuousClock()
        let began = clock.now
        let result = try await offPool {
            harness.supervisor.exec(
                command: ["sh", "-c", "sleep 30 & echo $!"], environment: ["PATH": "/usr/bin:/bin"],
                workingDirectory: nil, timeout: .seconds(60))
        }
        // Returned when sh exited, not when the descendant's 30 s ended.
        #expect(clock.now - began < .seconds(20))
        #expect(result.exitCode == 0)
        #expect(!result.timedOut)
        let leftover = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await eventually { ProcStat.read(pid: leftover)?.isDead ?? true })
        await harness.tearDown()
    }
}
