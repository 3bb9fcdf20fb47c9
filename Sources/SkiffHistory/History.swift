import Foundation
import SkiffAPI
import SkiffStore

/// The history queries behind `skiff history`, `get --rev`, `diff`, `revisions` and `stats`, over a
/// read-only ``SkiffStore/StoreReader``: timelines with field-level summaries, objects at a
/// revision or time, and clear errors that say what is still inspectable.
public final class History: Sendable {
    /// The reader.
    public let reader: StoreReader

    /// Queries over an open reader.
    public init(reader: StoreReader) { self.reader = reader }

    /// Opens the database of a data directory (`DIR/skiff.db`) or a file, read-only.
    public static func open(dataDirectory: String?, database: String?) throws(HistoryFailure) -> History {
        let path =
            database ?? URL(fileURLWithPath: dataDirectory ?? "skiff-data").appendingPathComponent("skiff.db").path
        do {
            return History(reader: try StoreReader.open(path: path))
        } catch {
            throw HistoryFailure(error.message)
        }
    }

    /// One change in an object's timeline.
    public struct TimelineEntry: Sendable {
        /// The revision.
        public var revision: Int64
        /// When it was committed.
        public var time: Date
        /// `created`, `updated` or `deleted`.
        public var operation: String
        /// The key's version after the change (0 after a delete).
        public var version: Int64
        /// What changed, field by field (for JSON values).
        public var changes: FieldChanges?
        /// The one-line summary.
        public var summary: String
    }

    /// The timeline of one key inside the history window, oldest first.
    ///
    /// - Throws: ``HistoryFailure`` naming the window when the key has no change in it.
    public func timeline(_ key: String) throws(HistoryFailure) -> [TimelineEntry] {
        let entries = try wrap { () throws(StoreError) in try reader.keyHistory(Array(key.utf8)) }
        guard !entries.isEmpty else { throw try notFound(key) }
        return Self.timeline(of: entries)
    }

    /// The timeline of one key's changes, oldest first: each with its operation, the fields it
    /// changed (for JSON values) and a one-line summary.
    public static func timeline(of entries: [HistoryEntry]) -> [TimelineEntry] {
        var previous: [UInt8]?
        var timeline: [TimelineEntry] = []
        for entry in entries {
            let operation: String
            let new: [UInt8]?
            switch entry.kind {
            case .delete:
                operation = "deleted"
                new = nil
            default:
                operation = entry.isCreate || previous == nil ? "created" : "updated"
                new = entry.value
            }
            var changes: FieldChanges?
            let summary: String
            let oldParsed: JSONValue? = previous.flatMap { try? JSONParser.parse($0) }
            let newParsed: JSONValue? = new.flatMap { try? JSONParser.parse($0) }
            if (previous == nil || oldParsed != nil) && (new == nil || newParsed != nil) {
                let fieldChanges = FieldChanges(old: oldParsed, new: newParsed)
                changes = fieldChanges
                switch operation {
                case "updated": summary = fieldChanges.summary()
                default: summary = operation
                }
            } else {
                summary = FieldChanges.summary(old: previous, new: new)
            }
            timeline.append(
                TimelineEntry(
                    revision: entry.revision.rawValue, time: date(entry.commitTime), operation: operation,
                    version: entry.version, changes: changes, summary: summary))
            previous = new
        }
        return timeline
    }

    /// The key-values of `target` at `revision` (one for a key, all under it for a prefix).
    public func objects(_ target: HistoryTarget, at revision: Int64) throws(HistoryFailure) -> [KeyValue] {
        let range: KeyRange
        switch target {
        case .key(let key): range = .key(key)
        case .prefix(let prefix): range = .prefix(prefix)
        }
        let response = try wrap { () throws(StoreError) in
            try reader.range(RangeRequest(range, revision: Revision(revision)))
        }
        return response.kvs
    }

    /// The revision current at `date`: the newest committed at or before it.
    public func revision(at date: Date) throws(HistoryFailure) -> Int64 {
        let nanoseconds = TimeSpec.unixNanoseconds(date)
        let found = try wrap { () throws(StoreError) in try reader.revision(atUnixNanoseconds: nanoseconds) }
        guard let found else {
            let oldest = try window()
            throw HistoryFailure(
                "nothing is inspectable at \(TimeSpec.absolute(date)): the oldest revision still available is "
                    + "\(oldest.revision)\(oldest.time.map { " (\(TimeSpec.absolute($0)))" } ?? "")",
                reason: .compacted)
        }
        return found.rawValue
    }

    /// The current revision.
    public var currentRevision: Int64 {
        get throws(HistoryFailure) { try wrap { () throws(StoreError) in try reader.currentRevision.rawValue } }
    }

    /// The oldest revision still inspectable and its commit time.
    public func window() throws(HistoryFailure) -> (revision: Int64, time: Date?) {
        let statistics = try wrap { () throws(StoreError) in try reader.statistics() }
        return (statistics.oldestRevision.rawValue, statistics.oldestCommitTime.map(Self.date))
    }

    /// A Date from Unix nanoseconds.
    public static func date(_ nanoseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(nanoseconds) / 1e9) }

    /// Turns store errors into messages that say what is still available.
    public func wrap<T>(_ body: () throws(StoreError) -> T) throws(HistoryFailure) -> T {
        do {
            return try body()
        } catch let error where error.code == .compacted {
            let oldest = (try? window()).map {
                " the oldest revision still available is \($0.revision)"
                    + ($0.time.map { " (\(TimeSpec.absolute($0)))" } ?? "")
            }
            throw HistoryFailure(
                "revision \(error.message.split(separator: " ").first(where: { Int($0) != nil }) ?? "") is compacted;"
                    + (oldest ?? " its history is gone"), reason: .compacted)
        } catch let error where error.code == .futureRevision {
            throw HistoryFailure(
                "that revision is in the future: the current revision is \(error.currentRevision?.rawValue ?? 0)",
                reason: .future)
        } catch {
            throw HistoryFailure(error.message)
        }
    }

    private func notFound(_ key: String) throws(HistoryFailure) -> HistoryFailure {
        let oldest = try window()
        return HistoryFailure(
            "no such object: \(key) has no change inside the history window (revisions \(oldest.revision) to "
                + "\(try currentRevision)\(oldest.time.map { ", since \(TimeSpec.absolute($0))" } ?? ""))",
            reason: .notFound)
    }
}

/// A history command failed: the message says what is wrong and what is still available.
public struct HistoryFailure: Error, Sendable, CustomStringConvertible {
    /// Why a query failed, for servers that answer it with an HTTP status.
    public enum Reason: String, Sendable, Hashable {
        /// Anything else (an unreadable database, a server that cannot be reached).
        case other
        /// The object has no change inside the history window (HTTP 404).
        case notFound
        /// The revision or time is older than the history kept (HTTP 410).
        case compacted
        /// The revision is newer than the current one (HTTP 504, as kube-apiserver answers).
        case future
        /// The request itself is malformed (HTTP 400).
        case badRequest
    }

    /// For people.
    public var message: String
    /// Why.
    public var reason: Reason

    /// A failure.
    public init(_ message: String, reason: Reason = .other) {
        self.message = message
        self.reason = reason
    }

    public var description: String { message }
}
