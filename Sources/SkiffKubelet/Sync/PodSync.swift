import Foundation
import SkiffAPI
import SkiffPluginKit

/// What the planner sees of one pod.
public struct PodSyncInput: Sendable {
    /// The pod as the agent last saw it (its last state, when it is gone).
    public var pod: Pod
    /// Whether the pod still exists in the API.
    public var exists: Bool
    /// The runtime's records of this pod's containers (every attempt it keeps).
    public var records: [ContainerRecord]
    /// Probe verdicts by record id (running containers).
    public var probes: [String: ProbeVerdicts]
    /// What the agent remembers.
    public var state: PodWorkerState
    /// The node's address.
    public var hostIP: String
    /// Whether the runtime only plays containers (probes count as passing).
    public var simulated: Bool
    /// The time of the sync.
    public var now: Date

    /// An input.
    public init(
        pod: Pod, exists: Bool, records: [ContainerRecord], probes: [String: ProbeVerdicts], state: PodWorkerState,
        hostIP: String, simulated: Bool = false, now: Date
    ) {
        self.pod = pod
        self.exists = exists
        self.records = records
        self.probes = probes
        self.state = state
        self.hostIP = hostIP
        self.simulated = simulated
        self.now = now
    }
}

/// What to do for a pod, and the status it should show.
public struct PodPlan: Sendable {
    /// In order.
    public var actions: [PodAction] = []
    /// The status to write (nil: write none, the pod is gone).
    public var status: PodStatus?
    /// The agent's state after the plan.
    public var state: PodWorkerState
    /// Sync again after this long, even if nothing happens.
    public var wakeAfter: Duration?
    /// Nothing is left of the pod: forget it.
    public var finished = false
    /// Events to record: (type, reason, message).
    public var events: [PodEvent] = []

    /// A plan over `state`.
    public init(state: PodWorkerState) {
        self.state = state
    }

    mutating func wake(at date: Date, now: Date) {
        let delay = Duration.milliseconds(max(1, Int64((date.timeIntervalSince(now) * 1000).rounded(.up))))
        if let current = wakeAfter, current <= delay { return }
        wakeAfter = delay
    }
}

/// An event about a pod the plan asks the agent to record.
public struct PodEvent: Sendable, Hashable {
    /// "Normal" or "Warning".
    public var type: String
    /// "Killing", "BackOff", "Unhealthy".
    public var reason: String
    /// For people.
    public var message: String
}

/// kubelet's pod sync as a pure function: from the pod, the runtime's records, the probes and the
/// agent's memory, the actions that converge the node on the pod spec and the status to report
/// (`computePodActions` and `generateAPIPodStatus`).
public enum PodSync {
    /// The grace period for killing the containers of a pod that vanished from the API.
    public static let orphanGrace: Int64 = 2

    /// Plans one sync.
    public static func plan(_ input: PodSyncInput) -> PodPlan {
        var planner = Planner(input)
        planner.run()
        return planner.plan
    }
}

/// The planner's working state for one sync.
struct Planner {
    let input: PodSyncInput
    let spec: PodSpec
    let policy: String
    /// The newest record per container name, and the one before it.
    let latest: [String: ContainerRecord]
    let previous: [String: ContainerRecord]
    var plan: PodPlan
    /// Whether the init containers are done.
    var initialized = false
    /// Whether an init container failed for good.
    var initFailed = false
    /// Containers waiting in back-off: name → message.
    var backingOff: [String: String] = [:]

    init(_ input: PodSyncInput) {
        self.input = input
        spec = input.pod.spec ?? PodSpec()
        policy = spec.restartPolicy ?? "Always"
        var latest: [String: ContainerRecord] = [:]
        var previous: [String: ContainerRecord] = [:]
        for record in input.records.sorted(by: { $0.attempt < $1.attempt }) {
            if let newest = latest[record.container] { previous[record.container] = newest }
            latest[record.container] = record
        }
        self.latest = latest
        self.previous = previous
        plan = PodPlan(state: input.state)
    }

    var now: Date { input.now }
    /// Records not exited: running, or created and about to run.
    var running: [ContainerRecord] { input.records.filter { $0.state != .exited } }
    var isTerminalPhase: Bool {
        let phase = input.pod.status?.phase
        return phase == "Succeeded" || phase == "Failed"
    }

