import SkiffAPI
import SkiffPluginKit

/// JSON builders for nodes and pods, in the shape of kube-scheduler's `st.MakeNode()`/`st.MakePod()`.
enum Fixtures {
    /// A node with allocatable (and capacity) `cpu`, `memory` and `pods`, plus `extra` resources.
    static func node(
        _ name: String, cpu: String = "4", memory: String = "16Gi", pods: Int64 = 110, labels: [String: String] = [:],
        taints: [JSONValue] = [], unschedulable: Bool = false, extra: [String: String] = [:]
    ) -> JSONValue {
        var allLabels = labels
        if allLabels["kubernetes.io/hostname"] == nil { allLabels["kubernetes.io/hostname"] = name }
        return bareNode(
            name, cpu: cpu, memory: memory, pods: pods, labels: allLabels, taints: taints,
            unschedulable: unschedulable, extra: extra)
    }

    /// A node without the automatic hostname label.
    static func bareNode(
        _ name: String, cpu: String? = "4", memory: String? = "16Gi", pods: Int64 = 110,
        labels: [String: String] = [:], taints: [JSONValue] = [], unschedulable: Bool = false,
        extra: [String: String] = [:]
    ) -> JSONValue {
        var resources: [String: JSONValue] = ["pods": .string(String(pods))]
        if let cpu { resources["cpu"] = .string(cpu) }
        if let memory { resources["memory"] = .string(memory) }
        for (key, value) in extra { resources[key] = .string(value) }
        var spec: JSONValue = [:]
        if !taints.isEmpty { spec["taints"] = .array(taints) }
        if unschedulable { spec["unschedulable"] = true }
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": strings(labels)],
            "spec": spec,
            "status": ["capacity": .object(resources), "allocatable": .object(resources)],
        ]
    }

    /// A taint.
    static func taint(_ key: String, _ value: String = "", _ effect: String = "NoSchedule") -> JSONValue {
        ["key": .string(key), "value": .string(value), "effect": .string(effect)]
    }

    /// A toleration; `op` `Exists` ignores the value.
    static func toleration(_ key: String, _ op: String = "Equal", _ value: String = "", _ effect: String = "")
        -> JSONValue
    {
        var toleration: JSONValue = ["key": .string(key), "operator": .string(op)]
        if op != "Exists" { toleration["value"] = .string(value) }
        if !effect.isEmpty { toleration["effect"] = .string(effect) }
        return toleration
    }

    /// A container requesting `requests` (no `resources` at all when nil).
    static func container(_ requests: [String: String]? = nil, ports: [JSONValue] = [], restartAlways: Bool = false)
        -> JSONValue
    {
        var container: JSONValue = ["name": "c", "image": "registry.k8s.io/pause:3.10"]
        if let requests { container["resources"] = ["requests": strings(requests)] }
        if !ports.isEmpty { container["ports"] = .array(ports) }
        if restartAlways { container["restartPolicy"] = "Always" }
        return container
    }

    /// A host port.
    static func hostPort(_ proto: String, _ ip: String, _ port: Int64) -> JSONValue {
        ["containerPort": .int(port), "hostPort": .int(port), "protocol": .string(proto), "hostIP": .string(ip)]
    }

    /// A pod: `requests` gives one container per entry; `spec` members are merged into the spec.
    static func pod(
        _ name: String, namespace: String = "default", labels: [String: String] = [:],
        requests: [[String: String]] = [],
        priority: Int64? = nil, spec: JSONValue = [:], metadata: JSONValue = [:], status: JSONValue? = nil
    ) -> JSONValue {
        var meta: JSONValue = [
            "name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(namespace)-\(name)"),
            "labels": strings(labels),
        ]
        for (key, value) in metadata.objectValue ?? [:] { meta[key] = value }
        var podSpec: JSONValue = ["containers": .array(requests.map { container($0) })]
        if let priority { podSpec["priority"] = .int(priority) }
        for (key, value) in spec.objectValue ?? [:] { podSpec[key] = value }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": podSpec]
        if let status { pod["status"] = status }
        return pod
    }

    /// A label selector `{matchLabels: labels}`.
    static func selector(_ labels: [String: String]) -> JSONValue {
        ["matchLabels": strings(labels)]
    }

    /// A label selector with one expression.
    static func selector(_ key: String, _ op: String, _ values: [String] = []) -> JSONValue {
        [
            "matchExpressions": [
                ["key": .string(key), "operator": .string(op), "values": .array(values.map(JSONValue.string))]
            ]
        ]
    }

    /// A node selector requirement.
    static func requirement(_ key: String, _ op: String, _ values: [String] = []) -> JSONValue {
        ["key": .string(key), "operator": .string(op), "values": .array(values.map(JSONValue.string))]
    }

    /// `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` with these terms.
    static func requiredNodeAffinity(_ terms: [JSONValue]) -> JSONValue {
        [
            "affinity": [
                "nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": .array(terms)]]
            ]
        ]
    }

    /// A pod (anti-)affinity term.
    static func podTerm(
        _ selector: JSONValue, topologyKey: String, namespaces: [String]? = nil, namespaceSelector: JSONValue? = nil
    ) -> JSONValue {
        var term: JSONValue = ["labelSelector": selector, "topologyKey": .string(topologyKey)]
        if let namespaces { term["namespaces"] = .array(namespaces.map(JSONValue.string)) }
        if let namespaceSelector { term["namespaceSelector"] = namespaceSelector }
        return term
    }

    /// A weighted pod (anti-)affinity term.
    static func weighted(_ weight: Int64, _ term: JSONValue) -> JSONValue {
        ["weight": .int(weight), "podAffinityTerm": term]
    }

    /// A topology spread constraint.
    static func spread(
        _ maxSkew: Int64, _ key: String, _ when: String = "DoNotSchedule", selector: JSONValue,
        extra: JSONValue = [:]
    ) -> JSONValue {
        var constraint: JSONValue = [
            "maxSkew": .int(maxSkew), "topologyKey": .string(key), "whenUnsatisfiable": .string(when),
            "labelSelector": selector,
        ]
        for (name, value) in extra.objectValue ?? [:] { constraint[name] = value }
        return constraint
    }

    static func strings(_ map: [String: String]) -> JSONValue {
        .object(map.mapValues { JSONValue.string($0) })
    }
}
