import ArgumentParser
import Foundation
import Synchronization

/// `skiff-bench api`: the API server under load over HTTP — creates from many connections, a full
/// list, watchers receiving every create, and the server's memory.
struct APIBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Create pods over HTTP, list them, watch them; report against the targets.")

    @Option(help: "Pods to create.")
    var pods = 10_000

    @Option(help: "Concurrent HTTP connections creating pods.")
    var connections = 32

    @Option(help: "Watchers receiving the creates.")
    var watchers = 100

    @Option(help: "Full lists to time.")
    var listRuns = 5

    @Option(help: "The skiff executable (default: the one next to this binary).")
    var skiff: String?

    @Option(help: "Store durability: full or normal.")
    var durability = "full"

    @Flag(help: "Print the results as JSON.")
    var json = false

    func run() throws {
        let binary =
            skiff
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "skiff"
            ).path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-api-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        // The benchmark's client speaks plain HTTP: it measures the API server, not TLS.
        let server = try BenchServer(
            binary: binary, directory: directory, arguments: ["--durability", durability, "--insecure-http"])
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        let figures = try APIFigures.measure(
            server: server, pods: pods, connections: connections, watchers: watchers, listRuns: listRuns)
        let (alone, watched, lists) = (figures.alone, figures.watched, figures.lists)

        var table = ResultTable(header: ["measure", "skiff", "target", "met"])
        func met(_ ok: Bool) -> String { ok ? "yes" : "no" }
        for (label, phase) in [("alone", alone), ("with \(watchers) watchers", watched)] {
            table.add([
                "creates/s, \(connections) connections, \(label)", format(phase.rate), "≥ 3,000",
                met(phase.rate >= 3_000),
            ])
            table.add(["  create p50 ms", format(phase.creates.milliseconds(at: 0.5), decimals: 2), "", ""])
            let p99 = phase.creates.milliseconds(at: 0.99)
            table.add(["  create p99 ms", format(p99, decimals: 2), "≤ 50", met(p99 <= 50)])
            table.add(["  failed creates", "\(phase.failures)", "0", met(phase.failures == 0)])
        }
        table.add([
            "watch events/s (\(watchers) watchers)", format(watched.eventRate), "", "",
        ])
        table.add([
            "  events received / expected", "\(watched.events) / \(pods * watchers)", "all",
            met(watched.events == pods * watchers),
        ])
        table.add(["  delivery p50 ms", format(watched.delivery.milliseconds(at: 0.5), decimals: 2), "", ""])
        table.add(["  delivery p99 ms", format(watched.delivery.milliseconds(at: 0.99), decimals: 2), "", ""])
        table.add([
            "full list of \(figures.listed) pods, median ms", format(lists.milliseconds(at: 0.5), decimals: 1), "≤ 150",
            met(lists.milliseconds(at: 0.5) <= 150),
        ])
        table.add([
            "server RSS MiB with \(pods) pods", format(figures.rssMiB, decimals: 1), "≤ 300",
            met(figures.rssMiB <= 300),
        ])
        if json {
            let figures: [String: Double] = [
                "createsPerSecond": alone.rate, "createP50Ms": alone.creates.milliseconds(at: 0.5),
                "createP99Ms": alone.creates.milliseconds(at: 0.99), "watchedCreatesPerSecond": watched.rate,
                "watchedCreateP99Ms": watched.creates.milliseconds(at: 0.99),
                "listMedianMs": lists.milliseconds(at: 0.5),
                "eventsPerSecond": watched.eventRate, "deliveryP99Ms": watched.delivery.milliseconds(at: 0.99),
                "rssMiB": figures.rssMiB,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(table.render())
        }
    }

    /// A pod as clients create them: labels, one container with resources, a port and a probe.
    static func pod(_ index: Int) -> [UInt8] {
        Array(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bench-\(index)","labels":{"app":"bench","shard":"\(index % 16)"}},\
            "spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.0","ports":[{"containerPort":8080}],\
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}},\
            "readinessProbe":{"httpGet":{"path":"/ready","port":8080}}}]}}
            """.utf8)
    }

    private static let marker = Array(#""name":"bench-"#.utf8)

    /// The N of `"name":"bench-N"` in a watch line.
    static func podIndex(in line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress, line.count > marker.count else { return nil }
        var position = 0
        var found: Int?
        marker.withUnsafeBytes { needle in
            while position + needle.count <= line.count,
                let quote = memchr(base + position, 0x22, line.count - needle.count - position + 1)
            {
                let at = base.distance(to: UnsafeRawPointer(quote))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 {
                    found = at
                    return
                }
                position = at + 1
            }
        }
        guard let found else { return nil }
        var offset = found + marker.count
        var value = 0
        var digits = 0
        while offset < line.count, line[offset] >= 0x30, line[offset] <= 0x39 {
            value = value * 10 + Int(line[offset] - 0x30)
            offset += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func count(of marker: [UInt8], in bytes: [UInt8]) -> Int {
        var count = 0
        var slice = bytes[...]
        while let range = slice.firstRange(of: marker) {
            count += 1
            slice = slice[range.upperBound...]
        }
        return count
    }
}

/// What one API benchmark run measured against one server: creates alone, full lists and the
/// memory with those pods stored, then creates with watchers receiving each.
struct APIFigures {
    var alone: Phase.Result
    var watched: Phase.Result
    var lists: Samples
    var listed: Int
    var rssMiB: Double

    /// Runs the sequence against `server`: two namespaces, `pods` creates from `connections`
    /// connections, `listRuns` full lists, the server's memory, then the creates again with
    /// `watchers` watchers.
    static func measure(
        server: BenchServer, pods: Int, connections: Int, watchers: Int, listRuns: Int
    ) throws -> APIFigures {
        let setup = try HTTPConnection(port: server.port)
        for namespace in ["bench-alone", "bench-watched"] {
            _ = try setup.request(
                "POST", "/api/v1/namespaces", body: Array(#"{"metadata":{"name":"\#(namespace)"}}"#.utf8))
        }
        let alone = try Phase(
            port: server.port, namespace: "bench-alone", pods: pods, connections: connections, watchers: 0
        ).run()
        var lists = Samples()
        var listed = 0
        for _ in 0..<listRuns {
            let begin = monotonicNow()
            let response = try setup.request("GET", "/api/v1/namespaces/bench-alone/pods")
            lists.add(monotonicNow() - begin)
            listed = APIBenchmark.count(of: Array(#""uid":"#.utf8), in: response.body)
        }
        let rssMiB = Double(server.residentKiB()) / 1024
        let watched = try Phase(
            port: server.port, namespace: "bench-watched", pods: pods, connections: connections, watchers: watchers
        ).run()
        return APIFigures(alone: alone, watched: watched, lists: lists, listed: listed, rssMiB: rssMiB)
    }
}

/// When each create was sent, written by creators and read by watchers (the server's response
/// orders the write before the read).
final class SendTimes: @unchecked Sendable {
    private let times: UnsafeMutableBufferPointer<Int64>

    init(count: Int) {
        times = .allocate(capacity: count)
        times.initialize(repeating: 0)
    }

    deinit { times.deallocate() }

    subscript(index: Int) -> Int64 {
        get { times[index] }
        set { times[index] = newValue }
    }
}

/// A `skiff server` child process on a free port of 127.0.0.1, with `arguments` added.
final class BenchServer {
    let process = Process()
    let port: Int

    init(binary: String, directory: URL, arguments: [String]) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["server", "--data-dir", directory.path, "--listen", "127.0.0.1:0", "--log-level", "error"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("; kubeconfig") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw HTTPConnection.Failure(description: "the server did not start") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "API at "), let end = text[range.upperBound...].firstIndex(of: ";"),
            let colon = text[range.upperBound..<end].lastIndex(of: ":"),
            let port = Int(text[text.index(after: colon)..<end])
        else { throw HTTPConnection.Failure(description: "no address in \(text)") }
        self.port = port
    }

    func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// One round of creates over HTTP, optionally with watchers receiving each create.
struct Phase {
    var port: Int
    var namespace: String
    var pods: Int
    var connections: Int
    var watchers: Int

    /// What a phase measured.
    struct Result {
        var rate: Double
        var creates: Samples
        var failures: Int
        var eventRate: Double
        var events: Int
        var delivery: Samples
        /// What the first failed create got back.
        var firstFailure: String? = nil
    }

    func run() throws -> Result {
        let watchers = self.watchers
        let namespace = self.namespace
        // Watchers first, so they see every create.
        let sendTimes = SendTimes(count: pods)
        let delivery = Mutex(Samples(capacity: pods * watchers))
        let received = Atomic<Int>(0)
        let lastEvent = Atomic<Int64>(0)
        let ready = DispatchGroup()
        let finished = DispatchGroup()
        for _ in 0..<watchers {
            ready.enter()
            finished.enter()
            let port = self.port
            let expected = pods
            Thread.detachNewThread {
                defer { finished.leave() }
                guard let connection = try? HTTPConnection(port: port),
                    (try? connection.startStream("/api/v1/namespaces/\(namespace)/pods?watch=1&timeoutSeconds=600"))
                        == 200
                else {
                    ready.leave()
                    return
                }
                ready.leave()
                var local = Samples(capacity: expected)
                var seen = 0
                var pending: [UInt8] = []
                while seen < expected, let chunk = try? connection.readChunk() {
                    pending += chunk
                    let now = monotonicNow()
                    // memchr and memmem: the client must cost far less than the server it measures.
                    let consumed = pending.withUnsafeBytes { raw -> Int in
                        var lineStart = 0
                        while lineStart < raw.count,
                            let found = memchr(raw.baseAddress! + lineStart, 0x0A, raw.count - lineStart)
                        {
                            let newline = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                            if let index = APIBenchmark.podIndex(
                                in: UnsafeRawBufferPointer(rebasing: raw[lineStart..<newline]))
                            {
                                local.add(now - sendTimes[index])
                                seen += 1
                            }
                            lineStart = newline + 1
                        }
                        return lineStart
                    }
                    pending.removeFirst(consumed)
                    lastEvent.store(now, ordering: .relaxed)
                }
                received.add(seen, ordering: .relaxed)
                delivery.withLock { $0.merge(local) }
            }
        }
        ready.wait()
        Thread.sleep(forTimeInterval: 0.5)

        // Creates from `connections` connections.
        let next = Atomic<Int>(0)
        let latencies = Mutex(Samples(capacity: pods))
        let failures = Atomic<Int>(0)
        let firstFailure = Mutex<String?>(nil)
        let creators = DispatchGroup()
        let started = monotonicNow()
        for _ in 0..<connections {
            creators.enter()
            let port = self.port
            let total = pods
            Thread.detachNewThread {
                defer { creators.leave() }
                guard let connection = try? HTTPConnection(port: port) else { return }
                var local = Samples(capacity: total / 8)
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    if index >= total { break }
                    let body = APIBenchmark.pod(index)
                    let begin = monotonicNow()
                    sendTimes[index] = begin
                    let response = try? connection.request("POST", "/api/v1/namespaces/\(namespace)/pods", body: body)
                    local.add(monotonicNow() - begin)
                    if response?.status != 201 {
                        failures.add(1, ordering: .relaxed)
                        let what =
                            response.map {
                                "HTTP \($0.status): \(String(decoding: $0.body.prefix(300), as: UTF8.self))"
                            }
                            ?? "no response"
                        firstFailure.withLock { $0 = $0 ?? what }
                    }
                }
                latencies.withLock { $0.merge(local) }
            }
        }
        creators.wait()
        let createSeconds = Double(monotonicNow() - started) / 1e9
        _ = finished.wait(timeout: .now() + 60)
        let watchSeconds = Double(lastEvent.load(ordering: .relaxed) - started) / 1e9
        let events = received.load(ordering: .relaxed)
        return Result(
            rate: Double(pods) / createSeconds, creates: latencies.withLock { $0 },
            failures: failures.load(ordering: .relaxed), eventRate: watchers == 0 ? 0 : Double(events) / watchSeconds,
            events: events, delivery: delivery.withLock { $0 }, firstFailure: firstFailure.withLock { $0 })

    }
}
