import CSQLite
import Logging
import Synchronization

/// The store's only writer: an actor whose executor is one dedicated thread that owns the
/// read-write connection.
///
/// Writes are group-committed. ``submit(_:)`` only queues the transaction; when the thread's job
/// queue drains, every queued transaction is applied in one `BEGIN IMMEDIATE` ... `COMMIT`, each
/// with its own revision, and then they are all acknowledged. So one fsync covers as many writes
/// as arrived while the previous commit ran. Nothing awaits inside a transaction: applying a
/// batch is synchronous code on the writer thread.
actor StoreWriter {
    struct Pending {
        var request: TxnRequest
        var continuation: CheckedContinuation<TxnResponse, any Error>
    }

    nonisolated let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let db: SQLiteConnection
    let hub: WatchHub
    let options: StoreOptions
    let logger: Logger
    let shared: StoreShared

    /// The last committed revision.
    var revision: Revision
    /// The compacted revision.
    var compactRevision: Revision
    /// How far compaction's deletes have got: the first log row id not yet handled.
    var compactProgress: Int64
    /// Commit time of the last batch, kept monotonic.
    var lastCommitNs: Int64
    var lessor: Lessor
    var compactionStepRows: Int64 = 256
    var reclaimStepPages: Int64 = 8
    /// How long the last transaction spent applying and in `COMMIT`, in nanoseconds.
    var lastTransactionTiming: (apply: Int64, commit: Int64) = (0, 0)
    private var pending: [Pending] = []
    private(set) var closed = false

    init(
        db: SQLiteConnection, executor: ThreadExecutor, hub: WatchHub, options: StoreOptions,
        logger: Logger, shared: StoreShared, recovered: RecoveredState
    ) {
        self.db = db
        self.executor = executor
        self.hub = hub
        self.options = options
        self.logger = logger
        self.shared = shared
        self.revision = recovered.revision
        self.compactRevision = recovered.compactRevision
        self.compactProgress = recovered.compactProgress
        self.lastCommitNs = recovered.lastCommitNs
        self.lessor = recovered.lessor
    }

    /// Installs the drained hook; call once after init.
    nonisolated func start() {
        executor.onDrained { [weak self] in self?.executorDrained() }
    }

    /// Queues a transaction for the next group commit and waits for its acknowledgement, which
    /// comes only after the commit is durable.
    func submit(_ request: TxnRequest) async throws -> TxnResponse {
        if closed { throw StoreError(.closed, "the store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(request: request, continuation: continuation))
        }
    }

    nonisolated private func executorDrained() {
        assumeIsolated { writer in writer.commitPending() }
    }

    /// Applies every queued transaction in one SQLite transaction and acknowledges them.
    private func commitPending() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        var results: [Result<TxnResponse, StoreError>] = []
        results.reserveCapacity(batch.count)
        let outcome = transaction { context throws(StoreError) in
            for item in batch {
                // A savepoint per request that could be refused halfway (a delete over too many
                // keys after a put, a range at a compacted or future revision after a write): it
                // leaves no trace, and the rest of the batch commits. A single operation is checked
                // before it writes anything, so it needs none.
                let savepoint = item.request.mayFailAfterWriting
                if savepoint { try db.prepare("SAVEPOINT request").run() }
                let leaseChangeCount = context.leaseChanges.count
                do throws(StoreError) {
                    results.append(.success(try apply(item.request, &context)))
                    if savepoint { try db.prepare("RELEASE request").run() }
                } catch  where StoreWriter.refusesRequestOnly(error) {
                    if savepoint {
                        try db.prepare("ROLLBACK TO request").run()
                        try db.prepare("RELEASE request").run()
                    }
                    context.leaseChanges.removeSubrange(leaseChangeCount...)
                    results.append(.failure(error))
                }
            }
        }
        shared.statistics.withLock { stats in
            stats.batches += 1
            stats.transactions += batch.count
            stats.largestBatch = max(stats.largestBatch, batch.count)
        }
        switch outcome {
        case .success:
            for (item, result) in zip(batch, results) { item.continuation.resume(with: result) }
        case .failure(let error):
            for item in batch { item.continuation.resume(throwing: error) }
        }
    }

    /// Whether `error` refuses one request only (its own fault), rather than failing the batch.
    static func refusesRequestOnly(_ error: StoreError) -> Bool {
        [.invalidArgument, .leaseNotFound, .compacted, .futureRevision].contains(error.code)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; on commit, advances the revision and
    /// publishes the events to watchers. On failure, rolls back and reloads in-memory state.
    func transaction(
        _ body: (inout BatchContext) throws(StoreError) -> Void
    ) -> Result<Void, StoreError> {
        if closed { return .failure(StoreError(.closed, "the store is closed")) }
        let now = max(WallClock.nowNanoseconds(), lastCommitNs)
        var context = BatchContext(db: db, revision: revision, commitNs: now)
        do {
            try db.prepare("BEGIN IMMEDIATE").run()
        } catch {
            return .failure(error)
        }
        let started = WallClock.monotonicNanoseconds()
        var applied = started
        do {
            try body(&context)
            applied = WallClock.monotonicNanoseconds()
            try db.prepare("COMMIT").run()
        } catch {
            try? db.execute("ROLLBACK")
            logger.error("store transaction failed", metadata: ["store.error": "\(error)"])
            reloadLessor()
            return .failure(error)
        }
        if context.revision != revision {
            revision = context.revision
            lastCommitNs = now
        }
        let committed = WallClock.monotonicNanoseconds()
        lastTransactionTiming = (apply: applied - started, commit: committed - applied)
        shared.statistics.withLock { stats in
            stats.applyNs += applied - started
            stats.commitNs += committed - applied
        }
        lessor.commit(context.leaseChanges)
        let current = revision
        shared.published.withLock { $0.revision = current }
        hub.publish(context.events, through: current)
        return .success(())
    }

    /// Rebuilds the lessor's key attachments from the database after a failed transaction.
    private func reloadLessor() {
        do {
            lessor = try Lessor.load(db, clock: WallClock.monotonicNanoseconds())
        } catch {
            logger.critical("could not reload leases after a failed transaction", metadata: ["store.error": "\(error)"])
        }
    }

    /// Fails queued writes, stops accepting new ones and closes the connection (after the other
    /// connections, the last one to close folds the WAL back into the file).
    func close() {
        closed = true
        let error = StoreError(.closed, "the store is closed")
        for item in pending { item.continuation.resume(throwing: error) }
        pending = []
    }

    /// Closes the read-write connection; call after ``close()`` once the readers have stopped.
    func closeConnection() {
        db.close()
    }
}

/// State the writer shares with other threads, each part behind its own lock.
final class StoreShared: Sendable {
    let published: Mutex<PublishedState>
    let statistics = Mutex(WriterStatistics())

    init(_ published: PublishedState) {
        self.published = Mutex(published)
    }
}

/// What the writer publishes for other threads: the committed and compacted revisions.
struct PublishedState: Sendable {
    var revision: Revision
    var compactRevision: Revision
}

/// Counters the writer keeps for `stats` and benchmarks.
public struct WriterStatistics: Sendable {
    /// Group commits made.
    public var batches = 0
    /// Transactions committed.
    public var transactions = 0
    /// Most transactions in one group commit.
    public var largestBatch = 0
    /// Compaction batches run.
    public var compactionBatches = 0
    /// Log rows compaction deleted.
    public var compactedRows = 0
    /// The longest time one compaction batch held the writer, in nanoseconds.
    public var longestCompactionBatchNs: Int64 = 0
    /// Compaction batches that held the writer longer than ``StoreOptions/compactionBatchTarget``
    /// times two.
    public var slowCompactionBatches = 0
    /// Of the longest compaction batch, the time its `COMMIT` (WAL write and fsync) took.
    public var longestCompactionBatchCommitNs: Int64 = 0
    /// The longest time one step of giving space back (incremental vacuum) held the writer, in
    /// nanoseconds.
    public var longestReclaimStepNs: Int64 = 0
    /// Of the longest space-reclaim step, the time its `COMMIT` took.
    public var longestReclaimStepCommitNs: Int64 = 0
    /// Space-reclaim steps run.
    public var reclaimSteps = 0
    /// Space-reclaim steps that held the writer longer than twice the batch target.
    public var slowReclaimSteps = 0
    /// Time spent applying transactions (SQL statements before `COMMIT`), in nanoseconds.
    public var applyNs: Int64 = 0
    /// Time spent in `COMMIT` (writing the WAL and syncing it), in nanoseconds.
    public var commitNs: Int64 = 0
}

/// The state recovered from the file when the store opens.
struct RecoveredState {
    var revision: Revision
    var compactRevision: Revision
    var compactProgress: Int64
    var lastCommitNs: Int64
    var lessor: Lessor
}

/// A transaction in progress on the writer: the working revision and what it produced.
struct BatchContext {
    let db: SQLiteConnection
    var revision: Revision
    let commitNs: Int64
    var events: [RevisionEvents] = []
    var leaseChanges: [Lessor.Change] = []

    init(db: SQLiteConnection, revision: Revision, commitNs: Int64) {
        self.db = db
        self.revision = revision
        self.commitNs = commitNs
    }
}

extension TxnRequest {
    /// Whether applying this request could fail after it has written something: only when a branch
    /// holds more than one operation (a single put, delete or range is refused, if at all, before
    /// it writes).
    var mayFailAfterWriting: Bool {
        success.count > 1 || failure.count > 1
            || (success + failure).contains { if case .txn = $0 { return true } else { return false } }
    }
}
