import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffKubelet

extension Skiff {
    /// `skiff agent`: a node agent (kubelet) against a remote API server.
    struct AgentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent",
            abstract: "Run a node agent (a kubelet) against an API server.",
            discussion: """
                The agent registers its node (or, with --runtime simulated, many nodes), renews their Leases, \
                and runs the pods the scheduler binds to them:
                  skiff agent --kubeconfig worker-1.yaml --node-name worker-1 --runtime process
                  skiff agent --kubeconfig skiff-data/kubeconfig --runtime simulated --nodes 1000
                (`skiff kubeconfig create --user system:node:worker-1 --group system:nodes --server \
                https://SERVER:6443 -o worker-1.yaml` makes the first.) The process runtime runs containers as \
                plain processes of this host: no isolation. Their logs are served to `kubectl logs` from \
                --listen (0.0.0.0:10250), which the API server must reach at --node-ip.
                """)

        @Option(help: "The API server's URL, https://HOST:PORT (or take it from --kubeconfig).")
        var server: String?

        @Option(
            help:
                "A bearer token for the API server (`skiff token create --user system:node:NAME --group system:nodes`)."
        )
        var token: String?

        @Option(help: "The certificate authority (PEM) that signs the API server's certificate (DATA-DIR/pki/ca.crt).")
        var certificateAuthority: String?

        @Option(help: "A kubeconfig with the server and the node's credentials (`skiff kubeconfig create`).")
        var kubeconfig: String?

        @Option(help: "The node's name (the process runtime's one node; default: the host name).")
        var nodeName: String?

        @Option(help: "The runtime: process, simulated, or the path of a runtime plugin (.so).")
        var runtime = "process"

        @Option(
            help:
                "The node's address, where the API server reaches this agent (default: the host's first IPv4 address).")
        var nodeIP: String?

        @Option(help: "Where logs and the runtime's records live (default: skiff-agent/NODE-NAME).")
        var rootDir: String?

        @Option(help: "The endpoint's address to listen on, HOST:PORT (port 0 picks a free one).")
        var listen = "0.0.0.0:10250"

        @Option(help: "Pod worker threads.")
        var workers = 8

        @Option(help: "Simulated: how many nodes to play.")
        var nodes = 1

        @Option(help: "Simulated: the prefix of node names (NAME-PREFIX0, NAME-PREFIX1, ...).")
        var namePrefix = "sim-node-"

        @Option(help: "Simulated: capacity, cpu=32,memory=256Gi,pods=110.")
        var capacity: String?

        @Option(name: .customLong("node-label"), help: "KEY=VALUE: a label for every node (repeatable).")
        var nodeLabels: [String] = []

        @Option(name: .customLong("node-taint"), help: "KEY[=VALUE]:EFFECT: a taint for every node (repeatable).")
        var nodeTaints: [String] = []

        @Option(help: "Simulated: how long a container takes to start, in milliseconds.")
        var startDelayMs = 0

        @Option(help: "Simulated: up to this much more, at random, in milliseconds.")
        var startJitterMs = 0

        @Option(help: "The runtime's configuration as JSON (merged under the options above).")
        var runtimeConfig: String?

        @Option(help: "Rotate a container's log once it is larger than this many bytes (kubelet's 10Mi).")
        var containerLogMaxSize = 10 << 20

        @Option(help: "Log files kept per container, the live one included.")
        var containerLogMaxFiles = 5

        @Option(help: "Seconds between listings of the runtime's containers, orphan collection and log rotation.")
        var housekeepingInterval = 10

        @Option(help: "How long each node's Lease lasts; it is renewed every quarter of it (kubelet's 40).")
        var nodeLeaseDurationSeconds = 40

        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel = "info"

        func validate() throws {
            guard containerLogMaxSize >= 1024 else {
                throw ValidationError("--container-log-max-size must be at least 1024")
            }
            guard (1...100).contains(containerLogMaxFiles) else {
                throw ValidationError("--container-log-max-files must be from 1 to 100")
            }
            guard (1...3600).contains(housekeepingInterval) else {
                throw ValidationError("--housekeeping-interval must be from 1 to 3600 seconds")
            }
            guard (1...3600).contains(nodeLeaseDurationSeconds) else {
                throw ValidationError("--node-lease-duration-seconds must be from 1 to 3600")
            }
            switch (server, kubeconfig) {
            case (nil, nil):
                throw ValidationError("give --server (with --token and --certificate-authority) or --kubeconfig")
            case (let server?, nil):
                guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
                    throw ValidationError("--server must be an https:// URL, not \"\(server)\"")
                }
            case (_?, _?):
                throw ValidationError("give --server or --kubeconfig, not both")
            case (nil, _?):
                if token != nil || certificateAuthority != nil {
                    throw ValidationError(
                        "--token and --certificate-authority go with --server; a kubeconfig has its own")
                }
            }
            guard Listen.parse(listen) != nil else {
                throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, not \"\(listen)\"")
            }
            guard (1...256).contains(workers) else { throw ValidationError("--workers must be from 1 to 256") }
            guard (1...100_000).contains(nodes) else { throw ValidationError("--nodes must be from 1 to 100000") }
            guard runtime == "simulated" || nodes == 1 else {
                throw ValidationError("--nodes is for --runtime simulated; a process runtime plays one node")
            }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            _ = try runtimeConfiguration()
        }

        /// The runtime plugin's file.
        func runtimePath() -> String {
            switch runtime {
            case "process": BuiltinPlugins.path(of: BuiltinPlugins.processRuntime)
            case "simulated": BuiltinPlugins.path(of: BuiltinPlugins.simulatedRuntime)
            default: runtime
            }
        }

        /// The runtime's configuration from the options.
        func runtimeConfiguration() throws -> JSONValue {
            var configuration: JSONValue = .emptyObject
            if let text = runtimeConfig {
                guard let parsed = try? JSONParser.parse(Array(text.utf8)), case .object = parsed else {
                    throw ValidationError("--runtime-config must be a JSON object")
                }
                configuration = parsed
            }
            if runtime == "simulated" {
                configuration["nodes"] = .int(Int64(nodes))
                configuration["namePrefix"] = .string(namePrefix)
                configuration["startDelayMs"] = .int(Int64(startDelayMs))
                configuration["startJitterMs"] = .int(Int64(startJitterMs))
                if let capacity {
                    var amounts: [String: JSONValue] = [:]
                    for entry in capacity.split(separator: ",") {
                        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                        guard parts.count == 2, !parts[0].isEmpty else {
                            throw ValidationError("--capacity takes NAME=QUANTITY,..., not \"\(capacity)\"")
                        }
                        amounts[parts[0]] = .string(parts[1])
                    }
                    configuration["capacity"] = .object(amounts)
                }
            }
            var labels: [String: JSONValue] = configuration["labels"]?.objectValue ?? [:]
            for entry in nodeLabels {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ValidationError("--node-label takes KEY=VALUE, not \"\(entry)\"")
                }
                labels[parts[0]] = .string(parts[1])
            }
            if !labels.isEmpty { configuration["labels"] = .object(labels) }
            var taints: [JSONValue] = configuration["taints"]?.arrayValue ?? []
            for entry in nodeTaints {
                guard let colon = entry.lastIndex(of: ":") else {
                    throw ValidationError("--node-taint takes KEY[=VALUE]:EFFECT, not \"\(entry)\"")
                }
                let effect = String(entry[entry.index(after: colon)...])
                guard ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) else {
                    throw ValidationError("--node-taint effect must be NoSchedule, PreferNoSchedule or NoExecute")
                }
                let pair = entry[..<colon].split(separator: "=", maxSplits: 1).map(String.init)
                var taint: [String: JSONValue] = ["key": .string(pair.first ?? ""), "effect": .string(effect)]
                if pair.count == 2 { taint["value"] = .string(pair[1]) }
                taints.append(.object(taint))
            }
            if !taints.isEmpty { configuration["taints"] = .array(taints) }
            return configuration
        }

        func run() async throws {
            Startup.bootstrapLogging(logLevel)
            let logger = Logger(label: "skiff.agent")
            let configuration = try clientConfiguration()
            if !configuration.server.hasPrefix("https://") {
                logger.warning("the server speaks plain HTTP: so does this agent's endpoint, to anyone")
            } else if configuration.certificateAuthorityPEM == nil {
                logger.warning(
                    "no cluster CA (give --certificate-authority or a kubeconfig with one): the endpoint serves plain HTTP, which the API server does not speak to"
                )
            }
            let name =
                nodeName ?? BuiltinPlugins.shortHostName
            let address = Listen.parse(listen)!
            var options = NodeAgentOptions(
                runtimePath: runtimePath(), runtimeConfiguration: try runtimeConfiguration(), nodeName: name,
                nodeIP: nodeIP ?? HostAddress.firstIPv4() ?? "127.0.0.1",
                rootDirectory: rootDir ?? "skiff-agent/\(name)")
            options.listenHost = address.host
            options.port = address.port
            options.workers = workers
            options.logRotation = LogRotation(maxBytes: containerLogMaxSize, maxFiles: containerLogMaxFiles)
            options.housekeepingInterval = .seconds(housekeepingInterval)
            options.leaseSeconds = nodeLeaseDurationSeconds
            options.leaseInterval = .milliseconds(nodeLeaseDurationSeconds * 250)
            if configuration.server.hasPrefix("https://"), let authority = configuration.certificateAuthorityPEM {
                options.tls = KubeletTLS(clusterAuthorityPEM: authority)
            }
            if runtime == "simulated" { options.paceForSimulatedNodes() }
            let agent = NodeAgent(
                client: Client(transport: configuration.transport()), options: options, logger: logger)
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: agent, successTerminationBehavior: .gracefullyShutdownGroup)],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}

