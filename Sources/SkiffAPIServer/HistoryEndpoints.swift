import Dispatch
import Foundation
import Hummingbird
import NIOCore
import SkiffAPI
import SkiffHistory
import SkiffStore

/// The history queries of `skiff history`, `get`, `diff`, `revisions` and `stats`, answered over
/// HTTP under `/skiff/v1/` from a read-only ``SkiffStore/StoreReader`` on the server's own
/// database file:
///
/// - `GET /skiff/v1/history?key=K`: `{"key", "changes": [...]}`, as `skiff history -o json`.
/// - `GET /skiff/v1/objects?key=K|prefix=P&revision=N`: `{"revision", "items": [...]}`.
/// - `GET /skiff/v1/revision?at=RFC3339`: `{"revision"}`.
/// - `GET /skiff/v1/changes?from=N&prefix=P&limit=L&through=T`: JSON lines, streamed.
/// - `GET /skiff/v1/stats`: as `skiff stats -o json`.
/// - `GET /skiff/v1/window`: the oldest revision (and time), the current and compacted ones.
///
/// Failures are `{"message"}` with 404 (no such object), 410 (compacted), 504 (a future
/// revision), 400 (a bad parameter) or 500. SQLite reads are synchronous: they run on a serial
/// dispatch queue, never on the cooperative pool or the event loops.
final class HistoryEndpoints: @unchecked Sendable {
    /// The database file; nil when the server was started without one (the endpoints answer 404).
    let databasePath: String?
    /// Every reader call runs here; ``history`` is only touched here.
    private let queue = DispatchQueue(label: "skiff.history")
    /// The queries, opened at the first request.
    private var history: History?

    /// How many changes one chunk of a `changes` stream holds.
    static let chunkChanges = 512

    /// The audit log, which `/skiff/v1/audit` reads; nil when there is none.
    let auditPath: String?

    /// The queries over a shared datastore (an etcd cluster), which has no database file: used
    /// instead of ``databasePath`` when given.
    let datastore: DatastoreHistory?

    /// Endpoints over the database at `databasePath` (or, without one, over `datastore`) and the
    /// audit log at `auditPath`.
    init(databasePath: String?, auditPath: String? = nil, datastore: DatastoreHistory? = nil) {
        self.databasePath = databasePath
        self.auditPath = auditPath
        self.datastore = datastore
    }

    /// Whether `path` is one of these endpoints.
    static func handles(_ path: String) -> Bool {
        [
            "/skiff/v1/history", "/skiff/v1/objects", "/skiff/v1/revision", "/skiff/v1/changes", "/skiff/v1/stats",
            "/skiff/v1/window", "/skiff/v1/audit",
        ].contains(path)
    }

    /// Answers a request to one of the endpoints.
    func respond(_ path: String, _ request: APIRequest) async -> Response {
        do throws(HistoryFailure) {
            guard request.method == .get else { throw HistoryFailure("\(path) takes GET", reason: .badRequest) }
            if let datastore, path != "/skiff/v1/audit" {
                return try await respond(path, request, from: datastore)
            }
            switch path {
            case "/skiff/v1/history":
                let key = try Self.required(request, "key")
                let timeline = try await read { history throws(HistoryFailure) in try history.timeline(key) }
                return Self.json(History.timelineJSON(key: key, timeline))
            case "/skiff/v1/objects":
                return try await objects(request)
            case "/skiff/v1/revision":
                let date = try Self.date(request)
                let revision = try await read { history throws(HistoryFailure) in try history.revision(at: date) }
                return Self.json(["revision": .int(revision)])
            case "/skiff/v1/changes":
                return try await changes(request)
            case "/skiff/v1/audit":
                let key = try Self.required(request, "key")
                guard let auditPath else { throw HistoryFailure("this server keeps no audit log", reason: .notFound) }
                let items = await withCheckedContinuation { continuation in
                    queue.async {
                        continuation.resume(returning: AuditRecord.read(path: auditPath, key: key).map(\.json))
                    }
                }
                return Self.json(["items": .array(items)])
            case "/skiff/v1/stats":
                return Self.json(
                    try await read { history throws(HistoryFailure) in try history.historyStatistics() }.json)
            default:
                return Self.json(try await read { history throws(HistoryFailure) in try history.historyWindow() }.json)
            }
        } catch {
            return Self.failure(error)
        }
    }

