import Foundation
import SkiffAPI
import SkiffPluginKit
import Testing

@testable import SkiffKubelet

/// The pod sync planner, step by step: what kubelet would do and report.
@Suite("PodSync planner")
struct PodSyncTests {
    static let uid = "6f1c2a30-0000-4000-8000-000000000001"
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func pod(
        containers: [String] = ["app"], initContainers: [String] = [], policy: String = "Always",
        deleting: Bool = false, grace: Int64 = 30, phase: String? = nil
    ) -> Pod {
        var pod = Pod()
        pod.metadata.name = "web"
        pod.metadata.namespace = "default"
        pod.metadata.uid = uid
        var spec = PodSpec()
        spec.nodeName = "n1"
        spec.restartPolicy = policy
        spec.terminationGracePeriodSeconds = grace
        spec.containers = containers.map { name in
            var container = Container()
            container.name = name
            container.image = "busybox"
            container.command = ["sleep", "100"]
            return container
        }
        if !initContainers.isEmpty {
            spec.initContainers = initContainers.map { name in
                var container = Container()
                container.name = name
                container.image = "busybox"
                return container
            }
        }
        pod.spec = spec
        if deleting {
            pod.metadata.deletionTimestamp = Time(t0)
            pod.metadata.deletionGracePeriodSeconds = grace
        }
        if let phase {
            var status = PodStatus()
            status.phase = phase
            pod.status = status
        }
        return pod
    }

    static func record(
        _ container: String, attempt: Int = 0, state: ContainerRecord.State = .running, exit: Int32? = nil,
        started: Date = t0, finished: Date? = nil
    ) -> ContainerRecord {
        ContainerRecord(
            id: "\(container)-\(attempt)", podUID: uid, namespace: "default", pod: "web", container: container,
            attempt: attempt, image: "busybox", state: state, startedAt: Int64(started.timeIntervalSince1970 * 1e9),
            finishedAt: (finished ?? (state == .exited ? started : nil)).map { Int64($0.timeIntervalSince1970 * 1e9) },
            exitCode: exit, reason: exit.map { $0 == 0 ? "Completed" : "Error" })
    }

    static func state(sandbox: Bool = true) -> PodWorkerState {
        var state = PodWorkerState(uid: uid, firstSeen: t0)
        if sandbox { state.sandbox = PodSandbox(podIPs: ["10.0.0.5"]) }
        return state
    }

    static func plan(
        _ pod: Pod, _ records: [ContainerRecord] = [], state: PodWorkerState = state(),
        probes: [String: ProbeVerdicts] = [:], exists: Bool = true, now: Date = t0
    ) -> PodPlan {
        PodSync.plan(
            PodSyncInput(
                pod: pod, exists: exists, records: records, probes: probes, state: state, hostIP: "192.0.2.1", now: now)
        )
    }

    static let passing = ProbeVerdicts(started: true, ready: true)

