import Dispatch
import Foundation
import SkiffAPI
import SkiffPluginKit
import Synchronization

/// Plays many nodes in one process, KWOK's model: no container runs; a started container goes
/// running after a delay with jitter, completes when its pod asks for it, and ends at once when
/// killed. The load generator for scale work.
///
/// Configuration (JSON):
/// - `nodes`: how many nodes (default 1, named `nodeName`); with more, `namePrefix` + index
///   (`sim-node-0` ...).
/// - `capacity`: `{"cpu": "32", "memory": "256Gi", "pods": "110"}` (allocatable is the same).
/// - `labels`, `annotations`: added to every node; `taints`: a list of `{key, value, effect}`.
/// - `startDelayMs`, `startJitterMs`: how long a start takes (default 0 and 0).
/// - `nodeIP`: every node's InternalIP (the agent's address, where its endpoint listens).
///
/// Pods steer their containers with annotations:
/// - `sim.skiff.dev/run-seconds`: the container exits after this many seconds (default: never).
/// - `sim.skiff.dev/exit-code`: its exit code then (default 0).
/// Both also take a container-specific form, `sim.skiff.dev/run-seconds.NAME`.
final class SimulatedRuntime: NodeRuntime {
    static let name = "simulated-runtime"
    static let summary = "Plays many nodes and their pods without running anything (KWOK's model)"
    static let simulated = true

    private struct Settings {
        var nodeNames: [String]
        var capacity: [String: String]
        var labels: [String: JSONValue]
        var annotations: [String: JSONValue]
        var taints: [JSONValue]
        var startDelay: Int
        var startJitter: Int
        var nodeIP: String
    }

    private struct State {
        var records: [String: ContainerRecord] = [:]
        var podIPs: [String: String] = [:]
        /// The host numbers in use, by node: addresses are reused once released.
        var usedHosts: [String: Set<Int>] = [:]
        var hostOf: [String: (node: String, host: Int)] = [:]
    }

    private let context: RuntimeContext
    private let settings: Settings
    private let state = Mutex(State())
    private let timers = DispatchQueue(label: "simulated-runtime.timers")

    init(context: RuntimeContext, configuration: JSONValue) throws {
        self.context = context
        let count = Int(configuration["nodes"]?.intValue ?? 1)
        guard count >= 1, count <= 100_000 else {
            throw RuntimeError(
                reason: "InvalidConfiguration", message: "nodes must be between 1 and 100000, not \(count)")
        }
        let prefix = configuration["namePrefix"]?.stringValue ?? "sim-node-"
        let single = configuration["nodeName"]?.stringValue ?? "\(prefix)0"
        var capacity = ["cpu": "32", "memory": "256Gi", "pods": "110", "ephemeral-storage": "100Gi"]
        for (key, value) in configuration["capacity"]?.objectValue ?? [:] {
            capacity[key] = value.stringValue ?? value.intValue.map { String($0) }
        }
        settings = Settings(
            nodeNames: count == 1 ? [single] : (0..<count).map { "\(prefix)\($0)" }, capacity: capacity,
            labels: configuration["labels"]?.objectValue ?? [:],
            annotations: configuration["annotations"]?.objectValue ?? [:],
            taints: configuration["taints"]?.arrayValue ?? [],
            startDelay: Int(configuration["startDelayMs"]?.intValue ?? 0),
            startJitter: Int(configuration["startJitterMs"]?.intValue ?? 0),
            nodeIP: configuration["nodeIP"]?.stringValue ?? "127.0.0.1")
    }

    func nodes() throws -> [JSONValue] {
        let capacity = JSONValue.object(settings.capacity.mapValues { .string($0) })
        return settings.nodeNames.map { name in
            var labels = settings.labels
            labels["kubernetes.io/hostname"] = .string(name)
            labels["skiff.dev/simulated"] = "true"
            var annotations = settings.annotations
            annotations["skiff.dev/simulated-node"] = "true"
            return .object([
                "metadata": .object([
                    "name": .string(name), "labels": .object(labels), "annotations": .object(annotations),
                ]),
                "spec": .object(["taints": .array(settings.taints)]),
                "status": .object([
                    "capacity": capacity, "allocatable": capacity,
                    "addresses": .array([
                        .object(["type": "InternalIP", "address": .string(settings.nodeIP)]),
                        .object(["type": "Hostname", "address": .string(name)]),
                    ]),
                    "nodeInfo": .object(["containerRuntimeVersion": "simulated://1.0.0"]),
                ]),
            ])
        }
    }

