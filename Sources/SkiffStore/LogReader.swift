/// Reads of the MVCC log on one connection: the current and compacted revisions, ranges at any
/// revision in the window, and the change log for watch replay. Used by reader threads and by the
/// writer for reads inside a transaction. Every function must run inside a transaction so that
/// the revisions it checks and the rows it reads come from one snapshot.
enum LogReader {
    /// Columns every key-value query selects, in this order.
    static let kvColumns = "l.key, l.create_rev, l.id, l.version, l.lease"

    /// The compacted revision (0 when nothing has been compacted).
    static func compactRevision(_ db: SQLiteConnection) throws(StoreError) -> Revision {
        Revision(try db.scalar("SELECT value FROM skiff_meta WHERE name = 'compact_revision'") ?? 0)
    }

    /// The current revision: that of the newest log row, or the compacted revision when
    /// compaction removed the newest rows (a delete at the compacted revision).
    static func currentRevision(_ db: SQLiteConnection) throws(StoreError) -> Revision {
        let newest = Revision((try db.scalar("SELECT max(id) FROM kv_log") ?? 0) >> LogPosition.subBits)
        return max(newest, try compactRevision(db))
    }

    /// Decodes the `kvColumns` (and the value at `valueColumn` if given).
    static func keyValue(_ row: SQLiteStatement, valueColumn: Int32?) -> KeyValue {
        KeyValue(
            key: row.blob(0),
            value: valueColumn.map { row.blob($0) } ?? [],
            createRevision: Revision(row.int64(1)),
            modRevision: LogPosition(rowID: row.int64(2)).revision,
            version: row.int64(3),
            lease: LeaseID(row.int64(4)))
    }

    /// Serves a range request. `current` and `compacted` must come from the same snapshot.
    static func range(
        _ db: SQLiteConnection, _ request: RangeRequest, current: Revision, compacted: Revision
    ) throws(StoreError) -> RangeResponse {
        let revision = request.revision ?? current
        if revision > current { throw StoreError.futureRevision(current, requested: revision) }
        if revision < compacted { throw StoreError.compacted(compacted, requested: revision) }
        // Revision 0 is readable only as the current revision of an empty store (nothing written yet).
        if revision < .zero || (revision == .zero && current > .zero) {
            throw StoreError.compacted(compacted, requested: revision)
        }
        if request.range.isEmpty { return RangeResponse(revision: current, kvs: [], more: false, count: 0) }
        if revision == current { return try rangeAtCurrent(db, request, current: current) }
        return try rangeInThePast(db, request, at: revision, current: current)
    }

    /// A range at the current revision: an indexed scan of `kv_current`, joined to the log.
    private static func rangeAtCurrent(
        _ db: SQLiteConnection, _ request: RangeRequest, current: Revision
    ) throws(StoreError) -> RangeResponse {
        let upper = request.range.end != nil ? " AND c.key < ?2" : ""
        func countAll() throws(StoreError) -> Int {
            Int(
                try db.scalar(
                    "SELECT count(*) FROM kv_current c WHERE c.key >= ?1\(upper) AND c.deleted = 0", request.range)
                    ?? 0)
        }
        if request.countOnly {
            return RangeResponse(revision: current, kvs: [], more: false, count: try countAll())
        }
        let limit = request.limit > 0 ? Int64(request.limit) : -1
        let statement = try db.prepare(
            """
            SELECT \(request.keysOnly ? kvColumns : kvColumns + ", l.value")
            FROM kv_current c JOIN kv_log l ON l.id = c.id
            WHERE c.key >= ?1\(upper) AND c.deleted = 0 ORDER BY c.key LIMIT ?3
            """)
        defer { statement.reset() }
        statement.bind(1, request.range.start)
        if let end = request.range.end { statement.bind(2, end) }
        statement.bind(3, limit)
        var kvs: [KeyValue] = []
        if limit > 0 { kvs.reserveCapacity(min(Int(limit), 4_096)) }
        let valueColumn: Int32? = request.keysOnly ? nil : 5
        while try statement.step() { kvs.append(keyValue(statement, valueColumn: valueColumn)) }
        // Only a range the limit cut short needs a second pass to count what it left out.
        let count = limit > 0 && kvs.count == Int(limit) ? try countAll() : kvs.count
        return RangeResponse(revision: current, kvs: kvs, more: kvs.count < count, count: count)
    }