    @Test("a new pod gets its sandbox first, then its containers")
    func newPod() {
        let first = Self.plan(Self.pod(), state: Self.state(sandbox: false))
        #expect(first.actions == [.runPod])
        #expect(first.status?.phase == "Pending")
        let second = Self.plan(Self.pod(containers: ["a", "b"]))
        #expect(
            second.actions == [
                .start(name: "a", initContainer: false, attempt: 0),
                .start(name: "b", initContainer: false, attempt: 0),
            ])
        #expect(second.status?.containerStatuses?.first?.state?.waiting?.reason == "ContainerCreating")
        #expect(second.status?.podIP == "10.0.0.5")
        #expect(second.status?.hostIP == "192.0.2.1")
        #expect(second.status?.startTime == Time(Self.t0))
    }

    @Test("init containers run one at a time, in order, before the containers")
    func initOrder() {
        let pod = Self.pod(initContainers: ["i1", "i2"])
        #expect(Self.plan(pod).actions == [.start(name: "i1", initContainer: true, attempt: 0)])
        let running = Self.plan(pod, [Self.record("i1")])
        #expect(running.actions.isEmpty)
        #expect(running.status?.phase == "Pending")
        #expect(running.status?.conditions?.first { $0.type == "Initialized" }?.status == "False")
        #expect(running.status?.containerStatuses?.first?.state?.waiting?.reason == "PodInitializing")
        let next = Self.plan(pod, [Self.record("i1", state: .exited, exit: 0)])
        #expect(next.actions == [.start(name: "i2", initContainer: true, attempt: 0)])
        let done = Self.plan(
            pod, [Self.record("i1", state: .exited, exit: 0), Self.record("i2", state: .exited, exit: 0)])
        #expect(done.actions == [.start(name: "app", initContainer: false, attempt: 0)])
        #expect(done.status?.conditions?.first { $0.type == "Initialized" }?.status == "True")
    }

    @Test("a failed init container fails the pod under Never and restarts under Always")
    func initFailure() {
        let never = Self.plan(
            Self.pod(initContainers: ["i1"], policy: "Never"), [Self.record("i1", state: .exited, exit: 2)])
        #expect(never.status?.phase == "Failed")
        #expect(never.actions.isEmpty)
        let always = Self.plan(Self.pod(initContainers: ["i1"]), [Self.record("i1", state: .exited, exit: 2)])
        #expect(always.actions == [.start(name: "i1", initContainer: true, attempt: 1)])
    }

    @Test("running and ready: phase Running, Ready true, transitions stamped")
    func runningReady() {
        let record = Self.record("app")
        let plan = Self.plan(Self.pod(), [record], probes: [record.id: Self.passing])
        #expect(plan.actions.isEmpty)
        #expect(plan.status?.phase == "Running")
        let status = plan.status?.containerStatuses?.first
        #expect(status?.ready == true)
        #expect(status?.started == true)
        #expect(status?.state?.running?.startedAt == Time(Self.t0))
        #expect(status?.containerID == "skiff://app-0")
        for type in ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"] {
            #expect(plan.status?.conditions?.first { $0.type == type }?.status == "True", "\(type)")
        }
    }

    @Test("readiness failing keeps the pod Running but not Ready")
    func notReady() {
        let record = Self.record("app")
        let plan = Self.plan(Self.pod(), [record], probes: [record.id: ProbeVerdicts(started: true, ready: false)])
        #expect(plan.status?.phase == "Running")
        let ready = plan.status?.conditions?.first { $0.type == "Ready" }
        #expect(ready?.status == "False")
        #expect(ready?.reason == "ContainersNotReady")
        #expect(ready?.message == "containers with unready status: [app]")
    }

    @Test(
        "restart policies decide what an exit does",
        arguments: [
            ("Always", Int32(0), "start", "Running"), ("Always", 1, "start", "Running"),
            ("OnFailure", 0, "none", "Succeeded"), ("OnFailure", 1, "start", "Running"),
            ("Never", 0, "none", "Succeeded"), ("Never", 1, "none", "Failed"),
        ])
    func restartPolicy(policy: String, exit: Int32, expected: String, phase: String) {
        let plan = Self.plan(
            Self.pod(policy: policy), [Self.record("app", state: .exited, exit: exit)], now: Self.t0 + 1)
        #expect(plan.actions.contains(.start(name: "app", initContainer: false, attempt: 1)) == (expected == "start"))
        #expect(plan.status?.phase == phase)
    }

    @Test("a crashing container restarts at once, then backs off 10 s with CrashLoopBackOff")
    func crashLoop() {
        let pod = Self.pod()
        var state = Self.state()
        let first = Self.plan(pod, [Self.record("app", state: .exited, exit: 1)], state: state, now: Self.t0 + 1)
        #expect(first.actions == [.start(name: "app", initContainer: false, attempt: 1)])
        state = first.state
        let crashed = [
            Self.record("app", state: .exited, exit: 1),
            Self.record("app", attempt: 1, state: .exited, exit: 1, started: Self.t0 + 1, finished: Self.t0 + 2),
        ]
        let second = Self.plan(pod, crashed, state: state, now: Self.t0 + 3)
        #expect(second.actions.isEmpty)
        let waiting = second.status?.containerStatuses?.first
        #expect(waiting?.state?.waiting?.reason == "CrashLoopBackOff")
        #expect(waiting?.state?.waiting?.message?.hasPrefix("back-off 10s restarting failed container=app") == true)
        #expect(waiting?.lastState?.terminated?.exitCode == 1)
        #expect(waiting?.restartCount == 1)
        #expect(second.wakeAfter == .milliseconds(9000))
        #expect(second.events.contains { $0.reason == "BackOff" })
        let later = Self.plan(pod, crashed, state: second.state, now: Self.t0 + 12)
        #expect(later.actions == [.start(name: "app", initContainer: false, attempt: 2)])
    }

    @Test("back-off waits: 0, 10, 20, 40 ... capped at 300; a long run resets it")
    func backoffSequence() {
        var entry: RestartBackoff?
        var waits: [Int64] = []
        for exit in 0..<8 {
            entry = RestartBackoff.after(exit: "e\(exit)", ran: .seconds(1), previous: entry)
            waits.append(entry!.wait.components.seconds)
        }
        #expect(waits == [0, 10, 20, 40, 80, 160, 300, 300])
        #expect(RestartBackoff.after(exit: "e7", ran: .seconds(1), previous: entry) == entry)
        #expect(RestartBackoff.after(exit: "late", ran: .seconds(601), previous: entry).wait == .zero)
    }

    @Test("a failing liveness probe kills with SIGTERM, then SIGKILL after the grace period")
    func liveness() {
        let record = Self.record("app")
        let failing = [record.id: ProbeVerdicts(started: true, ready: true, livenessFailed: true)]
        let pod = Self.pod(grace: 5)
        let plan = Self.plan(pod, [record], probes: failing)
        #expect(plan.actions == [.kill(id: record.id, signal: 15)])
        #expect(plan.events.contains { $0.reason == "Killing" })
        #expect(plan.status?.containerStatuses?.first?.ready == false)
        let again = Self.plan(pod, [record], state: plan.state, probes: failing, now: Self.t0 + 2)
        #expect(again.actions.isEmpty)
        let late = Self.plan(pod, [record], state: plan.state, probes: failing, now: Self.t0 + 6)
        #expect(late.actions == [.kill(id: record.id, signal: 9)])
    }

    @Test("deletion: SIGTERM to every container, then the runtime lets go and the pod is deleted")
    func deletion() {
        let records = [Self.record("a"), Self.record("b")]
        let pod = Self.pod(containers: ["a", "b"], deleting: true, grace: 10)
        let plan = Self.plan(pod, records)
        #expect(plan.actions == [.kill(id: "a-0", signal: 15), .kill(id: "b-0", signal: 15)])
        #expect(plan.wakeAfter == .seconds(10))
        let exited = records.map { record -> ContainerRecord in
            var done = record
            done.state = .exited
            done.exitCode = 143
            done.finishedAt = done.startedAt
            return done
        }
        let finished = Self.plan(pod, exited, state: plan.state, now: Self.t0 + 1)
        #expect(finished.actions == [.stopPod, .deletePod])
        let zero = Self.plan(Self.pod(deleting: true, grace: 0), [Self.record("app")])
        #expect(zero.actions == [.kill(id: "app-0", signal: 9)])
    }

    @Test("a preStop hook runs before SIGTERM")
    func preStop() {
        var pod = Self.pod(deleting: true, grace: 10)
        var lifecycle = Lifecycle()
        var hook = LifecycleHandler()
        hook.exec = ExecAction(command: ["true"])
        lifecycle.preStop = hook
        pod.spec?.containers?[0].lifecycle = lifecycle
        let plan = Self.plan(pod, [Self.record("app")])
        #expect(plan.actions == [.preStop(id: "app-0"), .kill(id: "app-0", signal: 15)])
    }

    @Test("a pod gone from the API: its containers are killed and forgotten")
    func orphan() {
        let plan = Self.plan(Self.pod(), [Self.record("app")], exists: false)
        #expect(plan.actions == [.kill(id: "app-0", signal: 15)])
        #expect(plan.status == nil)
        var exited = Self.record("app", state: .exited, exit: 143)
        exited.finishedAt = exited.startedAt
        let gone = Self.plan(Self.pod(), [exited], state: plan.state, exists: false, now: Self.t0 + 1)
        #expect(gone.actions == [.stopPod, .remove(id: "app-0")])
        #expect(gone.finished)
    }

    @Test("a failed start shows the runtime's reason and is retried with back-off")
    func startFailure() {
        var state = Self.state()
        state.startFailures["app"] = StartFailure(
            token: "f1", reason: "RunContainerError", message: "exec: \"nope\": executable file not found in $PATH",
            at: Self.t0)
        let retry = Self.plan(Self.pod(), state: state)
        #expect(retry.actions == [.start(name: "app", initContainer: false, attempt: 0)])
        var again = retry.state
        again.startFailures["app"] = StartFailure(token: "f2", reason: "RunContainerError", message: "m", at: Self.t0)
        let waiting = Self.plan(Self.pod(), state: again, now: Self.t0 + 1)
        #expect(waiting.actions.isEmpty)
        #expect(waiting.status?.containerStatuses?.first?.state?.waiting?.reason == "RunContainerError")
        #expect(waiting.status?.phase == "Pending")
    }

    @Test("a terminal phase sticks and nothing restarts")
    func terminal() {
        let plan = Self.plan(
            Self.pod(policy: "Never", phase: "Succeeded"), [Self.record("app", state: .exited, exit: 0)])
        #expect(plan.status?.phase == "Succeeded")
        #expect(plan.actions == [.stopPod])
        #expect(plan.status?.conditions?.first { $0.type == "Ready" }?.reason == "PodCompleted")
    }

    @Test("the newest two attempts give status and lastState")
    func lastState() {
        let records = [
            Self.record("app", state: .exited, exit: 3, finished: Self.t0 + 1),
            Self.record("app", attempt: 1, started: Self.t0 + 2),
        ]
        let status = Self.plan(Self.pod(), records, probes: ["app-1": Self.passing]).status?.containerStatuses?.first
        #expect(status?.restartCount == 1)
        #expect(status?.state?.running != nil)
        #expect(status?.lastState?.terminated?.exitCode == 3)
        #expect(status?.lastState?.terminated?.reason == "Error")
    }

    @Test("a sidecar that restarts later does not send the pod back to Pending")
    func sidecarRestart() {
        var pod = Self.pod(initContainers: ["proxy"])
        pod.spec?.initContainers?[0].restartPolicy = "Always"
        let records = [
            Self.record("proxy", state: .exited, exit: 1, finished: Self.t0 + 1), Self.record("app"),
        ]
        let plan = Self.plan(pod, records, probes: ["app-0": Self.passing], now: Self.t0 + 2)
        #expect(plan.actions == [.start(name: "proxy", initContainer: true, attempt: 1)])
        #expect(plan.status?.phase == "Running")
        #expect(plan.status?.conditions?.first { $0.type == "Initialized" }?.status == "True")
    }

    @Test("a deleted pod whose containers stopped ends terminal, whatever its restart policy")
    func deletedTerminal() {
        var exited = Self.record("app", state: .exited, exit: 143)
        exited.finishedAt = exited.startedAt
        let plan = Self.plan(Self.pod(deleting: true), [exited])
        #expect(plan.status?.phase == "Failed")
        #expect(plan.actions == [.stopPod, .deletePod])
    }

    @Test("a second delete with a shorter grace period brings SIGKILL forward")
    func shorterGrace() {
        let record = Self.record("app")
        let first = Self.plan(Self.pod(deleting: true, grace: 30), [record])
        #expect(first.actions == [.kill(id: "app-0", signal: 15)])
        let forced = Self.plan(Self.pod(deleting: true, grace: 0), [record], state: first.state, now: Self.t0 + 1)
        #expect(forced.actions == [.kill(id: "app-0", signal: 9)])
    }

    @Test("an exit nobody saw is ContainerStatusUnknown with 137, a failure")
    func unknownExit() {
        var record = Self.record("app", state: .exited)
        record.exitCode = nil
        record.reason = nil
        let plan = Self.plan(Self.pod(policy: "Never"), [record])
        let terminated = plan.status?.containerStatuses?.first?.state?.terminated
        #expect(terminated?.exitCode == 137)
        #expect(terminated?.reason == "ContainerStatusUnknown")
        #expect(plan.status?.phase == "Failed")
    }
}