extension Skiff.AgentCommand {
    /// The server and credentials of `--kubeconfig`, or of `--server`, `--token` and
    /// `--certificate-authority`.
    func clientConfiguration() throws -> ClientConfiguration {
        if let kubeconfig {
            do {
                return try ClientConfiguration.load(kubeconfig: kubeconfig)
            } catch {
                throw ValidationError(error.message)
            }
        }
        var configuration = ClientConfiguration(server: server ?? "", bearerToken: token)
        if let server, server.hasPrefix("https://") {
            var authorities: [UInt8]?
            if let certificateAuthority {
                guard let bytes = FileManager.default.contents(atPath: certificateAuthority) else {
                    throw ValidationError("cannot read --certificate-authority \(certificateAuthority)")
                }
                authorities = Array(bytes)
            }
            configuration.certificateAuthorityPEM = authorities
            do {
                configuration.tls = try ClientTLS(certificateAuthorities: authorities)
            } catch {
                throw ValidationError("--certificate-authority \(certificateAuthority ?? ""): \(error)")
            }
        }
        return configuration
    }
}

/// `HOST:PORT` of a listen option.
enum Listen {
    /// The host and port; an empty host is `defaultHost`; nil for anything else than a port 0...65535.
    static func parse(_ text: String, defaultHost: String = "0.0.0.0") -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        let host = String(text[..<colon])
        return (host.isEmpty ? defaultHost : host, port)
    }
}

/// The host's addresses.
enum HostAddress {
    /// The first IPv4 address of an interface that is up and not loopback.
    static func firstIPv4() -> String? { ipv4Addresses().first }

    /// The IPv4 addresses of the interfaces that are up and not loopback, in interface order.
    static func ipv4Addresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0,
                let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET)
            else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0,
                    NI_NUMERICHOST) == 0
            else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !addresses.contains(text) { addresses.append(text) }
        }
        return addresses
    }
}
