import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffPluginHost
import Synchronization

/// Runs every loaded controller plugin over shared informers, each with its own work queue and
/// workers. With leader election configured, controllers run only while this process holds the
/// Lease, so several servers can share one datastore. A lifecycle `Service`.
public final class ControllerManager: ServiceLifecycle.Service, Sendable {
    /// Settings.
    public struct Options: Sendable {
        /// Leader election on `kube-system/skiff-controller-manager`; nil runs unconditionally.
        public var leaderElection: LeaderElector.Configuration?
        /// Workers per controller (overrides what a concurrent plugin asks for).
        public var workers: [String: Int] = [:]
        /// JSON configuration per plugin name.
        public var configurations: [String: [UInt8]] = [:]
        /// The client a controller plugin writes with, by plugin name (its own identity); nil
        /// gives every plugin the manager's client.
        public var pluginClient: (@Sendable (_ plugin: String) -> Client)?

        /// Defaults: no leader election.
        public init(leaderElection: LeaderElector.Configuration? = nil) {
            self.leaderElection = leaderElection
        }
    }

    private let client: Client
    private let factory: InformerFactory
    private let host: PluginHost
    private let options: Options
    private let logger: Logger
    private let runners = Mutex<[ControllerRunner]>([])

    /// A manager for the controller plugins the host has loaded.
    public init(
        client: Client, factory: InformerFactory, host: PluginHost, options: Options = Options(),
        logger: Logger = Logger(label: "skiff.controllers")
    ) {
        self.client = client
        self.factory = factory
        self.host = host
        self.options = options
        self.logger = logger
    }

    /// The runners of the current term (empty while not leading).
    public var controllers: [ControllerRunner] { runners.withLock { $0 } }

    /// Runs until cancelled or graceful shutdown.
    public func run() async throws {
        guard host.plugins.contains(where: { $0.kind == .controller }) else {
            // Nothing to run: no Lease to hold (and no renewals written every few seconds).
            logger.info("no controller plugins loaded")
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            if let election = self.options.leaderElection {
                let elector = LeaderElector(client: self.client, configuration: election, logger: self.logger)
                await elector.run { await self.runControllers() }
            } else {
                await self.runControllers()
            }
        }
    }

    private func runControllers() async {
        let plugins = host.plugins.filter { $0.kind == .controller }
        let made = plugins.map { plugin in
            ControllerRunner(
                plugin: plugin, client: options.pluginClient?(plugin.name) ?? client, factory: factory, host: host,
                configuration: options.configurations[plugin.name] ?? Array("{}".utf8),
                workers: options.workers[plugin.name], logger: logger)
        }
        runners.withLock { $0 = made }
        await withDiscardingTaskGroup { group in
            for runner in made {
                group.addTask {
                    do {
                        try await runner.run()
                    } catch {
                        // One plugin that cannot start does not stop the others.
                        self.logger.error(
                            "controller plugin not started",
                            metadata: ["plugin.name": "\(runner.plugin.name)", "error.message": "\(error)"])
                    }
                }
            }
            // Stay in the term until cancelled even when no controller runs.
            group.addTask {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            }
        }
        runners.withLock { $0 = [] }
    }
}
