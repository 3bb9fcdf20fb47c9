import ArgumentParser
import Foundation

/// `skiff-bench datastore`: the API benchmark's creates, lists and watches on the embedded SQLite
/// store and on a three-member etcd cluster, in one run, side by side.
///
/// The cluster is `scripts/etcd-cluster.sh`'s (Debian's etcd 3.4, members on loopback ports, data
/// on disk in the temporary directory, so its fsyncs count as SQLite's do at full durability), or
/// one given with `--etcd-endpoints`. Both servers are fresh `skiff server` processes in plain
/// HTTP; the same `Phase` drives both.
struct DatastoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datastore",
        abstract: "Creates, lists and watches over HTTP on SQLite and on an etcd cluster, side by side.")

    @Option(help: "Pods to create in each phase.")
    var pods = 5_000

    @Option(help: "Concurrent HTTP connections creating pods.")
    var connections = 32

    @Option(help: "Watchers receiving the creates in the second phase.")
    var watchers = 20

    @Option(help: "Full lists to time.")
    var listRuns = 5

    @Option(help: "The skiff executable (default: the one next to this binary).")
    var skiff: String?

    @Option(help: "The script that starts the etcd cluster.")
    var etcdScript = "scripts/etcd-cluster.sh"

    @Option(help: "Use this running etcd cluster (HOST:PORT,...) instead of starting one.")
    var etcdEndpoints: String?

    func run() throws {
        let binary =
            skiff
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "skiff"
            )
            .path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-datastore-\(getpid())")
        try? FileManager.default.removeItem(at: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        print("sqlite (durability full): \(pods) creates x 2, \(connections) connections, \(watchers) watchers ...")
        let sqlite = try measure(
            binary: binary, directory: scratch.appendingPathComponent("sqlite"), arguments: ["--durability", "full"])
        var endpoints = etcdEndpoints
        let clusterDirectory = scratch.appendingPathComponent("etcd")
        if endpoints == nil {
            print("starting a three-member etcd cluster with \(etcdScript) ...")
            try EtcdBenchmark.Subprocess.run(["bash", etcdScript, "start", clusterDirectory.path], log: nil)
            endpoints = try String(contentsOf: clusterDirectory.appendingPathComponent("endpoints"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        defer {
            if etcdEndpoints == nil {
                _ = try? EtcdBenchmark.Subprocess.run(["bash", etcdScript, "stop", clusterDirectory.path], log: nil)
            }
        }
        print("etcd cluster \(endpoints ?? ""): the same ...")
        let etcd = try measure(
            binary: binary, directory: scratch.appendingPathComponent("etcd-server"),
            arguments: ["--datastore", "etcd://\(endpoints ?? "")"])

        var table = ResultTable(header: ["measure", "sqlite", "etcd cluster", "etcd/sqlite"])
        func row(_ label: String, _ a: Double, _ b: Double, decimals: Int = 0) {
            table.add([
                label, format(a, decimals: decimals), format(b, decimals: decimals),
                a > 0 ? format(b / a, decimals: 2) : "-",
            ])
        }
        row("creates/s, alone", sqlite.alone.rate, etcd.alone.rate)
        row(
            "  create p50 ms", sqlite.alone.creates.milliseconds(at: 0.5), etcd.alone.creates.milliseconds(at: 0.5),
            decimals: 2)
        row(
            "  create p99 ms", sqlite.alone.creates.milliseconds(at: 0.99), etcd.alone.creates.milliseconds(at: 0.99),
            decimals: 2)
        row("creates/s, with \(watchers) watchers", sqlite.watched.rate, etcd.watched.rate)
        row("watch events/s", sqlite.watched.eventRate, etcd.watched.eventRate)
        row(
            "  delivery p50 ms", sqlite.watched.delivery.milliseconds(at: 0.5),
            etcd.watched.delivery.milliseconds(at: 0.5), decimals: 2)
        row(
            "  delivery p99 ms", sqlite.watched.delivery.milliseconds(at: 0.99),
            etcd.watched.delivery.milliseconds(at: 0.99), decimals: 2)
        row(
            "full list of \(sqlite.listed) pods, median ms", sqlite.lists.milliseconds(at: 0.5),
            etcd.lists.milliseconds(at: 0.5), decimals: 1)
        row("server RSS MiB", sqlite.rssMiB, etcd.rssMiB, decimals: 1)
        table.add([
            "failed creates / events missing",
            "\(sqlite.alone.failures + sqlite.watched.failures) / \(pods * watchers - sqlite.watched.events)",
            "\(etcd.alone.failures + etcd.watched.failures) / \(pods * watchers - etcd.watched.events)", "",
        ])
        print(table.render())
        for (name, figures) in [("sqlite", sqlite), ("etcd", etcd)] {
            if let failure = figures.alone.firstFailure ?? figures.watched.firstFailure {
                print("first failed create on \(name): \(failure)")
            }
        }
    }

    /// Runs the API benchmark's sequence against a fresh server with `arguments`.
    private func measure(binary: String, directory: URL, arguments: [String]) throws -> APIFigures {
        let server = try BenchServer(
            binary: binary, directory: directory, arguments: arguments + ["--insecure-http", "--disable-agent"])
        defer { server.stop() }
        return try APIFigures.measure(
            server: server, pods: pods, connections: connections, watchers: watchers, listRuns: listRuns)
    }
}
