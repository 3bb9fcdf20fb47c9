import Foundation
import Glibc
import Testing

@testable import ProcessRuntime

@Suite("Process lifecycle")
struct LifecycleTests {
    @Test("a failing command reports its exit code and its output lands in the log")
    func exitCodeAndLog() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(
            harness.spec("fail", ["sh", "-c", "echo hello; echo err >&2; exit 3"]))
        #expect(started.state == .running)
        #expect(started.pid > 0)
        #expect(started.processStartTicks > 0)
        #expect(started.limitsEnforced == false)
        #expect(started.cgroupPath == nil)
        let exit = try #require(await harness.exits.waitForExit(of: "fail"))
        #expect(exit.state == .exited)
        #expect(exit.exitCode == 3)
        #expect(exit.reason == "Error")
        #expect(exit.signal == nil)
        #expect(exit.finishedAt.map { $0 >= exit.startedAt } == true)
        #expect(harness.log("fail") == "hello\nerr\n")
        #expect(harness.supervisor.record("fail") == exit)
        let onDisk = try #require(FileIO.readBytes(harness.stateDirectory + "/containers/fail.json"))
        #expect(try JSONDecoder().decode(ProcessRecord.self, from: Data(onDisk)) == exit)
        #expect(harness.exits.exits(of: "fail").count == 1)
        await harness.tearDown()
    }

    @Test("exit 0 is Completed; environment and working directory are applied")
    func completedWithEnvironment() async throws {
        let harness = try Harness()
        let directory = harness.directory.path + "/wd"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try harness.supervisor.start(
            harness.spec(
                "env", ["sh", "-c", "echo $FOO; pwd"],
                environment: ["PATH": "/usr/bin:/bin", "FOO": "bar baz"], workingDirectory: directory))
        let exit = try #require(await harness.exits.waitForExit(of: "env"))
        #expect(exit.exitCode == 0)
        #expect(exit.reason == "Completed")
        #expect(harness.log("env") == "bar baz\n\(directory)\n")
        await harness.tearDown()
    }

    @Test(
        "nothing is inherited from the supervisor's environment",
        arguments: [
            ([String: String](), "HOME=unset USER=unset"),
            (["HOME": "/custom"], "HOME=/custom USER=unset"),
        ])
    func nothingInherited(environment: [String: String], expected: String) async throws {
        let harness = try Harness()
        _ = try harness.supervisor.start(
            harness.spec(
                "inherit", ["sh", "-c", "echo \"HOME=${HOME-unset} USER=${USER-unset}\""], environment: environment))
        let exit = try #require(await harness.exits.waitForExit(of: "inherit"))
        #expect(exit.reason == "Completed")
        #expect(harness.log("inherit") == expected + "\n")
        await harness.tearDown()
    }

    @Test("the default working directory is the state directory's work subdirectory")
    func defaultWorkingDirectory() async throws {
        let harness = try Harness()
        _ = try harness.supervisor.start(harness.spec("pwd", ["pwd"]))
        _ = try #require(await harness.exits.waitForExit(of: "pwd"))
        #expect(harness.log("pwd") == harness.stateDirectory + "/work\n")
        await harness.tearDown()
    }

    @Test(
        "signals end the process group with Kubernetes exit codes",
        arguments: [
            (["sleep", "30"], SIGTERM, Int32(143)),
            (["sleep", "30"], SIGKILL, Int32(137)),
            (["sh", "-c", "sleep 30"], SIGTERM, Int32(143)),
            (["sh", "-c", "sleep 30; echo unreachable"], SIGKILL, Int32(137)),
        ])
    func signals(command: [String], signal: Int32, expectedCode: Int32) async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("sig", command))
        // Wait until the command runs in the group, next to the shim.
        #expect(await eventually { liveProcesses(inGroup: started.pid).contains { commandName($0) == "sleep" } })
        try harness.supervisor.signal("sig", signal)
        let exit = try #require(await harness.exits.waitForExit(of: "sig"))
        #expect(exit.exitCode == expectedCode)
        #expect(exit.signal == signal)
        #expect(exit.reason == "Error")
        #expect(await eventually { liveProcesses(inGroup: started.pid).isEmpty })
        await harness.tearDown()
    }

    @Test("a command that traps TERM gets it and exits cleanly")
    func trappedTerm() async throws {
        let harness = try Harness()
        _ = try harness.supervisor.start(
            harness.spec(
                "trap", ["sh", "-c", "trap \"echo bye; exit 0\" TERM; echo ready; while :; do sleep 0.1; done"]))
        #expect(await eventually { harness.log("trap").contains("ready") })
        try harness.supervisor.signal("trap", SIGTERM)
        let exit = try #require(await harness.exits.waitForExit(of: "trap"))
        #expect(exit.exitCode == 0)
        #expect(exit.reason == "Completed")
        #expect(exit.signal == nil)
        #expect(harness.log("trap").contains("bye"))
        await harness.tearDown()
    }

    @Test("SIGKILL reaches every process of the group")
    func processGroupKill() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("group", ["sh", "-c", "sleep 30 & sleep 30; wait"]))
        #expect(
            await eventually {
                liveProcesses(inGroup: started.pid).filter { commandName($0) == "sleep" }.count == 2
            })
        #expect(getpgid(started.pid) == started.pid)
        try harness.supervisor.signal("group", SIGKILL)
        let exit = try #require(await harness.exits.waitForExit(of: "group"))
        #expect(exit.exitCode == 137)
        #expect(exit.signal == SIGKILL)
        #expect(await eventually { liveProcesses(inGroup: started.pid).isEmpty })
        await harness.tearDown()
    }

    @Test("processes left behind by a command that exits are killed with its group")
    func leftoversKilled() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("orphans", ["sh", "-c", "sleep 30 & echo started"]))
        let exit = try #require(await harness.exits.waitForExit(of: "orphans"))
        #expect(exit.exitCode == 0)
        #expect(harness.log("orphans") == "started\n")
        #expect(await eventually { liveProcesses(inGroup: started.pid).isEmpty })
        await harness.tearDown()
    }

    @Test("signal: unknown id is NotFound, an exited container is a no-op")
    func signalStates() async throws {
        let harness = try Harness()
        #expect(throws: SupervisorError.self) { try harness.supervisor.signal("nope", SIGTERM) }
        do {
            try harness.supervisor.signal("nope", SIGTERM)
        } catch {
            #expect(error.reason == "NotFound")
        }
        _ = try harness.supervisor.start(harness.spec("quick", ["true"]))
        _ = try #require(await harness.exits.waitForExit(of: "quick"))
        try harness.supervisor.signal("quick", SIGKILL)
        #expect(harness.supervisor.record("quick")?.exitCode == 0)
        await harness.tearDown()
    }

    @Test("remove: running is InvalidState, exited is deleted from memory and disk, unknown is NotFound")
    func remove() async throws {
        let harness = try Harness()
        let containers = harness.stateDirectory + "/containers"
        _ = try harness.supervisor.start(harness.spec("long", ["sleep", "30"]))
        _ = try harness.supervisor.start(harness.spec("short", ["sh", "-c", "exit 1"]))
        #expect(harness.supervisor.records().map(\.id) == ["long", "short"])
        #expect(throws: SupervisorError.invalidState("container \"long\" is still running")) {
            try harness.supervisor.remove("long")
        }
        _ = try #require(await harness.exits.waitForExit(of: "short"))
        #expect(FileIO.exists(containers + "/short.exit"))
        try harness.supervisor.remove("short")
        #expect(harness.supervisor.record("short") == nil)
        #expect(harness.supervisor.records().map(\.id) == ["long"])
        #expect(!FileIO.exists(containers + "/short.json"))
        #expect(!FileIO.exists(containers + "/short.exit"))
        #expect(throws: SupervisorError.notFound("short")) { try harness.supervisor.remove("short") }
        // The id can be used again once removed.
        _ = try harness.supervisor.start(harness.spec("short", ["true"]))
        #expect(await harness.exits.waitForExit(of: "short") != nil)
        await harness.tearDown()
    }

    @Test("starting an id that has a record is InvalidState")
    func duplicateStart() async throws {
        let harness = try Harness()
        let first = try harness.supervisor.start(harness.spec("dup", ["sleep", "30"]))
        #expect(throws: SupervisorError.invalidState("container \"dup\" already exists")) {
            _ = try harness.supervisor.start(harness.spec("dup", ["sleep", "30"]))
        }
        #expect(liveProcesses(inGroup: first.pid).count >= 1)
        await harness.tearDown()
    }

    @Test("the command starts with only stdio open, no blocked signals, in the shim's process group")
    func cleanProcessState() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("clean", ["sleep", "30"]))
        var sleeper: Int32?
        #expect(
            await eventually {
                sleeper = liveProcesses(inGroup: started.pid).first { commandName($0) == "sleep" }
                return sleeper != nil
            })
        let pid = try #require(sleeper)
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").sorted()
        #expect(fds == ["0", "1", "2"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/0") == "/dev/null")
        let stdout = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/1")
        #expect(stdout == harness.logPath("clean"))
        let status = FileIO.readString("/proc/\(pid)/status") ?? ""
        #expect(status.contains("SigBlk:\t0000000000000000\n"))
        // Only SIGINT and SIGQUIT are ignored: sh ignores them for background jobs.
        #expect(status.contains("SigIgn:\t0000000000000006\n"))
        // sh exports PWD; nothing else is added.
        let environment = FileIO.readString("/proc/\(pid)/environ")
        #expect(environment == "PATH=/usr/bin:/bin\0PWD=\(harness.stateDirectory)/work\0")
        await harness.tearDown()
    }
}
