import CSQLite
import Foundation

/// Compaction and space.
extension Store {
    /// Compacts the history up to `revision`: afterwards reads and watches below it fail with
    /// ``StoreError/Code/compacted``; the latest version of every live key is kept.
    ///
    /// The target is recorded at once (durably); the superseded rows are then deleted in batches
    /// that hold the writer no longer than about ``StoreOptions/compactionBatchTarget`` each, so
    /// writes go on in between. Freed pages are returned to the file system and the WAL is
    /// checkpointed. Interrupted compaction resumes when ``run()`` starts.
    ///
    /// - Throws: ``StoreError/Code/compacted`` when `revision` is not above the compacted
    ///   revision, ``StoreError/Code/futureRevision`` when it is above the current one.
    public func compact(to revision: Revision) async throws(StoreError) {
        try await writer.beginCompaction(to: revision)
        try await finishCompaction()
    }

    /// Runs the batches of a recorded compaction until done, then reclaims space.
    func finishCompaction() async throws(StoreError) {
        // While compaction runs, no commit runs SQLite's automatic checkpoint: the batches write
        // many WAL pages, and the first checkpoint after the file shrank would truncate it inside
        // someone's commit. Checkpoints run beside the writer instead, whenever the WAL has grown
        // by about as much as an automatic one would wait for.
        await writer.setAutomaticCheckpoints(false)
        var checkpoint: Task<Void, Never>?
        do {
            while try await !writer.compactStep() { checkpoint = await checkpointWhenLarge(checkpoint) }
            while try await !writer.reclaimStep() { checkpoint = await checkpointWhenLarge(checkpoint) }
        } catch {
            await writer.setAutomaticCheckpoints(true)
            throw error
        }
        await checkpoint?.value
        await checkpointBesideTheWriter()
        await writer.setAutomaticCheckpoints(true)
    }

    /// Starts a checkpoint beside the writer when the WAL passed 4 MiB and none is running.
    private func checkpointWhenLarge(_ running: Task<Void, Never>?) async -> Task<Void, Never>? {
        if checkpointRunning.withLock({ $0 }) { return running }
        var info = stat()
        guard stat(path + "-wal", &info) == 0, info.st_size > 4 << 20 else { return running }
        checkpointRunning.withLock { $0 = true }
        return Task {
            await self.checkpointBesideTheWriter()
            self.checkpointRunning.withLock { $0 = false }
        }
    }

    /// Folds the WAL back into the file and lets SQLite truncate the file to its new size, from a
    /// connection of its own on a thread of its own: a PASSIVE checkpoint runs beside the writer,
    /// and truncating a file that shrank by gigabytes can take a few hundred milliseconds that the
    /// writer must not be held for.
    func checkpointBesideTheWriter() async {
        let path = self.path
        let logger = self.logger
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                do {
                    let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
                    sqlite3_busy_timeout(connection.handle, 1_000)
                    _ = try connection.scalar("PRAGMA wal_checkpoint(PASSIVE)")
                    connection.close()
                } catch {
                    logger.warning("checkpoint after compaction failed", metadata: ["store.error": "\(error)"])
                }
                continuation.resume()
            }
            thread.name = "skiff-store-checkpoint"
            thread.start()
        }
    }

    /// The database's size on disk.
    public func fileStatistics() async throws(StoreError) -> FileStatistics {
        let counts = try await readers.read { db throws(StoreError) in
            (
                try db.scalar("PRAGMA page_count") ?? 0, try db.scalar("PRAGMA page_size") ?? 0,
                try db.scalar("PRAGMA freelist_count") ?? 0, try db.scalar("SELECT count(*) FROM kv_log") ?? 0,
                try db.scalar("SELECT count(*) FROM kv_current WHERE deleted = 0") ?? 0
            )
        }
        func size(_ path: String) -> Int64 {
            var info = stat()
            return stat(path, &info) == 0 ? Int64(info.st_size) : 0
        }
        return FileStatistics(
            databaseBytes: size(path), walBytes: size(path + "-wal"), pageCount: counts.0, pageSize: counts.1,
            freePages: counts.2, logRows: counts.3, liveKeys: counts.4)
    }
}

/// The database's size and shape.
public struct FileStatistics: Sendable, Hashable {
    /// Size of the database file.
    public var databaseBytes: Int64
    /// Size of its write-ahead log.
    public var walBytes: Int64
    /// Pages in the database.
    public var pageCount: Int64
    /// Bytes per page.
    public var pageSize: Int64
    /// Pages on the free list.
    public var freePages: Int64
    /// Rows in the log (history plus the latest version of every key).
    public var logRows: Int64
    /// Keys that currently exist.
    public var liveKeys: Int64
}