    mutating func run() {
        if !input.exists || input.pod.metadata.deletionTimestamp != nil {
            terminate()
            return
        }
        if isTerminalPhase {
            stopAll(grace: spec.terminationGracePeriodSeconds ?? 30)
            if running.isEmpty, !plan.state.stopped, plan.state.sandbox != nil {
                plan.actions.append(.stopPod)
                plan.state.stopped = true
            }
            initialized = true
            plan.status = status()
            return
        }
        if plan.state.sandbox == nil {
            plan.actions.append(.runPod)
            plan.status = status()
            return
        }
        escalateStops()
        runInitContainers()
        if initialized {
            for container in spec.containers ?? [] { converge(container, initContainer: false) }
        }
        plan.status = status()
        if let phase = plan.status?.phase, phase == "Succeeded" || phase == "Failed" {
            // Done for good: nothing starts again, and what still runs (sidecars) stops.
            plan.actions.removeAll {
                if case .start = $0 { return true }
                return false
            }
            stopAll(grace: spec.terminationGracePeriodSeconds ?? 30)
        }
    }

    // MARK: Termination

    mutating func terminate() {
        let grace: Int64 =
            input.exists
            ? (input.pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30)
            : min(PodSync.orphanGrace, spec.terminationGracePeriodSeconds ?? 30)
        if plan.state.terminationStarted == nil { plan.state.terminationStarted = now }
        stopAll(grace: grace, since: plan.state.terminationStarted)
        if running.isEmpty {
            if !plan.state.stopped {
                // Also after an agent restart, when this agent never ran the pod: the runtime
                // may still hold what an earlier agent prepared.
                plan.actions.append(.stopPod)
                plan.state.stopped = true
            }
            if input.exists {
                plan.actions.append(.deletePod)
            } else {
                plan.actions.append(contentsOf: input.records.map { .remove(id: $0.id) })
                plan.finished = true
                return
            }
        }
        guard input.exists else { return }
        initialized = latestInitDone()
        plan.status = status()
    }

    /// SIGTERM to every running container not yet stopping; SIGKILL to those past their deadline.
    /// A shorter grace period (a second, forced delete) brings earlier deadlines forward.
    mutating func stopAll(grace: Int64, since: Date? = nil) {
        for record in running {
            if var stopping = plan.state.stopping[record.id] {
                let deadline = (since ?? now).addingTimeInterval(Double(max(0, grace)))
                if deadline < stopping.deadline {
                    stopping.deadline = deadline
                    plan.state.stopping[record.id] = stopping
                }
            } else {
                stop(record, grace: grace)
            }
        }
        escalateStops()
    }

    mutating func stop(_ record: ContainerRecord, grace: Int64) {
        let deadline = now.addingTimeInterval(Double(max(0, grace)))
        plan.state.stopping[record.id] = Stopping(deadline: deadline, killed: grace <= 0)
        let hook = input.pod.container(named: record.container)?.lifecycle?.preStop
        if grace > 0, hook != nil, record.state == .running { plan.actions.append(.preStop(id: record.id)) }
        plan.actions.append(.kill(id: record.id, signal: grace <= 0 ? 9 : 15))
        if grace > 0 { plan.wake(at: deadline, now: now) }
    }

    mutating func escalateStops() {
        for record in running {
            guard var stopping = plan.state.stopping[record.id], !stopping.killed else { continue }
            if now >= stopping.deadline {
                stopping.killed = true
                plan.state.stopping[record.id] = stopping
                plan.actions.append(.kill(id: record.id, signal: 9))
            } else {
                plan.wake(at: stopping.deadline, now: now)
            }
        }
        // Forget stops of containers that ended.
        let live = Set(running.map(\.id))
        plan.state.stopping = plan.state.stopping.filter { live.contains($0.key) }
    }

    // MARK: Containers

    func isSidecar(_ container: Container) -> Bool { container.restartPolicy == "Always" }

    func verdicts(_ record: ContainerRecord) -> ProbeVerdicts {
        if input.simulated { return ProbeVerdicts(started: true, ready: true) }
        return input.probes[record.id] ?? ProbeVerdicts(started: false, ready: false)
    }

    /// Whether any regular container has started once: initialization is then over for good, and a
    /// sidecar that restarts no longer gates the pod.
    var regularStarted: Bool {
        (spec.containers ?? []).contains { $0.name.map { latest[$0] != nil } ?? false }
    }

