/// The change log read forward in revision order, a page at a time: from
/// ``StoreReader/changes(from:through:prefix:limit:values:)``.
///
/// Each page is one short read transaction of at most 4,096 log rows (fewer when their values pass
/// 4 MiB), so an iteration over millions of rows holds a bounded amount of memory and never holds
/// a snapshot for long. Pages read different snapshots, which is safe because the log only grows
/// above the current revision; should a compaction overtake the iteration meanwhile, ``next()``
/// fails with ``StoreError/Code/compacted`` rather than skip the rows it removed.
public struct ChangeIterator {
    /// The most log rows one page reads.
    static let defaultPageRows = 4_096
    /// One page ends early once its keys and values pass this many bytes.
    static let defaultPageBytes = 4 << 20

    private let reader: StoreReader
    private let prefix: [UInt8]
    private let values: Bool
    private let pageRows: Int
    private let pageBytes: Int
    /// The last revision the iteration includes.
    public private(set) var through: Revision = .zero
    /// The first row id past ``through``; nil until the first page fixed ``through``.
    private var end: Int64?
    /// Where the next page starts; nil when the log up to ``through`` has been read.
    private var nextRowID: Int64?
    /// How many more entries may be returned.
    private var remaining: Int
    private var page: [HistoryEntry] = []
    private var index = 0

    /// Reads the first page: fails at once when `from` has been compacted. Tests shrink the pages.
    init(
        reader: StoreReader, from: Revision, through: Revision?, prefix: [UInt8]?, limit: Int?, values: Bool,
        pageRows: Int = defaultPageRows, pageBytes: Int = defaultPageBytes
    ) throws(StoreError) {
        if let limit, limit < 0 { throw StoreError(.invalidArgument, "a limit must not be negative (got \(limit))") }
        self.reader = reader
        self.prefix = prefix ?? []
        self.values = values
        self.pageRows = max(1, pageRows)
        self.pageBytes = max(1, pageBytes)
        self.remaining = limit ?? .max
        self.nextRowID = LogPosition.firstRowID(of: max(from, Revision(1)))
        try fetch(resolving: through)
    }

    /// The next change, oldest first; nil once the iteration is over.
    ///
    /// - Throws: ``StoreError/Code/compacted`` when a compaction removed changes the iteration had
    ///   not reached yet; ``StoreError/Code/closed`` when the reader was closed.
    public mutating func next() throws(StoreError) -> HistoryEntry? {
        while index == page.count {
            guard remaining > 0, nextRowID != nil else { return nil }
            try fetch(resolving: nil)
        }
        defer { index += 1 }
        remaining -= 1
        return page[index]
    }

    /// Reads the next page into ``page``. The first page also fixes ``through``: `requested`,
    /// or the current revision when that is nil or newer.
    private mutating func fetch(resolving requested: Revision?) throws(StoreError) {
        guard let cursor = nextRowID else { return }
        var buffer: [HistoryEntry] = []
        swap(&buffer, &page)
        buffer.removeAll(keepingCapacity: true)
        index = 0
        var end = self.end
        var through = self.through
        let (prefix, values, limit, pageRows, pageBytes) = (
            self.prefix, self.values, self.remaining, self.pageRows, self.pageBytes
        )
        let next = try reader.read { db throws(StoreError) -> Int64? in
            let compacted = try LogReader.compactRevision(db)
            let revision = LogPosition(rowID: cursor).revision
            if compacted > .zero && revision <= compacted {
                throw StoreError.compacted(compacted, requested: revision)
            }
            if end == nil {
                let current = try LogReader.currentRevision(db)
                through = min(requested ?? current, current)
                end = LogPosition.firstRowID(of: through.next)
            }
            return try LogReader.historyPage(
                db, from: cursor, end: end ?? 0, prefix: prefix, values: values, maxRows: pageRows,
                maxBytes: pageBytes, limit: limit, into: &buffer)
        }
        self.end = end
        self.through = through
        self.nextRowID = next
        page = buffer
    }
}
