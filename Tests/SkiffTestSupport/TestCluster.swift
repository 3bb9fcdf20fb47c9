import Foundation
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffClient
import SkiffStore

/// A store and an API server running inside the test process on a free port, with clients over
/// both transports. Tests assert on cluster state through real requests.
public final class TestCluster: Sendable {
    /// The scratch directory (database).
    public let directory: URL
    /// The store.
    public let store: Store
    /// The server.
    public let server: APIServer
    /// `http://127.0.0.1:PORT`.
    public let url: String
    /// A client straight into the server's handlers.
    public let client: Client
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    private init(
        directory: URL, store: Store, server: APIServer, url: String, task: Task<Void, any Error>, group: ServiceGroup
    ) {
        self.directory = directory
        self.store = store
        self.server = server
        self.url = url
        self.client = Client(transport: server.localTransport)
        self.task = task
        self.group = group
    }

    /// Starts a cluster; waits until it is listening.
    public static func start() async throws -> TestCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = StoreOptions()
        options.durability = .normal
        let store = try Store.open(
            path: directory.appendingPathComponent("skiff.db").path, options: options,
            logger: Logger(label: "test.store"))
        var serverOptions = APIServerOptions()
        serverOptions.host = "127.0.0.1"
        serverOptions.port = 0
        serverOptions.bookmarkInterval = .seconds(1)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.apiserver")
        logger.logLevel = .warning
        let server = APIServer(store: store, options: serverOptions, logger: logger) { _, port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: store),
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in ports { port = value }
        return TestCluster(
            directory: directory, store: store, server: server, url: "http://127.0.0.1:\(port)", task: task,
            group: group)
    }

    /// Stops the server and the store and removes the scratch directory.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a fresh cluster, stopping it afterwards.
    public static func with<T: Sendable>(_ body: (TestCluster) async throws -> T) async throws -> T {
        let cluster = try await start()
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// A logger that prints only critical messages: for the clients, informers and controllers
    /// that tests run.
    public static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Polls `condition` every `interval` (50 ms) until it holds or `timeout` passes; true when it
    /// held.
    public static func eventually(
        timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        try await eventually(timeout: timeout, every: .milliseconds(50), condition)
    }

    /// Polls `condition` every `interval` until it holds or `timeout` passes; true when it held.
    /// Conditions that run a program (kubectl) want a longer interval on this 2-core machine.
    public static func eventually(
        timeout: Duration, every interval: Duration, _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: interval)
        }
        return try await condition()
    }
}
