import CSQLite
import Foundation
import SkiffMigrations
import Synchronization

/// A read-only view of a store's database file, for tools such as `skiff history`: current and
/// past ranges, a key's history, the change log, commit times and statistics.
///
/// The reader opens the file with `SQLITE_OPEN_READONLY` and `PRAGMA query_only`: it never
/// creates, migrates or writes the database, and it may run while a ``Store`` (`skiff server`)
/// writes the same file. In WAL mode it never blocks that writer: every call is one short read
/// transaction on the snapshot committed when it started (long results are read in pages, each in
/// its own transaction), so the writer's checkpoints are never held back for long. A call sees
/// every revision committed before it started.
///
/// Opening a WAL database that no connection has open, SQLite creates the empty `-wal` and `-shm`
/// files beside it (as for any reader; they need a writable directory) and, being read-only,
/// leaves them there; the next ``Store`` uses them as usual. The database file itself is never
/// written.
///
/// One connection serves every call, one call at a time; calls from several threads wait for each
/// other.
public final class StoreReader: Sendable {
    /// The database file.
    public let path: String
    /// The connection; nil once closed.
    private let connection: Mutex<SQLiteConnection?>

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = Mutex(connection)
    }

    /// Opens the Skiff database at `path` for reading.
    ///
    /// - Parameters:
    ///   - path: The database file; it must exist (the reader never creates one).
    ///   - busyTimeout: How long a call waits for a lock another connection holds before it fails
    ///     (in WAL mode only a checkpoint that truncates the WAL or a connection in exclusive
    ///     locking mode holds readers back).
    /// - Throws: ``StoreError/Code/notFound`` when there is no file at `path`;
    ///   ``StoreError/Code/notSkiffDatabase`` for a directory, an empty file, a file that is not
    ///   SQLite or an SQLite database that is not Skiff's; ``StoreError/Code/newerSchema`` for a
    ///   file written by a newer Skiff; ``StoreError/Code/olderSchema`` for one that needs a
    ///   migration (start `skiff server` on it once); ``StoreError/Code/corrupt`` when SQLite finds
    ///   it damaged; ``StoreError/Code/sqlite`` when it is locked past `busyTimeout` or unreadable.
    public static func open(path: String, busyTimeout: Duration = .seconds(5)) throws(StoreError) -> StoreReader {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError(.notFound, "no database at \(path)")
        }
        if isDirectory.boolValue {
            throw StoreError(.notSkiffDatabase, "\(path) is a directory, not a Skiff database")
        }
        let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(db.handle, Int32(clamping: max(0, milliseconds)))
        try db.execute("PRAGMA query_only = 1")
        let inspection = try SchemaMigrator.inspect(db)
        try SchemaMigrator.checkReadable(inspection, path: path, migrations: embeddedMigrations)
        try db.execute("PRAGMA cache_size = -16384")
        return StoreReader(path: path, connection: db)
    }

    /// Closes the connection; later calls fail with ``StoreError/Code/closed``. Idempotent; the
    /// connection also closes when the reader is released.
    public func close() {
        connection.withLock { connection in
            connection?.close()
            connection = nil
        }
    }

    /// Runs `body` in one read transaction: every statement in it reads the same snapshot.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.withLock { (connection: inout SQLiteConnection?) throws(StoreError) -> T in
            guard let connection else { throw StoreError(.closed, "the reader of \(path) is closed") }
            return try ReaderPool.inTransaction(connection, body).get()
        }
    }

    /// The last committed revision.
    public var currentRevision: Revision {
        get throws(StoreError) { try read { db throws(StoreError) in try LogReader.currentRevision(db) } }
    }

    /// The compacted revision (0 when nothing was compacted): ranges below it fail with
    /// ``StoreError/Code/compacted``, and the change log is complete only above it.
    public var compactRevision: Revision {
        get throws(StoreError) { try read { db throws(StoreError) in try LogReader.compactRevision(db) } }
    }

    /// Serves a range request exactly as ``Store/range(_:)`` does, at the current revision or at
    /// one inside the history window.
    public func range(_ request: RangeRequest) throws(StoreError) -> RangeResponse {
        try read { db throws(StoreError) in
            try LogReader.range(
                db, request, current: try LogReader.currentRevision(db), compacted: try LogReader.compactRevision(db))
        }
    }

    /// The newest revision committed at or before `time` (Unix nanoseconds) that is still in the
    /// log, or nil when every remaining revision is newer. A revision below the compacted one can
    /// be returned; a range at it fails with ``StoreError/Code/compacted``.
    public func revision(atUnixNanoseconds time: Int64) throws(StoreError) -> Revision? {
        try read { db throws(StoreError) in try LogReader.revision(db, atUnixNanoseconds: time) }
    }

    /// When `revision` was committed (Unix nanoseconds), or nil when the log no longer has a row
    /// of it.
    public func commitTime(of revision: Revision) throws(StoreError) -> Int64? {
        try read { db throws(StoreError) in try LogReader.commitTime(db, of: revision) }
    }

    /// The database's revisions, size and how far back its history goes. Counts the log's rows,
    /// which reads the whole table: a fraction of a second per million rows.
    public func statistics() throws(StoreError) -> ReaderStatistics {
        var statistics = try read { db throws(StoreError) in
            let current = try LogReader.currentRevision(db)
            let compacted = try LogReader.compactRevision(db)
            var oldest = compacted
            if oldest == .zero, let first = try db.scalar("SELECT min(id) FROM kv_log") {
                oldest = LogPosition(rowID: first).revision
            }
            return ReaderStatistics(
                currentRevision: current, compactRevision: compacted,
                liveKeys: try db.scalar("SELECT count(*) FROM kv_current WHERE deleted = 0") ?? 0,
                logRows: try db.scalar("SELECT count(*) FROM kv_log") ?? 0,
                databaseBytes: 0, walBytes: 0, oldestRevision: oldest,
                oldestCommitTime: oldest == .zero ? nil : try LogReader.commitTime(db, of: oldest))
        }
        statistics.databaseBytes = Self.fileSize(path)
        statistics.walBytes = Self.fileSize(path + "-wal")
        return statistics
    }

    /// The size of a file, 0 when there is none.
    private static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// What ``StoreReader/statistics()`` reports.
