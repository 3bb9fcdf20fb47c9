import CSQLite
import Logging
import SkiffMigrations

/// Recognises a Skiff database and brings its schema up to date.
///
/// A file is a Skiff database when its SQLite `application_id` is ``applicationID``; its
/// `user_version` is the number of the last migration applied. Migrations run forward only, each
/// in its own `BEGIN IMMEDIATE` transaction, and each is recorded in `skiff_migrations`.
/// A file that is not SQLite, that holds someone else's tables, or whose schema is newer than this
/// binary's is refused before anything is written to it.
enum SchemaMigrator {
    /// "SKFF": marks a SQLite file as a Skiff database.
    static let applicationID: Int64 = 0x534B_4646

    /// What an existing file holds, read without writing to it.
    struct Inspection: Equatable {
        var applicationID: Int64
        var userVersion: Int64
        var tableCount: Int64
        var isEmpty: Bool { tableCount == 0 && userVersion == 0 }
    }

    /// Reads the header fields and the table count. Fails with ``StoreError/Code/notSkiffDatabase``
    /// for a file that is not SQLite at all.
    static func inspect(_ db: SQLiteConnection) throws(StoreError) -> Inspection {
        do {
            return Inspection(
                applicationID: try db.scalar("PRAGMA application_id") ?? 0,
                userVersion: try db.scalar("PRAGMA user_version") ?? 0,
                tableCount: try db.scalar("SELECT count(*) FROM sqlite_master") ?? 0)
        } catch  where error.code == .notSkiffDatabase || error.code == .corrupt {
            throw StoreError(
                .notSkiffDatabase,
                "\(db.path) is not a Skiff database: it is not a readable SQLite file (\(error.message))",
                sqliteCode: error.sqliteCode)
        }
    }

    /// Refuses files this binary must not touch. Runs before any pragma that writes.
    static func check(_ inspection: Inspection, path: String, migrations: [Migration]) throws(StoreError) {
        if inspection.isEmpty { return }
        guard inspection.applicationID == applicationID else {
            throw StoreError(
                .notSkiffDatabase,
                "\(path) is an SQLite database but not a Skiff one (application_id \(inspection.applicationID), "
                    + "\(inspection.tableCount) tables); refusing to touch it")
        }
        let latest = Int64(migrations.last?.version ?? 0)
        if inspection.userVersion > latest {
            throw StoreError(
                .newerSchema,
                "\(path) has schema version \(inspection.userVersion), newer than this binary's \(latest); "
                    + "use a newer skiff (the file was left untouched)")
        }
    }

    /// Refuses files a read-only reader cannot read: besides what ``check(_:path:migrations:)``
    /// refuses, an empty file (no Skiff database yet) and an older schema (a reader never
    /// migrates).
    static func checkReadable(_ inspection: Inspection, path: String, migrations: [Migration]) throws(StoreError) {
        if inspection.isEmpty {
            throw StoreError(
                .notSkiffDatabase, "\(path) is empty, not a Skiff database (`skiff server` creates one)")
        }
        try check(inspection, path: path, migrations: migrations)
        let latest = Int64(migrations.last?.version ?? 0)
        if inspection.userVersion < latest {
            throw StoreError(
                .olderSchema,
                "\(path) has schema version \(inspection.userVersion), older than this binary's \(latest); "
                    + "start `skiff server` on it once to migrate it (the file was left untouched)")
        }
    }

    /// Applies every migration above the file's version, each in its own transaction.
    /// Returns the versions applied.
    @discardableResult
    static func migrate(
        _ db: SQLiteConnection, from current: Int64, migrations: [Migration], logger: Logger
    ) throws(StoreError) -> [Int] {
        var applied: [Int] = []
        for migration in migrations where Int64(migration.version) > current {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.execute(
                    """
                    CREATE TABLE IF NOT EXISTS skiff_migrations (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ns INTEGER NOT NULL)
                    """)
                try db.execute(migration.sql)
                let record = try db.prepare(
                    "INSERT INTO skiff_migrations (version, name, applied_ns) VALUES (?1, ?2, ?3)")
                record.bind(1, Int64(migration.version))
                record.bind(2, migration.name)
                record.bind(3, WallClock.nowNanoseconds())
                try record.run()
                try db.execute("PRAGMA user_version = \(migration.version)")
                try db.execute("PRAGMA application_id = \(applicationID)")
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw StoreError(
                    error.code,
                    "migration \(migration.version) (\(migration.name)) failed: \(error.message)",
                    sqliteCode: error.sqliteCode)
            }
            applied.append(migration.version)
            logger.info(
                "applied schema migration",
                metadata: [
                    "store.migration.version": "\(migration.version)", "store.migration.name": "\(migration.name)",
                ])
        }
        return applied
    }
}
