import Foundation
import Glibc
import Synchronization

/// Runs containers as host processes, records them durably in a state directory, reports their exits and
/// re-adopts still-running processes after the supervising process restarts.
///
/// Each container is a process group led by a small sh shim (see ``ShimScript``) that writes the command's exit
/// status to `<state>/containers/<id>.exit`. Processes outlive the supervisor; a new supervisor on the same state
/// directory finds them again by pid and start time, so a reused pid is never mistaken for a container.
public final class ProcessSupervisor: Sendable {
    struct Entry: Sendable {
        var record: ProcessRecord
        /// Spawned by this supervisor, hence reapable with `waitpid`.
        var isChild: Bool
    }

    struct State: Sendable {
        var entries: [String: Entry] = [:]
        var starting: Set<String> = []
        var lastSignals: [String: Int32] = [:]
        var pendingExits: [ProcessRecord] = []
        var stopped = false
        var monitorThread: pthread_t?
    }

    let state: Mutex<State>
    let store: RecordStore
    let stateDirectory: String
    let workDirectory: String
    let cgroupSupport: CgroupSupport
    let pollInterval: Duration
    let onExit: @Sendable (ProcessRecord) -> Void
    let wake = DispatchSemaphore(value: 0)
    let monitorFinished = DispatchSemaphore(value: 0)

    /// Whether CPU and memory limits are enforced, decided once when the supervisor opens.
    public var cgroups: CgroupSupport { cgroupSupport }

    /// Opens (creates) the state directory, loads every record and re-adopts running processes.
    ///
    /// A running record whose pid is alive with the same start time stays running and is monitored; otherwise it
    /// becomes exited with the status of the shim's exit file, or reason "Unknown". `onExit` is called from the
    /// monitor thread, never under a lock, once per record that goes from running to exited (including those found
    /// exited here), after the exited record has been persisted.
    public convenience init(
        stateDirectory: String,
        cgroupRoot: String = "/sys/fs/cgroup",
        pollInterval: Duration = .milliseconds(100),
        onExit: @escaping @Sendable (ProcessRecord) -> Void
    ) throws(SupervisorError) {
        try self.init(
            stateDirectory: stateDirectory,
            cgroupRoot: cgroupRoot,
            selfCgroup: FileIO.readString("/proc/self/cgroup") ?? "",
            pollInterval: pollInterval,
            onExit: onExit
        )
    }

    /// The designated initializer; `selfCgroup` stands for the text of `/proc/self/cgroup`.
    init(
        stateDirectory: String,
        cgroupRoot: String,
        selfCgroup: String,
        pollInterval: Duration,
        onExit: @escaping @Sendable (ProcessRecord) -> Void
    ) throws(SupervisorError) {
        let root = FileIO.absolutePath(stateDirectory)
        let store = RecordStore(directory: root + "/containers")
        let work = root + "/work"
        for directory in [store.directory, work] {
            if let code = FileIO.makeDirectories(directory) {
                throw SupervisorError(
                    reason: "StateDirectoryError",
                    message: "cannot create \(directory): \(FileIO.errorText(code))"
                )
            }
        }
        self.stateDirectory = root
        self.store = store
        self.workDirectory = work
        self.cgroupSupport = CgroupDetector.detect(root: cgroupRoot, selfCgroup: selfCgroup)
        self.pollInterval = pollInterval
        self.onExit = onExit
        var initial = State()
        for record in store.loadAll() {
            guard record.state == .running else {
                initial.entries[record.id] = Entry(record: record, isChild: false)
                continue
            }
            switch Self.liveness(pid: record.pid, startTicks: record.processStartTicks, isChild: false) {
            case .alive:
                initial.entries[record.id] = Entry(record: record, isChild: false)
            case .gone(let waitStatus):
                let exited = Self.exitedRecord(record, waitStatus: waitStatus, lastSignal: nil, store: store)
                if let problem = store.save(exited) { FileIO.warn(problem) }
                initial.entries[record.id] = Entry(record: exited, isChild: false)
                initial.pendingExits.append(exited)
            }
        }
        self.state = Mutex(initial)
        startMonitor()
    }

