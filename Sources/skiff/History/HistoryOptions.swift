import ArgumentParser
import Foundation
import SkiffAPI
import SkiffClient
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

    @Option(help: "Ask a running server instead, https://HOST:PORT (trusted through the system's roots).")
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
        if let server { return try RemoteHistory(configuration: RemoteServer.configuration(server: server)) }
        if let kubeconfig {
            return try RemoteHistory(configuration: RemoteServer.configuration(kubeconfig: kubeconfig))
        }
        do {
            return try History.open(dataDirectory: dataDir, database: db)
        } catch {
            throw CLIError(error.message)
        }
    }

    /// The audit records of the object at `key`: the server's, or those of the audit log next to
    /// the database.
    func auditRecords(_ key: String, source: any HistorySource) throws -> [AuditRecord] {
        if let remote = source as? RemoteHistory { return try remote.audit(key) }
        let folder = db.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? dataDir ?? "skiff-data"
        return AuditRecord.read(path: folder + "/audit.log", key: key)
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

/// Where the commands that ask a running server find it and how they prove who they are.
enum RemoteServer {
    /// A server named by URL alone: no credentials, an `https://` one trusted through the
    /// system's roots.
    static func configuration(server: String) throws -> ClientConfiguration {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw CLIError("--server must be a URL like https://127.0.0.1:6443, not \"\(server)\"")
        }
        return ClientConfiguration(server: server)
    }

    /// The server and credentials of a kubeconfig (the one `skiff server` writes, by default).
    static func configuration(kubeconfig: String) throws -> ClientConfiguration {
        do {
            return try ClientConfiguration.load(kubeconfig: kubeconfig)
        } catch {
            throw CLIError(error.message)
        }
    }

    /// `--server` when given, else the kubeconfig (default `skiff-data/kubeconfig`).
    static func configuration(server: String?, kubeconfig: String?) throws -> ClientConfiguration {
        if let server { return try configuration(server: server) }
        return try configuration(kubeconfig: kubeconfig ?? "skiff-data/kubeconfig")
    }
}

/// Sends one request and waits for its answer (the commands that use it are synchronous).
func perform(
    _ configuration: ClientConfiguration, path: String, query: [(name: String, value: String)] = [],
    method: String = "GET"
) throws -> (code: Int, body: Data) {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var outcome: Result<(Int, Data), any Error> = .failure(CLIError("no answer"))
    let transport = configuration.transport()
    Task {
        do {
            let response = try await transport.send(ClientRequest(method: method, path: path, query: query))
            outcome = .success((response.status, Data(response.body)))
        } catch let error as ClientError {
            outcome = .failure(CLIError("cannot reach \(configuration.server): \(error.message)"))
        } catch {
            outcome = .failure(CLIError("cannot reach \(configuration.server): \(error)"))
        }
        done.signal()
    }
    done.wait()
    return try outcome.get()
}
