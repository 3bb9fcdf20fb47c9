import CSQLite
import Foundation

/// The SQLite limit on this machine: the same 1 KiB rows inserted with the raw C API into the
/// anchors' schema (`kv(id INTEGER PRIMARY KEY, key TEXT, value BLOB)` plus an index on key), WAL,
/// `synchronous=FULL`, in transactions of `batch` rows, one connection.
enum RawSQLiteBaseline {
    static func insertRate(path: String, rows: Int, batch: Int, valueSize: Int) -> Double {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { fatalError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                fatalError("\(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
        exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
        exec("CREATE TABLE kv (id INTEGER PRIMARY KEY, key TEXT, value BLOB); CREATE INDEX kv_key ON kv (key)")
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO kv (key, value) VALUES (?1, ?2)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let value = [UInt8]((0..<valueSize).map { UInt8(truncatingIfNeeded: $0 &* 131) })
        let started = monotonicNow()
        var index = 0
        while index < rows {
            exec("BEGIN")
            for _ in 0..<min(batch, rows - index) {
                let key = String(format: "/registry/raw/%08d", index)
                sqlite3_bind_text(statement, 1, key, -1, transient)
                value.withUnsafeBytes {
                    _ = sqlite3_bind_blob(statement, 2, $0.baseAddress, Int32($0.count), transient)
                }
                guard sqlite3_step(statement) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
                sqlite3_reset(statement)
                index += 1
            }
            exec("COMMIT")
        }
        return Double(rows) / (Double(monotonicNow() - started) / 1e9)
    }
}
