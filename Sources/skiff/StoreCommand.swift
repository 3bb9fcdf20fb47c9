import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffEtcdServer
import SkiffStore

/// The etcd v3 endpoint's address, shared by `skiff server --etcd-listen` and `skiff store serve`.
enum EtcdListen {
    /// The host and port of `text`, or a validation error. The endpoint has no TLS or
    /// authentication, and it bypasses the API server's authorization, so it listens on loopback
    /// addresses only.
    static func parse(_ text: String, flag: String) throws -> (host: String, port: Int) {
        guard let address = Listen.parse(text, defaultHost: "127.0.0.1") else {
            throw ValidationError("\(flag) must be HOST:PORT with a port from 0 to 65535, not \"\(text)\"")
        }
        guard ServerSecurity.isLoopback(address.host) else {
            throw ValidationError(
                "\(flag): the etcd endpoint has no TLS or authentication, so it listens only on a loopback address (127.0.0.1, ::1, localhost), not \(address.host)"
            )
        }
        return (address.host == "localhost" ? "127.0.0.1" : address.host, address.port)
    }

    /// The endpoint for `store` on `address`, announcing its URL on standard output once bound.
    static func server(store: Store, address: (host: String, port: Int), metrics: EtcdMetrics) -> EtcdServer {
        EtcdServer(
            store: store, host: address.host, port: address.port,
            identity: EtcdIdentity(name: ProcessInfo.processInfo.hostName, seed: store.path),
            metrics: metrics, logger: Logger(label: "skiff.etcd")
        ) { port in
            let url = EtcdServer.clientURL(host: address.host, port: port)
            FileHandle.standardOutput.write(Data("skiff: serving the etcd v3 API at \(url)\n".utf8))
        }
    }
}

extension Skiff {
    /// `skiff store`: the store on its own.
    struct StoreCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Run the store on its own.", subcommands: [Serve.self])

        /// `skiff store serve`: the store behind etcd's v3 API, without the Kubernetes API server.
        struct Serve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Serve a data directory's store over etcd's v3 API (gRPC), for etcdctl and etcd clients.",
                discussion: """
                    Serves KV (range, put, delete, transactions, compaction), Watch, Lease, \
                    Maintenance (status, alarms, defragment, hash) and MemberList, as one etcd member \
                    that is always the leader. The store keeps --history-window of history and compacts \
                    older revisions itself; reads and watches below the compacted revision fail with \
                    etcd's "mvcc: required revision has been compacted".
                    One process writes a store at a time: on a data directory a running `skiff server` \
                    (or another `skiff store serve`) uses, it stops with an error. To reach a server's \
                    store over etcd's API, give the server --etcd-listen instead.

                    Example:
                      skiff store serve --data-dir /tmp/kv --listen 127.0.0.1:2379 &
                      ETCDCTL_API=3 etcdctl --endpoints http://127.0.0.1:2379 put greeting hello
                    """)

            @Option(help: "Where the database lives (DATA-DIR/skiff.db).")
            var dataDir = "skiff-data"

            @Option(help: "The address to listen on, HOST:PORT on a loopback address (port 0 picks a free one).")
            var listen = "127.0.0.1:2379"

            @Option(help: "How long the store keeps history: seconds, or a duration such as 10m or 1h30m.")
            var historyWindow = "300"

            @Option(
                help:
                    "Durability of acknowledged writes: full (fsync per commit) or normal (survives a crash of the process, not of the machine)."
            )
            var durability = "full"

            @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
            var logLevel = "info"

            func validate() throws {
                _ = try EtcdListen.parse(listen, flag: "--listen")
                try Startup.validate(durability: durability, logLevel: logLevel, historyWindow: historyWindow)
            }

            func run() async throws {
                Startup.bootstrapLogging(logLevel)
                let logger = Logger(label: "skiff")
                let (_, path, store) = try Startup.openStore(
                    dataDir: dataDir, historyWindow: historyWindow, durability: durability)
                let endpoint = EtcdListen.server(
                    store: store, address: try EtcdListen.parse(listen, flag: "--listen"), metrics: EtcdMetrics())
                logger.info("started", metadata: ["store.path": "\(path)", "etcd.listen": "\(listen)"])
                try await Startup.run(
                    [
                        .init(service: store),
                        .init(service: endpoint, successTerminationBehavior: .gracefullyShutdownGroup),
                    ], closing: store, logger: logger)
            }
        }
    }
}
