import CSQLite

/// `SQLITE_TRANSIENT` is a C macro the importer drops: the destructor value -1, which tells SQLite
/// to copy bound bytes at once.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
///
/// A connection is confined to one thread at a time (the writer thread or one reader thread); it
/// is `@unchecked Sendable` only so that it can be handed to that thread.
final class SQLiteConnection: @unchecked Sendable {
    /// The raw handle.
    let handle: OpaquePointer
    /// The file this connection opened.
    let path: String
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` with the given `SQLITE_OPEN_*` flags.
    init(path: String, flags: Int32) throws(StoreError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteConnection.error(rc, message, path: path)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    private var isClosed = false

    deinit { close() }

    /// Finalizes the cached statements and closes the connection; the last connection to close
    /// checkpoints the WAL and removes it. Idempotent; the connection must not be used afterwards.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in statements.values { statement.finalize() }
        statements = [:]
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteConnection.error(rc, message, path: path)
        }
    }

    /// Returns a cached prepared statement for `sql`, reset and with its bindings cleared.
    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = statements[sql] {
            statement.reset()
            return statement
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else {
            throw SQLiteConnection.error(rc, "\(lastErrorMessage) in: \(sql)", path: path)
        }
        let statement = SQLiteStatement(handle: raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Runs a query that returns one integer (a pragma or an aggregate); nil when it returns no row
    /// or NULL.
    func scalar(_ sql: String, _ bindings: Int64...) throws(StoreError) -> Int64? {
        let statement = try prepare(sql)
        for (index, value) in bindings.enumerated() { statement.bind(Int32(index + 1), value) }
        defer { statement.reset() }
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int64(0)
    }

    /// Number of rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The connection's last error message.
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Maps a SQLite result code to a ``StoreError`` with the most specific code.
    static func error(_ rc: Int32, _ message: String, path: String) -> StoreError {
        let primary = rc & 0xFF
        switch primary {
        case SQLITE_CORRUPT:
            return StoreError(.corrupt, "database \(path) is corrupt: \(message)", sqliteCode: rc)
        case SQLITE_NOTADB:
            return StoreError(
                .notSkiffDatabase, "\(path) is not a Skiff database (not an SQLite file): \(message)",
                sqliteCode: rc)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(
                .sqlite, "database \(path) is locked by another connection; try again (\(message))", sqliteCode: rc)
        default:
            return StoreError(.sqlite, "SQLite error \(rc) on \(path): \(message)", sqliteCode: rc)
        }
    }
}
