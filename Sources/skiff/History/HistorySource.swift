import Foundation
import SkiffAPI
import SkiffClient
import SkiffHistory
import SkiffStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where the history commands get their answers: the database file (``History``, offline) or a
/// running server (``RemoteHistory``, `--server`). Both give the same values, so the commands
/// print the same tables, JSON and YAML either way.
protocol HistorySource {
    /// The timeline of one key inside the history window, oldest first.
    func timeline(_ key: String) throws -> [History.TimelineEntry]
    /// The objects of a key or under a prefix at a revision.
    func objects(_ target: HistoryTarget, at revision: Int64) throws -> [HistoryObject]
    /// The revision current at a time.
    func revision(at date: Date) throws -> Int64
    /// The history window and the current revision.
    func window() throws -> HistoryWindow
    /// What the database holds.
    func statistics() throws -> HistoryStatistics
    /// Calls `body` with each change from `from` (default: the oldest complete revision) through
    /// `through` (default: the current revision), until it returns false.
    func changes(
        from: Int64?, through: Int64?, prefix: String?, limit: Int?, _ body: (HistoryChange) throws -> Bool
    ) throws
}

extension HistorySource {
    /// The current revision.
    var currentRevision: Int64 { get throws { try window().currentRevision } }
}

extension History: HistorySource {
    func objects(_ target: HistoryTarget, at revision: Int64) throws -> [HistoryObject] {
        try historyObjects(target, at: revision)
    }

    func window() throws -> HistoryWindow { try historyWindow() }

    func statistics() throws -> HistoryStatistics { try historyStatistics() }

    func changes(
        from: Int64?, through: Int64?, prefix: String?, limit: Int?, _ body: (HistoryChange) throws -> Bool
    ) throws {
        try historyChanges(from: from, through: through, prefix: prefix, limit: limit, body)
    }
}

/// The history of a running server, through its `/skiff/v1/` endpoints: synchronous requests
/// (the commands are), failures turned into ``HistoryFailure`` with the server's message.
struct RemoteHistory: HistorySource {
    /// The server and the credentials to ask it with.
    var configuration: ClientConfiguration

    func timeline(_ key: String) throws -> [History.TimelineEntry] {
        let answer = try get("history", ["key": key])
        guard let changes = answer["changes"]?.arrayValue else { throw malformed(answer) }
        return try changes.map { try History.TimelineEntry(json: $0) }
    }

    func objects(_ target: HistoryTarget, at revision: Int64) throws -> [HistoryObject] {
        var query = ["revision": String(revision)]
        switch target {
        case .key(let key): query["key"] = key
        case .prefix(let prefix): query["prefix"] = prefix
        }
        let answer = try get("objects", query)
        guard let items = answer["items"]?.arrayValue else { throw malformed(answer) }
        return try items.map { try HistoryObject(wire: $0) }
    }

    func revision(at date: Date) throws -> Int64 {
        let answer = try get("revision", ["at": TimeSpec.absolute(date)])
        guard let revision = answer["revision"]?.intValue else { throw malformed(answer) }
        return revision
    }

    func window() throws -> HistoryWindow { try HistoryWindow(json: try get("window", [:])) }

    func statistics() throws -> HistoryStatistics { try HistoryStatistics(json: try get("stats", [:])) }

    func changes(
        from: Int64?, through: Int64?, prefix: String?, limit: Int?, _ body: (HistoryChange) throws -> Bool
    ) throws {
        var query: [String: String] = [:]
        if let from { query["from"] = String(from) }
        if let through { query["through"] = String(through) }
        if let prefix { query["prefix"] = prefix }
        if let limit { query["limit"] = String(limit) }
        let data = try request("changes", query)
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                throw HistoryFailure("the server sent a malformed change: \(error.description)")
            }
            if value["revision"] == nil, let message = value["message"]?.stringValue {
                throw HistoryFailure(message)
            }
            guard try body(try HistoryChange(json: value)) else { return }
        }
    }

    /// The server's audit records of the object at `key`.
    func audit(_ key: String) throws -> [AuditRecord] {
        let answer = try get("audit", ["key": key])
        guard let items = answer["items"]?.arrayValue else { throw malformed(answer) }
        return items.compactMap(AuditRecord.init(json:))
    }

    // MARK: Requests

    private func malformed(_ answer: JSONValue) -> HistoryFailure {
        HistoryFailure("the server sent an unexpected answer: \(answer.serializedString().prefix(200))")
    }

    /// `GET /skiff/v1/ENDPOINT?QUERY`, parsed.
    private func get(_ endpoint: String, _ query: [String: String]) throws -> JSONValue {
        let data = try request(endpoint, query)
        do {
            return try JSONParser.parse(data)
        } catch {
            throw HistoryFailure("the server sent invalid JSON: \(error.description)")
        }
    }

    /// `GET /skiff/v1/ENDPOINT?QUERY`: the body of a 200, or the server's message as a failure.
    private func request(_ endpoint: String, _ query: [String: String]) throws -> Data {
        let (code, data) = try perform(
            configuration, path: "/skiff/v1/" + endpoint,
            query: query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        guard code == 200 else {
            let text = String(decoding: data, as: UTF8.self)
            let answer = try? JSONParser.parse(text)
            let message = answer?["message"]?.stringValue ?? text
            // The endpoints always say why; a 404 without a reason is a server without them.
            if answer?["reason"] == nil {
                throw CLIError("\(configuration.server) does not answer history queries (\(code)): \(message)")
            }
            throw HistoryFailure(message)
        }
        return data
    }
}
