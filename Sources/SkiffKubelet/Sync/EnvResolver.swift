import Foundation
import SkiffAPI
import SkiffPluginKit

/// A container's environment as kubelet builds it: `envFrom` first, then `env` in order, with
/// `$(VAR)` references to earlier variables expanded (`$$` escapes) and `valueFrom` resolved from
/// the pod's fields, its resources, ConfigMaps and Secrets. Service links are not added.
struct EnvResolver {
    /// Reads a ConfigMap or Secret ("configmaps" or "secrets", namespace, name); nil when missing.
    let fetch: (String, String, String) -> JSONValue?
    let pod: Pod
    let hostIP: String
    let podIPs: [String]

    /// The variables of `container`, or the CreateContainerConfigError that stops it starting.
    func environment(for container: Container) throws(RuntimeError) -> [ContainerRequest.Variable] {
        var order: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values[name] == nil { order.append(name) }
            values[name] = value
        }
        let namespace = pod.metadata.namespace ?? "default"
        for source in container.envFrom ?? [] {
            let prefix = source.prefix ?? ""
            if let reference = source.configMapRef, let name = reference.name {
                guard let object = fetch("configmaps", namespace, name) else {
                    if reference.optional == true { continue }
                    throw configError("configmap \"\(name)\" not found")
                }
                for (key, value) in (object["data"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    set(prefix + key, value.stringValue ?? "")
                }
            }
            if let reference = source.secretRef, let name = reference.name {
                guard let object = fetch("secrets", namespace, name) else {
                    if reference.optional == true { continue }
                    throw configError("secret \"\(name)\" not found")
                }
                for (key, value) in (object["data"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    set(prefix + key, Self.decodeBase64(value.stringValue ?? ""))
                }
            }
        }
        for variable in container.env ?? [] {
            guard let name = variable.name else { continue }
            if let source = variable.valueFrom {
                guard let value = try resolve(source, container: container, namespace: namespace) else { continue }
                set(name, value)
            } else {
                set(name, Self.expand(variable.value ?? "", values))
            }
        }
        return order.map { ContainerRequest.Variable(name: $0, value: values[$0] ?? "") }
    }

    private func resolve(_ source: EnvVarSource, container: Container, namespace: String) throws(RuntimeError)
        -> String?
    {
        if let field = source.fieldRef?.fieldPath { return try fieldValue(field) }
        if let reference = source.configMapKeyRef, let name = reference.name, let key = reference.key {
            guard let object = fetch("configmaps", namespace, name) else {
                if reference.optional == true { return nil }
                throw configError("configmap \"\(name)\" not found")
            }
            guard let value = object["data"]?[key]?.stringValue else {
                if reference.optional == true { return nil }
                throw configError("couldn't find key \(key) in ConfigMap \(namespace)/\(name)")
            }
            return value
        }
        if let reference = source.secretKeyRef, let name = reference.name, let key = reference.key {
            guard let object = fetch("secrets", namespace, name) else {
                if reference.optional == true { return nil }
                throw configError("secret \"\(name)\" not found")
            }
            guard let value = object["data"]?[key]?.stringValue else {
                if reference.optional == true { return nil }
                throw configError("couldn't find key \(key) in Secret \(namespace)/\(name)")
            }
            return Self.decodeBase64(value)
        }
        if let reference = source.resourceFieldRef, let resource = reference.resource {
            let target =
                reference.containerName.flatMap { name in
                    (pod.spec?.containers ?? []).first { $0.name == name }
                } ?? container
            let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw configError("unsupported resource \(resource)") }
            let amounts = parts[0] == "limits" ? target.resources?.limits : target.resources?.requests
            guard let quantity = amounts?[parts[1]] else { return "0" }
            let divisor = reference.divisor ?? Quantity("1")
            let scale = parts[1] == "cpu" ? -3 : 0
            guard let value = quantity.scaledValue(toPowerOfTen: scale),
                let unit = divisor.scaledValue(toPowerOfTen: scale), unit > 0
            else { return quantity.string }
            return String((value + unit - 1) / unit)
        }
        return nil
    }

    private func fieldValue(_ path: String) throws(RuntimeError) -> String {
        let metadata = pod.metadata
        switch path {
        case "metadata.name": return metadata.name ?? ""
        case "metadata.namespace": return metadata.namespace ?? ""
        case "metadata.uid": return metadata.uid ?? ""
        case "spec.nodeName": return pod.spec?.nodeName ?? ""
        case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
        case "status.hostIP": return hostIP
        case "status.hostIPs": return hostIP
        case "status.podIP": return podIPs.first ?? ""
        case "status.podIPs": return podIPs.joined(separator: ",")
        default:
            for (prefix, map) in [("metadata.labels", metadata.labels), ("metadata.annotations", metadata.annotations)]
            where path.hasPrefix(prefix + "['") && path.hasSuffix("']") {
                let key = String(path.dropFirst(prefix.count + 2).dropLast(2))
                return map?[key] ?? ""
            }
            throw configError("unsupported fieldPath: \(path)")
        }
    }

    private func configError(_ message: String) -> RuntimeError {
        RuntimeError(reason: "CreateContainerConfigError", message: message)
    }

    /// `$(NAME)` references to known variables expanded; `$$` is a literal `$`; others stay.
    static func expand(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "$", next < text.endIndex {
                if text[next] == "$" {
                    output.append("$")
                    index = text.index(after: next)
                    continue
                }
                if text[next] == "(", let close = text[next...].firstIndex(of: ")") {
                    let name = String(text[text.index(after: next)..<close])
                    if let value = values[name] {
                        output += value
                        index = text.index(after: close)
                        continue
                    }
                }
            }
            output.append(character)
            index = next
        }
        return output
    }

    private static func decodeBase64(_ text: String) -> String {
        guard let data = Data(base64Encoded: text) else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
