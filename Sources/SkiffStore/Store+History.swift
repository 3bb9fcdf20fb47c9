/// Time and revisions.
extension Store {
    /// The newest revision committed at or before `unixNanoseconds` (wall clock) that is still in
    /// the log, or nil when every remaining revision is newer.
    public func revision(atUnixNanoseconds time: Int64) async throws(StoreError) -> Revision? {
        try await readers.read { db throws(StoreError) in
            let first = try db.prepare("SELECT id, commit_ns FROM kv_log WHERE id >= ?1 ORDER BY id LIMIT 1")
            defer { first.reset() }
            // Commit times are monotonic in id, so binary search over ids.
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
    }

    /// When a revision was committed (Unix nanoseconds), or nil when the log no longer has it.
    public func commitTime(of revision: Revision) async throws(StoreError) -> Int64? {
        try await readers.read { db throws(StoreError) in
            try db.scalar(
                "SELECT commit_ns FROM kv_log WHERE id >= ?1 AND id < ?2 LIMIT 1",
                LogPosition.firstRowID(of: revision), LogPosition.firstRowID(of: revision.next))
        }
    }
}
