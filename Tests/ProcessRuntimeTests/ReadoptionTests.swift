import Foundation
import Glibc
import Testing

@testable import ProcessRuntime

@Suite("Re-adoption after a restart")
struct ReadoptionTests {
    @Test("a running process is adopted by the next supervisor, once, and its exit learned from the exit file")
    func adoptRunning() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("keep", ["sleep", "30"]))
        #expect(await eventually { liveProcesses(inGroup: started.pid).contains { commandName($0) == "sleep" } })
        harness.supervisor.shutdown()
        #expect(ProcStat.read(pid: started.pid)?.isDead == false)

        let collector = ExitCollector()
        let second = try harness.reopen(collector)
        let adopted = try #require(second.record("keep"))
        #expect(adopted == started)
        #expect(second.records().count == 1)
        #expect(liveProcesses(inGroup: started.pid).filter { commandName($0) == "sleep" }.count == 1)

        try second.signal("keep", SIGTERM)
        let exit = try #require(await collector.waitForExit(of: "keep"))
        #expect(exit.pid == started.pid)
        #expect(exit.exitCode == 143)
        #expect(exit.signal == SIGTERM)
        #expect(exit.reason == "Error")
        #expect(FileIO.readString(harness.stateDirectory + "/containers/keep.exit") == "143\n")
        #expect(harness.exits.all().isEmpty)
        #expect(await eventually { liveProcesses(inGroup: started.pid).isEmpty })
        await harness.tearDown([second])
    }

    @Test("a live pid with a different start time is not ours: exited/Unknown and never signalled")
    func reusedPid() async throws {
        let harness = try Harness()
        let started = try harness.supervisor.start(harness.spec("stale", ["sleep", "30"]))
        harness.supervisor.shutdown()
        var forged = started
        forged.processStartTicks += 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(forged).write(to: URL(fileURLWithPath: harness.stateDirectory + "/containers/stale.json"))

        let collector = ExitCollector()
        let second = try harness.reopen(collector)
        let record = try #require(second.record("stale"))
        #expect(record.state == .exited)
        #expect(record.reason == "Unknown")
        #expect(record.exitCode == nil)
        let notified = try #require(await collector.waitForExit(of: "stale"))
        #expect(notified == record)
        try second.signal("stale", SIGKILL)
        try await Task.sleep(for: .milliseconds(200))
        let stat = try #require(ProcStat.read(pid: started.pid))
        #expect(!stat.isDead)
        #expect(stat.startTicks == started.processStartTicks)

        // Clean up the process by hand: it is our child (the first supervisor spawned it in this process).
        killpg(started.pid, SIGKILL)
        var status: Int32 = 0
        #expect(waitpid(started.pid, &status, 0) == started.pid)
        second.shutdown()
        await harness.tearDown()
    }

    struct DeadCase: Sendable {
        var exitFile: String?
        var exitCode: Int32?
        var reason: String
        var signal: Int32?
    }

    @Test(
        "records of processes that died while nobody watched are finished from their exit file",
        arguments: [
            DeadCase(exitFile: nil, exitCode: nil, reason: "Unknown"),
            DeadCase(exitFile: "0\n", exitCode: 0, reason: "Completed"),
            DeadCase(exitFile: "42\n", exitCode: 42, reason: "Error"),
            DeadCase(exitFile: "137\n", exitCode: 137, reason: "Error", signal: 9),
        ])
    func deadWhileAway(_ testCase: DeadCase) async throws {
        let directory = try TemporaryDirectory()
        let containers = directory.path + "/state/containers"
        try FileManager.default.createDirectory(atPath: containers, withIntermediateDirectories: true)
        let record = ProcessRecord(
            id: "gone", labels: ["app": "x"], pid: Int32.max, processStartTicks: 12345, state: .running,
            startedAt: 1, finishedAt: nil, exitCode: nil, reason: nil, signal: nil, limitsEnforced: false,
            cgroupPath: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(record).write(to: URL(fileURLWithPath: containers + "/gone.json"))
        if let exitFile = testCase.exitFile {
            try exitFile.write(toFile: containers + "/gone.exit", atomically: false, encoding: .utf8)
        }
        let collector = ExitCollector()
        let supervisor = try ProcessSupervisor(
            stateDirectory: directory.path + "/state", cgroupRoot: directory.path + "/none",
            pollInterval: .milliseconds(20), onExit: collector.handler)
        let exit = try #require(await collector.waitForExit(of: "gone"))
        #expect(exit.state == .exited)
        #expect(exit.exitCode == testCase.exitCode)
        #expect(exit.reason == testCase.reason)
        #expect(exit.signal == testCase.signal)
        #expect(exit.labels == ["app": "x"])
        let onDisk = try JSONDecoder().decode(
            ProcessRecord.self, from: Data(try #require(FileIO.readBytes(containers + "/gone.json"))))
        #expect(onDisk == exit)
        supervisor.shutdown()

        // A later supervisor keeps the exited record and does not report it again.
        let laterExits = ExitCollector()
        let later = try ProcessSupervisor(
            stateDirectory: directory.path + "/state", cgroupRoot: directory.path + "/none",
            pollInterval: .milliseconds(20), onExit: laterExits.handler)
        #expect(later.record("gone") == exit)
        _ = try later.start(ProcessSpec(id: "marker", command: ["true"], logPath: directory.path + "/m.log"))
        #expect(await laterExits.waitForExit(of: "marker") != nil)
        #expect(laterExits.all().map(\.id) == ["marker"])
        later.shutdown()
        directory.remove()
    }

    @Test(
        "a shim that is no longer our child (re-parented, as after kill -9 of the agent) is adopted",
        arguments: [
            (SIGTERM, Int32(143), "143\n"),
            (SIGKILL, Int32(137), nil),
        ])
    func adoptOrphan(signal: Int32, expectedCode: Int32, exitFile: String?) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let containers = directory.path + "/state/containers"
        try FileManager.default.createDirectory(atPath: containers, withIntermediateDirectories: true)
        let shim = directory.path + "/shim.sh"
        try ShimScript.text.write(toFile: shim, atomically: false, encoding: .utf8)
        // setsid makes the shim a group leader outside our process tree; its parent exits at once.
        let exitPath = containers + "/orphan.exit"
        let launched = try ProcessSupervisor(
            stateDirectory: directory.path + "/launcher", cgroupRoot: directory.path + "/none",
            onExit: { _ in }
        )
        let result = launched.exec(
            command: [
                "sh", "-c",
                "setsid sh '\(shim)' '\(exitPath)' - sleep 30 >/dev/null 2>&1 & p=$!; "
                    + "until [ \"$(cut -d' ' -f5 /proc/$p/stat)\" = $p ]; do sleep 0.01; done; echo $p",
            ],
            environment: ["PATH": "/usr/bin:/bin"], workingDirectory: nil, timeout: .seconds(10))
        launched.shutdown()
        let pid = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await eventually { liveProcesses(inGroup: pid).contains { commandName($0) == "sleep" } })
        let stat = try #require(ProcStat.read(pid: pid))
        #expect(stat.processGroup == pid)
        let record = ProcessRecord(
            id: "orphan", labels: [:], pid: pid, processStartTicks: stat.startTicks, state: .running,
            startedAt: FileIO.now(), finishedAt: nil, exitCode: nil, reason: nil, signal: nil, limitsEnforced: false,
            cgroupPath: nil)
        #expect(FileIO.writeAtomically(Array(try JSONEncoder().encode(record)), to: containers + "/orphan.json") == nil)

        let collector = ExitCollector()
        let supervisor = try ProcessSupervisor(
            stateDirectory: directory.path + "/state", cgroupRoot: directory.path + "/none",
            pollInterval: .milliseconds(20), onExit: collector.handler)
        #expect(supervisor.record("orphan") == record)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD)
        try supervisor.signal("orphan", signal)
        let exit = try #require(await collector.waitForExit(of: "orphan"))
        #expect(exit.exitCode == expectedCode)
        #expect(exit.signal == signal)
        #expect(exit.reason == "Error")
        #expect(FileIO.readString(exitPath) == exitFile)
        #expect(await eventually { liveProcesses(inGroup: pid).isEmpty })
        supervisor.shutdown()
    }
}
