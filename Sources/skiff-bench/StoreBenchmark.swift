import ArgumentParser
import Foundation
import Logging
import SkiffStore

/// `skiff-bench store`: the store workloads of `shared/reference/perf-anchors.md` (W1-W4), the raw
/// SQLite limit measured in the same run, file size per live key after churn and compaction, and
/// the longest compaction batch. Prints one table beside etcd 3.4's recorded figures.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Benchmark the MVCC store (W1-W4, SQLite limit, compaction).")

    @Option(help: "Durability: full (default, survives power loss) or normal.")
    var durability: StoreOptions.Durability = .full

    @Option(help: "Divide every workload's size by this (for a quick look; the table is then not comparable).")
    var scale = 1

    @Option(help: "Folder for the database files (removed afterwards).")
    var directory = NSTemporaryDirectory()

    @Option(help: "The writer connection's SQLite page cache in KiB (StoreOptions.writerCacheKiB).")
    var writerCacheKib: Int?

    @Option(help: "How many W3 ranges to time (the median is reported).")
    var w3Ranges = 20

    @Flag(help: "Print the table as JSON too.")
    var json = false

    @Option(help: "Run only these workloads (comma-separated: w1,w2,raw,w3,w4); the table shows what ran.")
    var only: String?

    func runs(_ workload: String) -> Bool {
        guard let only else { return true }
        return only.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == workload }
    }

    /// etcd 3.4 on this kind of machine, from perf-anchors.md (medians of 5 runs).
    enum Anchor {
        static let w1OpsPerSecond = 2_055.0
        static let w2OpsPerSecond = 11_084.0
        static let w3Milliseconds = 45.1
        static let w4EventsPerSecond = 27_241.0
        static let sqliteOneCommitPerInsert = 6_799.0
    }

    func run() async throws {
        var logger = Logger(label: "skiff.bench")
        logger.logLevel = .warning
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("skiff-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = StoreOptions()
        options.durability = durability
        if let writerCacheKib { options.writerCacheKiB = writerCacheKib }
        options.automaticCompaction = false
        options.watcherBufferLimit = 1_000_000
        let value = [UInt8]((0..<1_024).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let n = max(1, scale)
        progress("store benchmark, durability \(durability.rawValue), scale 1/\(n)")

        // W1: one writer, sequential puts.
        var w1: PutResult?
        if runs("w1") {
            progress("W1: 1 writer, \(10_000 / n) sequential 1 KiB puts")
            w1 = try await measurePuts(
                path: folder.appendingPathComponent("w1.db").path, options: options, logger: logger, writers: 1,
                total: 10_000 / n, keySpace: 10_000, value: value)
        }
        // W2: 64 concurrent writers.
        var w2: PutResult?
        if runs("w2") {
            progress("W2: 64 writers, \(100_000 / n) 1 KiB puts")
            w2 = try await measurePuts(
                path: folder.appendingPathComponent("w2.db").path, options: options, logger: logger, writers: 64,
                total: 100_000 / n, keySpace: 100_000, value: value)
        }
        // The SQLite limit, same machine, same run.
        var raw: Double?
        var rawSingle: Double?
        if runs("raw") {
            progress("SQLite raw: \(100_000 / n) rows in transactions of 100, \(10_000 / n) in one each")
            raw = RawSQLiteBaseline.insertRate(
                path: folder.appendingPathComponent("raw.db").path, rows: 100_000 / n, batch: 100, valueSize: 1_024)
            rawSingle = RawSQLiteBaseline.insertRate(
                path: folder.appendingPathComponent("raw1.db").path, rows: 10_000 / n, batch: 1, valueSize: 1_024)
        }
        // W3, file size after churn, compaction.
        var w3: RangeResult?
        if runs("w3") {
            progress("W3: loading \(1_000_000 / n) puts over 10,000 keys")
            w3 = try await measureRangeAndCompaction(
                path: folder.appendingPathComponent("w3.db").path, options: options, logger: logger,
                keys: 10_000, rounds: max(1, 100 / n), value: value)
        }
        // W4: 100 watchers on one prefix.
        var w4: WatchResult?
        if runs("w4") {
            progress("W4: 100 watchers, \(10_000 / n) puts")
            w4 = try await measureWatch(
                path: folder.appendingPathComponent("w4.db").path, options: options, logger: logger, watchers: 100,
                puts: 10_000 / n, value: value)
        }

        var table = ResultTable(header: ["workload", "skiff", "anchor", "ours/anchor", "target", "met"])
        func row(_ name: String, _ ours: Double, _ anchor: Double?, _ target: String, _ met: Bool, decimals: Int = 0) {
            table.add([
                name, format(ours, decimals: decimals), anchor.map { format($0, decimals: decimals) } ?? "-",
                anchor.map { format(ours / $0, decimals: 2) + "x" } ?? "-", target, met ? "yes" : "NO",
            ])
        }
        if let w1 {
            row("W1 puts/s (1 writer)", w1.opsPerSecond, Anchor.w1OpsPerSecond, ">= 5,000", w1.opsPerSecond >= 5_000)
            row("W1 p50 ms", w1.latency.milliseconds(at: 0.5), 0.43, "", true, decimals: 3)
            row("W1 p99 ms", w1.latency.milliseconds(at: 0.99), 1.32, "", true, decimals: 3)
        }
        func writerRows(_ name: String, _ result: PutResult) {
            let wall = Double(max(1, result.elapsedNs))
            row("\(name) writer applying, % of wall", 100 * Double(result.applyNs) / wall, nil, "", true, decimals: 1)
            row("\(name) writer in COMMIT, % of wall", 100 * Double(result.commitNs) / wall, nil, "", true, decimals: 1)
        }
        if let w1 { writerRows("W1", w1) }
        if let w2 {
            row(
                "W2 puts/s (64 writers)", w2.opsPerSecond, Anchor.w2OpsPerSecond, ">= 50,000",
                w2.opsPerSecond >= 50_000)
            row("W2 p50 ms", w2.latency.milliseconds(at: 0.5), 5.0, "", true, decimals: 3)
            row("W2 p99 ms", w2.latency.milliseconds(at: 0.99), 16.2, "", true, decimals: 3)
            row(
                "W2 puts per group commit", Double(w2.transactions) / Double(max(1, w2.batches)), nil, "", true,
                decimals: 1)
            writerRows("W2", w2)
        }
        if let raw {
            row("SQLite raw rows/s (100/txn, this run)", raw, 110_860, "", true)
            if let w2 { row("W2 / SQLite raw (this run)", w2.opsPerSecond / raw, nil, "", true, decimals: 2) }
        }
        if let rawSingle {
            row("SQLite raw commits/s (1/txn, this run)", rawSingle, Anchor.sqliteOneCommitPerInsert, "", true)
            if let w1 {
                row("W1 / SQLite raw 1 per txn (this run)", w1.opsPerSecond / rawSingle, nil, "", true, decimals: 2)
            }
        }
        if let w3 {
            row(
                "W3 range 10k x 1 KiB, median ms", w3.rangeMedianMs, Anchor.w3Milliseconds, "<= 10",
                w3.rangeMedianMs <= 10, decimals: 2)
            row("history rows before compaction", Double(w3.rowsBefore), nil, "", true)
            row("file bytes per live key, before compaction", w3.bytesPerKeyBefore, nil, "", true)
            row("file bytes per live key, after compaction", w3.bytesPerKeyAfter, nil, "", true)
            row("longest compaction batch ms", w3.longestBatchMs, nil, "<= 10", w3.longestBatchMs <= 10, decimals: 2)
            row("  of which COMMIT (WAL write + fsync) ms", w3.longestBatchCommitMs, nil, "", true, decimals: 2)
            row("compaction batches", Double(w3.batches), nil, "", true)
            row("compaction batches over 10 ms", Double(w3.slowBatches), nil, "", true)
            row(
                "longest space-reclaim step ms", w3.longestReclaimMs, nil, "<= 10", w3.longestReclaimMs <= 10,
                decimals: 2)
            row("  of which COMMIT ms", w3.longestReclaimCommitMs, nil, "", true, decimals: 2)
            row("space-reclaim steps", Double(w3.reclaimSteps), nil, "", true)
            row("space-reclaim steps over 10 ms", Double(w3.slowReclaimSteps), nil, "", true)
            row("compaction total s", w3.compactionSeconds, nil, "", true, decimals: 2)
        }
        if let w4 {
            row(
                "W4 events/s delivered", w4.eventsPerSecond, Anchor.w4EventsPerSecond, ">= 500,000",
                w4.eventsPerSecond >= 500_000)
            row("W4 put-to-event p50 ms", w4.latency.milliseconds(at: 0.5), 2.87, "", true, decimals: 3)
            row(
                "W4 put-to-event p99 ms", w4.latency.milliseconds(at: 0.99), 10.1, "<= 1",
                w4.latency.milliseconds(at: 0.99) <= 1, decimals: 3)
        }
        print()
        print(table.render())
        print()
        print("anchor: etcd 3.4.23 medians from shared/reference/perf-anchors.md (same kind of machine);")
        print("SQLite raw is measured in this run.")
        if json {
            let rows = table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    func progress(_ message: String) {
        FileHandle.standardError.write(Data(("… " + message + "\n").utf8))
    }

    struct PutResult {
        var opsPerSecond: Double
        var latency: Samples
        var batches: Int
        var transactions: Int
        var applyNs: Int64
        var commitNs: Int64
        var elapsedNs: Int64
    }

    func measurePuts(
        path: String, options: StoreOptions, logger: Logger, writers: Int, total: Int, keySpace: Int, value: [UInt8]
    ) async throws -> PutResult {
        let store = try Store.open(path: path, options: options, logger: logger)
        let perWriter = total / writers
        let started = monotonicNow()
        let latencies = try await withThrowingTaskGroup(of: Samples.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var samples = Samples(capacity: perWriter)
                    var generator = SplitMix(seed: UInt64(writer + 1))
                    for _ in 0..<perWriter {
                        let key = Array(
                            String(format: "/registry/bench/%08d", Int(generator.next() % UInt64(keySpace))).utf8)
                        let before = monotonicNow()
                        try await store.put(key, value)
                        samples.add(monotonicNow() - before)
                    }
                    return samples
                }
            }
            var all = Samples(capacity: total)
            for try await samples in group { for value in samples.values { all.add(value) } }
            return all
        }
        let elapsed = Double(monotonicNow() - started) / 1e9
        let stats = store.statistics
        await store.close()
        return PutResult(
            opsPerSecond: Double(perWriter * writers) / elapsed, latency: latencies, batches: stats.batches,
            transactions: stats.transactions, applyNs: stats.applyNs, commitNs: stats.commitNs,
            elapsedNs: Int64(elapsed * 1e9))
    }

    struct RangeResult {
        var rangeMedianMs: Double
        var rowsBefore: Int64
        var bytesPerKeyBefore: Double
        var bytesPerKeyAfter: Double
        var longestBatchMs: Double
        var longestReclaimMs: Double
        var longestBatchCommitMs: Double
        var batches: Int
        var slowBatches: Int
        var longestReclaimCommitMs: Double
        var reclaimSteps: Int
        var slowReclaimSteps: Int
        var compactionSeconds: Double
    }

    func measureRangeAndCompaction(
        path: String, options: StoreOptions, logger: Logger, keys: Int, rounds: Int, value: [UInt8]
    ) async throws -> RangeResult {
        let store = try Store.open(path: path, options: options, logger: logger)
        let names = (0..<keys).map { Array(String(format: "/registry/w3/%08d", $0).utf8) }
        for round in 0..<rounds {
            for chunk in stride(from: 0, to: keys, by: 500) {
                let puts = names[chunk..<min(keys, chunk + 500)].map {
                    Operation.put(PutRequest(key: $0, value: value + [UInt8(truncatingIfNeeded: round)]))
                }
                _ = try await store.txn(TxnRequest(success: puts))
            }
        }
        var timings = Samples(capacity: w3Ranges)
        for _ in 0..<max(1, w3Ranges) {
            let before = monotonicNow()
            let response = try await store.range(RangeRequest(.prefix("/registry/w3/")))
            timings.add(monotonicNow() - before)
            precondition(response.kvs.count == keys, "W3 read \(response.kvs.count) keys")
        }
        let before = try await store.fileStatistics()
        let compactStarted = monotonicNow()
        try await store.compact(to: store.currentRevision)
        let compactionSeconds = Double(monotonicNow() - compactStarted) / 1e9
        let longest = Double(store.statistics.longestCompactionBatchNs) / 1e6
        let longestReclaim = Double(store.statistics.longestReclaimStepNs) / 1e6
        let stats = store.statistics
        await store.close()
        // Measured once the store is closed, so the WAL has gone back into the file.
        let afterBytes = fileSize(path) + fileSize(path + "-wal")
        return RangeResult(
            rangeMedianMs: timings.milliseconds(at: 0.5), rowsBefore: before.logRows,
            bytesPerKeyBefore: Double(before.databaseBytes + before.walBytes) / Double(keys),
            bytesPerKeyAfter: Double(afterBytes) / Double(keys), longestBatchMs: longest,
            longestReclaimMs: longestReclaim,
            longestBatchCommitMs: Double(stats.longestCompactionBatchCommitNs) / 1e6, batches: stats.compactionBatches,
            slowBatches: stats.slowCompactionBatches,
            longestReclaimCommitMs: Double(stats.longestReclaimStepCommitNs) / 1e6, reclaimSteps: stats.reclaimSteps,
            slowReclaimSteps: stats.slowReclaimSteps, compactionSeconds: compactionSeconds)
    }

    struct WatchResult {
        var eventsPerSecond: Double
        var latency: Samples
    }

    func measureWatch(
        path: String, options: StoreOptions, logger: Logger, watchers: Int, puts: Int, value: [UInt8]
    ) async throws -> WatchResult {
        let store = try Store.open(path: path, options: options, logger: logger)
        var streams: [WatchStream] = []
        for _ in 0..<watchers { streams.append(try await store.watch(.prefix("/registry/w4/"))) }
        let started = monotonicNow()
        let result = try await withThrowingTaskGroup(of: (Samples, Int64).self) { group in
            for stream in streams {
                group.addTask {
                    var samples = Samples(capacity: puts)
                    var seen = 0
                    var last: Int64 = 0
                    for try await response in stream {
                        let now = monotonicNow()
                        for event in response.events {
                            let sent = event.kv.value.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                            samples.add(now - sent)
                        }
                        seen += response.events.count
                        last = now
                        if seen >= puts { break }
                    }
                    return (samples, last)
                }
            }
            group.addTask {
                for index in 0..<puts {
                    var payload = value
                    withUnsafeBytes(of: monotonicNow()) { payload.replaceSubrange(0..<8, with: $0) }
                    try await store.put(Array(String(format: "/registry/w4/%08d", index).utf8), payload)
                }
                return (Samples(), 0)
            }
            var all = Samples(capacity: puts * watchers)
            var finished: Int64 = 0
            for try await (samples, last) in group {
                for value in samples.values { all.add(value) }
                finished = max(finished, last)
            }
            return (all, finished)
        }
        let elapsed = Double(result.1 - started) / 1e9
        await store.close()
        return WatchResult(eventsPerSecond: Double(puts * watchers) / elapsed, latency: result.0)
    }
}

extension StoreOptions.Durability: ExpressibleByArgument {}

/// A file's size in bytes, 0 when it does not exist.
func fileSize(_ path: String) -> Int64 {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
}

/// A small seeded generator, so runs pick the same keys.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