    // MARK: Endpoints

    /// The same endpoints answered from a datastore without a database file.
    private func respond(
        _ path: String, _ request: APIRequest, from datastore: DatastoreHistory
    ) async throws(HistoryFailure) -> Response {
        switch path {
        case "/skiff/v1/history":
            let key = try Self.required(request, "key")
            return Self.json(History.timelineJSON(key: key, try await datastore.timeline(key)))
        case "/skiff/v1/objects":
            let target = try Self.target(request)
            let (revision, kvs) = try await datastore.objects(target, at: try Self.integer(request, "revision"))
            return Self.json(["revision": .int(revision), "items": .array(kvs.map(HistoryObject.wireJSON))])
        case "/skiff/v1/revision":
            let date = try Self.date(request)
            return Self.json(["revision": .int(try await datastore.revision(at: date))])
        case "/skiff/v1/changes":
            let limit = try Self.integer(request, "limit").map(Int.init)
            if let limit, limit < 0 { throw HistoryFailure("limit must not be negative", reason: .badRequest) }
            var bytes: [UInt8] = []
            var count = 0
            let range = request.query["prefix"].map { KeyRange.prefix($0) } ?? .all
            try await datastore.changes(
                from: try Self.integer(request, "from"), through: try Self.integer(request, "through"), range: range
            ) { entry in
                if let limit, count >= limit { return false }
                bytes += HistoryChange(entry).json.serialized()
                bytes.append(UInt8(ascii: "\n"))
                count += 1
                return true
            }
            let lines = bytes
            return APIResponse.stream(contentType: "application/x-ndjson") { writer in
                if !lines.isEmpty { try await writer.write(ByteBuffer(bytes: lines)) }
                try await writer.finish(nil)
            }.response()
        case "/skiff/v1/stats":
            return Self.json(try await datastore.statistics().json)
        default:
            return Self.json(try await datastore.window().json)
        }
    }

    private func objects(_ request: APIRequest) async throws(HistoryFailure) -> Response {
        let target = try Self.target(request)
        let requested = try Self.integer(request, "revision")
        let (revision, items) = try await read { history throws(HistoryFailure) in
            var revision = requested ?? 0
            if requested == nil { revision = try history.currentRevision }
            return (revision, try history.objects(target, at: revision).map(HistoryObject.wireJSON))
        }
        return Self.json(["revision": .int(revision), "items": .array(items)])
    }

    /// The change log as JSON lines, a chunk at a time: the iterator is advanced on the queue,
    /// each chunk written before the next is read.
    private func changes(_ request: APIRequest) async throws(HistoryFailure) -> Response {
        let from = try Self.integer(request, "from")
        let through = try Self.integer(request, "through")
        let limit = try Self.integer(request, "limit").map(Int.init)
        if let limit, limit < 0 { throw HistoryFailure("limit must not be negative", reason: .badRequest) }
        let prefix = request.query["prefix"]
        // Opening the iterator checks `from` against the compacted revision before the 200 is sent.
        let box = try await read { history throws(HistoryFailure) in
            var start = from ?? 0
            if from == nil {
                start = try history.wrap { () throws(StoreError) in try history.reader.compactRevision.rawValue } + 1
            }
            let iterator = try history.wrap { () throws(StoreError) in
                try history.reader.changes(
                    from: Revision(start), through: through.map { Revision($0) },
                    prefix: prefix.map { Array($0.utf8) }, limit: limit, values: false)
            }
            return IteratorBox(iterator)
        }
        return APIResponse.stream(contentType: "application/x-ndjson") { writer in
            while true {
                let (lines, done) = await self.next(box)
                if !lines.isEmpty { try await writer.write(ByteBuffer(bytes: lines)) }
                if done { break }
            }
            try await writer.finish(nil)
        }.response()
    }

