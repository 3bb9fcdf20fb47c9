import Foundation
import Glibc

/// A weak reference that lets the monitor thread run without keeping the supervisor alive.
final class WeakSupervisor: Sendable {
    weak let value: ProcessSupervisor?

    init(_ value: ProcessSupervisor) {
        self.value = value
    }
}

extension ProcessSupervisor {
    /// Whether a record's process is still there.
    enum Liveness: Equatable {
        case alive
        /// Gone; `waitStatus` is the shim's status when we could reap it.
        case gone(waitStatus: Int32?)
    }

    struct Watched {
        var id: String
        var pid: Int32
        var startTicks: UInt64
        var isChild: Bool
    }

    func startMonitor() {
        let reference = WeakSupervisor(self)
        let wake = self.wake
        let finished = monitorFinished
        let interval = pollInterval.dispatchInterval
        let thread = Thread {
            reference.value?.registerMonitorThread()
            while reference.value?.monitorPass() ?? false {
                _ = wake.wait(timeout: .now() + interval)
            }
            finished.signal()
        }
        thread.name = "skiff-process-monitor"
        thread.start()
    }

    private func registerMonitorThread() {
        state.withLock { $0.monitorThread = pthread_self() }
    }

    /// One poll: reports pending exits, then looks at every running record. Returns false once stopped.
    func monitorPass() -> Bool {
        let snapshot = state.withLock { state -> (stopped: Bool, pending: [ProcessRecord], watched: [Watched]) in
            if state.stopped { return (true, [], []) }
            let pending = state.pendingExits
            state.pendingExits = []
            let watched = state.entries.values.filter { $0.record.state == .running }.map {
                Watched(
                    id: $0.record.id, pid: $0.record.pid, startTicks: $0.record.processStartTicks,
                    isChild: $0.isChild)
            }
            return (false, pending, watched)
        }
        if snapshot.stopped { return false }
        var exited = snapshot.pending
        for item in snapshot.watched {
            guard
                case .gone(let waitStatus) = Self.liveness(
                    pid: item.pid, startTicks: item.startTicks, isChild: item.isChild)
            else { continue }
            let finished = state.withLock { state -> ProcessRecord? in
                guard var entry = state.entries[item.id], entry.record.state == .running,
                    entry.record.pid == item.pid
                else { return nil }
                entry.record = Self.exitedRecord(
                    entry.record, waitStatus: waitStatus, lastSignal: state.lastSignals[item.id], store: store)
                state.entries[item.id] = entry
                if let problem = store.save(entry.record) { FileIO.warn(problem) }
                return entry.record
            }
            if let finished { exited.append(finished) }
        }
        for record in exited { onExit(record) }
        return true
    }

    /// Checks a record's process. A child of ours is reaped; once the leader is dead, what is left of its group
    /// is killed (as a pod's processes die with its init), while the unreaped leader still holds the group id.
    static func liveness(pid: Int32, startTicks: UInt64, isChild: Bool) -> Liveness {
        let stat = ProcStat.read(pid: pid)
        let ours = isChild || stat?.startTicks == startTicks
        if isChild || (ours && stat?.isDead == true) {
            switch GroupReaper.reapIfExited(pid) {
            case .running:
                if isChild { return .alive }
            case .exited(let status):
                return .gone(waitStatus: status)
            case .notChild:
                break
            }
        }
        if ours, let stat {
            if !stat.isDead { return .alive }
            // A zombie someone else has to reap (e.g. an init that does not reap): its group id is still held.
            killpg(pid, SIGKILL)
        }
        return .gone(waitStatus: nil)
    }

    /// The record in its exited state, from the exit file, the wait status, the last signal and the cgroup.
    static func exitedRecord(_ record: ProcessRecord, waitStatus: Int32?, lastSignal: Int32?, store: RecordStore)
        -> ProcessRecord
    {
        let exitFile = store.readExitFile(record.id)
        let oomKilled = record.cgroupPath.map { ContainerCgroup.oomKills(at: $0) > 0 } ?? false
        let outcome = ExitClassifier.classify(
            exitFileCode: exitFile?.code, waitStatus: waitStatus, lastSignal: lastSignal, oomKilled: oomKilled)
        var exited = record
        exited.state = .exited
        // File times come from the kernel's coarse clock and can precede the precise start time by a tick.
        exited.finishedAt = max(exitFile?.writtenAt ?? FileIO.now(), record.startedAt)
        exited.exitCode = outcome.exitCode
        exited.signal = outcome.signal
        exited.reason = outcome.reason
        return exited
    }
}

extension Duration {
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
