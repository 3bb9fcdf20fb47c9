import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import SkiffEtcdAPI
import SkiffStore
import Synchronization

/// An etcd cluster as the datastore: the ``StorageBackend`` of `skiff server --datastore
/// etcd://...`, so that several Skiff servers share one cluster the way kube-apiserver does.
///
/// Revisions are etcd's; ranges, transactions and watches are etcd's own calls. Requests go round
/// the healthy members; one that fails because a member is down or the cluster is electing a
/// leader is retried on another until ``EtcdDatastoreConfiguration/requestTimeout`` has passed,
/// then fails with ``StoreError/Code/unavailable``. A watch whose member goes away resumes on
/// another from the revision after the last one it delivered.
///
/// As a `Service` it runs kube-apiserver's compactor (``CompactorPlan``).
public final class EtcdDatastore: StorageBackend, Sendable {
    /// Where the cluster is.
    public let configuration: EtcdDatastoreConfiguration
    let logger: Logger
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let kv: EtcdKV.Client<HTTP2ClientTransport.Posix>
    let watches: EtcdWatch.Client<HTTP2ClientTransport.Posix>
    let leases: EtcdLease.Client<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, Never>
    /// The newest revision and compacted revision seen in any answer. etcd starts at revision 1
    /// with nothing in it and no event for it: that revision is where history begins.
    let known = Mutex<(current: Int64, compact: Int64)>((1, 1))
    private let nextWatchID = Atomic<Int>(1)
    private let closed = Atomic<Bool>(false)
    /// Whether the cluster answers progress requests only after every event before them (etcd
    /// 3.4.25 and 3.5.8 on); older ones may answer ahead of events still in flight. Judged by
    /// the version of the member that answered the first status request.
    let orderedProgress: Bool

    private init(
        configuration: EtcdDatastoreConfiguration, client: GRPCClient<HTTP2ClientTransport.Posix>,
        connections: Task<Void, Never>, version: String, logger: Logger
    ) {
        self.configuration = configuration
        self.client = client
        self.connections = connections
        self.logger = logger
        kv = EtcdKV.Client(wrapping: client)
        watches = EtcdWatch.Client(wrapping: client)
        leases = EtcdLease.Client(wrapping: client)
        orderedProgress = Self.ordersProgress(version)
    }

