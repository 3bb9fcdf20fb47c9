import Foundation

/// The `kubectl get` columns of the built-in kinds, as kube-apiserver's printers make them.
public enum TableColumns {
    /// AGE: how long ago the object was created, `5m`, `2d3h`.
    public static let age = TableColumn(
        "Age",
        description: "CreationTimestamp is a timestamp representing the server time when this object was created."
    ) { object in
        .string(since(object[path: ["metadata", "creationTimestamp"]]?.stringValue))
    }

    /// Kubernetes' short duration: `45s`, `5m`, `3h`, `2d`, with a second unit while it is small.
    public static func humanDuration(_ seconds: Int64) -> String {
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if days < 365 * 2 { return "\(days)d" }
        return "\(days / 365)y"
    }

    /// The age of an RFC 3339 time, `<unknown>` when absent.
    public static func since(_ text: String?) -> String {
        guard let text, let date = RFC3339.parse(text) else { return "<unknown>" }
        return humanDuration(Int64(Date().timeIntervalSince(date)))
    }

    private static func string(_ object: JSONValue, _ path: String...) -> String {
        object[path: path]?.stringValue ?? ""
    }

    private static func int(_ object: JSONValue, _ path: String...) -> Int64 {
        object[path: path]?.intValue ?? 0
    }

    private static func none(_ text: String) -> JSONValue { .string(text.isEmpty ? "<none>" : text) }

