import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import SkiffStore

/// etcd's v3 API over gRPC (HTTP/2, plain text) on a ``Store``: KV, Watch, Lease, Maintenance
/// (Status, Alarm, Defragment, HashKV) and Cluster (MemberList), so `etcdctl`, etcd's `benchmark`
/// tool and any etcd v3 client use the store unchanged.
///
/// A swift-service-lifecycle `Service`: ``run()`` serves until graceful shutdown, then stops
/// accepting connections and lets open calls finish (watch streams end). Run it before the
/// store's own service shuts down (a `ServiceGroup` shuts services down in reverse order).
public final class EtcdServer: Service, Sendable {
    /// What the endpoint says it is.
    public let identity: EtcdIdentity
    /// The endpoint's request counters, for `/metrics`.
    public let metrics: EtcdMetrics
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger
    private let address: String
    private let onListening: @Sendable (Int) -> Void
    private let boundPort: BoundPort

    /// An endpoint for `store` listening on `host:port` (port 0: any free port; see
    /// ``listeningPort``); `onListening` is called with the port once it is bound.
    public init(
        store: Store, host: String, port: Int, identity: EtcdIdentity? = nil, metrics: EtcdMetrics = EtcdMetrics(),
        logger: Logger = Logger(label: "skiff.etcd"), onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        let identity = identity ?? EtcdIdentity(name: "skiff", seed: store.path)
        self.identity = identity
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
        self.address = "\(host):\(port)"
        var config = HTTP2ServerTransport.Posix.Config.defaults
        // etcd's clients keep connections alive with pings (clientv3: every 30 s when set, at
        // least 5 s apart); gRPC's default policy would answer them with GOAWAY "too many pings".
        config.connection.keepalive.clientBehavior.allowWithoutCalls = true
        config.connection.keepalive.clientBehavior.minPingIntervalWithoutCalls = .seconds(5)
        // etcd accepts requests up to 1.5 MiB plus framing; the store refuses larger values.
        config.rpc.maxRequestPayloadSize = 2 << 20
        // Each flush goes out at once: coalescing delays sequential requests (W1) by up to 100 µs.
        config.connection.flushCoalescing = nil
        // On shutdown, connections with open watch or keep-alive streams (which never end by
        // themselves) are closed after a second; clients reconnect elsewhere, as from etcd.
        config.connection.maxGraceTime = .seconds(1)
        let socket: GRPCNIOTransportCore.SocketAddress =
            host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let transport = HTTP2ServerTransport.Posix(address: socket, transportSecurity: .plaintext, config: config)
        let boundPort = BoundPort()
        self.boundPort = boundPort
        let services: [any RegistrableRPCService] = [
            KVService(store: store, identity: identity, metrics: metrics),
            WatchService(store: store, identity: identity, metrics: metrics, logger: logger),
            LeaseService(store: store, identity: identity, metrics: metrics),
            MaintenanceService(store: store, identity: identity, metrics: metrics),
            ClusterService(store: store, identity: identity, metrics: metrics, host: host, boundPort: boundPort),
        ]
        self.server = GRPCServer(transport: transport, services: services)
    }

    /// The URL clients reach an endpoint on: `http://HOST:PORT`, an IPv6 host in brackets.
    public static func clientURL(host: String, port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The port the endpoint listens on, once it is bound.
    public var listeningPort: Int {
        get async throws {
            let address = try await server.transport.listeningAddress
            return address.ipv4?.port ?? address.ipv6?.port ?? 0
        }
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.server.serve() }
                group.addTask {
                    let port = try await self.listeningPort
                    self.boundPort.value.store(port, ordering: .relaxed)
                    self.logger.info(
                        "etcd API listening",
                        metadata: ["etcd.address": "\(self.address)", "etcd.port": "\(port)"])
                    self.onListening(port)
                }
            }
        } onGracefulShutdown: {
            self.server.beginGracefulShutdown()
        }
    }
}
