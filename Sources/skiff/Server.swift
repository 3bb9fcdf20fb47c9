import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffControllerManager
import SkiffEtcdServer
import SkiffEtcdStore
import SkiffHistory
import SkiffKubelet
import SkiffPluginHost
import SkiffScheduler
import SkiffStore

extension Skiff {
    /// `skiff server`: the store and the Kubernetes API server in one process.
    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the control plane: the store and the Kubernetes API server.",
            discussion: """
                State lives in DATA-DIR/skiff.db. The API is served over HTTPS: on first start the server \
                makes a cluster CA and its serving certificate in DATA-DIR/pki. Once listening, it writes \
                DATA-DIR/kubeconfig, which trusts that CA and holds an administrator's client certificate; \
                kubectl and the Kubernetes clients use it as is:
                  kubectl --kubeconfig DATA-DIR/kubeconfig get namespaces
                """)

        @Option(help: "Where the database and the kubeconfig live.")
        var dataDir = "skiff-data"

        @Option(
            help: ArgumentHelp(
                "Keep state in an etcd cluster instead of DATA-DIR/skiff.db: etcd://HOST:PORT[,HOST:PORT...].",
                discussion:
                    "Several servers may share one cluster; they elect one controller manager and one scheduler through Leases. --history-window is then the compaction interval.",
                valueName: "etcd://HOST:PORT,..."))
        var datastore: String?

        @Option(help: "The CA that signed the etcd members' certificates (PEM): speak TLS to etcd.")
        var etcdCafile: String?

        @Option(help: "The client certificate to present to etcd (PEM), for clusters with --client-cert-auth.")
        var etcdCertfile: String?

        @Option(help: "The private key of --etcd-certfile (PEM).")
        var etcdKeyfile: String?

        @Option(help: "How long Events live: a duration (1h, 30m) or seconds; 0 keeps them until deleted.")
        var eventTTL = "1h"

        @Option(help: "The address to listen on, HOST:PORT (port 0 picks a free one).")
        var listen = "127.0.0.1:6443"

        @Option(help: "How long the store keeps history: seconds, or a duration such as 10m or 1h30m.")
        var historyWindow = "300"

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

        @Option(
            help:
                "Also serve the store over etcd's v3 API (gRPC) at HOST:PORT, for etcdctl and etcd clients; loopback addresses only (the endpoint has no TLS or authentication)."
        )
        var etcdListen: String?

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

        @Option(help: "How long a leader's Lease lasts unrenewed before another server takes over (whole seconds).")
        var leaderElectLeaseDuration = "15s"

        @Option(help: "How long a leader keeps trying to renew its Lease before it stops leading.")
        var leaderElectRenewDeadline = "10s"

        @Option(help: "How often candidates try to take the Lease and the leader renews it.")
        var leaderElectRetryPeriod = "2s"

        @Flag(help: "Do not run the local node agent (pods then run only on nodes whose agents join from elsewhere).")
        var disableAgent = false

        @Option(help: "The local node's name (default: the host name).")
        var nodeName: String?

        @Option(help: "Where the local node agent's endpoint listens, HOST:PORT (port 0 picks a free one).")
        var agentListen = "127.0.0.1:0"

        @Option(help: "Also play this many simulated nodes (KWOK's model) in this process.")
        var simulatedNodes = 0

        @Option(
            name: .customLong("controller-config"),
            help:
                "NAME=JSON: the configuration of a controller plugin (repeatable), e.g. node-lifecycle-controller={...}."
        )
        var controllerConfigs: [String] = []

        @Option(
            help:
                "How long a node may go without renewing its Lease before it is marked unreachable and its pods evicted (default 50s)."
        )
        var nodeMonitorGracePeriod: String?

        @Option(
            help:
                "How long pods without a toleration of their own stay on an unreachable or not-ready node, in seconds (default 300)."
        )
        var defaultUnreachableTolerationSeconds: Int?

        @Option(
            help:
                "Also accept the bearer tokens of this file (token,user,uid,\"group1,group2\" lines; `skiff token create` adds them)."
        )
        var tokenAuthFile: String?

        @Option(help: "How requests are authorized: RBAC or AlwaysAllow (any authenticated user may do anything).")
        var authorizationMode = "RBAC"

        @Flag(
            help:
                "Serve plain HTTP without authentication, every request an administrator's; only on a loopback address."
        )
        var insecureHTTP = false

        @Option(help: "Serve with this certificate (PEM, the chain after it) instead of one the cluster CA signs.")
        var tlsCert: String?

        @Option(help: "The private key of --tls-cert (PEM).")
        var tlsKey: String?

        @Option(
            name: .customLong("tls-san"),
            help: "Another name or address the serving certificate covers (repeatable).")
        var tlsSANs: [String] = []

        @Option(help: "Rotate the audit log (DATA-DIR/audit.log) once it is larger than this many megabytes.")
        var auditLogMaxsize = 100

        @Flag(help: "Do not run the controllers (the controller manager).")
        var disableControllers = false

        @Flag(help: "Do not run the scheduler.")
        var disableScheduler = false

        func validate() throws {
            guard parseListen() != nil else {
                throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, not \"\(listen)\"")
            }
            try Startup.validate(durability: durability, logLevel: logLevel, historyWindow: historyWindow)
            if let etcdListen { _ = try EtcdListen.parse(etcdListen, flag: "--etcd-listen") }
            if datastore != nil, etcdListen != nil {
                throw ValidationError(
                    "--etcd-listen serves the embedded store; with --datastore, point etcd clients at the etcd cluster itself"
                )
            }
            _ = try etcdConfiguration()
            guard let ttl = try? Self.seconds(eventTTL), ttl >= 0 else {
                throw ValidationError("--event-ttl must be a duration (1h, 30m) or seconds, not \"\(eventTTL)\"")
            }
            for entry in controllerWorkers {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let count = Int(parts[1]), (1...256).contains(count) else {
                    throw ValidationError("--controller-workers takes NAME=N with N from 1 to 256, not \"\(entry)\"")
                }
            }
            _ = try scheme()
            guard bookmarkInterval > 0 else {
                throw ValidationError("--bookmark-interval must be positive")
            }
            guard (0...100_000).contains(simulatedNodes) else {
                throw ValidationError("--simulated-nodes must be from 0 to 100000")
            }
            guard Listen.parse(agentListen, defaultHost: "127.0.0.1") != nil else {
                throw ValidationError(
                    "--agent-listen must be HOST:PORT with a port from 0 to 65535, not \"\(agentListen)\"")
            }
            if let grace = nodeMonitorGracePeriod {
                guard let seconds = try? Self.seconds(grace), seconds >= 1 else {
                    throw ValidationError(
                        "--node-monitor-grace-period must be a duration of at least 1s, not \"\(grace)\"")
                }
            }
            _ = try controllerConfigurations()
            _ = try leaderElection(name: "skiff-controller-manager", identity: "")
            guard AuthorizationMode(rawValue: authorizationMode) != nil else {
                throw ValidationError("--authorization-mode must be RBAC or AlwaysAllow, not \"\(authorizationMode)\"")
            }
            if (tlsCert == nil) != (tlsKey == nil) {
                throw ValidationError("--tls-cert and --tls-key go together")
            }
            if insecureHTTP {
                if tlsCert != nil || !tlsSANs.isEmpty {
                    throw ValidationError("--insecure-http serves no TLS: drop --tls-cert, --tls-key and --tls-san")
                }
                if tokenAuthFile != nil {
                    throw ValidationError("--insecure-http authenticates nobody: drop --token-auth-file")
                }
                if let host = parseListen()?.host, !ServerSecurity.isLoopback(host) {
                    throw ValidationError(
                        "--insecure-http serves without TLS and authentication, so only on a loopback address (127.0.0.1, ::1, localhost), not \(host)"
                    )
                }
            }
        }

        /// The node agents that run in this process: the local node (ProcessRuntime) unless
        /// `--disable-agent`, and `--simulated-nodes` simulated ones, their endpoints on `tls` (nil:
        /// plain HTTP). Each stops before the API server.
        func localAgents(server: APIServer, tls: KubeletTLS?, directory: URL, logger: Logger)
            -> [ServiceGroupConfiguration
            .ServiceConfiguration]
        {
            var agents: [ServiceGroupConfiguration.ServiceConfiguration] = []
            // The runtimes are built-in plugins too.
            guard !noBuiltinPlugins else {
                if !disableAgent || simulatedNodes > 0 {
                    logger.info("no local node agent: --no-builtin-plugins leaves the node runtimes out")
                }
                return []
            }
            let address = Listen.parse(agentListen, defaultHost: "127.0.0.1") ?? ("127.0.0.1", 0)
            let nodeIP =
                ServerSecurity.isWildcard(address.host) ? (HostAddress.firstIPv4() ?? "127.0.0.1") : address.host
            func runtime(_ file: String) -> String? {
                let path = BuiltinPlugins.path(of: file)
                guard FileManager.default.fileExists(atPath: path) else {
                    logger.warning(
                        "node runtime not found beside the executable; no local node runs (`swift build` builds it)",
                        metadata: ["plugin.file": "\(file)", "plugin.directory": "\(BuiltinPlugins.directory)"])
                    return nil
                }
                return path
            }
            if !disableAgent, let path = runtime(BuiltinPlugins.processRuntime) {
                let name = nodeName ?? BuiltinPlugins.shortHostName
                var options = NodeAgentOptions(
                    runtimePath: path, nodeName: name, nodeIP: nodeIP,
                    rootDirectory: directory.appendingPathComponent("agent").path)
                options.listenHost = address.host
                options.port = address.port
                options.tls = tls
                logger.info(
                    "local node agent", metadata: ["node.name": "\(name)", "agent.root": "\(options.rootDirectory)"])
                let client = Client(transport: server.localTransport(as: Identities.node(name)))
                agents.append(
                    .init(service: NodeAgent(client: client, options: options, logger: Logger(label: "skiff.agent"))))
            }
            if simulatedNodes > 0, let path = runtime(BuiltinPlugins.simulatedRuntime) {
                var options = NodeAgentOptions(
                    runtimePath: path,
                    runtimeConfiguration: ["nodes": .int(Int64(simulatedNodes)), "namePrefix": "sim-node-"],
                    nodeName: "sim-node-0", nodeIP: nodeIP,
                    rootDirectory: directory.appendingPathComponent("simulated-agent").path)
                options.listenHost = address.host
                options.port = address.port == 0 ? 0 : address.port + 1
                options.tls = tls
                options.workers = 16
                options.paceForSimulatedNodes()
                let client = Client(transport: server.localTransport(as: Identities.simulatedNodes))
                agents.append(
                    .init(
                        service: NodeAgent(client: client, options: options, logger: Logger(label: "skiff.simulated"))))
            }
            return agents
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

        /// Seconds from a bare number or a duration (`90s`, `10m`, `1h30m`); refuses more than
        /// ten years (a value past `Int`'s range would otherwise trap).
        static func seconds(_ text: String) throws -> Int {
            let limit = 10 * 365 * 86_400
            if let plain = Int(text) {
                guard plain.magnitude <= limit else { throw ValidationError("\"\(text)\" is more than ten years") }
                return plain
            }
            let value = try TimeSpec.duration(text).rounded()
            guard value <= Double(limit) else { throw ValidationError("\"\(text)\" is more than ten years") }
            return Int(value)
        }

        /// The election on Lease kube-system/`name` with the `--leader-elect-*` timings.
        func leaderElection(name: String, identity: String) throws -> LeaderElector.Configuration {
            func duration(_ text: String, _ flag: String) throws -> Duration {
                // A day at most; NaN, infinities and absurd sizes are not durations.
                guard let seconds = Double(text) ?? (try? TimeSpec.duration(text)), seconds.isFinite,
                    seconds.magnitude <= 86_400
                else {
                    throw ValidationError(
                        "\(flag) must be a duration of a day at most (15s, 500ms) or seconds, not \"\(text)\"")
                }
                return .milliseconds(Int64((seconds * 1000).rounded()))
            }
            var election = LeaderElector.Configuration(namespace: "kube-system", name: name, identity: identity)
            election.leaseDuration = try duration(leaderElectLeaseDuration, "--leader-elect-lease-duration")
            election.renewDeadline = try duration(leaderElectRenewDeadline, "--leader-elect-renew-deadline")
            election.retryPeriod = try duration(leaderElectRetryPeriod, "--leader-elect-retry-period")
            if let problem = election.timingProblem {
                throw ValidationError(
                    "--leader-elect-lease-duration \(leaderElectLeaseDuration), --leader-elect-renew-deadline "
                        + "\(leaderElectRenewDeadline), --leader-elect-retry-period \(leaderElectRetryPeriod): \(problem)"
                )
            }
            return election
        }

        /// `--controller-config` and the flags that configure controllers, by plugin name.
        func controllerConfigurations() throws -> [String: [UInt8]] {
            var configurations: [String: JSONValue] = [:]
            for entry in controllerConfigs {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let value = try? JSONParser.parse(Array(parts[1].utf8)), case .object = value
                else {
                    throw ValidationError("--controller-config takes NAME=JSON with a JSON object, not \"\(entry)\"")
                }
                configurations[parts[0]] = value
            }
            var lifecycle = configurations["node-lifecycle-controller"] ?? .emptyObject
            if let grace = nodeMonitorGracePeriod, let seconds = try? Self.seconds(grace) {
                lifecycle["nodeMonitorGracePeriodSeconds"] = .int(Int64(seconds))
            }
            if let seconds = defaultUnreachableTolerationSeconds {
                guard seconds >= 0 else {
                    throw ValidationError("--default-unreachable-toleration-seconds must not be negative")
                }
                lifecycle["defaultTolerationSeconds"] = .int(Int64(seconds))
            }
            if case .object(let fields) = lifecycle, !fields.isEmpty {
                configurations["node-lifecycle-controller"] = lifecycle
            }
            return configurations.mapValues { $0.serialized() }
        }

        /// `--datastore` and the `--etcd-*` flags, or nil for the embedded store.
        func etcdConfiguration() throws -> EtcdDatastoreConfiguration? {
            guard let datastore else {
                if etcdCafile != nil || etcdCertfile != nil || etcdKeyfile != nil {
                    throw ValidationError(
                        "--etcd-cafile, --etcd-certfile and --etcd-keyfile need --datastore etcd://...")
                }
                return nil
            }
            var tls: EtcdDatastoreConfiguration.TLSFiles?
            if let etcdCafile {
                tls = .init(certificateAuthority: etcdCafile, certificate: etcdCertfile, key: etcdKeyfile)
            } else if etcdCertfile != nil || etcdKeyfile != nil {
                throw ValidationError("--etcd-certfile and --etcd-keyfile need --etcd-cafile")
            }
            let window = (try? Self.seconds(historyWindow)) ?? 300
            do {
                return try EtcdDatastoreConfiguration.parse(
                    datastore, tls: tls, compactionInterval: .seconds(max(1, window)))
            } catch {
                throw ValidationError("--datastore: \(error.message)")
            }
        }

        private func parseListen() -> (host: String, port: Int)? {
            Listen.parse(listen, defaultHost: "127.0.0.1")
        }

        func run() async throws {
            Startup.bootstrapLogging(logLevel)
            let logger = Logger(label: "skiff")
            let (directory, databasePath, store) = try await Startup.openDatastore(
                dataDir: dataDir, etcd: try etcdConfiguration(), historyWindow: historyWindow, durability: durability)
            let (host, port) = parseListen()!
            var options = APIServerOptions()
            options.host = host
            options.port = port
            options.databasePath = databasePath
            options.bookmarkInterval = .seconds(bookmarkInterval)
            let ttl = (try? Self.seconds(eventTTL)) ?? 3600
            options.eventTTL = ttl > 0 ? .seconds(ttl) : nil
            let kubeconfigPath = directory.appendingPathComponent("kubeconfig").path
            let security = try ServerSecurity.make(
                directory: directory, host: host, insecureHTTP: insecureHTTP, certificateFile: tlsCert, keyFile: tlsKey,
                extraNames: tlsSANs, tokenFile: tokenAuthFile,
                authorization: AuthorizationMode(rawValue: authorizationMode) ?? .rbac)
            do {
                options.auditLog = try AuditLog(
                    path: directory.appendingPathComponent("audit.log").path, maxBytes: max(1, auditLogMaxsize) << 20)
            } catch {
                throw ValidationError("cannot open the audit log in \(dataDir): \(error.localizedDescription)")
            }
            options.tls = security.tls
            options.kubeletClient = security.kubeletClient
            let agentTLS = security.pki.map { KubeletTLS(clusterAuthorityPEM: Array($0.authorityPEM.utf8)) }
            options.authentication = security.authentication
            options.authorization = security.authorization
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
            let etcdMetrics = EtcdMetrics()
            options.extraMetrics = {
                plugins.metrics.render() + schedulerMetrics.render() + (etcdListen != nil ? etcdMetrics.render() : "")
            }
            options.pluginInventory = { plugins.inventoryJSON() }
            let server = APIServer(
                store: store, scheme: try scheme(), options: options, logger: Logger(label: "skiff.apiserver")
            ) { host, port in
                let url = "\(security.scheme)://\(ServerSecurity.clientHost(host)):\(port)"
                do {
                    try Kubeconfig.write(
                        server: url, to: kubeconfigPath,
                        user: security.tls == nil ? nil : ServerSecurity.administratorName,
                        credentials: security.administrator)
                } catch {
                    logger.error("cannot write the kubeconfig", metadata: ["file.path": "\(kubeconfigPath)"])
                }
                let line = "skiff: serving the Kubernetes API at \(url); kubeconfig: \(kubeconfigPath)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            // Each part of the control plane acts under a name of its own, so the audit log says who
            // did what; plugins and node agents are held to RBAC and node restriction like any client.
            let client = Client(transport: server.localTransport(as: Identities.controllerManager))
            let informers = InformerFactory(client: client, logger: Logger(label: "skiff.informers"))
            var managerOptions = ControllerManager.Options()
            managerOptions.configurations = try controllerConfigurations()
            managerOptions.pluginClient = { name in
                Client(transport: server.localTransport(as: Identities.plugin(name)))
            }
            for entry in controllerWorkers {
                let parts = entry.split(separator: "=", maxSplits: 1)
                managerOptions.workers[String(parts[0])] = Int(parts[1])
            }
            if leaderElect {
                managerOptions.leaderElection = try leaderElection(
                    name: "skiff-controller-manager", identity: BuiltinPlugins.identity(dataDirectory: directory.path))
            }
            let controllers = ControllerManager(
                client: client, factory: informers, host: plugins, options: managerOptions,
                logger: Logger(label: "skiff.controllers"))
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: store)]
            if let etcdListen, let store = store as? Store {
                // After the store, so it shuts down first (a group stops its services in reverse).
                let endpoint = EtcdListen.server(
                    store: store, address: try EtcdListen.parse(etcdListen, flag: "--etcd-listen"),
                    metrics: etcdMetrics)
                services.append(.init(service: endpoint, successTerminationBehavior: .gracefullyShutdownGroup))
            }
            services += [
                .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: informers),
            ]
            if !disableControllers { services.append(.init(service: controllers)) }
            if !schedulerSets.isEmpty, !disableScheduler {
                var schedulerOptions = Scheduler.Options()
                schedulerOptions.configuration = schedulerConfiguration
                if leaderElect {
                    schedulerOptions.leaderElection = try leaderElection(
                        name: "kube-scheduler", identity: BuiltinPlugins.identity(dataDirectory: directory.path))
                }
                let scheduler = Scheduler(
                    client: Client(transport: server.localTransport(as: Identities.scheduler)), host: plugins,
                    sets: schedulerSets, options: schedulerOptions,
                    metrics: schedulerMetrics, logger: Logger(label: "skiff.scheduler"))
                services.append(.init(service: scheduler))
            }
            services += localAgents(server: server, tls: agentTLS, directory: directory, logger: logger)
            logger.info(
                "started",
                metadata: [
                    "store": "\(databasePath ?? datastore ?? "")", "api.listen": "\(host):\(port)",
                    "controllers": "\(disableControllers ? 0 : loaded.plugins.filter { $0.kind == .controller }.count)",
                    "scheduler":
                        "\(disableScheduler ? "off" : schedulerSets.isEmpty ? "off (no scheduler plugins)" : "on")",
                    "agent": "\(disableAgent || noBuiltinPlugins ? "off" : (nodeName ?? BuiltinPlugins.shortHostName))",
                    "simulated.nodes": "\(simulatedNodes)",
                ])
            try await Startup.run(services, closing: store, logger: logger)
        }
    }
}
