import Dispatch
import Foundation
import Logging
import SkiffAPI
import SkiffPluginHost
import SkiffPluginKit
import Synchronization

/// Runs the startup, readiness and liveness probes of running containers (exec through the
/// runtime; httpGet and tcpSocket from the agent to the pod's address) on their periods, and tells
/// the agent when a result changes. One scheduling thread keeps the due times; probes run on a
/// bounded set of dispatch threads, since an exec or a connect may block for its timeout.
final class ProbeManager: Sendable {
    /// One probe of one container.
    private struct Worker {
        var podKey: String
        var recordID: String
        var probe: Probe
        var tracker: ProbeTracker
        var container: Container
        var podIP: String
        var due: ContinuousClock.Instant
        var running = false
    }

    private struct State {
        var workers: [WorkerKey: Worker] = [:]
        var stopped = false
    }

    private struct WorkerKey: Hashable {
        var recordID: String
        var kind: ProbeTracker.Kind
    }

    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)
    private let slots = DispatchSemaphore(value: 8)
    /// The scheduling thread and the probes running.
    private let inFlight = DispatchGroup()
    private let runtime: NodeRuntimePlugin
    private let onChange: @Sendable (String) -> Void
    private let onEvent: @Sendable (String, String, String) -> Void
    private let logger: Logger

    /// A manager; `onChange` gets a pod key when a probe result of that pod changes, `onEvent`
    /// (pod key, reason, message) a failed probe to record.
    init(
        runtime: NodeRuntimePlugin, logger: Logger, onChange: @escaping @Sendable (String) -> Void,
        onEvent: @escaping @Sendable (String, String, String) -> Void
    ) {
        self.runtime = runtime
        self.logger = logger
        self.onChange = onChange
        self.onEvent = onEvent
        inFlight.enter()
        let thread = Thread { [self] in
            loop()
            inFlight.leave()
        }
        thread.name = "kubelet-probes"
        thread.start()
    }

    /// Stops the scheduling thread; probes in flight finish (``join()`` waits for them).
    func stop() {
        state.withLock { $0.stopped = true }
        wakeup.signal()
    }

    /// Waits until the scheduling thread and every probe in flight ended (after ``stop()``, off the
    /// cooperative pool): afterwards nothing calls the runtime from here.
    func join() { inFlight.wait() }

    /// Makes the probes of a pod's running containers match `running` (record and its container
    /// spec): new containers get their probes, ended ones lose them.
    func sync(podKey: String, podUID: String, running: [(ContainerRecord, Container)], podIP: String) {
        var added = false
        state.withLock { state in
            let live = Set(running.map(\.0.id))
            state.workers = state.workers.filter { key, worker in
                worker.podKey != podKey || live.contains(key.recordID)
            }
            for (record, container) in running {
                let probes: [(ProbeTracker.Kind, Probe?)] = [
                    (.startup, container.startupProbe), (.readiness, container.readinessProbe),
                    (.liveness, container.livenessProbe),
                ]
                for case (let kind, let probe?) in probes {
                    let key = WorkerKey(recordID: record.id, kind: kind)
                    guard state.workers[key] == nil else { continue }
                    let started =
                        ContinuousClock.now
                        - .nanoseconds(
                            max(0, Int64(Date().timeIntervalSince1970 * 1e9) - record.startedAt))
                    let tracker = ProbeTracker(
                        kind: kind, successThreshold: kind == .readiness ? (probe.successThreshold ?? 1) : 1,
                        failureThreshold: probe.failureThreshold ?? 3)
                    state.workers[key] = Worker(
                        podKey: podKey, recordID: record.id, probe: probe, tracker: tracker, container: container,
                        podIP: podIP, due: started + .seconds(probe.initialDelaySeconds ?? 0))
                    added = true
                }
            }
        }
        if added { wakeup.signal() }
    }

    /// Forgets every probe of a pod.
    func forget(podKey: String) {
        state.withLock { state in state.workers = state.workers.filter { $0.value.podKey != podKey } }
    }

    /// What the probes say of a running container.
    func verdicts(_ record: ContainerRecord, _ container: Container) -> ProbeVerdicts {
        state.withLock { state in
            let startup = state.workers[WorkerKey(recordID: record.id, kind: .startup)]?.tracker
            let readiness = state.workers[WorkerKey(recordID: record.id, kind: .readiness)]?.tracker
            let liveness = state.workers[WorkerKey(recordID: record.id, kind: .liveness)]?.tracker
            let started = container.startupProbe == nil || (startup?.passing ?? false)
            let startupFailed = startup.map { !$0.passing && !$0.initial } ?? false
            let livenessFailed = started && (liveness.map { !$0.passing } ?? false)
            let ready = started && (container.readinessProbe == nil || (readiness?.passing ?? false))
            return ProbeVerdicts(started: started, ready: ready, livenessFailed: livenessFailed || startupFailed)
        }
    }

    // MARK: The scheduling thread

    private func loop() {
        while true {
            let (due, next, stopped) = state.withLock { state -> ([WorkerKey], ContinuousClock.Instant?, Bool) in
                if state.stopped { return ([], nil, true) }
                let now = ContinuousClock.now
                var due: [WorkerKey] = []
                var next: ContinuousClock.Instant?
                for (key, worker) in state.workers where !worker.running {
                    // A startup probe that passed is done (kubelet stops probing it).
                    if key.kind == .startup, worker.tracker.passing { continue }
                    // Liveness and readiness wait for the startup probe.
                    if key.kind != .startup, worker.container.startupProbe != nil,
                        state.workers[WorkerKey(recordID: key.recordID, kind: .startup)]?.tracker.passing != true
                    {
                        if worker.due <= now {
                            state.workers[key]?.due = now + .seconds(max(1, worker.probe.periodSeconds ?? 10))
                        }
                        next = min(next ?? state.workers[key]!.due, state.workers[key]!.due)
                        continue
                    }
                    if worker.due <= now {
                        due.append(key)
                        state.workers[key]?.running = true
                    } else {
                        next = min(next ?? worker.due, worker.due)
                    }
                }
                return (due, next, false)
            }
            if stopped { return }
            for key in due { launch(key) }
            let wait = next.map { ContinuousClock.now.duration(to: $0) } ?? .seconds(5)
            let milliseconds = max(
                1, Int(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
            _ = wakeup.wait(timeout: .now() + .milliseconds(min(milliseconds, 5000)))
        }
    }

    private func launch(_ key: WorkerKey) {
        guard let worker = state.withLock({ $0.workers[key] }) else { return }
        inFlight.enter()
        DispatchQueue.global().async { [self] in
            defer { inFlight.leave() }
            slots.wait()
            let (success, message) = run(worker)
            slots.signal()
            let changed = state.withLock { state -> Bool in
                guard var current = state.workers[key] else { return false }
                let changed = current.tracker.record(success: success)
                current.running = false
                current.due = ContinuousClock.now + .seconds(max(1, current.probe.periodSeconds ?? 10))
                state.workers[key] = current
                return changed
            }
            if !success {
                onEvent(worker.podKey, "Unhealthy", "\(key.kind.rawValue.capitalized) probe failed: \(message)")
            }
            if changed { onChange(worker.podKey) }
            wakeup.signal()
        }
    }

    /// Runs one probe: success and the failure's message.
    private func run(_ worker: Worker) -> (Bool, String) {
        let probe = worker.probe
        let timeout = Duration.seconds(max(1, probe.timeoutSeconds ?? 1))
        if let exec = probe.exec {
            do {
                let response = try runtime.execSync(
                    ExecRequest(
                        id: worker.recordID, command: exec.command ?? [],
                        timeoutMs: Int(timeout.components.seconds) * 1000))
                if response.timedOut {
                    return (
                        false,
                        "command timed out: \"\((exec.command ?? []).joined(separator: " "))\" timed out after \(timeout.components.seconds)s"
                    )
                }
                return (response.exitCode == 0, response.output.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                return (false, error.message)
            }
        }
        if let outcome = LifecycleHooks.network(
            httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, container: worker.container, podIP: worker.podIP,
            timeout: timeout)
        {
            return Self.result(outcome)
        }
        return (false, "gRPC probes are not supported by this node agent")
    }

    private static func result(_ outcome: ProbeOutcome) -> (Bool, String) {
        switch outcome {
        case .success(let message): (true, message)
        case .failure(let message): (false, message)
        }
    }
}
