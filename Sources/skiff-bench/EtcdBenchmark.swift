import ArgumentParser
import Foundation

/// `skiff-bench etcd`: etcd's own load generator (`tools/benchmark`), the anchors' `w3range` and
/// `w4watch`, and `etcdctl check perf`, pointed in the same run at a fresh real etcd 3.4 and at a
/// fresh `skiff store serve` for every workload (W1-W4 of `perf-anchors.md`), with the ratio
/// Skiff/etcd for each figure.
struct EtcdBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etcd",
        abstract: "etcd's load generators against real etcd 3.4 and Skiff's etcd endpoint, side by side.",
        discussion: """
            Needs the anchors' tools: `bash ../shared/bench/anchors/install_anchors.sh` builds etcd's \
            benchmark, w3range and w4watch into /tmp/anchors/bin and installs etcd and etcdctl. \
            Each workload gets a fresh etcd (empty data directory, default fsync) and a fresh \
            `skiff store serve` (--durability full), one after the other on the same loopback, so the \
            two never share the machine. Raw outputs are kept in the results folder it prints.
            """)

    @Option(help: "Workloads, comma-separated, from w1,w2,w2b,w3,w4,w4b,perf (perf: 60 s each side).")
    var only = "w1,w2,w2b,w3,w4,w4b"

    @Option(help: "Runs of every workload; the table shows medians.")
    var runs = 1

    @Option(help: "Where install_anchors.sh put its tools.")
    var anchors = ProcessInfo.processInfo.environment["ANCHORS"] ?? "/tmp/anchors"

    @Option(help: "The skiff executable (default: the one next to this binary).")
    var skiff: String?

    @Option(help: "Durability of the Skiff store: full (fsync per commit, as etcd) or normal.")
    var durability = "full"

    static let workloads = ["w1", "w2", "w2b", "w3", "w4", "w4b", "perf"]

    func validate() throws {
        for workload in selected where !Self.workloads.contains(workload) {
            throw ValidationError("unknown workload \(workload); pick from \(Self.workloads.joined(separator: ","))")
        }
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
        guard ["full", "normal"].contains(durability) else { throw ValidationError("--durability is full or normal") }
    }

    private var selected: [String] {
        only.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    func run() throws {
        let tools = URL(fileURLWithPath: anchors).appendingPathComponent("bin")
        for tool in ["benchmark", "w3range", "w4watch"]
        where !FileManager.default.isExecutableFile(atPath: tools.appendingPathComponent(tool).path) {
            throw ValidationError(
                "\(tools.path)/\(tool) is missing: run `bash ../shared/bench/anchors/install_anchors.sh` first")
        }
        for program in ["etcd", "etcdctl"] where Subprocess.which(program) == nil {
            throw ValidationError("\(program) is not installed (apt-get install etcd-server etcd-client)")
        }
        let binary =
            skiff
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("skiff").path
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-etcd-\(stamp)")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)

        var figures: [System: [String: [Double]]] = [.etcd: [:], .skiff: [:]]
        for run in 1...runs {
            for workload in selected {
                for system in System.allCases {
                    FileHandle.standardError.write(Data("run \(run) \(workload) \(system.rawValue)\n".utf8))
                    let scratch = results.appendingPathComponent("run\(run)-\(workload)-\(system.rawValue)")
                    let target = try Target.start(
                        system, directory: scratch, skiff: binary, durability: durability)
                    defer { target.stop() }
                    let measured = try measure(
                        workload, endpoint: target.endpoint, tools: tools,
                        log: results.appendingPathComponent("run\(run)-\(workload)-\(system.rawValue).txt"))
                    for (metric, value) in measured { figures[system]![metric, default: []].append(value) }
                    figures[system]!["\(workload) data dir KiB", default: []].append(Double(target.diskKiB()))
                }
            }
        }
        print(report(figures))
        print("\nraw outputs: \(results.path)")
    }

    /// The two systems measured.
    enum System: String, CaseIterable {
        case etcd, skiff
    }

    /// Runs one workload against `endpoint` (HOST:PORT); returns its figures by metric name.
    private func measure(_ workload: String, endpoint: String, tools: URL, log: URL) throws -> [String: Double] {
        let benchmark = tools.appendingPathComponent("benchmark").path
        func bench(_ arguments: [String]) throws -> String {
            try Subprocess.run([benchmark, "--endpoints", endpoint, "--precise"] + arguments, log: log)
        }
        let put = ["put", "--val-size", "1024", "--key-size", "32", "--sequential-keys"]
        switch workload {
        case "w1":
            let text = try bench(
                ["--conns", "1", "--clients", "1"] + put + ["--total", "10000", "--key-space-size", "10000"])
            return Parse.benchmark(text, prefix: "W1")
        case "w2", "w2b":
            let conns = workload == "w2" ? "64" : "1"
            let text = try bench(
                ["--conns", conns, "--clients", "64"] + put + ["--total", "100000", "--key-space-size", "100000"])
            return Parse.benchmark(text, prefix: workload == "w2" ? "W2" : "W2b")
        case "w3":
            let range = try Subprocess.run(
                [
                    tools.appendingPathComponent("w3range").path, "--endpoint", endpoint, "--keys", "10000",
                    "--val-size", "1024", "--reps", "20",
                ], log: log)
            var figures: [String: Double] = [:]
            figures["W3 range 10k x 1 KiB, median ms"] = Parse.fields(range)["range_ms_median"]
            let text = try bench([
                "--conns", "1", "--clients", "1", "range", "/registry/w3/", "/registry/w30", "--total", "20",
            ])
            figures["W3 benchmark range p50 ms"] = Parse.benchmark(text, prefix: "W3")["W3 p50 ms"]
            return figures
        case "w4", "w4b":
            let text = try Subprocess.run(
                [
                    tools.appendingPathComponent("w4watch").path, "--endpoint", endpoint, "--watchers", "100",
                    "--conns", workload == "w4" ? "100" : "1", "--puts", "10000", "--val-size", "1024",
                ], log: log)
            let fields = Parse.fields(text)
            let name = workload == "w4" ? "W4" : "W4b"
            return [
                "\(name) events/s": fields["events_per_s"],
                "\(name) puts/s while watched": fields["puts_per_s"],
                "\(name) ack to event p50 ms": fields["ack_to_event_ms_p50"],
                "\(name) ack to event p99 ms": fields["ack_to_event_ms_p99"],
                "\(name) send to event p50 ms": fields["send_to_event_ms_p50"],
                "\(name) send to event p99 ms": fields["send_to_event_ms_p99"],
                "\(name) unexpected events": fields["unexpected_events"] ?? 0,
            ].compactMapValues { $0 }
        case "perf":
            let text = try Subprocess.run(
                ["etcdctl", "--endpoints", "http://\(endpoint)", "check", "perf", "--load=s"], log: log,
                environment: ["ETCDCTL_API": "3"], allowFailure: true)
            return Parse.checkPerf(text)
        default:
            return [:]
        }
    }

    /// The table: each metric's median per system, the ratio Skiff/etcd and the issue's target.
    private func report(_ figures: [System: [String: [Double]]]) -> String {
        let targets: [String: String] = [
            "W2 puts/s": ">= 3x", "W2 p99 ms": "<= 1x", "W3 range 10k x 1 KiB, median ms": "<= 0.5x",
            "perf passed": "1 (PASS)",
        ]
        let metrics = Set(figures[.etcd]!.keys).union(figures[.skiff]!.keys).sorted { a, b in
            let order = Self.workloads.map { $0.uppercased() }
            func rank(_ metric: String) -> Int {
                order.lastIndex { metric.uppercased().hasPrefix($0) } ?? order.count
            }
            return rank(a) == rank(b) ? a < b : rank(a) < rank(b)
        }
        var table = ResultTable(header: ["metric", "etcd 3.4", "skiff", "skiff/etcd", "target"])
        for metric in metrics {
            let etcd = median(figures[.etcd]![metric] ?? [])
            let skiff = median(figures[.skiff]![metric] ?? [])
            let ratio = etcd.map { etcd in skiff.map { etcd == 0 ? Double.nan : $0 / etcd } } ?? nil
            let decimals = (etcd ?? skiff ?? 0) < 100 ? 2 : 0
            table.add([
                metric, etcd.map { format($0, decimals: decimals) } ?? "-",
                skiff.map { format($0, decimals: decimals) } ?? "-", ratio.map { format($0, decimals: 2) + "x" } ?? "-",
                targets[metric] ?? "",
            ])
        }
        return "etcd 3.4 vs skiff store serve (\(durability) durability), medians of \(runs) run(s)\n\n"
            + table.render()
    }

    private func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
