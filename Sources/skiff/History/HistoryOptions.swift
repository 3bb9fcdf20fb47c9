import ArgumentParser
import Foundation
import SkiffAPI
import SkiffHistory

/// The options every history command shares: where the database is and how to print.
struct HistoryOptions: ParsableArguments {
    @Option(help: "The server's data directory; the database is DIR/skiff.db (opened read-only).")
    var dataDir: String?

    @Option(help: "The database file itself, instead of --data-dir.")
    var db: String?

    @Option(name: .shortAndLong, help: "Output format: table, json or yaml.")
    var output = "table"

    @Flag(help: "No colours, even on a terminal.")
    var noColor = false

    func validate() throws {
        if dataDir != nil, db != nil { throw ValidationError("give --data-dir or --db, not both") }
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

    /// Opens the database read-only.
    func open() throws -> History {
        do {
            return try History.open(dataDirectory: dataDir, database: db)
        } catch {
            throw CLIError(error.message)
        }
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