@Suite("Probe thresholds")
struct ProbeTrackerTests {
    @Test("initial results: liveness passes, readiness and startup do not")
    func initial() {
        #expect(ProbeTracker(kind: .liveness, successThreshold: 1, failureThreshold: 3).passing)
        #expect(!ProbeTracker(kind: .readiness, successThreshold: 1, failureThreshold: 3).passing)
        #expect(!ProbeTracker(kind: .startup, successThreshold: 1, failureThreshold: 3).passing)
    }

    @Test(
        "consecutive results decide",
        arguments: [
            (ProbeTracker.Kind.liveness, [false, false], true), (.liveness, [false, false, false], false),
            (.liveness, [false, false, true, false, false], true), (.readiness, [true], true),
            (.readiness, [true, false, false, false], false),
        ])
    func thresholds(kind: ProbeTracker.Kind, results: [Bool], passing: Bool) {
        var tracker = ProbeTracker(kind: kind, successThreshold: 1, failureThreshold: 3)
        for result in results { _ = tracker.record(success: result) }
        #expect(tracker.passing == passing)
    }

    @Test("a startup probe that fails its threshold changes the verdict, though it never passed")
    func startupFailure() {
        var tracker = ProbeTracker(kind: .startup, successThreshold: 1, failureThreshold: 2)
        let first = tracker.record(success: false)
        let second = tracker.record(success: false)
        #expect(!first)
        #expect(second)
        #expect(!tracker.passing && !tracker.initial)
    }

