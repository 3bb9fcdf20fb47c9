import CSQLite
import Foundation

/// History queries on one connection: a key's changes, the change log page by page, and commit
/// times. Shared by ``Store`` and ``StoreReader``; like every ``LogReader`` function, each must run
/// inside a read transaction.
extension LogReader {
    /// Columns every history query selects, in this order; the value, when asked for, follows.
    static let historyColumns = "id, key, create_rev, version, lease, deleted, commit_ns, prev_id"
    /// The column of `prev_id` in ``historyColumns``.
    private static let prevColumn: Int32 = 7
    /// The column of the value, when a history query selects it.
    private static let valueColumn: Int32 = 8

    /// Decodes the ``historyColumns`` (and the value if `values`); `key` saves copying a key the
    /// caller already holds.
    static func historyEntry(_ row: SQLiteStatement, key: [UInt8]? = nil, values: Bool) -> HistoryEntry {
        let deleted = row.int64(5) != 0
        return HistoryEntry(
            key: key ?? row.blob(1),
            revision: LogPosition(rowID: row.int64(0)).revision,
            commitTime: row.int64(6),
            kind: deleted ? .delete : .put,
            version: row.int64(3),
            createRevision: Revision(row.int64(2)),
            lease: LeaseID(row.int64(4)),
            value: values && !deleted ? row.blob(valueColumn) : [])
    }

    /// Every change of `key` still in the log, oldest first: from the key's entry in `kv_current`
    /// back along `prev_id`, one primary-key lookup per change.
    ///
    /// Rows at or below the compacted revision that compaction has not reached yet are left out
    /// as if it had: of them only the key's row current at `compacted` is kept, and only when it
    /// is not a tombstone. The answer does not depend on how far a compaction has got.
    static func keyHistory(
        _ db: SQLiteConnection, _ key: [UInt8], compacted: Revision, values: Bool
    ) throws(StoreError) -> [HistoryEntry] {
        let head = try db.prepare("SELECT id FROM kv_current WHERE key = ?1")
        defer { head.reset() }
        head.bind(1, key)
        guard try head.step() else { return [] }
        var rowID = head.int64(0)
        head.reset()
        let link = try db.prepare(
            "SELECT \(historyColumns)\(values ? ", value" : "") FROM kv_log WHERE id = ?1")
        defer { link.reset() }
        var entries: [HistoryEntry] = []
        while rowID != 0 {
            link.reset()
            link.bind(1, rowID)
            // A missing row was compacted, and so was everything before it.
            guard try link.step() else { break }
            let entry = historyEntry(link, key: key, values: values)
            if entry.revision <= compacted {
                if entry.kind == .put { entries.append(entry) }
                break
            }
            entries.append(entry)
            rowID = link.int64(prevColumn)
        }
        entries.reverse()
        return entries
    }

    /// One page of the change log: appends to `entries` the rows with ids in `from..<end` whose
    /// keys start with `prefix`, in id order, scanning at most `maxRows` rows and stopping early
    /// once `limit` entries were appended or their keys and values passed `maxBytes`. Returns the
    /// id to continue from, or nil when the page reached `end`.
    static func historyPage(
        _ db: SQLiteConnection, from: Int64, end: Int64, prefix: [UInt8], values: Bool,
        maxRows: Int, maxBytes: Int, limit: Int, into entries: inout [HistoryEntry]
    ) throws(StoreError) -> Int64? {
        if limit <= 0 { return from }
        let statement = try db.prepare(
            """
            SELECT \(historyColumns)\(values ? ", value" : "") FROM kv_log
            WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3
            """)
        defer { statement.reset() }
        statement.bind(1, from)
        statement.bind(2, end)
        statement.bind(3, Int64(maxRows))
        var scanned = 0
        var last = from - 1
        var appended = 0
        var bytes = 0
        while try statement.step() {
            scanned += 1
            last = statement.int64(0)
            if !prefix.isEmpty && !statement.blob(1, hasPrefix: prefix) { continue }
            let entry = historyEntry(statement, values: values)
            bytes += entry.key.count + entry.value.count
            entries.append(entry)
            appended += 1
            if appended >= limit || bytes >= maxBytes { return last + 1 }
        }
        return scanned < maxRows ? nil : last + 1
    }

    /// The newest revision committed at or before `time` (Unix nanoseconds) that is still in the
    /// log, or nil when every remaining revision is newer. Commit times never decrease with the
    /// id, so this is a binary search over ids.
    static func revision(_ db: SQLiteConnection, atUnixNanoseconds time: Int64) throws(StoreError) -> Revision? {
        let first = try db.prepare("SELECT id, commit_ns FROM kv_log WHERE id >= ?1 ORDER BY id LIMIT 1")
        defer { first.reset() }
        var low: Int64 = 0
        var high = (try db.scalar("SELECT max(id) FROM kv_log") ?? -1) + 1
        var found: Int64?
        while low < high {
            let middle = low + (high - low) / 2
            first.reset()
            first.bind(1, middle)
            guard try first.step() else {
                high = middle
                continue
            }
            let id = first.int64(0)
            if first.int64(1) <= time {
                found = id
                low = id + 1
            } else {
                high = middle
            }
        }
        return found.map { LogPosition(rowID: $0).revision }
    }

    /// When `revision` was committed (Unix nanoseconds), or nil when the log no longer has a row
    /// of it.
    static func commitTime(_ db: SQLiteConnection, of revision: Revision) throws(StoreError) -> Int64? {
        try db.scalar(
            "SELECT commit_ns FROM kv_log WHERE id >= ?1 AND id < ?2 LIMIT 1",
            LogPosition.firstRowID(of: revision), LogPosition.firstRowID(of: revision.next))
    }
}

extension SQLiteStatement {
    /// Whether the blob in `column` starts with `prefix`, without copying it.
    func blob(_ column: Int32, hasPrefix prefix: [UInt8]) -> Bool {
        if prefix.isEmpty { return true }
        guard let pointer = sqlite3_column_blob(handle, column) else { return false }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count >= prefix.count else { return false }
        return prefix.withUnsafeBytes { wanted in
            memcmp(pointer, wanted.baseAddress!, prefix.count) == 0
        }
    }
}