    deinit {
        wake.signal()
    }

    /// Spawns the container process and durably records it before returning.
    ///
    /// Throws "CreateContainerConfigError" for an invalid spec (empty command, bad id), "RunContainerError" when
    /// the executable cannot be found, "CreateContainerError" when the log, working directory or cgroup cannot be
    /// prepared, and "InvalidState" when a record with this id already exists.
    public func start(_ spec: ProcessSpec) throws(SupervisorError) -> ProcessRecord {
        try Self.validate(spec)
        let directory = spec.workingDirectory ?? workDirectory
        if spec.workingDirectory == nil { _ = FileIO.makeDirectories(directory) }
        guard FileIO.isDirectory(directory) else {
            throw .createContainer("the working directory \"\(directory)\" does not exist or is not a directory")
        }
        let executable = try CommandResolver.resolve(
            spec.command, environment: spec.environment, workingDirectory: directory)
        try state.withLock { (state: inout State) throws(SupervisorError) in
            if state.stopped { throw .invalidState("the supervisor has been shut down") }
            if state.entries[spec.id] != nil || state.starting.contains(spec.id) {
                throw .invalidState("container \"\(spec.id)\" already exists")
            }
            state.starting.insert(spec.id)
        }
        do {
            let record = try launch(spec, executable: executable, workingDirectory: directory)
            state.withLock { state in
                state.starting.remove(spec.id)
                state.entries[spec.id] = Entry(record: record, isChild: true)
            }
            return record
        } catch {
            state.withLock { _ = $0.starting.remove(spec.id) }
            throw error
        }
    }

    /// Sends `signal` to the process group of a running container (`killpg`).
    ///
    /// Throws "NotFound" for an unknown id; does nothing for an exited container or one whose process is already
    /// gone (the monitor reports it shortly).
    public func signal(_ id: String, _ signal: Int32) throws(SupervisorError) {
        try state.withLock { (state: inout State) throws(SupervisorError) in
            guard let entry = state.entries[id] else { throw .notFound(id) }
            guard entry.record.state == .running else { return }
            let pid = entry.record.pid
            // Make sure the pid is still ours (an adopted process may be gone and its pid reused). An unreaped
            // child of ours may be a zombie whose group still has members: those are signalled.
            guard let stat = ProcStat.read(pid: pid), stat.startTicks == entry.record.processStartTicks,
                entry.isChild || !stat.isDead
            else { return }
            state.lastSignals[id] = signal
            if killpg(pid, signal) != 0 {
                let code = errno
                if code == ESRCH { return }
                throw SupervisorError(
                    reason: "KillContainerError",
                    message: "cannot send signal \(signal) to container \"\(id)\": \(FileIO.errorText(code))"
                )
            }
        }
    }

    /// Removes an exited container's record, exit file and cgroup. "InvalidState" if it is still running.
    public func remove(_ id: String) throws(SupervisorError) {
        try state.withLock { (state: inout State) throws(SupervisorError) in
            guard let entry = state.entries[id] else { throw .notFound(id) }
            guard entry.record.state == .exited else {
                throw .invalidState("container \"\(id)\" is still running")
            }
            if let problem = store.delete(id) {
                throw SupervisorError(reason: "StateDirectoryError", message: problem)
            }
            if let path = entry.record.cgroupPath { ContainerCgroup.remove(path) }
            state.entries[id] = nil
            state.lastSignals[id] = nil
        }
    }

    /// The record of a container, or nil if there is none.
    public func record(_ id: String) -> ProcessRecord? {
        state.withLock { $0.entries[id]?.record }
    }

    /// Every record, sorted by id.
    public func records() -> [ProcessRecord] {
        state.withLock { state in state.entries.values.map(\.record) }.sorted { $0.id < $1.id }
    }

