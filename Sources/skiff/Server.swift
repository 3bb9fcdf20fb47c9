import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffScheduler
import SkiffStore

extension Skiff {
    /// `skiff server`: the store and the Kubernetes API server in one process.
    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the control plane: the store and the Kubernetes API server.",
            discussion: """
                State lives in DATA-DIR/skiff.db. Once listening, the server writes DATA-DIR/kubeconfig, \
                which kubectl and the Kubernetes clients use as is:
                  kubectl --kubeconfig DATA-DIR/kubeconfig get namespaces
                """)

        @Option(help: "Where the database and the kubeconfig live.")
        var dataDir = "skiff-data"

        @Option(help: "The address to listen on, HOST:PORT (port 0 picks a free one).")
        var listen = "127.0.0.1:6443"

        @Option(help: "How long the store keeps history, in seconds.")
        var historyWindow = 300

        @Option(help: "How often watches that allow bookmarks receive one, in seconds.")
        var bookmarkInterval = 60

        @Option(
            help:
                "Durability of acknowledged writes: full (fsync per commit) or normal (survives a crash of the process, not of the machine)."
        )
        var durability = "full"

        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel = "info"

        @Option(
            name: .customLong("plugin-dir"),
            help: "A directory of plugins (.so) to load; repeatable. DATA-DIR/plugins is always searched.")
        var pluginDirectories: [String] = []

        @Flag(help: "Do not load the built-in plugins that ship beside the skiff executable.")
        var noBuiltinPlugins = false

        @Option(
            name: .customLong("controller-workers"),
            help: "NAME=N: how many workers a controller plugin that allows several runs (repeatable).")
        var controllerWorkers: [String] = []

        @Option(help: "A KubeSchedulerConfiguration file (YAML or JSON): profiles, plugins, score weights.")
        var schedulerConfig: String?

        @Option(
            name: .customLong("storage-version"),
            help: "PLURAL.GROUP=VERSION: store a built-in resource in another of its served versions (repeatable).")
        var storageVersions: [String] = []

        @Flag(
            inversion: .prefixedNo,
            help: "Run controllers only while holding the kube-system/skiff-controller-manager Lease.")
        var leaderElect = true

        func validate() throws {
            guard parseListen() != nil else {
                throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, not \"\(listen)\"")
            }
            guard ["full", "normal"].contains(durability) else {
                throw ValidationError("--durability must be full or normal, not \"\(durability)\"")
            }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            for entry in controllerWorkers {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let count = Int(parts[1]), (1...256).contains(count) else {
                    throw ValidationError("--controller-workers takes NAME=N with N from 1 to 256, not \"\(entry)\"")
                }
            }
            _ = try scheme()
            guard historyWindow > 0, bookmarkInterval > 0 else {
                throw ValidationError("--history-window and --bookmark-interval must be positive")
            }
        }

        /// `--scheduler-config` parsed and checked against the loaded scheduler plugin sets (the
        /// defaults when not given).
        func loadSchedulerConfiguration(sets: [LoadedPlugin]) throws -> SchedulerConfiguration {
            var configuration = SchedulerConfiguration()
            if let path = schedulerConfig {
                let text: String
                do {
                    text = try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw ValidationError("cannot read --scheduler-config \(path): \(error.localizedDescription)")
                }
                do {
                    configuration = try SchedulerConfiguration.parse(text)
                } catch {
                    throw ValidationError("--scheduler-config \(path): \(error.message)")
                }
                guard !sets.isEmpty else {
                    throw ValidationError("--scheduler-config was given but no scheduler plugin set is loaded")
                }
            }
            if !sets.isEmpty {
                do {
                    try Scheduler.validate(configuration, sets: sets)
                } catch {
                    throw ValidationError("the scheduler configuration: \(error.message)")
                }
            }
            return configuration
        }

        /// The built-in scheme with the storage versions of `--storage-version`.
        func scheme() throws -> Scheme {
            var scheme = Scheme.builtIn
            for entry in storageVersions {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw ValidationError("--storage-version takes PLURAL.GROUP=VERSION, not \"\(entry)\"")
                }
                let (plural, group) = StorageMigrator.split(parts[0])
                guard var resource = scheme.resources.first(where: { $0.plural == plural && $0.group == group }) else {
                    throw ValidationError("--storage-version: \(parts[0]) is not a built-in resource")
                }
                guard resource.versions.contains(parts[1]) else {
                    throw ValidationError(
                        "--storage-version: \(parts[0]) is served as \(resource.versions.joined(separator: ", ")), not \(parts[1])"
                    )
                }
                resource.storageVersion = parts[1]
                scheme.register(resource)
            }
            return scheme
        }

        private func parseListen() -> (host: String, port: Int)? {
            Listen.parse(listen, defaultHost: "127.0.0.1")
        }

        func run() async throws {
            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "skiff")
            let directory = URL(fileURLWithPath: dataDir, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create the data directory \(dataDir): \(error.localizedDescription)")
            }
            var storeOptions = StoreOptions()
            storeOptions.historyWindow = .seconds(historyWindow)
            storeOptions.durability = durability == "full" ? .full : .normal
            let databasePath = directory.appendingPathComponent("skiff.db").path
            let store: Store
            do {
                store = try Store.open(path: databasePath, options: storeOptions, logger: Logger(label: "skiff.store"))
            } catch {
                throw ValidationError("cannot open \(databasePath): \(error.message)")
            }
            let (host, port) = parseListen()!
            var options = APIServerOptions()
            options.host = host
            options.port = port
            options.databasePath = databasePath
            options.bookmarkInterval = .seconds(bookmarkInterval)
            let kubeconfigPath = directory.appendingPathComponent("kubeconfig").path
            let plugins = PluginHost()
            let searched = pluginDirectories + [directory.appendingPathComponent("plugins").path]
            let loaded = plugins.load(
                directories: [], files: BuiltinPlugins.files(userDirectories: searched, builtins: !noBuiltinPlugins))
            for plugin in loaded.plugins {
                logger.info(
                    "loaded plugin",
                    metadata: [
                        "plugin.name": "\(plugin.name)", "plugin.kind": "\(plugin.kind.rawValue)",
                        "plugin.path": "\(plugin.path)", "plugin.abi": "\(plugin.abiVersion)",
                    ])
            }
            if !noBuiltinPlugins {
                for name in BuiltinPlugins.missing() {
                    logger.warning(
                        "built-in plugin not found beside the executable; it does not run (`swift build` builds every plugin)",
                        metadata: ["plugin.file": "\(name)", "plugin.directory": "\(BuiltinPlugins.directory)"])
                }
            }
            for error in loaded.errors {
                logger.error(
                    "refused plugin", metadata: ["plugin.path": "\(error.path)", "error.message": "\(error.message)"])
            }
            let schedulerSets = loaded.plugins.filter { $0.kind == .scheduler }
            let schedulerConfiguration = try loadSchedulerConfiguration(sets: schedulerSets)
            let schedulerMetrics = SchedulerMetrics()
            options.extraMetrics = { plugins.metrics.render() + schedulerMetrics.render() }
            options.pluginInventory = { plugins.inventoryJSON() }
            let server = APIServer(
                store: store, scheme: try scheme(), options: options, logger: Logger(label: "skiff.apiserver")
            ) { host, port in
                let url = "http://\(host):\(port)"
                do {
                    try Kubeconfig.write(server: url, to: kubeconfigPath)
                } catch {
                    logger.error("cannot write the kubeconfig", metadata: ["file.path": "\(kubeconfigPath)"])
                }
                let line = "skiff: serving the Kubernetes API at \(url); kubeconfig: \(kubeconfigPath)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            let client = Client(transport: server.localTransport)
            let informers = InformerFactory(client: client, logger: Logger(label: "skiff.informers"))
            var managerOptions = ControllerManager.Options()
            for entry in controllerWorkers {
                let parts = entry.split(separator: "=", maxSplits: 1)
                managerOptions.workers[String(parts[0])] = Int(parts[1])
            }
            if leaderElect {
                managerOptions.leaderElection = LeaderElector.Configuration(
                    namespace: "kube-system", name: "skiff-controller-manager",
                    identity: BuiltinPlugins.identity(dataDirectory: directory.path))
            }
            let controllers = ControllerManager(
                client: client, factory: informers, host: plugins, options: managerOptions,
                logger: Logger(label: "skiff.controllers"))
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: store),
                .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: informers),
                .init(service: controllers),
            ]
            if !schedulerSets.isEmpty {
                var schedulerOptions = Scheduler.Options()
                schedulerOptions.configuration = schedulerConfiguration
                if leaderElect {
                    schedulerOptions.leaderElection = LeaderElector.Configuration(
                        namespace: "kube-system", name: "kube-scheduler",
                        identity: BuiltinPlugins.identity(dataDirectory: directory.path))
                }
                let scheduler = Scheduler(
                    client: client, host: plugins, sets: schedulerSets, options: schedulerOptions,
                    metrics: schedulerMetrics, logger: Logger(label: "skiff.scheduler"))
                services.append(.init(service: scheduler))
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services,
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
            do {
                try await group.run()
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