    func runPod(_ pod: JSONValue) throws -> PodSandbox {
        let uid = pod["metadata"]?["uid"]?.stringValue ?? ""
        let node = pod["spec"]?["nodeName"]?.stringValue ?? ""
        let index = settings.nodeNames.firstIndex(of: node) ?? 0
        let ip = state.withLock { state -> String? in
            if let known = state.podIPs[uid] { return known }
            var used = state.usedHosts[node] ?? []
            guard let host = (2...254).first(where: { !used.contains($0) }) else { return nil }
            used.insert(host)
            state.usedHosts[node] = used
            state.hostOf[uid] = (node, host)
            let address = "10.\(128 + index / 256 % 128).\(index % 256).\(host)"
            state.podIPs[uid] = address
            return address
        }
        guard let ip else {
            throw RuntimeError(reason: "CreatePodSandboxError", message: "node \(node) has no pod address left")
        }
        return PodSandbox(podIPs: [ip])
    }

    func stopPod(uid: String) throws {
        state.withLock { state in
            state.podIPs[uid] = nil
            if let (node, host) = state.hostOf.removeValue(forKey: uid) { state.usedHosts[node]?.remove(host) }
        }
    }

    func startContainer(_ request: ContainerRequest) throws -> ContainerRecord {
        let now = context.nowNanoseconds
        var record = ContainerRecord(
            id: "\(request.podUID)-\(request.container)-\(request.attempt)", podUID: request.podUID,
            namespace: request.namespace, pod: request.pod, container: request.container, attempt: request.attempt,
            image: request.image, state: .created, startedAt: now)
        let jitter = settings.startJitter > 0 ? Int.random(in: 0...settings.startJitter) : 0
        let delay = settings.startDelay + jitter
        let runSeconds = annotation("run-seconds", request).flatMap(Double.init)
        let exitCode = annotation("exit-code", request).flatMap { Int32($0) } ?? 0
        if delay == 0 {
            record.state = .running
        }
        state.withLock { $0.records[record.id] = record }
        let id = record.id
        if delay > 0 {
            timers.asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
                transition(id) { record in
                    guard record.state == .created else { return false }
                    record.state = .running
                    record.startedAt = context.nowNanoseconds
                    return true
                }
            }
        }
        if let runSeconds {
            timers.asyncAfter(deadline: .now() + .milliseconds(delay + Int(runSeconds * 1000))) { [self] in
                transition(id) { record in
                    guard record.state != .exited else { return false }
                    finish(&record, exitCode: exitCode)
                    return true
                }
            }
        }
        return record
    }

    func killContainer(id: String, signal: Int32) throws {
        let found = state.withLock { $0.records[id] != nil }
        guard found else { throw RuntimeError.notFound("no container \(id)") }
        transition(id) { record in
            guard record.state != .exited else { return false }
            finish(&record, exitCode: 128 + signal)
            return true
        }
    }

    func removeContainer(id: String) throws {
        state.withLock { _ = $0.records.removeValue(forKey: id) }
    }

    func listContainers() throws -> [ContainerRecord] {
        state.withLock { Array($0.records.values) }.sorted { $0.id < $1.id }
    }

    func execSync(_ request: ExecRequest) throws -> ExecResponse {
        ExecResponse(exitCode: 0, output: "", timedOut: false)
    }

    // MARK: Plumbing

    private func annotation(_ key: String, _ request: ContainerRequest) -> String? {
        request.annotations["sim.skiff.dev/\(key).\(request.container)"] ?? request.annotations["sim.skiff.dev/\(key)"]
    }

    private func finish(_ record: inout ContainerRecord, exitCode: Int32) {
        record.state = .exited
        record.exitCode = exitCode
        record.finishedAt = context.nowNanoseconds
        record.reason = exitCode == 0 ? "Completed" : "Error"
    }

    /// Changes a record and reports it when `change` says it changed.
    private func transition(_ id: String, _ change: (inout ContainerRecord) -> Bool) {
        let changed = state.withLock { state -> ContainerRecord? in
            guard var record = state.records[id], change(&record) else { return nil }
            state.records[id] = record
            return record
        }
        if let changed { context.report(changed) }
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(runtime: SimulatedRuntime.self, hostABI: major, minor: minor)
}
