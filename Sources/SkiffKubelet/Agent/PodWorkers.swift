import Dispatch
import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginHost
import SkiffPluginKit
import Synchronization

/// The pod workers: one key per pod ("namespace/name", or "orphan/UID" for containers of a pod the
/// API no longer has) in a work queue that never hands a key to two threads at once. A sync plans
/// with ``PodSync`` and carries the plan out: runtime calls, the status patch, events, the final
/// delete. Syncs run on threads of their own, since runtime calls and API writes block.
final class PodWorkers: Sendable {
    /// What the workers remember of a pod between syncs.
    struct Entry: Sendable {
        var state: PodWorkerState
        var pod: Pod
        var lastWritten: PodStatus?
    }

    let queue = WorkQueue<String>(name: "kubelet-pods")
    private let entries = Mutex<[String: Entry]>([:])
    /// The worker threads still running.
    private let running = DispatchGroup()
    /// Runs postStart and preStop hooks.
    private let hooks: LifecycleHooks
    private let informer: Informer
    private let runtime: NodeRuntimePlugin
    private let view: RuntimeView
    private let probes: ProbeManager?
    private let client: Client
    private let nodeIPs: [String: String]
    private let logs: LogLayout
    private let events: EventRecorder
    private let logger: Logger
    private let metrics: AgentMetrics

    init(
        informer: Informer, runtime: NodeRuntimePlugin, view: RuntimeView, probes: ProbeManager?, client: Client,
        nodeIPs: [String: String], logs: LogLayout, metrics: AgentMetrics, logger: Logger
    ) {
        self.informer = informer
        self.runtime = runtime
        self.view = view
        self.probes = probes
        self.client = client
        self.nodeIPs = nodeIPs
        self.logs = logs
        self.metrics = metrics
        self.logger = logger
        events = EventRecorder(client: client, component: "kubelet")
        hooks = LifecycleHooks(runtime: runtime)
    }

    /// Starts `count` worker threads.
    func start(workers count: Int) {
        for index in 0..<max(1, count) {
            running.enter()
            let thread = Thread { [self] in
                while let key = queue.get() {
                    let started = ContinuousClock.now
                    sync(key)
                    metrics.observeSync(ContinuousClock.now - started)
                    queue.done(key)
                }
                running.leave()
            }
            thread.name = "kubelet-pod-worker-\(index)"
            thread.start()
        }
    }

    /// Stops handing out keys; the threads end after their current sync.
    func stop() { queue.shutDown() }

    /// Waits until every worker thread ended (call after ``stop()``, off the cooperative pool):
    /// afterwards nothing calls the runtime from here.
    func join() { running.wait() }

    /// A runtime event: the pod's key, and the orphan key when the pod's containers are orphans.
    func containerChanged(_ record: ContainerRecord) {
        queue.add(Self.key(namespace: record.namespace, name: record.pod))
        let orphan = "orphan/\(record.podUID)"
        if entries.withLock({ $0[orphan] != nil }) { queue.add(orphan) }
    }

    /// The key of a pod.
    static func key(namespace: String, name: String) -> String { "\(namespace)/\(name)" }

    /// Enqueues the containers of pods the API no longer has (and no worker remembers).
    func collectOrphans() {
        let orphans = entries.withLock { entries in entries.keys.filter { $0.hasPrefix("orphan/") } }
        for key in orphans { queue.add(key) }
        let known = entries.withLock { entries in Set(entries.values.map(\.state.uid)) }
        var seen: Set<String> = []
        for record in view.all where !known.contains(record.podUID) && seen.insert(record.podUID).inserted {
            let key = Self.key(namespace: record.namespace, name: record.pod)
            if let item = informer.indexer.get(ObjectKey(key)), item.uid == record.podUID {
                queue.add(key)
                continue
            }
            var pod = Pod()
            pod.metadata.name = record.pod
            pod.metadata.namespace = record.namespace
            pod.metadata.uid = record.podUID
            let orphan = "orphan/\(record.podUID)"
            entries.withLock { entries in
                if entries[orphan] == nil {
                    entries[orphan] = Entry(state: PodWorkerState(uid: record.podUID, firstSeen: Date()), pod: pod)
                }
            }
            queue.add(orphan)
        }
    }

    // MARK: One sync