    /// Whether every init container completed (or, a sidecar, runs and started).
    func latestInitDone() -> Bool {
        if regularStarted { return true }
        for container in spec.initContainers ?? [] {
            guard let name = container.name, let record = latest[name] else { return false }
            if isSidecar(container) {
                if record.state != .running { return false }
            } else if record.state != .exited || record.exitCode != 0 {
                return false
            }
        }
        return true
    }

    mutating func runInitContainers() {
        for container in spec.initContainers ?? [] {
            guard let name = container.name else { continue }
            let record = latest[name]
            if isSidecar(container) {
                converge(container, initContainer: true)
                guard let record, record.state == .running, verdicts(record).started else {
                    if regularStarted { continue }
                    return
                }
                continue
            }
            if regularStarted { continue }
            guard let record else {
                startIfAllowed(container, initContainer: true)
                return
            }
            switch record.state {
            case .created, .running:
                return
            case .exited where record.exitCode == 0:
                continue
            case .exited:
                if policy == "Never" {
                    initFailed = true
                } else {
                    restart(container, after: record, initContainer: true)
                }
                return
            }
        }
        initialized = true
    }

    /// Brings one container toward its spec: start it, restart it, or kill it for liveness.
    mutating func converge(_ container: Container, initContainer: Bool) {
        guard let name = container.name else { return }
        guard let record = latest[name] else {
            startIfAllowed(container, initContainer: initContainer)
            return
        }
        switch record.state {
        case .created:
            break
        case .running:
            let verdict = verdicts(record)
            if verdict.livenessFailed, plan.state.stopping[record.id] == nil {
                let grace =
                    container.livenessProbe?.terminationGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30
                plan.events.append(
                    PodEvent(
                        type: "Normal", reason: "Killing",
                        message: "Container \(name) failed liveness probe, will be restarted"))
                stop(record, grace: grace)
            }
        case .exited:
            let restartable = isSidecar(container) ? true : Self.shouldRestart(policy: policy, record)
            if restartable { restart(container, after: record, initContainer: initContainer) }
        }
    }

    static func shouldRestart(policy: String, _ record: ContainerRecord) -> Bool {
        switch policy {
        case "Never": false
        case "OnFailure": record.exitCode != 0
        default: true
        }
    }

    /// Restarts after an exit, honouring the back-off.
    mutating func restart(_ container: Container, after record: ContainerRecord, initContainer: Bool) {
        guard let name = container.name else { return }
        if plan.state.startFailures[name] != nil {
            startIfAllowed(container, initContainer: initContainer)
            return
        }
        let finished = Date(timeIntervalSince1970: Double(record.finishedAt ?? record.startedAt) / 1e9)
        let ran = Duration.nanoseconds(max(0, (record.finishedAt ?? record.startedAt) - record.startedAt))
        let entry = RestartBackoff.after(exit: record.id, ran: ran, previous: plan.state.backoff[name])
        plan.state.backoff[name] = entry
        let allowed = finished.addingTimeInterval(Double(entry.wait.components.seconds))
        if now >= allowed {
            plan.actions.append(.start(name: name, initContainer: initContainer, attempt: record.attempt + 1))
        } else {
            let message =
                "back-off \(entry.wait.components.seconds)s restarting failed container=\(name) "
                + "pod=\(input.pod.metadata.name ?? "")_\(input.pod.metadata.namespace ?? "")(\(input.state.uid))"
            if backingOff[name] == nil, plan.state.backoff[name] != input.state.backoff[name] {
                plan.events.append(
                    PodEvent(
                        type: "Warning", reason: "BackOff", message: "Back-off restarting failed container \(name)"))
            }
            backingOff[name] = message
            plan.wake(at: allowed, now: now)
        }
    }

    /// Starts a container that has no running record, unless its last start failed recently.
    mutating func startIfAllowed(_ container: Container, initContainer: Bool) {
        guard let name = container.name else { return }
        let attempt = (latest[name]?.attempt).map { latest[name]?.state == .exited ? $0 + 1 : $0 } ?? 0
        if let failure = plan.state.startFailures[name] {
            let entry = RestartBackoff.after(exit: failure.token, ran: .zero, previous: plan.state.backoff[name])
            plan.state.backoff[name] = entry
            let allowed = failure.at.addingTimeInterval(Double(entry.wait.components.seconds))
            guard now >= allowed else {
                plan.wake(at: allowed, now: now)
                return
            }
        }
        plan.actions.append(.start(name: name, initContainer: initContainer, attempt: attempt))
    }
}
