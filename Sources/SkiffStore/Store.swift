import CSQLite
import Foundation
import Logging
import SkiffMigrations
import Synchronization

/// Skiff's MVCC key-value store on SQLite, with etcd v3's semantics: one store-wide revision;
/// per key create revision, mod revision, version and lease; ranges at any revision inside the
/// history window; transactions with compares; watches from a revision; leases; compaction.
///
/// Keys and values are bytes; the store knows nothing of Kubernetes objects.
///
/// - Writes go to one writer (an actor on its own thread) and are group-committed: concurrent
///   writes share one SQLite transaction and one fsync, each with its own revision. A write is
///   acknowledged only once its commit is durable (``StoreOptions/Durability/full`` by default).
/// - Reads run on read-only connections on their own threads and never wait for the writer.
/// - Watches are fed in-process after each commit; a ring of recent events serves watches that
///   start a little in the past, older ones replay from the log.
/// - ``run()`` (a swift-service-lifecycle `Service`) compacts automatically, keeping
///   ``StoreOptions/historyWindow`` of history, expires leases and sends progress notifications.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    /// The options the store was opened with.
    public let options: StoreOptions
    let writer: StoreWriter
    let readers: ReaderPool
    let hub: WatchHub
    let logger: Logger
    let shared: StoreShared
    private let lock: WriterLock
    private let closed = Mutex(false)
    /// Whether a checkpoint beside the writer is running (during compaction).
    let checkpointRunning = Mutex(false)

    /// The schema version this binary writes.
    public static var schemaVersion: Int { embeddedMigrations.last?.version ?? 0 }

    /// Opens (creating if needed) the store at `path`, migrating its schema forward.
    ///
    /// Fails, leaving the file untouched, with ``StoreError/Code/notSkiffDatabase`` for a file
    /// that is not a Skiff database and ``StoreError/Code/newerSchema`` for one written by a newer
    /// Skiff; with ``StoreError/Code/corrupt`` when SQLite finds it damaged; with
    /// ``StoreError/Code/locked`` when another process has it open (see ``WriterLock``).
    public static func open(
        path: String, options: StoreOptions = StoreOptions(), logger: Logger = Logger(label: "skiff.store")
    ) throws(StoreError) -> Store {
        try open(path: path, options: options, logger: logger, migrations: embeddedMigrations)
    }

    static func open(
        path: String, options: StoreOptions, logger: Logger, migrations: [Migration]
    ) throws(StoreError) -> Store {
        let lock = try WriterLock.acquire(for: path)
        let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        // Before the first statement: connections of a store closed a moment ago may still hold a
        // lock briefly while they shut down, and a read without a busy handler fails at once.
        sqlite3_busy_timeout(db.handle, 5_000)
        let inspection = try SchemaMigrator.inspect(db)
        try SchemaMigrator.check(inspection, path: path, migrations: migrations)
        if inspection.isEmpty {
            // Must be set before the first table exists.
            try db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        }
        let mode = try db.prepare("PRAGMA journal_mode = WAL")
        _ = try mode.step()
        let journal = mode.text(0)
        mode.reset()
        guard journal == "wal" else {
            throw StoreError(.sqlite, "could not switch \(path) to WAL mode (journal_mode is \(journal))")
        }
        try db.execute(
            """
            PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL");
            PRAGMA journal_size_limit = 67108864;
            PRAGMA cache_size = -\(options.writerCacheKiB);
            PRAGMA temp_store = MEMORY;
            PRAGMA foreign_keys = OFF;
            """)
        try SchemaMigrator.migrate(db, from: inspection.userVersion, migrations: migrations, logger: logger)
        let recovered = try recover(db)
        let readers = try ReaderPool(path: path, count: options.readerCount)
        let hub = WatchHub(
            current: recovered.revision, ringMaxEvents: options.eventRingMaxEvents,
            ringMaxBytes: options.eventRingMaxBytes)
        let shared = StoreShared(
            PublishedState(revision: recovered.revision, compactRevision: recovered.compactRevision))
        let executor = ThreadExecutor(name: "skiff-store-writer")
        let writer = StoreWriter(
            db: db, executor: executor, hub: hub, options: options, logger: logger,
            shared: shared, recovered: recovered)
        writer.start()
        logger.info(
            "store opened",
            metadata: [
                "store.path": "\(path)", "store.revision": "\(recovered.revision)",
                "store.compact.revision": "\(recovered.compactRevision)",
            ])
        return Store(
            path: path, options: options, writer: writer, readers: readers, hub: hub,
            logger: logger, shared: shared, lock: lock)
    }

    private init(
        path: String, options: StoreOptions, writer: StoreWriter, readers: ReaderPool, hub: WatchHub,
        logger: Logger, shared: StoreShared, lock: WriterLock
    ) {
        self.lock = lock
        self.path = path
        self.options = options
        self.writer = writer
        self.readers = readers
        self.hub = hub
        self.logger = logger
        self.shared = shared
    }

    private static func recover(_ db: SQLiteConnection) throws(StoreError) -> RecoveredState {
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        return RecoveredState(
            revision: try LogReader.currentRevision(db),
            compactRevision: try LogReader.compactRevision(db),
            compactProgress: try db.scalar("SELECT value FROM skiff_meta WHERE name = 'compact_progress'") ?? 0,
            lastCommitNs: try db.scalar("SELECT commit_ns FROM kv_log ORDER BY id DESC LIMIT 1") ?? 0,
            lessor: try Lessor.load(db, clock: WallClock.monotonicNanoseconds()))
    }

    /// The last committed revision.
    public var currentRevision: Revision { shared.published.withLock { $0.revision } }

    /// The compacted revision: reads and watches below it fail with
    /// ``StoreError/Code/compacted``.
    public var compactRevision: Revision { shared.published.withLock { $0.compactRevision } }

    /// Counters kept by the writer.
    public var statistics: WriterStatistics { shared.statistics.withLock { $0 } }

    /// Number of live watchers.
    public var watcherCount: Int { hub.watcherCount }

    deinit {
        // The writer thread outlives close() so that late calls get a `closed` error instead of
        // waiting on a stopped executor; it stops once nothing can reach it any more.
        writer.executor.shutdown(wait: false)
    }

    /// Closes the store: queued writes fail, watchers end with ``StoreError/Code/closed``, threads
    /// stop. Idempotent.
    public func close() async {
        let already = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if already { return }
        await writer.close()
        hub.close(StoreError(.closed, "the store is closed"))
        readers.shutdown()
        await writer.closeConnection()
        lock.release()
        logger.info("store closed", metadata: ["store.path": "\(path)"])
    }
}