    func sync(_ key: String) {
        let now = Date()
        var exists = false
        var pod: Pod
        var entry: Entry
        if key.hasPrefix("orphan/") {
            guard let found = entries.withLock({ $0[key] }) else { return }
            entry = found
            pod = found.pod
        } else {
            // Only pods bound to this agent's nodes (a many-node agent watches every bound pod).
            let cached = informer.indexer.get(ObjectKey(key)).flatMap { try? $0.decode(Pod.self) }.flatMap {
                nodeIPs[$0.spec?.nodeName ?? ""] == nil ? nil : $0
            }
            let remembered = entries.withLock { $0[key] }
            if let cached, let uid = cached.metadata.uid {
                if let remembered, remembered.state.uid != uid {
                    // The pod was replaced under the same name: the old one's containers are orphans.
                    let orphan = "orphan/\(remembered.state.uid)"
                    entries.withLock { $0[orphan] = remembered }
                    queue.add(orphan)
                }
                exists = true
                pod = cached
                entry =
                    remembered.flatMap { $0.state.uid == uid ? $0 : nil }
                    ?? Entry(state: PodWorkerState(uid: uid, firstSeen: now), pod: cached)
                entry.pod = cached
            } else if let remembered {
                pod = remembered.pod
                entry = remembered
            } else {
                return
            }
        }
        let uid = entry.state.uid
        let nodeName = pod.spec?.nodeName ?? ""
        let hostIP = nodeIPs[nodeName] ?? nodeIPs.values.first ?? "127.0.0.1"

        var plan = PodPlan(state: entry.state)
        for _ in 0..<4 {
            plan = PodSync.plan(
                PodSyncInput(
                    pod: pod, exists: exists, records: view.records(pod: uid), probes: verdicts(pod, uid),
                    state: entry.state, hostIP: hostIP, simulated: runtime.isSimulated, now: Date()))
            entry.state = plan.state
            if plan.actions.isEmpty { break }
            var deleted = false
            for action in plan.actions {
                if action == .deletePod, exists, let status = plan.status, status != pod.status,
                    status != entry.lastWritten, writeStatus(status, of: pod)
                {
                    // The last status (containers terminated, the terminal phase) goes before the pod.
                    entry.lastWritten = status
                }
                deleted = perform(action, pod: pod, entry: &entry, hostIP: hostIP) || deleted
            }
            for event in plan.events { record(event, about: pod) }
            plan.events = []
            if deleted { break }
        }
        for event in plan.events { record(event, about: pod) }

        let deletedNow = plan.actions.contains(.deletePod)
        if exists, !deletedNow, let status = plan.status, status != pod.status, status != entry.lastWritten {
            if writeStatus(status, of: pod) { entry.lastWritten = status }
        }
        collectGarbage(pod: pod, uid: uid)
        if let probes {
            probes.sync(
                podKey: key, podUID: uid, running: running(pod, uid), podIP: entry.state.sandbox?.podIPs.first ?? hostIP
            )
        }
        if plan.finished {
            entries.withLock { _ = $0.removeValue(forKey: key) }
            probes?.forget(podKey: key)
            logs.removePod(namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: uid)
            return
        }
        entries.withLock { $0[key] = entry }
        if let wake = plan.wakeAfter { queue.addAfter(key, delay: wake) }
    }

    private func verdicts(_ pod: Pod, _ uid: String) -> [String: ProbeVerdicts] {
        guard let probes else { return [:] }
        var verdicts: [String: ProbeVerdicts] = [:]
        for (record, container) in running(pod, uid) { verdicts[record.id] = probes.verdicts(record, container) }
        return verdicts
    }

    /// The pod's running containers: each record with its container's spec.
    private func running(_ pod: Pod, _ uid: String) -> [(ContainerRecord, Container)] {
        view.records(pod: uid).filter { $0.state == .running }.compactMap { record in
            pod.container(named: record.container).map { (record, $0) }
        }
    }

