import Foundation
import Glibc
import Synchronization
import Testing

@testable import ProcessRuntime

/// A fresh directory under /tmp, removed by ``remove()``.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/procsup-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil)
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Collects the records passed to `onExit`.
final class ExitCollector: Sendable {
    private let exits = Mutex<[ProcessRecord]>([])

    var handler: @Sendable (ProcessRecord) -> Void {
        { record in self.exits.withLock { $0.append(record) } }
    }

    func all() -> [ProcessRecord] {
        exits.withLock { $0 }
    }

    func exits(of id: String) -> [ProcessRecord] {
        all().filter { $0.id == id }
    }

    /// Polls until `onExit` reported `id`, for up to `timeout`.
    func waitForExit(of id: String, timeout: Duration = .seconds(15)) async -> ProcessRecord? {
        _ = await eventually(timeout: timeout) { !self.exits(of: id).isEmpty }
        return exits(of: id).first
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns its last value.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// Live (non-zombie) processes whose process group is `group`.
func liveProcesses(inGroup group: Int32) -> [Int32] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { Int32($0) }.filter { pid in
        guard let stat = ProcStat.read(pid: pid) else { return false }
        return stat.processGroup == group && !stat.isDead
    }
}

/// The command name (`comm`) of a process.
func commandName(_ pid: Int32) -> String? {
    FileIO.readString("/proc/\(pid)/comm")?.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A supervisor on its own temporary state directory, with no cgroup enforcement unless a root is given.
struct Harness: Sendable {
    let directory: TemporaryDirectory
    let exits: ExitCollector
    let supervisor: ProcessSupervisor

    var stateDirectory: String { directory.path + "/state" }

    init(cgroupRoot: String? = nil, selfCgroup: String = "0::/\n") throws {
        directory = try TemporaryDirectory()
        exits = ExitCollector()
        supervisor = try ProcessSupervisor(
            stateDirectory: directory.path + "/state",
            cgroupRoot: cgroupRoot ?? directory.path + "/no-cgroup",
            selfCgroup: selfCgroup,
            pollInterval: .milliseconds(20),
            onExit: exits.handler
        )
    }

    /// Another supervisor on the same state directory (a restart).
    func reopen(_ collector: ExitCollector) throws -> ProcessSupervisor {
        try ProcessSupervisor(
            stateDirectory: stateDirectory,
            cgroupRoot: directory.path + "/no-cgroup",
            selfCgroup: "0::/\n",
            pollInterval: .milliseconds(20),
            onExit: collector.handler
        )
    }

    func logPath(_ id: String) -> String {
        directory.path + "/logs/\(id).log"
    }

    func spec(
        _ id: String,
        _ command: [String],
        environment: [String: String] = ["PATH": "/usr/bin:/bin"],
        workingDirectory: String? = nil
    ) -> ProcessSpec {
        ProcessSpec(
            id: id, command: command, environment: environment, workingDirectory: workingDirectory,
            logPath: logPath(id))
    }

    func log(_ id: String) -> String {
        FileIO.readString(logPath(id)) ?? ""
    }

    /// Kills whatever is still running, stops the supervisor and deletes the directory.
    func tearDown(_ others: [ProcessSupervisor] = []) async {
        for supervisor in [supervisor] + others where !supervisor.isShutDown {
            for record in supervisor.records() where record.state == .running {
                try? supervisor.signal(record.id, SIGKILL)
            }
            _ = await eventually(timeout: .seconds(5)) {
                supervisor.records().allSatisfy { $0.state == .exited }
            }
            supervisor.shutdown()
        }
        directory.remove()
    }
}