    /// A range at a past revision inside the window. Every key with a row in the log has an entry
    /// in `kv_current` (live, or deleted with its tombstone); from that latest row the `prev_id`
    /// chain leads back to the row that was current at `revision`. Rows compaction removed are
    /// never needed: a row superseded above the compacted revision is kept, and a missing link
    /// can only be a compacted tombstone, i.e. "absent".
    private static func rangeInThePast(
        _ db: SQLiteConnection, _ request: RangeRequest, at revision: Revision, current: Revision
    ) throws(StoreError) -> RangeResponse {
        let bound = LogPosition.firstRowID(of: revision.next)
        let keys = try db.prepare(
            """
            SELECT \(kvColumns), l.deleted, l.prev_id FROM kv_current c JOIN kv_log l ON l.id = c.id
            WHERE c.key >= ?1\(request.range.end != nil ? " AND c.key < ?2" : "") ORDER BY c.key
            """)
        defer { keys.reset() }
        let link = try db.prepare(
            "SELECT \(kvColumns), l.deleted, l.prev_id FROM kv_log l WHERE l.id = ?1")
        let value = try db.prepare("SELECT value FROM kv_log WHERE id = ?1")
        keys.bind(1, request.range.start)
        if let end = request.range.end { keys.bind(2, end) }
        var kvs: [KeyValue] = []
        var count = 0
        while try keys.step() {
            var row = keyValue(keys, valueColumn: nil)
            var deleted = keys.int64(5) != 0
            var previous = keys.int64(6)
            var rowID = keys.int64(2)
            // Walk back to the newest row at or below the revision.
            var found = true
            while rowID >= bound {
                guard previous != 0 else {
                    found = false
                    break
                }
                link.reset()
                link.bind(1, previous)
                guard try link.step() else {
                    found = false
                    break
                }
                row = keyValue(link, valueColumn: nil)
                deleted = link.int64(5) != 0
                rowID = link.int64(2)
                previous = link.int64(6)
            }
            link.reset()
            guard found, !deleted else { continue }
            count += 1
            if request.countOnly || (request.limit > 0 && kvs.count >= request.limit) { continue }
            if !request.keysOnly {
                value.reset()
                value.bind(1, rowID)
                if try value.step() { row.value = value.blob(0) }
                value.reset()
            }
            kvs.append(row)
        }
        return RangeResponse(revision: current, kvs: kvs, more: !request.countOnly && kvs.count < count, count: count)
    }

    /// The changes with revisions in `from...through` whose keys lie in `range`, oldest first,
    /// each with its previous key-value. Stops after `limit` rows (whole revisions are not split:
    /// the caller continues from the revision after the last one returned, and `limit` is
    /// extended to the end of the last revision).
    static func changes(
        _ db: SQLiteConnection, in range: KeyRange, from: Revision, through: Revision, limit: Int
    ) throws(StoreError) -> [WatchEvent] {
        let bounded = range.end != nil
        let statement = try db.prepare(
            """
            SELECT \(kvColumns), l.deleted, l.value, p.id, p.key, p.create_rev, p.version, p.lease, p.value
            FROM kv_log l LEFT JOIN kv_log p ON p.id = l.prev_id AND p.deleted = 0
            WHERE l.id >= ?1 AND l.id < ?2 AND l.key >= ?3\(bounded ? " AND l.key < ?4" : "")
            ORDER BY l.id
            """)
        defer { statement.reset() }
        statement.bind(1, LogPosition.firstRowID(of: from))
        statement.bind(2, LogPosition.firstRowID(of: through.next))
        statement.bind(3, range.start)
        if let end = range.end { statement.bind(4, end) }
        var events: [WatchEvent] = []
        var lastRevision = Revision.zero
        while try statement.step() {
            let kv = keyValue(statement, valueColumn: 6)
            if events.count >= limit && kv.modRevision != lastRevision { break }
            lastRevision = kv.modRevision
            var prev: KeyValue?
            if !statement.isNull(7) {
                prev = KeyValue(
                    key: statement.blob(8), value: statement.blob(12),
                    createRevision: Revision(statement.int64(9)),
                    modRevision: LogPosition(rowID: statement.int64(7)).revision,
                    version: statement.int64(10), lease: LeaseID(statement.int64(11)))
            }
            let deleted = statement.int64(5) != 0
            events.append(WatchEvent(kind: deleted ? .delete : .put, kv: kv, prevKV: prev))
        }
        return events
    }
}

extension SQLiteConnection {
    /// Runs a count query whose ?1 and ?2 are a key range's bounds and whose further parameters
    /// are `extra`.
    func scalar(_ sql: String, _ range: KeyRange, _ extra: Int64...) throws(StoreError) -> Int64? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        statement.bind(1, range.start)
        if let end = range.end { statement.bind(2, end) }
        for (index, value) in extra.enumerated() { statement.bind(Int32(index + 3), value) }
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int64(0)
    }
}
