import ArgumentParser
import Foundation
import SkiffAPI
import SkiffHistory
import SkiffStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension Skiff {
    /// `skiff revisions`: the change log, streamed.
    struct RevisionsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revisions", abstract: "List the changes in revision order: revision, time, operation, key.")

        @Option(help: "Start this long ago (5m, 1h) or at an RFC 3339 time; default: the oldest revision kept.")
        var since: String?

        @Option(help: "Only keys under this prefix or object (pods/default/, /registry/nodes/).")
        var prefix: String?

        @Option(help: "At most this many changes.")
        var limit: Int?

        @OptionGroup var options: HistoryOptions

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        }

        func run() throws {
            try reportingFailures {
                let history = try options.open()
                let keyPrefix = try prefix.map { try options.target($0).rawKey }
                let window = try history.window()
                var from = window.compactRevision + 1
                if let since {
                    // A start before the window means "everything still kept", not an error.
                    let date = try parseTime(since)
                    if let oldestTime = window.oldestTime, date > oldestTime {
                        from = max(from, try history.revision(at: date) + 1)
                    }
                }
                let now = Date()
                // One write per 64 KiB rather than per row: a million rows is a million system calls otherwise.
                let output = BufferedOutput()
                let progress = isatty(STDERR_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
                var count = 0
                var widths = [8, 16, 9]
                if options.format == .table {
                    output.write(TextTable.row(["REVISION", "TIME", "OPERATION", "KEY"], widths: &widths))
                } else if options.format == .json {
                    output.write("[\n")
                }
                try history.changes(from: from, through: nil, prefix: keyPrefix, limit: limit) { change in
                    let key = change.key
                    switch options.format {
                    case .table:
                        output.write(
                            TextTable.row(
                                [
                                    String(change.revision), TimeSpec.relative(change.time, now: now),
                                    change.operation, key,
                                ],
                                widths: &widths))
                    case .json:
                        output.write((count > 0 ? ",\n" : "") + "  " + change.json.serializedString())
                    case .yaml:
                        output.write(
                            "- revision: \(change.revision)\n  time: \"\(TimeSpec.absolute(change.time))\"\n"
                                + "  operation: \(change.operation)\n"
                                + "  key: \(YAMLRendering.needsQuotes(key) ? "\"\(key)\"" : key)\n")
                    }
                    count += 1
                    if progress, count % 100_000 == 0 {
                        output.flush()
                        FileHandle.standardError.write(Data("\r\(count) changes…".utf8))
                    }
                    return true
                }
                output.flush()
                if progress, count >= 100_000 { FileHandle.standardError.write(Data("\r".utf8)) }
                if options.format == .json { emit(count > 0 ? "\n]\n" : "]\n") }
                if options.format == .yaml, count == 0 { emit("[]\n") }
            }
        }
    }

    /// `skiff watch PREFIX`: changes as they commit.
    struct WatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Print changes under a prefix as they commit (reading the file the server writes).")

        @Argument(help: "The prefix or object (pods/default/, nodes/n1).")
        var prefix: String

        @Option(help: "Start after this revision (default: now).")
        var from: Int64?

        @Option(help: "Stop after this many seconds (default: run until interrupted).")
        var timeout: Double?

        @OptionGroup var options: HistoryOptions

        func run() throws {
            try reportingFailures {
                let history = try options.open()
                let key = try options.target(prefix).rawKey
                var next = try (from ?? history.currentRevision) + 1
                let deadline = timeout.map { Date().addingTimeInterval($0) }
                while deadline.map({ Date() < $0 }) ?? true {
                    let current = try history.currentRevision
                    if current >= next {
                        try history.changes(from: next, through: current, prefix: key, limit: nil) { change in
                            let operation =
                                change.operation == "deleted"
                                ? "DELETED" : change.operation == "created" ? "ADDED" : "MODIFIED"
                            let line: JSONValue = [
                                "type": .string(operation), "revision": .int(change.revision),
                                "key": .string(change.key), "time": .string(TimeSpec.absolute(change.time)),
                            ]
                            if options.format == .table {
                                emit("\(change.revision)\t\(operation)\t\(change.key)\n")
                            } else {
                                emit(line.serializedString() + "\n")
                            }
                            return true
                        }
                        next = current + 1
                    }
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
        }
    }

    /// `skiff stats`: what the database holds.
    struct StatsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Show revisions, window, keys, log rows and file sizes.")

        @OptionGroup var options: HistoryOptions

        func run() throws {
            try reportingFailures {
                let history = try options.open()
                let statistics = try history.statistics()
                let oldest = statistics.oldestTime
                let value = statistics.json
                switch options.format {
                case .table:
                    var table = TextTable(header: ["STATISTIC", "VALUE"])
                    table.append(["current revision", String(statistics.currentRevision)])
                    table.append(["compacted revision", String(statistics.compactRevision)])
                    table.append([
                        "oldest inspectable",
                        "\(statistics.oldestRevision)"
                            + (oldest.map { " (\(TimeSpec.absolute($0)), \(TimeSpec.relative($0, now: Date())))" } ?? ""),
                    ])
                    table.append(["live keys", String(statistics.liveKeys)])
                    table.append(["log rows", String(statistics.logRows)])
                    table.append(["database file", FieldChanges.formatSize(Int(statistics.databaseBytes))])
                    table.append(["WAL file", FieldChanges.formatSize(Int(statistics.walBytes))])
                    emit(table.render())
                case let format:
                    emit(format.render(value) ?? "")
                }
            }
        }
    }

    /// `skiff compact`: compacts a running server's history.
    struct CompactCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compact",
            abstract: "Compact a running server's history up to a revision (default: the current one).")

        @Option(
            help:
                "The server, https://HOST:PORT, without credentials (offline databases are opened read-only and never written)."
        )
        var server: String?

        @Option(help: "The server of this kubeconfig (default: skiff-data/kubeconfig).")
        var kubeconfig: String?

        @Option(help: "The revision to compact to.")
        var to: Int64?

        func validate() throws {
            if server != nil, kubeconfig != nil { throw ValidationError("give --server or --kubeconfig, not both") }
        }

        func run() throws {
            try reportingFailures {
                let configuration = try RemoteServer.configuration(server: server, kubeconfig: kubeconfig)
                let (code, data) = try perform(
                    configuration, path: "/skiff/v1/compact", query: to.map { [("revision", String($0))] } ?? [],
                    method: "POST")
                let text = String(decoding: data, as: UTF8.self)
                guard code == 200 else {
                    let message = (try? JSONParser.parse(text))?["message"]?.stringValue ?? text
                    throw CLIError("the server refused (\(code)): \(message)")
                }
                emit(text + "\n")
            }
        }
    }
}

extension HistoryTarget {
    /// The key or prefix as text.
    var rawKey: String {
        switch self {
        case .key(let key): return key
        case .prefix(let prefix): return prefix
        }
    }
}

extension TextTable {
    /// One row of a streamed table: columns padded to widths that grow as longer cells appear.
    static func row(_ cells: [String], widths: inout [Int]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index == cells.count - 1 {
                line += cell
            } else {
                widths[index] = max(widths[index], cell.count)
                line += cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) + "   "
            }
        }
        return line + "\n"
    }
}
