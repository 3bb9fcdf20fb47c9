import Foundation
import SkiffAPI
import SkiffPluginKit
import Synchronization

/// Runs each container as a plain process of the host: its command and args, its environment,
/// its working directory, a process group of its own, stdout and stderr appended to the log file
/// the agent chose. The image is recorded and nothing more; there is no isolation (every pod
/// shares the host's filesystem, network and users). CPU and memory limits go through cgroup v2
/// where the host delegates it, and the node says whether they are enforced.
///
/// Processes outlive the agent: the runtime records each (pid and start time) under
/// `stateDirectory`, and re-adopts them when it starts again.
///
/// Configuration: `nodeName`, `nodeIP`, `stateDirectory` (the agent fills them), and
/// optionally `capacity` (`{"cpu": "4", "memory": "8Gi", "pods": "110"}`, default: the host's),
/// `labels`, `podNetwork` (`loopback`, the default: an address of 127.N.0.0/16 per pod; or `host`).
final class ProcessRuntime: NodeRuntime {
    static let name = "process-runtime"
    static let summary = "Runs containers as plain processes of the host, with no isolation (built in)"

    /// Where a record keeps what the agent needs back after a restart.
    private enum Label {
        static let podUID = "skiff.dev/pod-uid"
        static let namespace = "skiff.dev/namespace"
        static let pod = "skiff.dev/pod"
        static let container = "skiff.dev/container"
        static let attempt = "skiff.dev/attempt"
        static let image = "skiff.dev/image"
        static let environment = "skiff.dev/environment"
        static let workingDirectory = "skiff.dev/working-directory"
    }

    /// The PATH a container gets when its spec names none (what images usually set).
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    private let context: RuntimeContext
    private let supervisor: ProcessSupervisor
    private let nodeName: String
    private let nodeIP: String
    private let configuration: JSONValue
    /// `loopback` (an address per pod) or `host` (the node's).
    private let podNetwork: String
    /// Where pods' addresses are recorded.
    private let podsDirectory: String
    /// The pods' addresses by uid, loaded from `podsDirectory` once (its files keep them across
    /// restarts).
    private let addresses: Mutex<[String: String]>
    /// The second octet of this node's pod addresses, 127.N.0.0/16: from the node's name and state
    /// directory, so that two agents on one host hand out different addresses.
    private let podOctet: Int

