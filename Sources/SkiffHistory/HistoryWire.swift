import Foundation
import SkiffAPI
import SkiffStore

// The values the history commands print, independent of where they come from: the database file
// read offline, or a running server's `/skiff/v1/` endpoints. Each has the JSON the server sends
// (which is also what `-o json` prints) and a decoder for it, so both modes render the same data.

extension FieldChange {
    /// `{"path", "change", "old"?, "new"?}`.
    public var json: JSONValue {
        var field: JSONValue = ["path": .string(path), "change": .string(kind.rawValue)]
        if let old { field["old"] = old }
        if let new { field["new"] = new }
        return field
    }

    /// A change from ``json``.
    public init(json: JSONValue) throws(HistoryFailure) {
        guard let path = json["path"]?.stringValue, let kind = json["change"]?.stringValue.flatMap(Kind.init)
        else { throw HistoryFailure.malformed("field change", json) }
        self.init(path: path, kind: kind, old: json["old"], new: json["new"])
    }
}

extension History.TimelineEntry {
    /// The entry as `skiff history -o json` prints it (and `GET /skiff/v1/history` sends it).
    public var json: JSONValue {
        var value: JSONValue = [
            "revision": .int(revision), "time": .string(TimeSpec.absolute(time)),
            "operation": .string(operation), "version": .int(version), "summary": .string(summary),
        ]
        if let changes, operation == "updated" { value["fields"] = .array(changes.changes.map(\.json)) }
        return value
    }

    /// An entry from ``json``; times are kept to the millisecond, as printed.
    public init(json: JSONValue) throws(HistoryFailure) {
        guard let revision = json["revision"]?.intValue, let time = json["time"]?.stringValue,
            let operation = json["operation"]?.stringValue, let version = json["version"]?.intValue,
            let summary = json["summary"]?.stringValue
        else { throw HistoryFailure.malformed("timeline entry", json) }
        var changes: FieldChanges?
        if let fields = json["fields"]?.arrayValue {
            var list: [FieldChange] = []
            for field in fields { list.append(try FieldChange(json: field)) }
            changes = FieldChanges(changes: list)
        }
        self.init(
            revision: revision, time: try HistoryFailure.time(time), operation: operation, version: version,
            changes: changes, summary: summary)
    }
}

extension History {
    /// A timeline as `skiff history -o json` prints it: `{"key", "changes": [...]}`.
    public static func timelineJSON(key: String, _ timeline: [TimelineEntry]) -> JSONValue {
        ["key": .string(key), "changes": .array(timeline.map(\.json))]
    }

    /// The objects of `target` at `revision`, as values the commands print.
    public func historyObjects(_ target: HistoryTarget, at revision: Int64) throws(HistoryFailure) -> [HistoryObject] {
        try objects(target, at: revision).map(HistoryObject.init)
    }

    /// The history window and the current revision.
    public func historyWindow() throws(HistoryFailure) -> HistoryWindow {
        let statistics = try wrap { () throws(StoreError) in try reader.statistics() }
        return HistoryWindow(
            oldestRevision: statistics.oldestRevision.rawValue, oldestTime: statistics.oldestCommitTime.map(Self.date),
            currentRevision: statistics.currentRevision.rawValue,
            compactRevision: statistics.compactRevision.rawValue)
    }

    /// What the database holds.
    public func historyStatistics() throws(HistoryFailure) -> HistoryStatistics {
        HistoryStatistics(try wrap { () throws(StoreError) in try reader.statistics() })
    }

    /// Calls `body` with each change from `from` (default: the oldest complete revision) through
    /// `through` (default: the current revision), in revision order, until it returns false.
    public func historyChanges(
        from: Int64?, through: Int64? = nil, prefix: String? = nil, limit: Int? = nil,
        _ body: (HistoryChange) throws -> Bool
    ) throws {
        let start = try from ?? (wrap { () throws(StoreError) in try reader.compactRevision.rawValue } + 1)
        var iterator = try wrap { () throws(StoreError) in
            try reader.changes(
                from: Revision(start), through: through.map { Revision($0) }, prefix: prefix.map { Array($0.utf8) },
                limit: limit, values: false)
        }
        while let entry = try wrap({ () throws(StoreError) in try iterator.next() }) {
            guard try body(HistoryChange(entry)) else { return }
        }
    }
}