    /// Connects to the cluster and checks it answers: a member's status (for its version), the
    /// current revision and the compacted one.
    ///
    /// - Throws: ``StoreError/Code/unavailable`` when no member answers within the request
    ///   timeout, or when the TLS files cannot be read.
    public static func connect(
        _ configuration: EtcdDatastoreConfiguration, logger: Logger = Logger(label: "skiff.etcd")
    ) async throws(StoreError) -> EtcdDatastore {
        let transport: HTTP2ClientTransport.Posix
        do {
            transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(pairs: try configuration.endpoints.map { try Self.resolve($0) }),
                transportSecurity: try Self.security(configuration),
                config: .defaults { config in
                    config.backoff.initial = .milliseconds(50)
                    config.backoff.max = .seconds(2)
                },
                serviceConfig: ServiceConfig(loadBalancingConfig: [.roundRobin]))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "cannot set up the connection to etcd: \(error)")
        }
        let client = GRPCClient(transport: transport)
        let connections = Task {
            do { try await client.runConnections() } catch { logger.error("etcd connections ended: \(error)") }
        }
        let status: EtcdStatusResponse
        do {
            status = try await Self.firstStatus(client, timeout: configuration.requestTimeout)
        } catch {
            client.beginGracefulShutdown()
            await connections.value
            throw error
        }
        let datastore = EtcdDatastore(
            configuration: configuration, client: client, connections: connections, version: status.version,
            logger: logger)
        do {
            let revision = try await datastore.latestRevision()
            let compacted = try await datastore.probeCompactRevision(below: revision.rawValue)
            logger.info(
                "connected to etcd",
                metadata: [
                    "etcd.endpoints": "\(configuration.endpoints.map(\.description).joined(separator: ","))",
                    "etcd.version": "\(status.version)", "etcd.revision": "\(revision)",
                    "etcd.compact.revision": "\(compacted)", "etcd.tls": "\(configuration.tls != nil)",
                ])
        } catch {
            await datastore.close()
            throw error
        }
        return datastore
    }

    /// Other servers write to the cluster too.
    public var isShared: Bool { true }

    public var currentRevision: Revision { Revision(known.withLock { $0.current }) }

    public var compactRevision: Revision { Revision(known.withLock { $0.compact }) }

    /// Closes the connections; calls made afterwards fail with ``StoreError/Code/closed``.
    /// Idempotent.
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        client.beginGracefulShutdown()
        connections.cancel()
        await connections.value
        logger.info("etcd connections closed")
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Records a revision an answer carried.
    func observe(_ revision: Int64) {
        known.withLock { if revision > $0.current { $0.current = revision } }
    }

    /// Records a compacted revision learned from the cluster.
    func observeCompaction(_ revision: Int64) {
        known.withLock { if revision > $0.compact { $0.compact = revision } }
    }

    func makeWatchID() -> Int { nextWatchID.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// The first status answer of any member, retried until `timeout`.
    private static func firstStatus(
        _ client: GRPCClient<HTTP2ClientTransport.Posix>, timeout: Duration
    ) async throws(StoreError) -> EtcdStatusResponse {
        let maintenance = EtcdMaintenance.Client(wrapping: client)
        let deadline = ContinuousClock.now + timeout
        var lastError = "no answer"
        while ContinuousClock.now < deadline {
            do {
                // The first attempt may take the whole budget: a loaded machine connects slowly.
                var options = streamOptions
                options.timeout = max(.milliseconds(100), deadline - ContinuousClock.now)
                return try await maintenance.status(EtcdStatusRequest(), options: options)
            } catch {
                lastError = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw StoreError(.unavailable, "no etcd member answered within \(timeout): \(lastError)")
    }

    /// An endpoint's IPv4 address: the first `getaddrinfo` gives (an IPv4 literal is its own).
    private static func resolve(_ endpoint: EtcdDatastoreConfiguration.Endpoint) throws(StoreError) -> (
        host: String, port: Int
    ) {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(endpoint.host, nil, &hints, &result) == 0, let first = result,
            let address = first.pointee.ai_addr
        else {
            throw StoreError(.unavailable, "cannot resolve the etcd member \(endpoint)")
        }
        defer { freeaddrinfo(result) }
        let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var copy = ip
        inet_ntop(AF_INET, &copy, &buffer, socklen_t(INET_ADDRSTRLEN))
        return (String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), endpoint.port)
    }

    private static func security(
        _ configuration: EtcdDatastoreConfiguration
    ) throws(StoreError) -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard let tls = configuration.tls else { return .plaintext }
        for path in [tls.certificateAuthority, tls.certificate, tls.key].compactMap({ $0 })
        where !FileManager.default.isReadableFile(atPath: path) {
            throw StoreError(.unavailable, "cannot read the etcd TLS file \(path)")
        }
        // Members are reached at IPv4 addresses (names are resolved at start): each member's
        // certificate must carry that IP address as a subject alternative name.
        func configure(_ config: inout HTTP2ClientTransport.Posix.TransportSecurity.TLS) {
            config.trustRoots = .certificates([.file(path: tls.certificateAuthority, format: .pem)])
        }
        if let certificate = tls.certificate, let key = tls.key {
            return .mTLS(
                certificateChain: [.file(path: certificate, format: .pem)], privateKey: .file(path: key, format: .pem),
                configure: configure)
        }
        return .tls(configure: configure)
    }

    /// Options of the watch streams: etcd's answers may be far larger than gRPC's default 4 MiB
    /// limit (a catching-up watch, a range without a limit), as its own clients allow.
    static var streamOptions: CallOptions {
        var options = CallOptions.defaults
        options.maxResponseMessageBytes = Int(Int32.max)
        options.maxRequestMessageBytes = 2 << 20
        return options
    }

    /// Whether an etcd version orders progress answers after pending events (3.4.25+, 3.5.8+, 3.6+).
    static func ordersProgress(_ version: String) -> Bool {
        let parts = version.split(separator: ".").compactMap { Int($0.prefix { $0.isNumber }) }
        guard parts.count >= 3 else { return false }
        switch (parts[0], parts[1]) {
        case (3, 4): return parts[2] >= 25
        case (3, 5): return parts[2] >= 8
        case (3, let minor) where minor >= 6: return true
        default: return parts[0] > 3
        }
    }
}
