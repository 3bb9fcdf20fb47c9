import Foundation
import Logging
import SkiffAPI
import SkiffClient

/// Registers the agent's nodes and keeps their status (kubelet's `registerWithAPIServer` and
/// `updateNodeStatus`): create the Node, or take over an existing one of that name, then write
/// its status (conditions, capacity, allocatable, addresses, nodeInfo, the kubelet endpoint).
struct NodeRegistrar: Sendable {
    let client: Client
    let kubeletPort: Int
    let runtimeVersion: String
    let logger: Logger

    static let nodes = APIResource.of(Node.self)

    /// The node a runtime described, completed with what the agent owns.
    func completed(_ node: JSONValue, now: Date) -> JSONValue {
        var node = node
        let name = node["metadata"]?["name"]?.stringValue ?? ""
        node["apiVersion"] = "v1"
        node["kind"] = "Node"
        var labels = node["metadata"]?["labels"]?.objectValue ?? [:]
        labels["kubernetes.io/hostname"] = labels["kubernetes.io/hostname"] ?? .string(name)
        labels["kubernetes.io/os"] = labels["kubernetes.io/os"] ?? "linux"
        labels["kubernetes.io/arch"] = labels["kubernetes.io/arch"] ?? .string(Self.architecture)
        labels["beta.kubernetes.io/os"] = labels["kubernetes.io/os"]
        labels["beta.kubernetes.io/arch"] = labels["kubernetes.io/arch"]
        node[path: ["metadata", "labels"]] = .object(labels)
        node["status"] = status(of: node, now: now)
        return node
    }

    /// The status the agent writes for a node.
    func status(of node: JSONValue, now: Date) -> JSONValue {
        var status = node["status"] ?? .emptyObject
        status["conditions"] = Self.conditions(now: now)
        if status["allocatable"] == nil { status["allocatable"] = status["capacity"] }
        status[path: ["daemonEndpoints", "kubeletEndpoint", "Port"]] = .int(Int64(kubeletPort))
        var info = status["nodeInfo"]?.objectValue ?? [:]
        let defaults: [String: String] = [
            "kubeletVersion": "v1.32.0-skiff",
            "kubeProxyVersion": "", "operatingSystem": "linux", "architecture": Self.architecture,
            "containerRuntimeVersion": runtimeVersion, "kernelVersion": Self.kernelVersion, "osImage": Self.osImage,
            "machineID": "", "systemUUID": "", "bootID": "",
        ]
        for (key, value) in defaults where info[key] == nil { info[key] = .string(value) }
        status["nodeInfo"] = .object(info)
        status["phase"] = nil
        return status
    }

    /// Creates the node or takes over the one of that name; then writes its status.
    func register(_ node: JSONValue, now: Date) async throws(ClientError) -> JSONValue {
        let name = node["metadata"]?["name"]?.stringValue ?? ""
        do {
            _ = try await client.create(Self.nodes, namespace: nil, node)
        } catch  where error.code == 409 {
            let labels = node["metadata"]?["labels"] ?? .emptyObject
            _ = try await client.patch(
                Self.nodes, namespace: nil, name: name, type: .merge, .object(["metadata": .object(["labels": labels])])
            )
        }
        return try await client.patch(
            Self.nodes, namespace: nil, name: name, type: .merge, .object(["status": node["status"] ?? .emptyObject]),
            subresource: "status")
    }

    /// The conditions of a healthy node, stamped `now`.
    static func conditions(now: Date) -> JSONValue {
        let stamp = JSONValue.string(Time(now).description)
        func condition(_ type: String, _ value: String, _ reason: String, _ message: String) -> JSONValue {
            .object([
                "type": .string(type), "status": .string(value), "reason": .string(reason),
                "message": .string(message), "lastHeartbeatTime": stamp, "lastTransitionTime": stamp,
            ])
        }
        return .array([
            condition(
                "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ])
    }

    /// Writes a node's heartbeat conditions again (what kubelet does every `nodeStatusReportFrequency`).
    func refresh(_ node: JSONValue, now: Date) async throws(ClientError) {
        let name = node["metadata"]?["name"]?.stringValue ?? ""
        _ = try await client.patch(
            Self.nodes, namespace: nil, name: name, type: .merge,
            .object(["status": .object(["conditions": Self.conditions(now: now)])]), subresource: "status")
    }

    static var architecture: String {
        #if arch(arm64)
            "arm64"
        #else
            "amd64"
        #endif
    }

    /// Read once: `/proc/sys/kernel/osrelease`.
    static let kernelVersion: String = {
        (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }()

    /// Read once: `PRETTY_NAME` of `/etc/os-release`.
    static let osImage: String = {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "Linux" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
    }()
}
