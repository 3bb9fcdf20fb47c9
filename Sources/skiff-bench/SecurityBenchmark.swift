import ArgumentParser
import Foundation
import SkiffClient

/// `skiff-bench security`: what TLS, authentication, RBAC and the audit log cost. Two `skiff
/// server` processes, one on `--insecure-http` (no TLS, no authentication) and one as it starts by
/// default (HTTPS, a client certificate, RBAC, audit), each driven by the same client over
/// keep-alive connections: reads, writes, and new connections (each a TLS handshake).
struct SecurityBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security", abstract: "Reads, writes and new connections over HTTP and over HTTPS with RBAC.")

    @Option(help: "Requests per workload.")
    var requests = 5_000

    @Option(help: "Concurrent clients.")
    var concurrency = 8

    @Option(help: "New connections to time (one request each).")
    var connections = 300

    @Option(help: "The skiff executable (default: the one next to this binary).")
    var skiff: String?

    /// What one server measured: per workload, the rate and the latencies.
    struct Figures {
        var rates: [String: Double] = [:]
        var samples: [String: Samples] = [:]
    }

    func run() async throws {
        let binary =
            skiff
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "skiff"
            ).path
        var results: [Figures] = []
        for secure in [false, true] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "skiff-bench-security-\(getpid())-\(secure)")
            try? FileManager.default.removeItem(at: directory)
            let server = try BenchServer(
                binary: binary, directory: directory,
                arguments: ["--no-builtin-plugins"] + (secure ? [] : ["--insecure-http"]))
            defer {
                server.stop()
                try? FileManager.default.removeItem(at: directory)
            }
            let configuration = try ClientConfiguration.load(
                kubeconfig: directory.appendingPathComponent("kubeconfig").path)
            results.append(try await measure(configuration))
        }
        var table = ResultTable(header: [
            "workload", "http ops/s", "https+rbac ops/s", "ratio", "http p50 ms", "https p50 ms", "http p99 ms",
            "https p99 ms",
        ])
        for workload in ["get", "create", "list 100", "new connection"] {
            let plain = results[0]
            let secure = results[1]
            let ratio = (secure.rates[workload] ?? 0) / max(plain.rates[workload] ?? 1, 1e-9)
            table.add([
                workload, format(plain.rates[workload] ?? 0), format(secure.rates[workload] ?? 0),
                format(ratio, decimals: 2),
                format(plain.samples[workload]?.milliseconds(at: 0.5) ?? 0, decimals: 2),
                format(secure.samples[workload]?.milliseconds(at: 0.5) ?? 0, decimals: 2),
                format(plain.samples[workload]?.milliseconds(at: 0.99) ?? 0, decimals: 2),
                format(secure.samples[workload]?.milliseconds(at: 0.99) ?? 0, decimals: 2),
            ])
        }
        print(
            "skiff-bench security: \(requests) requests per workload from \(concurrency) clients; "
                + "\(connections) new connections")
        print(table.render())
    }

    /// The workloads against one server.
    func measure(_ configuration: ClientConfiguration) async throws -> Figures {
        var figures = Figures()
        let transport = configuration.transport()
        let path = "/api/v1/namespaces/default/configmaps"
        for index in 0..<100 {
            _ = try await transport.send(Self.create(path, name: "seed-\(index)", seed: true))
        }
        func timed(_ name: String, count: Int, _ request: @escaping @Sendable (Int) -> ClientRequest) async throws {
            let started = monotonicNow()
            let perClient = count / concurrency
            let samples = try await withThrowingTaskGroup(of: Samples.self) { group in
                for client in 0..<concurrency {
                    group.addTask {
                        var samples = Samples()
                        for index in 0..<perClient {
                            let begin = monotonicNow()
                            let response = try await transport.send(request(client * perClient + index))
                            guard (200..<300).contains(response.status) else {
                                throw ClientError.from(status: response.status, body: response.body)
                            }
                            samples.add(monotonicNow() - begin)
                        }
                        return samples
                    }
                }
                var all = Samples()
                for try await part in group { all.merge(part) }
                return all
            }
            figures.rates[name] = Double(perClient * concurrency) / (Double(monotonicNow() - started) / 1e9)
            figures.samples[name] = samples
        }
        try await timed("get", count: requests) { _ in ClientRequest(method: "GET", path: path + "/seed-7") }
        try await timed("create", count: requests) { Self.create(path, name: "made-\($0)") }
        try await timed("list 100", count: requests / 10) { _ in
            ClientRequest(method: "GET", path: path, query: [("labelSelector", "seed=true")])
        }
        // New connections: a transport of its own for each request.
        var samples = Samples()
        let started = monotonicNow()
        for _ in 0..<connections {
            let fresh = configuration.transport()
            let begin = monotonicNow()
            _ = try await fresh.send(ClientRequest(method: "GET", path: path + "/seed-7"))
            samples.add(monotonicNow() - begin)
        }
        figures.rates["new connection"] = Double(connections) / (Double(monotonicNow() - started) / 1e9)
        figures.samples["new connection"] = samples
        return figures
    }

    /// A ConfigMap create; only the 100 seeds carry the label the list selects.
    static func create(_ path: String, name: String, seed: Bool = false) -> ClientRequest {
        let labels = seed ? #","labels":{"seed":"true"}"# : ""
        let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"\#(labels)},"data":{"a":"b"}}"#
        return ClientRequest(method: "POST", path: path, contentType: "application/json", body: Array(body.utf8))
    }
}