/// One object as it was at a revision: what `skiff get` prints.
public struct HistoryObject: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The revision that created it.
    public var createRevision: Int64
    /// The revision that last changed it.
    public var modRevision: Int64
    /// Its version (1 after the create).
    public var version: Int64
    /// The size of the stored value in bytes.
    public var size: Int
    /// The value: parsed JSON, or the bytes as a string when they are not JSON.
    public var value: JSONValue

    /// An object from a key-value of the store.
    public init(_ kv: KeyValue) {
        key = String(decoding: kv.key, as: UTF8.self)
        createRevision = kv.createRevision.rawValue
        modRevision = kv.modRevision.rawValue
        version = kv.version
        size = kv.value.count
        value = (try? JSONParser.parse(kv.value)) ?? .string(String(decoding: kv.value, as: UTF8.self))
    }

    /// What `GET /skiff/v1/objects` sends for a key-value: the value as JSON, or, when it is not
    /// JSON, as a base64 string with `"encoding": "base64"`; `size` is the stored size.
    public static func wireJSON(_ kv: KeyValue) -> JSONValue {
        var item: JSONValue = [
            "key": .string(String(decoding: kv.key, as: UTF8.self)), "createRevision": .int(kv.createRevision.rawValue),
            "modRevision": .int(kv.modRevision.rawValue), "version": .int(kv.version),
            "size": .int(Int64(kv.value.count)),
        ]
        if let parsed = try? JSONParser.parse(kv.value) {
            item["value"] = parsed
        } else {
            item["value"] = .string(Data(kv.value).base64EncodedString())
            item["encoding"] = "base64"
        }
        return item
    }

    /// An object from ``wireJSON(_:)``.
    public init(wire json: JSONValue) throws(HistoryFailure) {
        guard let key = json["key"]?.stringValue, let createRevision = json["createRevision"]?.intValue,
            let modRevision = json["modRevision"]?.intValue, let version = json["version"]?.intValue,
            let value = json["value"]
        else { throw HistoryFailure.malformed("object", json) }
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        if json["encoding"]?.stringValue == "base64" {
            guard let text = value.stringValue, let bytes = Data(base64Encoded: text) else {
                throw HistoryFailure.malformed("object", json)
            }
            self.value = .string(String(decoding: bytes, as: UTF8.self))
            size = json["size"]?.intValue.map(Int.init) ?? bytes.count
        } else {
            self.value = value
            size = json["size"]?.intValue.map(Int.init) ?? value.serialized().count
        }
    }
}

/// One change of the log: what `skiff revisions` prints.
public struct HistoryChange: Sendable, Hashable {
    /// The revision.
    public var revision: Int64
    /// When it was committed.
    public var time: Date
    /// `created`, `updated` or `deleted`.
    public var operation: String
    /// The key.
    public var key: String

    /// A change from an entry of the log.
    public init(_ entry: HistoryEntry) {
        revision = entry.revision.rawValue
        time = History.date(entry.commitTime)
        operation = entry.kind == .delete ? "deleted" : entry.isCreate ? "created" : "updated"
        key = String(decoding: entry.key, as: UTF8.self)
    }

    /// `{"revision", "time", "operation", "key"}`: one line of `GET /skiff/v1/changes` and of
    /// `skiff revisions -o json`.
    public var json: JSONValue {
        [
            "revision": .int(revision), "time": .string(TimeSpec.absolute(time)), "operation": .string(operation),
            "key": .string(key),
        ]
    }

    /// A change from ``json``.
    public init(json: JSONValue) throws(HistoryFailure) {
        guard let revision = json["revision"]?.intValue, let time = json["time"]?.stringValue,
            let operation = json["operation"]?.stringValue, let key = json["key"]?.stringValue
        else { throw HistoryFailure.malformed("change", json) }
        self.revision = revision
        self.time = try HistoryFailure.time(time)
        self.operation = operation
        self.key = key
    }
}

/// The history window: the oldest revision still inspectable and the current one.
public struct HistoryWindow: Sendable, Hashable {
    /// The oldest revision a read can still use.
    public var oldestRevision: Int64
    /// When it was committed, when the log still knows.
    public var oldestTime: Date?
    /// The current revision.
    public var currentRevision: Int64
    /// The compacted revision (0 when nothing was compacted).
    public var compactRevision: Int64

