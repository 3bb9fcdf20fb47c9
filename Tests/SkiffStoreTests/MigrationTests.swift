import CSQLite
import Foundation
import Logging
import SkiffMigrations
import Testing

@testable import SkiffStore

@Suite("Schema and file checks")
struct MigrationTests {
    /// Runs SQL on a file with a plain connection, outside the store.
    func raw(_ path: String, _ sql: String) throws {
        let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        try db.execute(sql)
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func embeddedMigrationsMatchTheSQLFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Migrations").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        #expect(files.count == embeddedMigrations.count, "run scripts/embed-migrations")
        for (file, migration) in zip(files, embeddedMigrations) {
            let sql = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(file == String(format: "%04d_%@.sql", migration.version, migration.name))
            #expect(sql.trimmingCharacters(in: .newlines) == migration.sql, "\(file) differs from its embedded copy")
        }
        #expect(embeddedMigrations.map(\.version) == Array(1...embeddedMigrations.count))
    }

    @Test func olderSchemaIsUpgradedAndKeepsItsData() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("old.db")
        // A file as the first release wrote it: schema 1 and one key written with that schema.
        do {
            let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            try db.execute("PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL")
            try SchemaMigrator.migrate(
                db, from: 0, migrations: Array(embeddedMigrations.prefix(1)), logger: quietLogger)
            try db.execute(
                """
                INSERT INTO kv_log (id, key, create_rev, version, lease, deleted, prev_id, commit_ns, value)
                VALUES (\(1 << 20), x'2f6f6c64', 1, 1, 0, 0, 0, 1, x'7631');
                INSERT INTO kv_current (key, id) VALUES (x'2f6f6c64', \(1 << 20));
                """)
            #expect(try db.scalar("PRAGMA user_version") == 1)
        }
        let store = try Store.open(path: path, logger: quietLogger)
        #expect(store.currentRevision == 1)
        #expect(try await store.get(k("/old"))?.value == k("v1"))
        // The upgraded file has everything the newer schema adds: leases work.
        let lease = try await store.grantLease(ttlSeconds: 60)
        try await store.put(k("/new"), k("v2"), lease: lease.id)
        await store.close()
        let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
        #expect(try db.scalar("PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try db.scalar("SELECT count(*) FROM skiff_migrations") == Int64(embeddedMigrations.count))
        #expect(try db.scalar("PRAGMA application_id") == SchemaMigrator.applicationID)
    }

    @Test func newerSchemaIsRefusedAndLeftUntouched() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("newer.db")
        let store = try Store.open(path: path, logger: quietLogger)
        try await store.put(k("/a"), k("1"))
        await store.close()
        try raw(path, "PRAGMA user_version = 99")
        let before = contents(path)
        do {
            _ = try Store.open(path: path, logger: quietLogger)
            Issue.record("expected newerSchema")
        } catch {
            #expect(error.code == .newerSchema)
            #expect(error.message.contains("99"))
            #expect(error.message.contains("\(Store.schemaVersion)"))
        }
        #expect(contents(path) == before)
    }

    @Test func garbageFileIsRefusedAndLeftUntouched() throws {
        let directory = ScratchDirectory()
        let path = directory.file("garbage.db")
        let garbage = Data((0..<10_000).map { _ in UInt8.random(in: 0...255) })
        FileManager.default.createFile(atPath: path, contents: garbage)
        #expect(throws: StoreError.self) { _ = try Store.open(path: path, logger: quietLogger) }
        do {
            _ = try Store.open(path: path, logger: quietLogger)
        } catch {
            #expect(error.code == .notSkiffDatabase)
        }
        #expect(contents(path) == garbage)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func foreignSQLiteDatabaseIsRefused() throws {
        let directory = ScratchDirectory()
        let path = directory.file("foreign.db")
        try raw(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        let before = contents(path)
        do {
            _ = try Store.open(path: path, logger: quietLogger)
            Issue.record("expected notSkiffDatabase")
        } catch {
            #expect(error.code == .notSkiffDatabase)
            #expect(error.message.contains("not a Skiff"))
        }
        #expect(contents(path) == before)
    }

    @Test func corruptDatabaseGivesAClearError() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("corrupt.db")
        let store = try Store.open(path: path, logger: quietLogger)
        for index in 0..<2_000 {
            try await store.put(k("/k/\(index)"), [UInt8](repeating: UInt8(index % 251), count: 512))
        }
        await store.close()
        // Overwrite everything after the first pages with noise.
        var data = try #require(contents(path))
        #expect(data.count > 64 * 1024)
        for offset in stride(from: 16 * 1024, to: data.count, by: 1) {
            data[offset] = UInt8(truncatingIfNeeded: offset * 31)
        }
        try data.write(to: URL(fileURLWithPath: path))
        var failure: StoreError?
        do {
            let reopened = try Store.open(path: path, logger: quietLogger)
            do {
                _ = try await reopened.range(RangeRequest(.all))
            } catch {
                failure = error
            }
            await reopened.close()
        } catch {
            failure = error
        }
        let error = try #require(failure, "expected a corrupt-database error")
        #expect(error.code == .corrupt || error.code == .notSkiffDatabase)
        #expect(error.message.contains(path))
    }

    @Test func dataAndRevisionSurviveReopening() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("reopen.db")
        do {
            let store = try Store.open(path: path, logger: quietLogger)
            try await store.put(k("/a"), k("1"))
            try await store.put(k("/a"), k("2"))
            try await store.delete(.key("/a"))
            try await store.put(k("/b"), k("3"))
            await store.close()
        }
        let store = try Store.open(path: path, logger: quietLogger)
        #expect(store.currentRevision == 4)
        #expect(try await store.get(k("/a"), revision: 2)?.value == k("2"))
        #expect(try await store.put(k("/c"), []).revision == 5)
        await store.close()
    }
}