public struct ReaderStatistics: Sendable, Hashable {
    /// The last committed revision.
    public var currentRevision: Revision
    /// The compacted revision (0 when nothing was compacted).
    public var compactRevision: Revision
    /// Keys that currently exist.
    public var liveKeys: Int64
    /// Rows in the log: history plus the latest version of every key and recent tombstones.
    public var logRows: Int64
    /// Size of the database file.
    public var databaseBytes: Int64
    /// Size of its write-ahead log (0 when there is none).
    public var walBytes: Int64
    /// The oldest revision a range can still read: the compacted revision, or the first revision
    /// in the log when nothing was compacted (0 for an empty store).
    public var oldestRevision: Revision
    /// When ``oldestRevision`` was committed (Unix nanoseconds); nil when the log no longer has a
    /// row of it (compaction removes tombstones: a revision that only deleted keys leaves none).
    public var oldestCommitTime: Int64?

    /// Statistics of a datastore (the reader's own, or another backend's with the same meaning).
    public init(
        currentRevision: Revision, compactRevision: Revision, liveKeys: Int64, logRows: Int64, databaseBytes: Int64,
        walBytes: Int64, oldestRevision: Revision, oldestCommitTime: Int64?
    ) {
        self.currentRevision = currentRevision
        self.compactRevision = compactRevision
        self.liveKeys = liveKeys
        self.logRows = logRows
        self.databaseBytes = databaseBytes
        self.walBytes = walBytes
        self.oldestRevision = oldestRevision
        self.oldestCommitTime = oldestCommitTime
    }
}
