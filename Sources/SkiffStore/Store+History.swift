/// Time and revisions.
extension Store {
    /// The newest revision committed at or before `unixNanoseconds` (wall clock) that is still in
    /// the log, or nil when every remaining revision is newer.
    public func revision(atUnixNanoseconds time: Int64) async throws(StoreError) -> Revision? {
        try await readers.read { db throws(StoreError) in try LogReader.revision(db, atUnixNanoseconds: time) }
    }

    /// When a revision was committed (Unix nanoseconds), or nil when the log no longer has it.
    public func commitTime(of revision: Revision) async throws(StoreError) -> Int64? {
        try await readers.read { db throws(StoreError) in try LogReader.commitTime(db, of: revision) }
    }
}