    /// A window.
    public init(oldestRevision: Int64, oldestTime: Date?, currentRevision: Int64, compactRevision: Int64) {
        self.oldestRevision = oldestRevision
        self.oldestTime = oldestTime
        self.currentRevision = currentRevision
        self.compactRevision = compactRevision
    }

    /// What `GET /skiff/v1/window` sends.
    public var json: JSONValue {
        var value: JSONValue = [
            "oldestRevision": .int(oldestRevision), "currentRevision": .int(currentRevision),
            "compactRevision": .int(compactRevision),
        ]
        if let oldestTime { value["oldestTime"] = .string(TimeSpec.absolute(oldestTime)) }
        return value
    }

    /// A window from ``json``.
    public init(json: JSONValue) throws(HistoryFailure) {
        guard let oldest = json["oldestRevision"]?.intValue, let current = json["currentRevision"]?.intValue else {
            throw HistoryFailure.malformed("window", json)
        }
        var time: Date?
        if let text = json["oldestTime"]?.stringValue { time = try HistoryFailure.time(text) }
        self.init(
            oldestRevision: oldest, oldestTime: time, currentRevision: current,
            compactRevision: json["compactRevision"]?.intValue ?? 0)
    }
}

/// What the database holds: what `skiff stats` prints.
public struct HistoryStatistics: Sendable, Hashable {
    /// The last committed revision.
    public var currentRevision: Int64
    /// The compacted revision.
    public var compactRevision: Int64
    /// The oldest revision a read can still use.
    public var oldestRevision: Int64
    /// When it was committed, when the log still knows.
    public var oldestTime: Date?
    /// Keys that currently exist.
    public var liveKeys: Int64
    /// Rows in the log.
    public var logRows: Int64
    /// Size of the database file.
    public var databaseBytes: Int64
    /// Size of its write-ahead log.
    public var walBytes: Int64

    /// Statistics from the reader's.
    public init(_ statistics: ReaderStatistics) {
        currentRevision = statistics.currentRevision.rawValue
        compactRevision = statistics.compactRevision.rawValue
        oldestRevision = statistics.oldestRevision.rawValue
        oldestTime = statistics.oldestCommitTime.map(History.date)
        liveKeys = statistics.liveKeys
        logRows = statistics.logRows
        databaseBytes = statistics.databaseBytes
        walBytes = statistics.walBytes
    }

    /// As `skiff stats -o json` prints them (and `GET /skiff/v1/stats` sends them).
    public var json: JSONValue {
        var value: JSONValue = [
            "currentRevision": .int(currentRevision), "compactRevision": .int(compactRevision),
            "oldestRevision": .int(oldestRevision), "liveKeys": .int(liveKeys), "logRows": .int(logRows),
            "databaseBytes": .int(databaseBytes), "walBytes": .int(walBytes),
        ]
        if let oldestTime { value["oldestTime"] = .string(TimeSpec.absolute(oldestTime)) }
        return value
    }

    /// Statistics from ``json``.
    public init(json: JSONValue) throws(HistoryFailure) {
        guard let current = json["currentRevision"]?.intValue, let compact = json["compactRevision"]?.intValue,
            let oldest = json["oldestRevision"]?.intValue, let liveKeys = json["liveKeys"]?.intValue,
            let logRows = json["logRows"]?.intValue, let databaseBytes = json["databaseBytes"]?.intValue,
            let walBytes = json["walBytes"]?.intValue
        else { throw HistoryFailure.malformed("statistics", json) }
        currentRevision = current
        compactRevision = compact
        oldestRevision = oldest
        oldestTime = try json["oldestTime"]?.stringValue.map { text throws(HistoryFailure) in
            try HistoryFailure.time(text)
        }
        self.liveKeys = liveKeys
        self.logRows = logRows
        self.databaseBytes = databaseBytes
        self.walBytes = walBytes
    }
}

extension HistoryFailure {
    /// A server answer that does not have the expected shape.
    static func malformed(_ what: String, _ json: JSONValue) -> HistoryFailure {
        HistoryFailure("the server sent a malformed \(what): \(json.serializedString().prefix(200))")
    }

    /// Parses a time the server sent.
    static func time(_ text: String) throws(HistoryFailure) -> Date {
        do {
            return try TimeSpec.timestamp(text)
        } catch {
            throw HistoryFailure("the server sent an invalid time: \(text)")
        }
    }
}