    @Test("readiness needs successThreshold successes in a row")
    func successThreshold() {
        var tracker = ProbeTracker(kind: .readiness, successThreshold: 2, failureThreshold: 1)
        let first = tracker.record(success: true)
        let second = tracker.record(success: true)
        let third = tracker.record(success: false)
        #expect(!first)
        #expect(second)
        #expect(third)
    }
}

@Suite("Container environment")
struct EnvResolverTests {
    @Test("env, envFrom, fieldRef, \\$(VAR) expansion and a missing ConfigMap")
    func environment() throws {
        var pod = PodSyncTests.pod()
        pod.metadata.labels = ["app": "web"]
        var container = Container()
        container.name = "app"
        var fromConfig = EnvFromSource()
        var reference = ConfigMapEnvSource()
        reference.name = "settings"
        fromConfig.configMapRef = reference
        fromConfig.prefix = "CFG_"
        container.envFrom = [fromConfig]
        func variable(_ name: String, _ value: String? = nil, field: String? = nil) -> EnvVar {
            var variable = EnvVar()
            variable.name = name
            variable.value = value
            if let field {
                var source = EnvVarSource()
                var selector = ObjectFieldSelector()
                selector.fieldPath = field
                source.fieldRef = selector
                variable.valueFrom = source
            }
            return variable
        }
        container.env = [
            variable("NAME", field: "metadata.name"), variable("APP", field: "metadata.labels['app']"),
            variable("IP", field: "status.podIP"), variable("GREETING", "hi $(NAME) $$(NAME) $(MISSING)"),
        ]
        let resolver = EnvResolver(
            fetch: { kind, namespace, name in
                kind == "configmaps" && namespace == "default" && name == "settings"
                    ? ["data": ["mode": "fast"]] : nil
            }, pod: pod, hostIP: "192.0.2.1", podIPs: ["10.0.0.5"])
        let env = try resolver.environment(for: container)
        #expect(env.map(\.name) == ["CFG_mode", "NAME", "APP", "IP", "GREETING"])
        #expect(env.map(\.value) == ["fast", "web", "web", "10.0.0.5", "hi web $(NAME) $(MISSING)"])
        let missing = EnvResolver(fetch: { _, _, _ in nil }, pod: pod, hostIP: "", podIPs: [])
        #expect(throws: RuntimeError(reason: "CreateContainerConfigError", message: "configmap \"settings\" not found"))
        {
            try missing.environment(for: container)
        }
    }
}
