import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffStore
import Synchronization

/// The Kubernetes API server over a store: a lifecycle `Service` that loads the watch caches,
/// creates the system namespaces, serves HTTP until graceful shutdown, then ends every watch so
/// the shutdown does not wait for them.
public final class APIServer: ServiceLifecycle.Service {
    private let store: any StorageBackend
    private let options: APIServerOptions
    private let logger: Logger
    private let onListening: @Sendable (_ host: String, _ port: Int) async -> Void
    private let readiness = Readiness()
    private let caches: WatchCacheSet
    private let handler: ResourceHandler
    private let access: AccessControl

    /// The namespaces that exist from the start.
    public static let systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// An API server; `onListening` is called once the socket is bound (with the real port when
    /// ``APIServerOptions/port`` is 0).
    public init(
        store: any StorageBackend, scheme: Scheme = .builtIn, options: APIServerOptions = APIServerOptions(),
        logger: Logger = Logger(label: "skiff.apiserver"),
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.store = store
        self.options = options
        self.logger = logger
        self.onListening = onListening
        self.caches = WatchCacheSet(
            store: store, resources: scheme.resources, ringCapacity: options.watchCacheCapacity, logger: logger)
        self.handler = ResourceHandler(
            registry: SchemeRegistry(scheme), store: store, caches: caches, options: options, logger: logger)
        self.access = AccessControl(handler: handler)
    }

    /// A client transport straight into this server's handlers (no HTTP): the same validation,
    /// defaulting, conflicts and watch semantics as HTTP clients get. Requests made before the
    /// server is ready wait for it; after shutdown began they get 503. This one acts with the
    /// server's own authority (no authorization): see ``localTransport(as:)`` for an identity.
    public var localTransport: InProcessTransport {
        InProcessTransport(handler: handler, readiness: readiness, access: access, user: nil)
    }

    /// An in-process transport whose requests are authorized as `user`'s, as HTTP requests
    /// with that user's credentials would be (RBAC, node restriction) and audited under that name.
    public func localTransport(as user: UserInfo) -> InProcessTransport {
        InProcessTransport(handler: handler, readiness: readiness, access: access, user: user)
    }

    public func run() async throws {
        let caches = self.caches
        let handler = self.handler
        // In-process clients waiting for readiness give up however run ends.
        defer { readiness.stop() }
        try await handler.definitions.loadStored(from: store)
        let watch = try await caches.start()
        let readiness = self.readiness
        let responder = APIResponder(
            handler: handler, ready: { readiness.isReady },
            history: HistoryEndpoints(
                databasePath: options.databasePath, auditPath: options.auditLog?.path,
                datastore: caches.clock.map { DatastoreHistory(store: store, clock: $0) }),
            access: access)
        let server: HTTPServerBuilder
        if let tls = options.tls {
            // Any client certificate passes the handshake; ClientCertificateAuthenticator judges it.
            server = try .tls(
                .http1(),
                configuration: TLSChannelConfiguration(
                    tlsConfiguration: try tls.configuration(),
                    customVerificationCallback: { _, promise in promise.succeed(.certificateVerified) }))
        } else {
            server = .http1()
        }
        let host = options.host
        let onListening = self.onListening
        let logger = self.logger
        let app = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("API server listening", metadata: ["http.host": "\(host)", "http.port": "\(port)"])
                await onListening(host, port)
            },
            logger: logger)
        try await bootstrap(handler)
        await handler.definitions.syncAll(handler: handler)
        // Definitions written through another server sharing the datastore reach this one by its
        // watch (a sync after this server's own writes finds nothing left to do).
        if store.isShared {
            caches.observeDefinitions { name in Task { await handler.definitions.sync(name, handler: handler) } }
        }
        let access = self.access
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await caches.run(watch) }
            group.addTask {
                // Nobody is served before the caches hold what the bootstrap wrote: the RBAC
                // policy above all, or the first requests would be refused.
                try? await caches.waitUntilCurrent()
                access.policy.invalidate()
                readiness.isReady = true
                try await app.run()
            }
            group.addTask {
                // Open watches would hold the graceful shutdown: end them when it begins.
                try? await gracefulShutdown()
                readiness.stop()
                await handler.definitions.stop()
                caches.stop()
            }
        }
    }

    /// Creates the system namespaces that do not exist yet.
    private func bootstrap(_ handler: ResourceHandler) async throws {
        let namespaces = handler.namespaces
        for name in Self.systemNamespaces {
            let body: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            let request = APIRequest(
                method: .post, path: "/api/v1/namespaces", query: [:], contentType: "application/json", accept: "",
                body: body.serialized())
            do {
                _ = try await handler.create(namespaces, namespace: nil, request)
                logger.info("created namespace", metadata: ["namespace.name": "\(name)"])
            } catch {
                guard error.code == 409 else { throw error }
            }
        }
        if options.authorization == .rbac { try await bootstrapPolicy(handler) }
    }

    /// Creates the default RBAC roles and bindings that do not exist yet (kube-apiserver's
    /// bootstrap policy); existing ones, perhaps edited, are left alone.
    private func bootstrapPolicy(_ handler: ResourceHandler) async throws {
        let objects: [(String, JSONValue)] =
            BootstrapPolicy.clusterRoles.map { ("clusterroles", KindStrategy.encodeTyped($0)) }
            + BootstrapPolicy.clusterRoleBindings.map { ("clusterrolebindings", KindStrategy.encodeTyped($0)) }
        for (plural, object) in objects {
            guard let resource = handler.scheme.resource(group: rbacGroup, version: "v1", plural: plural) else {
                continue
            }
            let request = APIRequest(
                method: .post, path: "/apis/\(rbacGroup)/v1/\(plural)", query: [:], contentType: "application/json",
                accept: "", body: object.serialized())
            do {
                _ = try await handler.create(resource, namespace: nil, request)
            } catch {
                guard error.code == 409 else { throw error }
            }
        }
    }
}

/// Whether the server answers `/readyz` with ok: after the caches loaded and the system
/// namespaces exist, until shutdown begins. In-process clients wait for it.
final class Readiness: Sendable {
    private let flag = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let waiters = Mutex<[Int: CheckedContinuation<Bool, Never>]>([:])
    private let nextWaiter = Atomic<Int>(0)

    var isReady: Bool {
        get { flag.load(ordering: .relaxed) }
        set {
            flag.store(newValue, ordering: .relaxed)
            if newValue { wake(true) }
        }
    }

    /// Shutdown began: not ready, and waiters give up.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        flag.store(false, ordering: .relaxed)
        wake(false)
    }

    /// Waits until ready; false when the server stopped first or the caller was cancelled.
    func wait() async -> Bool {
        if flag.load(ordering: .relaxed) { return true }
        if stopped.load(ordering: .relaxed) { return false }
        let id = nextWaiter.wrappingAdd(1, ordering: .relaxed).oldValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer: Bool? = waiters.withLock { waiters in
                    if flag.load(ordering: .relaxed) { return true }
                    if stopped.load(ordering: .relaxed) || Task.isCancelled { return false }
                    waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            waiters.withLock { $0.removeValue(forKey: id) }?.resume(returning: false)
        }
    }

    private func wake(_ value: Bool) {
        let waiting = waiters.withLock { waiters in
            defer { waiters = [:] }
            return Array(waiters.values)
        }
        for waiter in waiting { waiter.resume(returning: value) }
    }
}