    /// Carries out one action; whether the pod object was deleted.
    private func perform(_ action: PodAction, pod: Pod, entry: inout Entry, hostIP: String) -> Bool {
        let uid = entry.state.uid
        do throws(RuntimeError) {
            switch action {
            case .runPod:
                entry.state.sandbox = try runtime.runPod(try podJSON(pod))
            case .start(let name, let initContainer, let attempt):
                let containers = initContainer ? pod.spec?.initContainers : pod.spec?.containers
                guard let container = containers?.first(where: { $0.name == name }) else { return false }
                do throws(RuntimeError) {
                    let request = try self.request(
                        pod: pod, container: container, initContainer: initContainer, attempt: attempt,
                        podIPs: entry.state.sandbox?.podIPs ?? [hostIP], hostIP: hostIP)
                    let record = try runtime.startContainer(request)
                    view.apply(record)
                    entry.state.startFailures[name] = nil
                    metrics.containerStarted()
                    if let hook = container.lifecycle?.postStart {
                        let podIP = entry.state.sandbox?.podIPs.first ?? hostIP
                        if case .failure(let message) = hooks.run(
                            hook, record: record, container: container, podIP: podIP, timeout: .seconds(30))
                        {
                            // kubelet kills a container whose postStart hook failed; its policy decides the rest.
                            self.record(
                                PodEvent(
                                    type: "Warning", reason: "FailedPostStartHook",
                                    message: "PostStartHook failed: \(message)"), about: pod)
                            try? runtime.killContainer(id: record.id, signal: 9)
                        }
                    }
                    if attempt > 0 || !runtime.isSimulated {
                        self.record(
                            PodEvent(type: "Normal", reason: "Started", message: "Started container \(name)"),
                            about: pod)
                    }
                } catch {
                    entry.state.startFailures[name] = StartFailure(
                        token: UUID().uuidString, reason: error.reason, message: error.message, at: Date())
                    self.record(
                        PodEvent(type: "Warning", reason: "Failed", message: "Error: \(error.message)"), about: pod)
                }
            case .preStop(let id):
                guard let record = view.record(id), let container = pod.container(named: record.container),
                    let hook = container.lifecycle?.preStop
                else { return false }
                // The hook has what is left of the grace period; SIGTERM follows it either way.
                let deadline = entry.state.stopping[id]?.deadline ?? Date()
                let timeout = Duration.milliseconds(max(1, Int64(deadline.timeIntervalSinceNow * 1000)))
                if case .failure(let message) = hooks.run(
                    hook, record: record, container: container, podIP: entry.state.sandbox?.podIPs.first ?? hostIP,
                    timeout: timeout)
                {
                    self.record(
                        PodEvent(
                            type: "Warning", reason: "FailedPreStopHook", message: "PreStopHook failed: \(message)"),
                        about: pod)
                }
            case .kill(let id, let signal):
                do throws(RuntimeError) {
                    try runtime.killContainer(id: id, signal: signal)
                } catch  where error.reason == "NotFound" {
                    view.remove(id)
                }
            case .remove(let id):
                if let record = view.record(id) { logs.remove(record) }
                try? runtime.removeContainer(id: id)
                view.remove(id)
            case .stopPod:
                do throws(RuntimeError) {
                    try runtime.stopPod(uid: uid)
                } catch {
                    entry.state.stopped = false
                    throw error
                }
            case .deletePod:
                return deletePod(pod)
            }
        } catch {
            logger.warning(
                "a runtime call failed",
                metadata: [
                    "pod.key": "\(pod.metadata.namespace ?? "")/\(pod.metadata.name ?? "")",
                    "runtime.reason": "\(error.reason)", "runtime.message": "\(error.message)",
                ])
            queue.addAfter(
                Self.key(namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? ""), delay: .seconds(1))
        }
        return false
    }

    private func podJSON(_ pod: Pod) throws(RuntimeError) -> JSONValue {
        do {
            return try TypedClient<Pod>.encode(pod)
        } catch {
            throw RuntimeError(reason: "RuntimeError", message: "cannot encode the pod: \(error.message)")
        }
    }