    /// NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE READINESS GATES.
    public static let pod: [TableColumn] = [
        TableColumn("Ready", description: "The number of containers that are ready.") { pod in
            let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
            let total = pod[path: ["spec", "containers"]]?.arrayValue?.count ?? 0
            let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(total)")
        },
        TableColumn("Status", description: "The aggregate status of the containers in this pod.") { pod in
            .string(podStatus(pod))
        },
        TableColumn("Restarts", type: "string", description: "The number of times the containers were restarted.") {
            pod in
            let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
            return .string(String(statuses.reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) }))
        },
        age,
        TableColumn("IP", priority: 1, description: "The pod's IP address.") { none(string($0, "status", "podIP")) },
        TableColumn("Node", priority: 1, description: "The node the pod is bound to.") {
            none(string($0, "spec", "nodeName"))
        },
        TableColumn("Nominated Node", priority: 1, description: "The node nominated by preemption.") {
            none(string($0, "status", "nominatedNodeName"))
        },
        TableColumn("Readiness Gates", priority: 1, description: "The pod's readiness gates.") { pod in
            let gates = pod[path: ["spec", "readinessGates"]]?.arrayValue ?? []
            return gates.isEmpty ? "<none>" : .string("0/\(gates.count)")
        },
    ]

    /// What kubectl shows in a pod's STATUS column: a container's waiting or terminated reason, the
    /// phase, or Terminating.
    public static func podStatus(_ pod: JSONValue) -> String {
        var reason = string(pod, "status", "reason")
        if reason.isEmpty { reason = string(pod, "status", "phase") }
        for status in pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [] {
            if let waiting = status[path: ["state", "waiting", "reason"]]?.stringValue, !waiting.isEmpty,
                waiting != "PodInitializing"
            {
                return "Init:" + waiting
            }
        }
        for status in (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).reversed() {
            if let waiting = status[path: ["state", "waiting", "reason"]]?.stringValue, !waiting.isEmpty {
                reason = waiting
            } else if let terminated = status[path: ["state", "terminated", "reason"]]?.stringValue,
                !terminated.isEmpty
            {
                reason = terminated
            }
        }
        if pod[path: ["metadata", "deletionTimestamp"]] != nil {
            return string(pod, "status", "reason") == "NodeLost" ? "Unknown" : "Terminating"
        }
        return reason.isEmpty ? "Pending" : reason
    }

    /// NAME CREATED AT.
    public static let customResourceDefinition: [TableColumn] = [
        TableColumn(
            "Created At", type: "date",
            description: "CreationTimestamp is a timestamp representing the server time when this object was created."
        ) { object in
            object[path: ["metadata", "creationTimestamp"]] ?? .null
        }
    ]

    /// NAME READY UP-TO-DATE AVAILABLE AGE, wide: CONTAINERS IMAGES SELECTOR.
    public static let deployment: [TableColumn] = [
        TableColumn("Ready", description: "Number of the pod with ready state.") { deployment in
            .string("\(int(deployment, "status", "readyReplicas"))/\(int(deployment, "spec", "replicas"))")
        },
        TableColumn(
            "Up-to-date", type: "integer",
            description:
                "Total number of non-terminated pods targeted by this deployment that have the desired template spec."
        ) {
            .int(int($0, "status", "updatedReplicas"))
        },
        TableColumn(
            "Available", type: "integer",
            description:
                "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."
        ) {
            .int(int($0, "status", "availableReplicas"))
        },
        age,
        TableColumn("Containers", priority: 1, description: "Names of each container in the template.") {
            containers($0, "name")
        },
        TableColumn("Images", priority: 1, description: "Images referenced by each container in the template.") {
            containers($0, "image")
        },
        TableColumn("Selector", priority: 1, description: "Label selector for pods.") { selector($0) },
    ]

    /// NAME DESIRED CURRENT READY AGE.
    public static let replicaSet: [TableColumn] = [
        TableColumn("Desired", type: "integer", description: "Number of desired pods.") {
            .int(int($0, "spec", "replicas"))
        },
        TableColumn("Current", type: "integer", description: "Number of actual replicas.") {
            .int(int($0, "status", "replicas"))
        },
        TableColumn("Ready", type: "integer", description: "Number of ready replicas.") {
            .int(int($0, "status", "readyReplicas"))
        },
        age,
        TableColumn("Containers", priority: 1, description: "Names of each container in the template.") {
            containers($0, "name")
        },
        TableColumn("Images", priority: 1, description: "Images referenced by each container in the template.") {
            containers($0, "image")
        },
        TableColumn("Selector", priority: 1, description: "Label selector for pods.") { selector($0) },
    ]

    private static func containers(_ object: JSONValue, _ field: String) -> JSONValue {
        let list = object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        return .string(list.compactMap { $0[field]?.stringValue }.joined(separator: ","))
    }

    private static func selector(_ object: JSONValue) -> JSONValue {
        let labels = object[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
        return none(labels.keys.sorted().map { "\($0)=\(labels[$0]?.stringValue ?? "")" }.joined(separator: ","))
    }

    /// NAME STATUS ROLES AGE VERSION.
    public static let node: [TableColumn] = [
        TableColumn("Status", description: "The status of the node.") { node in
            let conditions = node[path: ["status", "conditions"]]?.arrayValue ?? []
            var status = "Unknown"
            if let ready = conditions.first(where: { $0["type"]?.stringValue == "Ready" }) {
                status = ready["status"]?.stringValue == "True" ? "Ready" : "NotReady"
            }
            if node[path: ["spec", "unschedulable"]]?.boolValue == true { status += ",SchedulingDisabled" }
            return .string(status)
        },
        TableColumn("Roles", description: "The roles of the node.") { node in
            let labels = node[path: ["metadata", "labels"]]?.objectValue ?? [:]
            var roles: [String] = []
            for key in labels.keys.sorted() where key.hasPrefix("node-role.kubernetes.io/") {
                roles.append(String(key.dropFirst("node-role.kubernetes.io/".count)))
            }
            if let role = labels["kubernetes.io/role"]?.stringValue { roles.append(role) }
            return none(roles.joined(separator: ","))
        },
        age,
        TableColumn("Version", description: "Kubelet version.") { node in
            .string(string(node, "status", "nodeInfo", "kubeletVersion"))
        },
        TableColumn("Internal-IP", priority: 1, description: "The node's internal IP.") { node in
            none(Node.address("InternalIP", of: node) ?? "")
        },
        TableColumn("External-IP", priority: 1, description: "The node's external IP.") { node in
            none(Node.address("ExternalIP", of: node) ?? "")
        },
        TableColumn("OS-Image", priority: 1, description: "The node's operating system image.") { node in
            none(string(node, "status", "nodeInfo", "osImage"))
        },
        TableColumn("Kernel-Version", priority: 1, description: "The node's kernel version.") { node in
            none(string(node, "status", "nodeInfo", "kernelVersion"))
        },
        TableColumn("Container-Runtime", priority: 1, description: "The node's container runtime and its version.") {
            node in
            none(string(node, "status", "nodeInfo", "containerRuntimeVersion"))
        },
    ]

    /// NAME STATUS AGE.
    public static let namespace: [TableColumn] = [
        TableColumn("Status", description: "The status of the namespace.") { .string(string($0, "status", "phase")) },
        age,
    ]

    /// NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE.
    public static let service: [TableColumn] = [
        TableColumn("Type", description: "The type of service.") { service in
            .string(string(service, "spec", "type").isEmpty ? "ClusterIP" : string(service, "spec", "type"))
        },
        TableColumn("Cluster-IP", description: "The cluster IP.") { none(string($0, "spec", "clusterIP")) },
        TableColumn("External-IP", description: "External IPs.") { service in
            let ips = (service[path: ["spec", "externalIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
            return none(ips.joined(separator: ","))
        },
        TableColumn("Port(s)", description: "The ports.") { service in
            let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
            let text = ports.map { port -> String in
                var text = "\(port["port"]?.intValue ?? 0)"
                if let nodePort = port["nodePort"]?.intValue { text += ":\(nodePort)" }
                return text + "/" + (port["protocol"]?.stringValue ?? "TCP")
            }
            return none(text.joined(separator: ","))
        },
        age,
        TableColumn("Selector", priority: 1, description: "The selector.") { service in
            let selector = service[path: ["spec", "selector"]]?.objectValue ?? [:]
            return none(
                selector.keys.sorted().map { "\($0)=\(selector[$0]?.stringValue ?? "")" }.joined(separator: ","))
        },
    ]

    /// NAME DATA AGE.
    public static let configMap: [TableColumn] = [
        TableColumn("Data", type: "integer", description: "Number of keys.") { map in
            .int(Int64((map["data"]?.objectValue?.count ?? 0) + (map["binaryData"]?.objectValue?.count ?? 0)))
        },
        age,
    ]

    /// NAME TYPE DATA AGE.
    public static let secret: [TableColumn] = [
        TableColumn("Type", description: "The type of the secret.") { .string(string($0, "type")) },
        TableColumn("Data", type: "integer", description: "Number of keys.") {
            .int(Int64($0["data"]?.objectValue?.count ?? 0))
        },
        age,
    ]

    /// NAME SECRETS AGE.
    public static let serviceAccount: [TableColumn] = [
        TableColumn("Secrets", type: "integer", description: "Number of secrets.") {
            .int(Int64($0["secrets"]?.arrayValue?.count ?? 0))
        },
        age,
    ]

    /// NAME CREATED AT (Role, ClusterRole).
    public static let role: [TableColumn] = [
        TableColumn("Created At", type: "date", description: "When the role was created.") {
            .string(string($0, "metadata", "creationTimestamp"))
        }
    ]

    /// NAME ROLE AGE, and USERS GROUPS SERVICEACCOUNTS with `-o wide` (RoleBinding, ClusterRoleBinding).
    public static let roleBinding: [TableColumn] = [
        TableColumn("Role", description: "The role the binding grants.") {
            .string(string($0, "roleRef", "kind") + "/" + string($0, "roleRef", "name"))
        },
        age,
        TableColumn("Users", priority: 1, description: "The users the binding names.") {
            .string(subjects($0, kind: "User"))
        },
        TableColumn("Groups", priority: 1, description: "The groups the binding names.") {
            .string(subjects($0, kind: "Group"))
        },
        TableColumn("ServiceAccounts", priority: 1, description: "The service accounts the binding names.") {
            .string(subjects($0, kind: "ServiceAccount"))
        },
    ]

    /// The names of a binding's subjects of one kind, comma-separated (`namespace/name` for
    /// service accounts).
    private static func subjects(_ binding: JSONValue, kind: String) -> String {
        (binding["subjects"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == kind }.map { subject in
            let name = subject["name"]?.stringValue ?? ""
            guard kind == "ServiceAccount" else { return name }
            return "\(subject["namespace"]?.stringValue ?? "")/\(name)"
        }.joined(separator: ", ")
    }

    /// NAME HOLDER AGE.
    public static let lease: [TableColumn] = [
        TableColumn("Holder", description: "The holder of the lease.") {
            .string(string($0, "spec", "holderIdentity"))
        },
        age,
    ]

    /// LAST SEEN TYPE REASON OBJECT MESSAGE.
    public static let event: [TableColumn] = [
        TableColumn("Last Seen", description: "When the event was last seen.") { event in
            let last =
                event["lastTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue
                ?? event[path: ["metadata", "creationTimestamp"]]?.stringValue
            return .string(since(last))
        },
        TableColumn("Type", description: "Normal or Warning.") { .string(string($0, "type")) },
        TableColumn("Reason", description: "Why the event happened.") { .string(string($0, "reason")) },
        TableColumn("Object", description: "The object the event is about.") { event in
            .string(
                string(event, "involvedObject", "kind").lowercased() + "/" + string(event, "involvedObject", "name"))
        },
        TableColumn("Message", description: "The message.") { .string(string($0, "message")) },
    ]
}
