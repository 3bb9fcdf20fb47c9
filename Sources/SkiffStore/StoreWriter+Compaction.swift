/// Compaction on the writer: record the target, then delete superseded rows in short batches.
extension StoreWriter {
    /// Records `target` as the compacted revision, durably. From then on reads and watches below
    /// it fail with ``StoreError/Code/compacted``; the rows go in later ``compactStep()`` batches.
    func beginCompaction(to target: Revision) throws(StoreError) {
        guard target > compactRevision else { throw StoreError.compacted(compactRevision, requested: target) }
        guard target <= revision else { throw StoreError.futureRevision(revision, requested: target) }
        try transaction { context throws(StoreError) in
            let update = try context.db.prepare("UPDATE skiff_meta SET value = ?1 WHERE name = 'compact_revision'")
            update.bind(1, target.rawValue)
            try update.run()
        }.get()
        compactRevision = target
        shared.published.withLock { $0.compactRevision = target }
        logger.info("compaction started", metadata: ["store.compact.revision": "\(target)"])
    }

    /// Whether rows remain to be removed for the recorded compacted revision.
    var compactionPending: Bool { compactProgress < LogPosition.firstRowID(of: compactRevision.next) }

    /// Handles the next run of log rows (about ``compactionStepRows`` of them): deletes the rows
    /// they supersede and the tombstones among them, sized so that the batch holds the writer
    /// about ``StoreOptions/compactionBatchTarget``. Returns true when compaction has reached the
    /// compacted revision.
    func compactStep() throws(StoreError) -> Bool {
        let end = LogPosition.firstRowID(of: compactRevision.next)
        guard compactProgress < end else { return true }
        let low = compactProgress
        let started = WallClock.monotonicNanoseconds()
        var deleted = 0
        var high = end
        try transaction { context throws(StoreError) in
            // The batch covers the next compactionStepRows rows of the log, or up to the end.
            if let next = try context.db.scalar(
                "SELECT id FROM kv_log WHERE id >= ?1 ORDER BY id LIMIT 1 OFFSET ?2", low, compactionStepRows)
            {
                high = min(end, next)
            }
            let superseded = try context.db.prepare(
                """
                DELETE FROM kv_log WHERE id IN (
                    SELECT prev_id FROM kv_log WHERE id >= ?1 AND id < ?2 AND prev_id != 0)
                """)
            superseded.bind(1, low)
            superseded.bind(2, high)
            try superseded.run()
            deleted += context.db.changes
            // A key whose latest row is a tombstone being removed leaves kv_current with it.
            let forgotten = try context.db.prepare(
                """
                DELETE FROM kv_current WHERE deleted = 1 AND id < ?2 AND key IN (
                    SELECT key FROM kv_log WHERE id >= ?1 AND id < ?2 AND deleted = 1)
                """)
            forgotten.bind(1, low)
            forgotten.bind(2, high)
            try forgotten.run()
            let tombstones = try context.db.prepare("DELETE FROM kv_log WHERE id >= ?1 AND id < ?2 AND deleted = 1")
            tombstones.bind(1, low)
            tombstones.bind(2, high)
            try tombstones.run()
            deleted += context.db.changes
            let progress = try context.db.prepare("UPDATE skiff_meta SET value = ?1 WHERE name = 'compact_progress'")
            progress.bind(1, high)
            try progress.run()
        }.get()
        compactProgress = high
        let held = WallClock.monotonicNanoseconds() - started
        compactionStepRows = Self.adapt(
            compactionStepRows, held: held, target: options.compactionBatchTarget, limit: 16...100_000)
        shared.statistics.withLock { stats in
            stats.compactionBatches += 1
            stats.compactedRows += deleted
            if held > stats.longestCompactionBatchNs {
                stats.longestCompactionBatchNs = held
                stats.longestCompactionBatchCommitNs = lastTransactionTiming.commit
            }
            if held > 2 * Self.nanoseconds(options.compactionBatchTarget) { stats.slowCompactionBatches += 1 }
        }
        return compactProgress >= end
    }

    /// Gives freed pages back to the file system, a number per call sized like compaction batches
    /// to hold the writer about ``StoreOptions/compactionBatchTarget``, then asks for a checkpoint.
    /// Returns true when nothing is left to free.
    func reclaimStep() throws(StoreError) -> Bool {
        let started = WallClock.monotonicNanoseconds()
        var done = false
        try transaction { context throws(StoreError) in
            if try context.db.scalar("PRAGMA freelist_count") ?? 0 > 0 {
                try context.db.execute("PRAGMA incremental_vacuum(\(reclaimStepPages))")
            }
            done = (try context.db.scalar("PRAGMA freelist_count") ?? 0) == 0
        }.get()
        let held = WallClock.monotonicNanoseconds() - started
        reclaimStepPages = Self.adapt(
            reclaimStepPages, held: held, target: options.compactionBatchTarget, limit: 8...65_536)
        shared.statistics.withLock { stats in
            stats.reclaimSteps += 1
            if held > stats.longestReclaimStepNs {
                stats.longestReclaimStepNs = held
                stats.longestReclaimStepCommitNs = lastTransactionTiming.commit
            }
            if held > 2 * Self.nanoseconds(options.compactionBatchTarget) { stats.slowReclaimSteps += 1 }
        }
        return done
    }

    /// Turns SQLite's automatic checkpoints in the writer's commits on (every 1,000 WAL pages, the
    /// default) or off.
    func setAutomaticCheckpoints(_ enabled: Bool) {
        if closed { return }
        _ = try? db.execute("PRAGMA wal_autocheckpoint = \(enabled ? 1_000 : 0)")
    }

    /// A batch size for the next step: halved when the last step held the writer longer than
    /// `target`, doubled when it took under a quarter of it.
    static func adapt(_ size: Int64, held: Int64, target: Duration, limit: ClosedRange<Int64>) -> Int64 {
        let targetNs = nanoseconds(target)
        if held > targetNs { return max(limit.lowerBound, size / 2) }
        if held < targetNs / 4 { return min(limit.upperBound, size * 2) }
        return size
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension StoreWriter {
    /// Sets how many log rows the next compaction batch covers (tests shrink it).
    func setCompactionStep(_ rows: Int64) {
        compactionStepRows = max(1, rows)
    }
}