    init(context: RuntimeContext, configuration: JSONValue) throws {
        self.context = context
        self.configuration = configuration
        nodeName = configuration["nodeName"]?.stringValue ?? ProcessInfo.processInfo.hostName
        nodeIP = configuration["nodeIP"]?.stringValue ?? "127.0.0.1"
        let directory = configuration["stateDirectory"]?.stringValue ?? "skiff-process-runtime"
        podNetwork = configuration["podNetwork"]?.stringValue ?? "loopback"
        guard ["loopback", "host"].contains(podNetwork) else {
            throw RuntimeError(
                reason: "InvalidConfiguration", message: "podNetwork must be loopback or host, not \(podNetwork)")
        }
        podsDirectory = directory + "/pods"
        var hash: UInt32 = 2_166_136_261
        for byte in (nodeName + "\u{0}" + directory).utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        podOctet = Int(configuration["podOctet"]?.intValue ?? Int64(1 + hash % 250))
        try? FileManager.default.createDirectory(atPath: podsDirectory, withIntermediateDirectories: true)
        var known: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: podsDirectory)) ?? []
        where !name.hasSuffix(".tmp") {
            if let address = try? String(contentsOfFile: "\(podsDirectory)/\(name)", encoding: .utf8) {
                known[name] = address.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        addresses = Mutex(known)
        do {
            supervisor = try ProcessSupervisor(stateDirectory: directory) { record in
                context.report(ProcessRuntime.containerRecord(record))
            }
        } catch {
            throw RuntimeError(reason: "RuntimeError", message: "cannot open \(directory): \(error.message)")
        }
        if case .unavailable(let reason) = supervisor.cgroups {
            context.log(.warning, "CPU and memory limits are not enforced: \(reason)")
        }
    }

    func shutdown() {
        supervisor.shutdown()
    }

    // MARK: Nodes

    func nodes() throws -> [JSONValue] {
        var capacity: [String: JSONValue] = [
            "cpu": .string(String(ProcessInfo.processInfo.activeProcessorCount)),
            "memory": .string("\(ProcessInfo.processInfo.physicalMemory / 1024)Ki"),
            "pods": "110",
        ]
        var stats = statvfs()
        if statvfs(configuration["stateDirectory"]?.stringValue ?? ".", &stats) == 0 {
            capacity["ephemeral-storage"] = .string("\(UInt64(stats.f_blocks) * UInt64(stats.f_frsize) / 1024)Ki")
        }
        for (key, value) in configuration["capacity"]?.objectValue ?? [:] { capacity[key] = value }
        var annotations: [String: JSONValue] = [:]
        switch supervisor.cgroups {
        case .enforced:
            annotations["skiff.dev/limits-enforced"] = "true"
        case .unavailable(let reason):
            annotations["skiff.dev/limits-enforced"] = "false"
            annotations["skiff.dev/limits-not-enforced-reason"] = .string(reason)
        }
        annotations["skiff.dev/isolation"] = "none: containers are processes of the host"
        var labels = configuration["labels"]?.objectValue ?? [:]
        labels["kubernetes.io/hostname"] = .string(nodeName)
        return [
            .object([
                "metadata": .object([
                    "name": .string(nodeName), "labels": .object(labels), "annotations": .object(annotations),
                ]),
                "status": .object([
                    "capacity": .object(capacity), "allocatable": .object(capacity),
                    "addresses": .array([
                        .object(["type": "InternalIP", "address": .string(nodeIP)]),
                        .object(["type": "Hostname", "address": .string(nodeName)]),
                    ]),
                    "nodeInfo": .object(["containerRuntimeVersion": "process://1.0.0"]),
                ]),
            ])
        ]
    }

    /// A pod's address. With the `loopback` pod network (the default) each pod gets a loopback
    /// address of its own, 127.N.X.Y, kept under `stateDirectory/pods` across restarts: pods that
    /// listen on their `status.podIP` can share a port. With `host` every pod has the node's address.
    func runPod(_ pod: JSONValue) throws -> PodSandbox {
        guard podNetwork == "loopback" else { return PodSandbox(podIPs: [nodeIP]) }
        let uid = pod["metadata"]?["uid"]?.stringValue ?? ""
        guard !uid.isEmpty, !uid.contains("/") else {
            throw RuntimeError(reason: "CreatePodSandboxError", message: "the pod has no uid")
        }
        return try addresses.withLock { known in
            if let address = known[uid] { return PodSandbox(podIPs: [address]) }
            let used = Set(known.values)
            for index in 0..<(256 * 253) {
                let address = "127.\(podOctet).\(index / 253).\(index % 253 + 2)"
                guard !used.contains(address) else { continue }
                do {
                    try Data(address.utf8).write(
                        to: URL(fileURLWithPath: "\(podsDirectory)/\(uid)"), options: .atomic)
                } catch {
                    throw RuntimeError(
                        reason: "CreatePodSandboxError", message: "cannot record the pod's address: \(error)")
                }
                known[uid] = address
                return PodSandbox(podIPs: [address])
            }
            throw RuntimeError(reason: "CreatePodSandboxError", message: "no loopback pod address is left")
        }
    }

    /// Releases the pod's address.
    func stopPod(uid: String) throws {
        guard podNetwork == "loopback", !uid.isEmpty, !uid.contains("/") else { return }
        addresses.withLock { known in
            known[uid] = nil
            try? FileManager.default.removeItem(atPath: "\(podsDirectory)/\(uid)")
        }
    }

    // MARK: Containers

    func startContainer(_ request: ContainerRequest) throws -> ContainerRecord {
        guard !request.command.isEmpty else {
            throw RuntimeError(
                reason: "CreateContainerConfigError",
                message:
                    "container \(request.container) has no command: the process runtime cannot run an image's entrypoint"
            )
        }
        var environment: [String: String] = ["PATH": Self.defaultPath, "HOSTNAME": request.pod]
        for variable in request.env { environment[variable.name] = variable.value }
        let encoded = (try? JSONEncoder().encode(environment)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var labels = [
            Label.podUID: request.podUID, Label.namespace: request.namespace, Label.pod: request.pod,
            Label.container: request.container, Label.attempt: String(request.attempt), Label.image: request.image,
            Label.environment: encoded,
        ]
        labels[Label.workingDirectory] = request.workingDir
        let spec = ProcessSpec(
            id: "\(request.podUID)-\(request.container)-\(request.attempt)".lowercased(),
            command: request.command + request.args, environment: environment,
            workingDirectory: request.workingDir, logPath: request.logPath, cpuLimitMillis: request.cpuLimitMillis,
            memoryLimitBytes: request.memoryLimitBytes, labels: labels)
        do {
            return Self.containerRecord(try supervisor.start(spec))
        } catch {
            throw RuntimeError(reason: error.reason, message: error.message)
        }
    }

    func killContainer(id: String, signal: Int32) throws {
        do {
            try supervisor.signal(id, signal)
        } catch {
            throw RuntimeError(reason: error.reason, message: error.message)
        }
    }

    func removeContainer(id: String) throws {
        do {
            try supervisor.remove(id)
        } catch  where error.reason == "NotFound" {
        } catch {
            throw RuntimeError(reason: error.reason, message: error.message)
        }
    }

    func listContainers() throws -> [ContainerRecord] {
        supervisor.records().map(Self.containerRecord)
    }

    /// Runs the command on the host with the container's environment and working directory.
    func execSync(_ request: ExecRequest) throws -> ExecResponse {
        guard let record = supervisor.record(request.id) else {
            throw RuntimeError.notFound("no container \(request.id)")
        }
        let environment =
            record.labels[Label.environment].flatMap {
                try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
            } ?? ["PATH": Self.defaultPath]
        let result = supervisor.exec(
            command: request.command, environment: environment,
            workingDirectory: record.labels[Label.workingDirectory], timeout: .milliseconds(request.timeoutMs))
        return ExecResponse(exitCode: result.exitCode, output: result.output, timedOut: result.timedOut)
    }

    /// The agent's view of a supervised process.
    static func containerRecord(_ record: ProcessRecord) -> ContainerRecord {
        // An exit nobody saw: kubelet reports it as ContainerStatusUnknown with 137.
        let unknown = record.state == .exited && record.exitCode == nil
        return ContainerRecord(
            id: record.id, podUID: record.labels[Label.podUID] ?? "", namespace: record.labels[Label.namespace] ?? "",
            pod: record.labels[Label.pod] ?? "", container: record.labels[Label.container] ?? "",
            attempt: Int(record.labels[Label.attempt] ?? "") ?? 0, image: record.labels[Label.image] ?? "",
            state: record.state == .running ? .running : .exited, pid: record.pid, startedAt: record.startedAt,
            finishedAt: record.finishedAt, exitCode: unknown ? 137 : record.exitCode,
            reason: unknown ? "ContainerStatusUnknown" : record.reason,
            message: unknown ? "The container could not be located when the pod was terminated" : nil)
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(runtime: ProcessRuntime.self, hostABI: major, minor: minor)
}