    /// The next chunk of a stream: its lines, and whether it is the last. A failure mid-stream
    /// becomes a final `{"message"}` line.
    private func next(_ box: IteratorBox) async -> ([UInt8], Bool) {
        await withCheckedContinuation { continuation in
            queue.async {
                var bytes: [UInt8] = []
                var count = 0
                do throws(StoreError) {
                    while count < Self.chunkChanges {
                        guard let entry = try box.iterator.next() else {
                            continuation.resume(returning: (bytes, true))
                            return
                        }
                        bytes += HistoryChange(entry).json.serialized()
                        bytes.append(UInt8(ascii: "\n"))
                        count += 1
                    }
                    continuation.resume(returning: (bytes, false))
                } catch {
                    bytes += (["message": .string(error.message)] as JSONValue).serialized()
                    bytes.append(UInt8(ascii: "\n"))
                    continuation.resume(returning: (bytes, true))
                }
            }
        }
    }

    // MARK: Helpers

    /// Runs `body` on the queue with the (lazily opened) queries.
    private func read<T: Sendable>(
        _ body: @escaping @Sendable (History) throws(HistoryFailure) -> T
    ) async throws(HistoryFailure) -> T {
        let result: Result<T, HistoryFailure> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(HistoryFailure) {
                    let history = try self.open()
                    continuation.resume(returning: .success(try body(history)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// The queries; on the queue only.
    private func open() throws(HistoryFailure) -> History {
        if let history { return history }
        guard let databasePath else {
            throw HistoryFailure("this server has no database file to read history from", reason: .notFound)
        }
        let opened = try History.open(dataDirectory: nil, database: databasePath)
        history = opened
        return opened
    }

    /// The `key` or `prefix` parameter.
    private static func target(_ request: APIRequest) throws(HistoryFailure) -> HistoryTarget {
        switch (request.query["key"], request.query["prefix"]) {
        case (let key?, nil) where !key.isEmpty: return .key(key)
        case (nil, let prefix?): return .prefix(prefix)
        default: throw HistoryFailure("give exactly one of key and prefix", reason: .badRequest)
        }
    }

    /// The `at` parameter as a time.
    private static func date(_ request: APIRequest) throws(HistoryFailure) -> Date {
        let text = try required(request, "at")
        do {
            return try TimeSpec.timestamp(text)
        } catch {
            throw HistoryFailure(error.message, reason: .badRequest)
        }
    }

    private static func required(_ request: APIRequest, _ name: String) throws(HistoryFailure) -> String {
        guard let value = request.query[name], !value.isEmpty else {
            throw HistoryFailure("the \(name) parameter is required", reason: .badRequest)
        }
        return value
    }

    private static func integer(_ request: APIRequest, _ name: String) throws(HistoryFailure) -> Int64? {
        do {
            return try request.integer(name)
        } catch {
            throw HistoryFailure(error.status.message ?? "invalid value for \(name)", reason: .badRequest)
        }
    }

    private static func json(_ value: JSONValue, code: Int = 200) -> Response {
        APIResponse.object(value, code: code).response()
    }

    /// `{"message"}` with the status of the failure's reason.
    static func failure(_ error: HistoryFailure) -> Response {
        let code: Int
        switch error.reason {
        case .notFound: code = 404
        case .compacted: code = 410
        case .future: code = 504
        case .badRequest: code = 400
        case .other: code = 500
        }
        return json(["message": .string(error.message), "reason": .string(error.reason.rawValue)], code: code)
    }
}

/// A change iterator carried between queue hops; only used on ``HistoryEndpoints``' queue.
private final class IteratorBox: @unchecked Sendable {
    var iterator: ChangeIterator
    init(_ iterator: ChangeIterator) { self.iterator = iterator }
}
