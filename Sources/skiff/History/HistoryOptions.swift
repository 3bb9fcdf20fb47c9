import ArgumentParser
import Foundation
import SkiffAPI
import SkiffHistory
import Yams

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The options every history command shares: where the database is and how to print.
struct HistoryOptions: ParsableArguments {
    @Option(help: "The server's data directory; the database is DIR/skiff.db (opened read-only).")
    var dataDir: String?

    @Option(help: "The database file itself, instead of --data-dir.")
    var db: String?

    @Option(help: "Ask a running server instead, http://HOST:PORT.")
    var server: String?

    @Option(help: "Ask the server of this kubeconfig (the one `skiff server` writes) instead.")
    var kubeconfig: String?

    @Option(name: .shortAndLong, help: "Output format: table, json or yaml.")
    var output = "table"

    @Flag(help: "No colours, even on a terminal.")
    var noColor = false

    func validate() throws {
        let sources = [dataDir, db, server, kubeconfig].compactMap { $0 }.count
        if sources > 1 { throw ValidationError("give one of --data-dir, --db, --server and --kubeconfig") }
        do {
            _ = try OutputFormat.parse(output)
        } catch {
            throw ValidationError(error.message)
        }
    }

    var format: OutputFormat { (try? OutputFormat.parse(output)) ?? .table }

    /// Whether to colour: a terminal, no --no-color, no NO_COLOR in the environment.
    var colored: Bool {
        !noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// The source of the answers: the server of --server or --kubeconfig, else the database
    /// (opened read-only).
    func open() throws -> any HistorySource {
        if let server { return try RemoteHistory(server: server) }
        if let kubeconfig { return try RemoteHistory(server: try Self.server(kubeconfig: kubeconfig)) }
        do {
            return try History.open(dataDirectory: dataDir, database: db)
        } catch {
            throw CLIError(error.message)
        }
    }

    /// The server of a kubeconfig: its current context's cluster, else the first cluster.
    static func server(kubeconfig path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read the kubeconfig \(path): \(error.localizedDescription)")
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw CLIError("\(path) is not YAML: \(error)")
        }
        let config = document as? [String: Any]
        let clusters = config?["clusters"] as? [[String: Any]] ?? []
        var chosen = clusters.first
        if let current = config?["current-context"] as? String,
            let context = (config?["contexts"] as? [[String: Any]])?.first(where: { $0["name"] as? String == current }),
            let clusterName = (context["context"] as? [String: Any])?["cluster"] as? String,
            let cluster = clusters.first(where: { $0["name"] as? String == clusterName })
        {
            chosen = cluster
        }
        guard let server = (chosen?["cluster"] as? [String: Any])?["server"] as? String else {
            throw CLIError("\(path) names no cluster server (clusters[0].cluster.server)")
        }
        return server
    }

    /// Parses what the user typed as an object or prefix.
    func target(_ text: String) throws -> HistoryTarget {
        do {
            return try HistoryTarget.parse(text)
        } catch {
            var message = error.message
            if !error.suggestions.isEmpty { message += " (did you mean \(error.suggestions.joined(separator: ", "))?)" }
            throw CLIError(message)
        }
    }
}

/// A command failed for a reason the user can act on: printed as `error: MESSAGE`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes text to standard output without buffering surprises.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Standard output collected into large writes, for commands that print row by row.
final class BufferedOutput {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    /// Appends text, writing out when 64 KiB have gathered.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes out what has gathered.
    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Runs a history command body, turning failures into `error: ...` and exit code 1.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(1)
    } catch let error as HistoryFailure {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode(1)
    }
}

/// Parses `--at` / `--since` values (`2m`, an RFC 3339 time).
func parseTime(_ text: String) throws -> Date {
    do {
        return try TimeSpec.parse(text, now: Date())
    } catch {
        throw CLIError(error.message)
    }
}

/// Sends one HTTP request and waits for its answer (the history commands are synchronous).
func perform(_ request: URLRequest) throws -> (code: Int, body: Data) {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var outcome: Result<(Int, Data), any Error> = .failure(CLIError("no answer"))
    URLSession.shared.dataTask(with: request) { data, response, error in
        if let error {
            let host = request.url?.host ?? "the server"
            outcome = .failure(CLIError("cannot reach \(host): \(error.localizedDescription)"))
        } else {
            outcome = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
        }
        done.signal()
    }.resume()
    done.wait()
    return try outcome.get()
}
