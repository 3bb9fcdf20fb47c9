import ArgumentParser
import Foundation
import Logging
import SkiffHistory
import SkiffStore

/// `skiff-bench history`: the history queries on a database with a million revisions, in
/// process (the library) and as a user runs them (the `skiff` executable, process start included).
struct HistoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Build a database with 1,000,000 revisions; time history, get --rev and revisions --since.")

    @Option(help: "Revisions to write.")
    var revisions = 1_000_000

    @Option(help: "Distinct keys (each changes revisions/keys times).")
    var keys = 10_000

    @Option(help: "Queries of each kind to time.")
    var queries = 50

    @Option(help: "The skiff executable (default: the one next to this binary).")
    var skiff: String?

    @Option(help: "Where to build the database (default: the temporary directory).")
    var directory: String?

    func run() async throws {
        let folder = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
            .appendingPathComponent("skiff-bench-history-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("skiff.db").path
        let binary =
            skiff
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("skiff").path

        // Build: 64 concurrent writers, one revision per put, values like a Deployment's.
        var options = StoreOptions()
        options.durability = .normal
        options.automaticCompaction = false
        var logger = Logger(label: "skiff.bench")
        logger.logLevel = .warning
        let store = try Store.open(path: path, options: options, logger: logger)
        let buildStart = monotonicNow()
        let total = revisions
        let keyCount = keys
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<64 {
                group.addTask {
                    var index = writer
                    while index < total {
                        let key = index % keyCount
                        let value =
                            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web-\#(key)","namespace":"bench","labels":{"app":"web"}},"spec":{"replicas":\#(index / keyCount % 10),"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.\#(index / keyCount % 30)"}]}}}}"#
                        _ = try await store.put(Array("/registry/deployments/bench/web-\(key)".utf8), Array(value.utf8))
                        index += 64
                    }
                }
            }
            try await group.waitForAll()
        }
        await store.close()
        let buildSeconds = Double(monotonicNow() - buildStart) / 1e9
        FileHandle.standardError.write(
            Data("… built \(total) revisions in \(format(buildSeconds, decimals: 1)) s\n".utf8))

        let history = try History(reader: StoreReader.open(path: path))
        let current = try history.currentRevision
        // In process.
        var timelines = Samples()
        var gets = Samples()
        for query in 0..<queries {
            let key = "/registry/deployments/bench/web-\((query * 7919) % keyCount)"
            var begin = monotonicNow()
            let timeline = try history.timeline(key)
            timelines.add(monotonicNow() - begin)
            precondition(timeline.count == total / keyCount, "unexpected timeline length \(timeline.count)")
            begin = monotonicNow()
            let objects = try history.objects(.key(key), at: current / 2 + Int64(query))
            gets.add(monotonicNow() - begin)
            precondition(objects.count == 1)
        }
        var streamed = 0
        let streamStart = monotonicNow()
        try history.wrap { () throws(StoreError) in
            try history.reader.changes(from: Revision(1), values: false) { _ in
                streamed += 1
                return true
            }
        }
        let streamRate = Double(streamed) / (Double(monotonicNow() - streamStart) / 1e9)

        // As users run them.
        func timeCommand(_ arguments: [String]) throws -> (Int64, Int) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments + ["--db", path]
            let output = Pipe()
            process.standardOutput = output
            let begin = monotonicNow()
            try process.run()
            var lines = 0
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            process.waitUntilExit()
            return (monotonicNow() - begin, lines)
        }
        var cliHistory = Samples()
        var cliGet = Samples()
        for query in 0..<10 {
            let key = "/registry/deployments/bench/web-\((query * 104_729) % keyCount)"
            cliHistory.add(try timeCommand(["history", key]).0)
            cliGet.add(try timeCommand(["get", key, "--rev", String(current / 2 + Int64(query)), "-o", "json"]).0)
        }
        let (revisionsTime, revisionLines) = try timeCommand(["revisions", "--since", "1h", "-o", "json"])
        let cliRate = Double(revisionLines - 2) / (Double(revisionsTime) / 1e9)

        var table = ResultTable(header: ["measure", "skiff", "target", "met"])
        func met(_ ok: Bool) -> String { ok ? "yes" : "no" }
        let historyMs = timelines.milliseconds(at: 0.5)
        let getMs = gets.milliseconds(at: 0.5)
        table.add([
            "history of one key (\(total / keyCount) changes), library p50 ms", format(historyMs, decimals: 2), "< 50",
            met(historyMs < 50),
        ])
        table.add(["get --rev of one key, library p50 ms", format(getMs, decimals: 2), "< 50", met(getMs < 50)])
        table.add(["revisions stream, library rows/s", format(streamRate), "> 200,000", met(streamRate > 200_000)])
        let cliHistoryMs = cliHistory.milliseconds(at: 0.5)
        let cliGetMs = cliGet.milliseconds(at: 0.5)
        table.add([
            "skiff history, whole command p50 ms", format(cliHistoryMs, decimals: 1), "< 50", met(cliHistoryMs < 50),
        ])
        table.add(["skiff get --rev, whole command p50 ms", format(cliGetMs, decimals: 1), "< 50", met(cliGetMs < 50)])
        table.add(["skiff revisions --since -o json, rows/s", format(cliRate), "> 200,000", met(cliRate > 200_000)])
        table.add([
            "database: revisions / keys / build s", "\(total) / \(keyCount) / \(format(buildSeconds, decimals: 1))", "",
            "",
        ])
        print(table.render())
    }
}
