import CSQLite
import Foundation

/// Copies the WAL back into the database file on its own thread and connection, so that the
/// writer never pays for a checkpoint inside a commit.
///
/// The writer's connection runs with `wal_autocheckpoint` off and a WAL hook that nudges this
/// thread once the WAL holds ``threshold`` pages. A PASSIVE checkpoint runs beside the writer
/// without blocking it and without waiting for readers; SQLite restarts the WAL from its start
/// once everything in it is checkpointed, and `journal_size_limit` trims the file.
final class Checkpointer: @unchecked Sendable {
    /// WAL pages that trigger a checkpoint (SQLite's own default for auto-checkpoints).
    static let threshold: Int32 = 1_000

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var requested = false
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Opens a read-write connection to `path` and starts the thread.
    init(path: String) throws(StoreError) {
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        sqlite3_busy_timeout(connection.handle, 1_000)
        let thread = Thread { [self] in self.loop(connection) }
        thread.name = "skiff-store-checkpointer"
        thread.start()
    }

    /// Installs the WAL hook on the writer's connection and turns its auto-checkpoint off.
    func attach(to writer: SQLiteConnection) throws(StoreError) {
        try writer.execute("PRAGMA wal_autocheckpoint = 0")
        sqlite3_wal_hook(
            writer.handle,
            { context, _, _, pages in
                if pages >= Checkpointer.threshold, let context {
                    Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().request()
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Asks for a checkpoint soon.
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after a last checkpoint and waits for it.
    func shutdown() {
        condition.lock()
        let already = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !already { finished.wait() }
    }

    private func loop(_ connection: SQLiteConnection) {
        while true {
            condition.lock()
            while !requested && !stopping { condition.wait() }
            let stop = stopping
            requested = false
            condition.unlock()
            _ = try? connection.scalar("PRAGMA wal_checkpoint(PASSIVE)")
            if stop { break }
        }
        connection.close()
        finished.signal()
    }
}