    /// The start request of a container: environment resolved, log path chosen.
    private func request(
        pod: Pod, container: Container, initContainer: Bool, attempt: Int, podIPs: [String], hostIP: String
    ) throws(RuntimeError) -> ContainerRequest {
        // Each ConfigMap or Secret is read once per start, however many variables name it.
        var fetched: [String: JSONValue?] = [:]
        let resolver = EnvResolver(
            fetch: { [client] resource, namespace, name in
                let key = "\(resource)/\(namespace)/\(name)"
                if let known = fetched[key] { return known }
                let type = resource == "secrets" ? APIResource.of(Secret.self) : APIResource.of(ConfigMap.self)
                let object = Blocking.wait { try? await client.get(type, namespace: namespace, name: name) }
                fetched[key] = object
                return object
            }, pod: pod, hostIP: hostIP, podIPs: podIPs)
        let env = try resolver.environment(for: container)
        let values = Dictionary(env.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        let limits = container.resources?.limits
        let name = container.name ?? ""
        let namespace = pod.metadata.namespace ?? ""
        let podName = pod.metadata.name ?? ""
        let uid = pod.metadata.uid ?? ""
        return ContainerRequest(
            node: pod.spec?.nodeName ?? "", podUID: uid, namespace: namespace, pod: podName, container: name,
            attempt: attempt, initContainer: initContainer, image: container.image ?? "",
            command: (container.command ?? []).map { EnvResolver.expand($0, values) },
            args: (container.args ?? []).map { EnvResolver.expand($0, values) }, env: env,
            workingDir: container.workingDir,
            logPath: logs.path(namespace: namespace, pod: podName, uid: uid, container: name, attempt: attempt),
            cpuLimitMillis: limits?["cpu"]?.scaledValue(toPowerOfTen: -3).map { Int($0) },
            memoryLimitBytes: limits?["memory"]?.scaledValue(toPowerOfTen: 0),
            annotations: pod.metadata.annotations ?? [:])
    }

    /// Keeps the newest two records of each container (the current one and the one `--previous`
    /// reads); removes older exited ones and their logs.
    private func collectGarbage(pod: Pod, uid: String) {
        let byContainer = Dictionary(grouping: view.records(pod: uid), by: \.container)
        for (_, records) in byContainer where records.count > 2 {
            for record in records.sorted(by: { $0.attempt > $1.attempt }).dropFirst(2) where record.state == .exited {
                logs.remove(record)
                try? runtime.removeContainer(id: record.id)
                view.remove(record.id)
            }
        }
    }

    // MARK: API writes

    /// Patches `pods/status` (strategic merge, the container lists replaced); whether it landed.
    private func writeStatus(_ status: PodStatus, of pod: Pod) -> Bool {
        guard case .object(var fields)? = try? JSONValueEncoder().encode(status) else { return false }
        for list in ["containerStatuses", "initContainerStatuses"] {
            if case .array(let items)? = fields[list] {
                fields[list] = .array([.object(["$patch": .string("replace")])] + items)
            }
        }
        let patch: JSONValue = .object([
            "metadata": .object(["uid": .string(pod.metadata.uid ?? "")]), "status": .object(fields),
        ])
        let resource = APIResource.of(Pod.self)
        let namespace = pod.metadata.namespace
        let name = pod.metadata.name ?? ""
        let result: Result<Void, ClientError> = Blocking.wait { [client] in
            do throws(ClientError) {
                _ = try await client.patch(
                    resource, namespace: namespace, name: name, type: .strategic, patch, subresource: "status")
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success:
            metrics.statusWritten()
            return true
        case .failure(let error):
            if error.code != 404 {
                logger.warning(
                    "cannot write a pod's status",
                    metadata: ["pod.key": "\(namespace ?? "")/\(name)", "error.message": "\(error.message)"])
                queue.addAfter(Self.key(namespace: namespace ?? "", name: name), delay: .seconds(1))
            }
            return false
        }
    }

    /// The final delete, grace 0 with the pod's uid as precondition; whether it went.
    private func deletePod(_ pod: Pod) -> Bool {
        let options: JSONValue = .object([
            "apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": .int(0),
            "preconditions": .object(["uid": .string(pod.metadata.uid ?? "")]),
        ])
        let namespace = pod.metadata.namespace
        let name = pod.metadata.name ?? ""
        let result: ClientError? = Blocking.wait { [client] () async -> ClientError? in
            do throws(ClientError) {
                _ = try await client.deleteBytes(
                    APIResource.of(Pod.self), namespace: namespace, name: name, options: options.serialized())
                return nil
            } catch {
                return error
            }
        }
        if let result, result.code != 404, result.code != 409 {
            logger.warning(
                "cannot delete a pod",
                metadata: ["pod.key": "\(namespace ?? "")/\(name)", "error.message": "\(result.message)"])
            queue.addAfter(Self.key(namespace: namespace ?? "", name: name), delay: .seconds(1))
            return false
        }
        return true
    }

    private func record(_ event: PodEvent, about pod: Pod) {
        guard let object = try? TypedClient<Pod>.encode(pod) else { return }
        let recorder = events
        Task {
            try? await recorder.record(about: object, type: event.type, reason: event.reason, message: event.message)
        }
    }

    /// Records a probe failure event for a pod key.
    func recordProbeEvent(key: String, reason: String, message: String) {
        guard let pod = entries.withLock({ $0[key]?.pod }) else { return }
        record(PodEvent(type: "Warning", reason: reason, message: message), about: pod)
    }
}
