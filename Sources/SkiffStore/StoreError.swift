/// An error from the store: a small value with a stable ``Code``, a message for people, and the
/// revisions a caller needs to recover (the compacted revision to relist from, the current
/// revision a future read asked past).
///
/// Match on ``code``; new codes may be added without breaking a caller's `switch`-free checks:
///
/// ```swift
/// catch let error as StoreError where error.code == .compacted { relist(from: error.compactRevision!) }
/// ```
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable value. A struct over a private enum, so new codes never break
    /// callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case compacted, futureRevision, notFound, conflict, leaseNotFound, invalidArgument
            case corrupt, notSkiffDatabase, newerSchema, olderSchema, sqlite, watchOverflow, closed, locked
            case unavailable
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The requested revision is below the compacted revision; its history is gone (HTTP 410).
        public static let compacted = Code(.compacted)
        /// The requested revision is above the current revision (HTTP 504 in Kubernetes).
        public static let futureRevision = Code(.futureRevision)
        /// A key or revision that was asked for does not exist.
        public static let notFound = Code(.notFound)
        /// A compare-and-swap precondition did not hold.
        public static let conflict = Code(.conflict)
        /// A put named a lease that does not exist (never granted, revoked or expired).
        public static let leaseNotFound = Code(.leaseNotFound)
        /// The request itself is malformed: duplicate keys in one transaction, an empty key, a
        /// value over the size limit, a bad TTL.
        public static let invalidArgument = Code(.invalidArgument)
        /// The database file is damaged.
        public static let corrupt = Code(.corrupt)
        /// The file is not a Skiff database (not SQLite at all, or SQLite with someone else's tables).
        public static let notSkiffDatabase = Code(.notSkiffDatabase)
        /// The file was written by a newer Skiff whose schema this binary does not know.
        public static let newerSchema = Code(.newerSchema)
        /// The file's schema is older than this binary's and a ``StoreReader`` cannot read it: it
        /// never migrates. Opening the file once with a ``Store`` (`skiff server`) migrates it.
        public static let olderSchema = Code(.olderSchema)
        /// SQLite reported an error that has no more specific code (I/O error, disk full, ...).
        public static let sqlite = Code(.sqlite)
        /// A watcher fell too far behind and was ended; re-watch from the last revision seen.
        public static let watchOverflow = Code(.watchOverflow)
        /// The store was closed.
        public static let closed = Code(.closed)
        /// Another process has the database open for writing (``Store/open(path:options:logger:)``).
        public static let locked = Code(.locked)
        /// A remote datastore (an etcd cluster) could not be reached or did not answer in time;
        /// the request may be retried.
        public static let unavailable = Code(.unavailable)

        public var description: String { base.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// A message for people.
    public var message: String
    /// For ``Code/compacted``: the store's compacted revision.
    public var compactRevision: Revision?
    /// For ``Code/futureRevision``: the store's current revision.
    public var currentRevision: Revision?
    /// For ``Code/conflict``: the key-value as it is now.
    public var currentKV: KeyValue?
    /// The SQLite result code, where one caused the error.
    public var sqliteCode: Int32?
    /// Where the error was made.
    public var location: String

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        compactRevision: Revision? = nil,
        currentRevision: Revision? = nil,
        currentKV: KeyValue? = nil,
        sqliteCode: Int32? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.compactRevision = compactRevision
        self.currentRevision = currentRevision
        self.currentKV = currentKV
        self.sqliteCode = sqliteCode
        self.location = "\(file):\(line)"
    }

    public var description: String { "\(code): \(message)" }

    /// A read or watch asked for a revision below the compacted one.
    public static func compacted(
        _ compactRevision: Revision, requested: Revision, file: String = #fileID, line: Int = #line
    ) -> StoreError {
        StoreError(
            .compacted,
            "required revision \(requested) has been compacted (compacted revision \(compactRevision))",
            compactRevision: compactRevision, file: file, line: line)
    }

    /// A read asked for a revision above the current one.
    public static func futureRevision(
        _ current: Revision, requested: Revision, file: String = #fileID, line: Int = #line
    ) -> StoreError {
        StoreError(
            .futureRevision,
            "required revision \(requested) is a future revision (current revision \(current))",
            currentRevision: current, file: file, line: line)
    }
}
