import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import SkiffPluginKit

/// The agent's HTTP endpoint (kubelet's port 10250): `/containerLogs/NAMESPACE/POD/CONTAINER` with
/// `follow`, `tailLines`, `limitBytes` and `previous`, which the API server's `pods/log` proxies
/// to; plus `/healthz` and `/metrics`. With ``KubeletTLS`` it serves HTTPS and only callers whose
/// client certificate the cluster CA signed for `system:masters`; without, plain HTTP to anyone.
struct KubeletServer: Sendable {
    let host: String
    let port: Int
    let view: RuntimeView
    let layout: LogLayout
    let metrics: AgentMetrics
    let logger: Logger
    /// HTTPS and the callers it requires; nil serves plain HTTP.
    var tls: KubeletTLS?
    /// The names and addresses the self-signed serving certificate covers.
    var hosts: [String] = []

    /// Serves until cancelled; `onListening` gets the bound port.
    func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router(context: KubeletRequestContext.self)
        if tls != nil { router.add(middleware: CallerCheck()) }
        router.get("healthz") { _, _ in "ok" }
        router.get("metrics") { [metrics] _, _ in metrics.render() }
        router.get("containerLogs/:namespace/:pod/:container") { [self] request, context -> Response in
            let namespace = context.parameters.get("namespace") ?? ""
            let pod = context.parameters.get("pod") ?? ""
            let container = context.parameters.get("container") ?? ""
            return logs(namespace: namespace, pod: pod, container: container, query: request.uri.queryParameters)
        }
        let server: HTTPServerBuilder =
            if let tls {
                try .tls(.http1(), tlsConfiguration: tls.configuration(hosts: hosts))
            } else {
                .http1()
            }
        let app = Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { [logger] channel in
                let bound = channel.localAddress?.port ?? 0
                logger.info(
                    "node agent endpoint listening", metadata: ["http.host": "\(host)", "http.port": "\(bound)"])
                await onListening(bound)
            },
            logger: logger)
        try await app.runService()
    }

    private func error(_ code: Int, _ message: String) -> Response {
        Response(status: .init(code: code), body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    /// The log of a container of a pod, as kubelet answers it.
    func logs(namespace: String, pod: String, container: String, query: Parameters) -> Response {
        let records = view.all.filter { $0.namespace == namespace && $0.pod == pod }
        // The newest pod of that name (a replaced pod's records may linger).
        guard let newest = records.max(by: { $0.startedAt < $1.startedAt }) else {
            return error(404, "pod \"\(pod)\" in namespace \"\(namespace)\" has no containers on this node")
        }
        let attempts = records.filter { $0.podUID == newest.podUID && $0.container == container }
            .sorted { $0.attempt > $1.attempt }
        let previous = query["previous"].map { $0 == "true" || $0 == "1" } ?? false
        let chosen: ContainerRecord
        if previous {
            guard attempts.count > 1 else {
                return error(400, "previous terminated container \"\(container)\" in pod \"\(pod)\" not found")
            }
            chosen = attempts[1]
        } else {
            guard let current = attempts.first else {
                return error(400, "container \"\(container)\" in pod \"\(pod)\" is waiting to start: ContainerCreating")
            }
            chosen = current
        }
        let path = layout.path(of: chosen)
        let options = LogOptions(
            tailLines: query["tailLines"].flatMap { Int(String($0)) },
            limitBytes: query["limitBytes"].flatMap { Int(String($0)) })
        let follow = !previous && (query["follow"].map { $0 == "true" || $0 == "1" } ?? false)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        guard follow else {
            let bytes = ContainerLog.read(path, options: options)
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
        }
        let id = chosen.id
        let view = self.view
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let offset = LogFollower.endOffset(of: path)
                let head = ContainerLog.read(path, options: options)
                if !head.isEmpty { try await writer.write(ByteBuffer(bytes: head)) }
                let follower = LogFollower(path: path, from: offset)
                var sentSinceExit = false
                while !Task.isCancelled {
                    let chunk = follower.next()
                    if !chunk.isEmpty {
                        try await writer.write(ByteBuffer(bytes: chunk))
                        continue
                    }
                    if view.record(id).map({ $0.state == .exited }) ?? true {
                        // One more read after the exit, for what the container wrote last.
                        if sentSinceExit { break }
                        sentSinceExit = true
                        continue
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                try await writer.finish(nil)
            })
    }
}

/// Hummingbird's request context plus the connection, whose client certificate is checked.
struct KubeletRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The DER bytes of the client's certificate (verified in the handshake); nil without one.
    func peerCertificate() async -> [UInt8]? {
        let future = channel.nioSSL_peerCertificate().map { certificate in try? certificate?.toDERBytes() }
        return (try? await future.get()) ?? nil
    }
}

/// Serves only callers in ``KubeletTLS/callerGroup``; 403 for the rest.
struct CallerCheck: RouterMiddleware {
    typealias Context = KubeletRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let certificate = await context.peerCertificate(), KubeletTLS.allowed(der: certificate) else {
            return Response(
                status: .forbidden,
                body: ResponseBody(
                    byteBuffer: ByteBuffer(string: "Forbidden: only the API server reads this node agent\n")))
        }
        return try await next(request, context)
    }
}
