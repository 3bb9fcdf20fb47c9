import CSQLite
import DequeModule
import Foundation

/// A fixed set of threads, each owning a read-only connection to the database. Reads run here,
/// never on the cooperative pool and never behind the writer: in WAL mode a reader sees the last
/// committed snapshot while the writer writes.
final class ReaderPool: @unchecked Sendable {
    private typealias Job = (SQLiteConnection) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs = Deque<Job>()
    private var stopping = false
    private var running = 0
    private let finished = DispatchSemaphore(value: 0)
    private let count: Int

    /// Opens `count` read-only connections to `path` and starts one thread for each.
    init(path: String, count: Int) throws(StoreError) {
        self.count = max(1, count)
        var connections: [SQLiteConnection] = []
        for _ in 0..<self.count {
            let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
            // A reader never waits for the writer in WAL mode, but a checkpoint that truncates the
            // WAL may hold it for a moment.
            sqlite3_busy_timeout(connection.handle, 5_000)
            try connection.execute("PRAGMA cache_size = -16384")
            connections.append(connection)
        }
        running = self.count
        for (index, connection) in connections.enumerated() {
            let thread = Thread { [self] in self.loop(connection) }
            thread.name = "skiff-store-reader-\(index)"
            thread.start()
        }
    }

    /// Runs `body` inside a read transaction on one of the reader threads.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T)
        async throws(StoreError) -> T
    {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            let job: Job = { connection in
                continuation.resume(returning: Self.inTransaction(connection, body))
            }
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(returning: .failure(StoreError(.closed, "the store is closed")))
                return
            }
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }
        return try result.get()
    }

    /// Runs `body` inside `BEGIN` ... `COMMIT` so that every statement reads one snapshot.
    static func inTransaction<T>(
        _ connection: SQLiteConnection, _ body: (SQLiteConnection) throws(StoreError) -> T
    ) -> Result<T, StoreError> {
        do {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return .success(try body(connection))
        } catch {
            return .failure(error)
        }
    }

    /// Stops the threads once queued reads have run, and closes their connections.
    func shutdown() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        if !alreadyStopping { finished.wait() }
    }

    private func loop(_ connection: SQLiteConnection) {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard let job = jobs.popFirst() else {
                connection.close()
                running -= 1
                let last = running == 0
                condition.unlock()
                if last { finished.signal() }
                return
            }
            condition.unlock()
            job(connection)
        }
    }
}
