import Foundation
import NIOCore
import SkiffAPI
import SkiffClient
import Synchronization

/// HTTP clients of node agents' endpoints, one per address (keep-alive connections are reused):
/// HTTPS with the API server's kubelet client certificate when the server has one, else plain HTTP.
final class KubeletConnections: Sendable {
    private let transports = Mutex<[String: HTTPTransport]>([:])
    /// The TLS of the connections; nil speaks plain HTTP.
    private let tls: ClientTLS?

    init(tls: ClientTLS?) {
        self.tls = tls
    }

    /// The transport of `https://HOST:PORT` (or `http://`).
    func transport(host: String, port: Int) -> HTTPTransport {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return transports.withLock { transports in
            if let known = transports[address] { return known }
            let made = HTTPTransport(
                baseURL: "\(tls == nil ? "http" : "https")://\(address)", tls: tls, requestTimeout: .seconds(30))
            transports[address] = made
            return made
        }
    }
}

extension ResourceHandler {
    /// `GET pods/NAME/log`: the container's log from the node agent that runs the pod (kubelet's
    /// `/containerLogs`), streamed; `container`, `follow`, `previous`, `tailLines`, `limitBytes`.
    func podLog(
        _ resource: ResourceType, namespace: String, name: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        guard let (pod, _) = try await readCurrent(resource, key: resource.key(namespace: namespace, name: name)) else {
            throw APIError.notFound(resource, name: name)
        }
        let containers = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod[path: ["spec", "initContainers"]]?.arrayValue ?? []).compactMap {
            $0["name"]?.stringValue
        }
        var container = request.query["container"] ?? ""
        if container.isEmpty {
            if let annotated = pod[path: ["metadata", "annotations", "kubectl.kubernetes.io/default-container"]]?
                .stringValue, containers.contains(annotated)
            {
                container = annotated
            } else if containers.count == 1 {
                container = containers[0]
            } else {
                var message =
                    "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
                if !initContainers.isEmpty {
                    message += " or one of the init containers: [\(initContainers.joined(separator: " "))]"
                }
                throw APIError.badRequest(message)
            }
        }
        guard containers.contains(container) || initContainers.contains(container) else {
            throw APIError.badRequest("container \(container) is not valid for pod \(name)")
        }
        var query: [(name: String, value: String)] = []
        for parameter in ["tailLines", "limitBytes"] {
            guard let text = request.query[parameter], !text.isEmpty else { continue }
            guard let number = Int(text), number >= 0 else {
                throw APIError.badRequest("\(parameter) must be a non-negative integer, not \"\(text)\"")
            }
            query.append((parameter, String(number)))
        }
        for parameter in ["follow", "previous"] where request.flag(parameter) { query.append((parameter, "true")) }
        if request.flag("timestamps") {
            throw APIError.badRequest("timestamps are not supported: node agents keep logs without them")
        }
        if request.query["sinceSeconds"] != nil || request.query["sinceTime"] != nil {
            throw APIError.badRequest(
                "sinceSeconds and sinceTime are not supported: node agents keep logs without timestamps")
        }
        guard let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue, !nodeName.isEmpty else {
            throw APIError.badRequest("pod \(name) does not have a host assigned")
        }
        guard let nodes = scheme.resource(group: "", kind: "Node"),
            let (node, _) = try await readCurrent(nodes, key: nodes.key(namespace: nil, name: nodeName))
        else {
            throw APIError.badRequest("node \(nodeName) of pod \(name) does not exist")
        }
        let address =
            Node.internalIP(of: node)
            ?? node[path: ["status", "addresses"]]?.arrayValue?.first?["address"]?.stringValue
        guard let address,
            let port = node[path: ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]]?.intValue, port > 0
        else {
            throw APIError(
                code: 503, reason: "ServiceUnavailable", message: "node \(nodeName) has no address or agent endpoint")
        }
        let transport = kubelets.transport(host: address, port: Int(port))
        let path = "/containerLogs/\(namespace)/\(name)/\(container)"
        let stream: ClientStream
        do {
            stream = try await transport.stream(
                ClientRequest(method: "GET", path: path, query: query, accept: "text/plain"))
        } catch {
            throw APIError(
                code: 503, reason: "ServiceUnavailable",
                message: "cannot reach the node agent of \(nodeName) at \(address):\(port): \(error.message)")
        }
        guard stream.status == 200 else {
            var body: [UInt8] = []
            do {
                for try await chunk in stream.body where body.count < 4096 { body += chunk }
            } catch {}
            let message = String(decoding: body.prefix(4096), as: UTF8.self)
            switch stream.status {
            case 400: throw APIError.badRequest(message)
            case 404: throw APIError(code: 404, reason: "NotFound", message: message)
            default: throw APIError(code: 500, reason: "InternalError", message: message)
            }
        }
        return .stream(contentType: "text/plain") { writer in
            for try await chunk in stream.body {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
    }
}