    /// Whether ``shutdown()`` has been called.
    var isShutDown: Bool {
        state.withLock { $0.stopped }
    }

    /// Stops the monitor thread and waits for it (unless called from `onExit`). Does not signal any process.
    public func shutdown() {
        let (alreadyStopped, monitorThread) = state.withLock { state in
            let previous = state.stopped
            state.stopped = true
            return (previous, state.monitorThread)
        }
        wake.signal()
        if alreadyStopped { return }
        if let monitorThread, pthread_equal(monitorThread, pthread_self()) != 0 { return }
        monitorFinished.wait()
    }

    // MARK: - Starting

    static func validate(_ spec: ProcessSpec) throws(SupervisorError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !spec.id.isEmpty, spec.id.count <= 253, spec.id.allSatisfy({ allowed.contains($0) }) else {
            throw .config("invalid container id \"\(spec.id)\": use 1 to 253 characters of [a-z0-9-]")
        }
        if spec.command.isEmpty {
            throw .config("the container has no command: ProcessRuntime cannot use an image's entrypoint")
        }
        for name in spec.environment.keys where name.isEmpty || name.contains("=") || name.contains("\0") {
            throw .config("invalid environment variable name \"\(name)\"")
        }
        if let millis = spec.cpuLimitMillis, millis <= 0 {
            throw .config("invalid CPU limit \(millis)m")
        }
        if let bytes = spec.memoryLimitBytes, bytes <= 0 {
            throw .config("invalid memory limit \(bytes)")
        }
    }

    private func launch(_ spec: ProcessSpec, executable: String, workingDirectory: String)
        throws(SupervisorError) -> ProcessRecord
    {
        store.removeExitFiles(spec.id)
        var cgroupPath: String?
        if case .enforced(let root) = cgroupSupport {
            cgroupPath = try ContainerCgroup.create(
                root: root, id: spec.id, cpuMillis: spec.cpuLimitMillis, memoryBytes: spec.memoryLimitBytes)
        }
        func cleanUp() {
            if let cgroupPath { ContainerCgroup.remove(cgroupPath) }
        }
        let logDirectory = FileIO.parentDirectory(spec.logPath)
        if let code = FileIO.makeDirectories(logDirectory) {
            cleanUp()
            throw .createContainer("cannot create the log directory \(logDirectory): \(FileIO.errorText(code))")
        }
        let log = open(spec.logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            let code = errno
            cleanUp()
            throw .createContainer("cannot open the log file \(spec.logPath): \(FileIO.errorText(code))")
        }
        defer { close(log) }
        let arguments =
            [
                "sh", "-c", ShimScript.text, "sh", store.exitFilePath(spec.id),
                cgroupPath.map { $0 + "/cgroup.procs" } ?? "-", executable,
            ] + spec.command.dropFirst()
        let startedAt = FileIO.now()
        let pid: pid_t
        do {
            pid = try Spawner.spawn(
                executable: "/bin/sh",
                arguments: arguments,
                environment: spec.environment,
                workingDirectory: workingDirectory,
                outputFD: log
            )
        } catch {
            cleanUp()
            throw SupervisorError(reason: "RunContainerError", message: "cannot start the container: \(error.message)")
        }
        let record = ProcessRecord(
            id: spec.id,
            labels: spec.labels,
            pid: pid,
            processStartTicks: ProcStat.read(pid: pid)?.startTicks ?? 0,
            state: .running,
            startedAt: startedAt,
            finishedAt: nil,
            exitCode: nil,
            reason: nil,
            signal: nil,
            limitsEnforced: cgroupPath != nil,
            cgroupPath: cgroupPath
        )
        if let problem = store.save(record) {
            // Without a durable record the process could never be found again: do not leave it running.
            killpg(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            store.removeExitFiles(spec.id)
            cleanUp()
            throw .createContainer("cannot record the container: \(problem)")
        }
        return record
    }
}
