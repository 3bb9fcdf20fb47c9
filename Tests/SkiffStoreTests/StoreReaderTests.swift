import CSQLite
import Foundation
import SkiffMigrations
import Synchronization
import Testing

@testable import SkiffStore

/// Opens a store in a fresh directory and a reader on the same file, runs `body`, then closes both.
private func withStoreAndReader<T>(
    _ body: (Store, StoreReader, ScratchDirectory) async throws -> T
) async throws -> T {
    await scratchStorePermits.acquire()
    defer { scratchStorePermits.release() }
    let directory = ScratchDirectory("skiff-reader")
    let store = try openScratchStore(in: directory)
    let reader: StoreReader
    do {
        reader = try StoreReader.open(path: store.path)
    } catch {
        await store.close()
        throw error
    }
    defer {
        reader.close()
        withExtendedLifetime(directory) {}
    }
    do {
        let result = try await body(store, reader, directory)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}

/// A change as the tests compare it: everything but the commit time.
private struct Change: Hashable, CustomStringConvertible {
    var revision: Revision
    var key: String
    var kind: HistoryEntry.Kind
    var value: String

    init(_ revision: Revision, _ key: String, _ kind: HistoryEntry.Kind, _ value: String = "") {
        self.revision = revision
        self.key = key
        self.kind = kind
        self.value = value
    }

    init(_ entry: HistoryEntry) {
        self.init(
            entry.revision, String(decoding: entry.key, as: UTF8.self), entry.kind,
            String(decoding: entry.value, as: UTF8.self))
    }

    var description: String { "\(revision) \(kind) \(key)=\(value)" }
}

/// Writes a history of puts, deletes, re-creations and two-change transactions over `/x/0`-`/x/4`
/// and `/y/...`, and returns what it wrote, in log order. Revision 1 is a transaction that writes
/// `/x/0` then `/y/0`.
private func writeHistory(_ store: Store, rounds: Int = 40) async throws -> [Change] {
    var log: [Change] = []
    var live = Set<String>()
    for round in 0..<rounds {
        let x = "/x/\(round % 5)"
        if round % 7 == 3 && live.contains(x) {
            let response = try await store.delete(.key(x))
            log.append(Change(response.revision, x, .delete))
            live.remove(x)
        } else if round % 5 == 0 {
            let y = "/y/\(round)"
            let response = try await store.txn(
                TxnRequest(success: [
                    .put(PutRequest(key: k(x), value: k("t\(round)"))),
                    .put(PutRequest(key: k(y), value: k("y\(round)"))),
                ]))
            log += [Change(response.revision, x, .put, "t\(round)"), Change(response.revision, y, .put, "y\(round)")]
            live.formUnion([x, y])
        } else {
            let response = try await store.put(k(x), k("v\(round)"))
            log.append(Change(response.revision, x, .put, "v\(round)"))
            live.insert(x)
        }
    }
    return log
}

/// Reads a whole iteration.
private func collect(_ iterator: ChangeIterator) throws -> [HistoryEntry] {
    var iterator = iterator
    var entries: [HistoryEntry] = []
    while let entry = try iterator.next() { entries.append(entry) }
    return entries
}

/// The bytes of a file, nil when there is none.
private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

@Suite("Store reader")
struct StoreReaderTests {
    @Test func keyHistoryFollowsPutsDeletesAndRecreations() async throws {
        try await withStoreAndReader { store, reader, _ in
            let lease = try await store.grantLease(ttlSeconds: 600)
            let before = WallClock.nowNanoseconds()
            try await store.put(k("/a"), k("1"))  // 1
            try await store.put(k("/b"), k("b"))  // 2
            try await store.put(k("/a"), k("2"))  // 3
            try await store.delete(.key("/a"))  // 4
            try await store.put(k("/a"), k("3"))  // 5
            try await store.put(k("/a"), k("4"), lease: lease.id)  // 6
            try await store.put(k("/ab"), k("x"))  // 7: a longer key that starts with "/a"
            let after = WallClock.nowNanoseconds()

            let history = try reader.keyHistory(k("/a"))
            let expected: [HistoryEntry] = [
                HistoryEntry(
                    key: k("/a"), revision: 1, commitTime: 0, kind: .put, version: 1, createRevision: 1, value: k("1")),
                HistoryEntry(
                    key: k("/a"), revision: 3, commitTime: 0, kind: .put, version: 2, createRevision: 1, value: k("2")),
                HistoryEntry(key: k("/a"), revision: 4, commitTime: 0, kind: .delete, version: 0, createRevision: 0),
                HistoryEntry(
                    key: k("/a"), revision: 5, commitTime: 0, kind: .put, version: 1, createRevision: 5, value: k("3")),
                HistoryEntry(
                    key: k("/a"), revision: 6, commitTime: 0, kind: .put, version: 2, createRevision: 5,
                    lease: lease.id, value: k("4")),
            ]
            #expect(history.map { entry in with(entry) { $0.commitTime = 0 } } == expected)
            // Commit times are the log's, in order, inside the test's window.
            #expect(history.map(\.commitTime) == history.map(\.commitTime).sorted())
            #expect(history.allSatisfy { $0.commitTime >= before && $0.commitTime <= after })
            for entry in history {
                #expect(try reader.commitTime(of: entry.revision) == entry.commitTime)
                // Each entry is what a read at its revision returns.
                #expect(try await store.get(k("/a"), revision: entry.revision) == entry.keyValue)
            }
            #expect(history.filter(\.isCreate).map(\.revision) == [1, 5])
            // Without values: the same entries, values left out.
            #expect(try reader.keyHistory(k("/a"), values: false) == history.map { e in with(e) { $0.value = [] } })
            #expect(try reader.keyHistory(k("/b")).map(Change.init) == [Change(2, "/b", .put, "b")])
            #expect(try reader.keyHistory(k("/ab")).map(\.revision) == [7])
            #expect(try reader.keyHistory(k("/never")).isEmpty)
            #expect(try reader.keyHistory(k("/")).isEmpty)
        }
    }

    @Test func keyHistoryOfADeletedKeyEndsWithItsTombstone() async throws {
        try await withStoreAndReader { store, reader, _ in
            try await store.put(k("/gone"), k("1"))
            try await store.put(k("/gone"), k("2"))
            try await store.delete(.key("/gone"))
            #expect(
                try reader.keyHistory(k("/gone")).map(Change.init) == [
                    Change(1, "/gone", .put, "1"), Change(2, "/gone", .put, "2"), Change(3, "/gone", .delete),
                ])
        }
    }

    struct ChangesCase: Sendable, CustomTestStringConvertible {
        var name: String
        var from: Revision = 1
        var through: Revision?
        var prefix: String?
        var limit: Int?
        var values = true
        var testDescription: String { name }

        /// What the iteration must return, from the log the test wrote.
        fileprivate func expected(_ log: [Change], current: Revision) -> [Change] {
            let last = min(through ?? current, current)
            let selected = log.filter { change in
                change.revision >= from && change.revision <= last && change.key.hasPrefix(prefix ?? "")
            }
            return selected.prefix(limit ?? .max).map { change in
                with(change) { $0.value = values ? $0.value : "" }
            }
        }
    }

    static let changesCases: [ChangesCase] = [
        ChangesCase(name: "everything"),
        ChangesCase(name: "from revision 0 reads from the start", from: 0),
        ChangesCase(name: "a window of revisions", from: 5, through: 12),
        ChangesCase(name: "one revision with two changes", from: 1, through: 1),
        ChangesCase(name: "a key prefix", prefix: "/x/"),
        ChangesCase(name: "a key prefix and a limit", prefix: "/y/", limit: 3),
        ChangesCase(name: "a limit that splits a revision", limit: 1),
        ChangesCase(name: "a window and a limit", from: 7, through: 30, limit: 9),
        ChangesCase(name: "through past the current revision", from: 30, through: 1_000),
        ChangesCase(name: "from past the current revision", from: 1_000),
        ChangesCase(name: "a prefix no key has", prefix: "/z/"),
        ChangesCase(name: "a prefix that is a whole key", prefix: "/x/3"),
        ChangesCase(name: "without values", values: false),
        ChangesCase(name: "a limit of zero", limit: 0),
    ]

    @Test(arguments: changesCases)
    func changesStreamTheLog(_ test: ChangesCase) async throws {
        try await withStoreAndReader { store, reader, _ in
            let log = try await writeHistory(store)
            let current = store.currentRevision
            let expected = test.expected(log, current: current)
            // Tiny pages put page boundaries everywhere, inside revisions too.
            for (rows, bytes) in [(4_096, 4 << 20), (1, 4 << 20), (3, 4 << 20), (100, 1)] {
                let iterator = try ChangeIterator(
                    reader: reader, from: test.from, through: test.through, prefix: test.prefix.map(k),
                    limit: test.limit, values: test.values, pageRows: rows, pageBytes: bytes)
                #expect(iterator.through == min(test.through ?? current, current))
                let entries = try collect(iterator)
                #expect(entries.map(Change.init) == expected, "pages of \(rows) rows, \(bytes) bytes")
            }
            // The public entry point, and each entry agrees with the key's own history.
            let entries = try collect(
                try reader.changes(
                    from: test.from, through: test.through, prefix: test.prefix.map(k), limit: test.limit,
                    values: test.values))
            #expect(entries.map(Change.init) == expected)
            for entry in entries {
                let history = try reader.keyHistory(entry.key, values: test.values)
                #expect(history.first { $0.revision == entry.revision } == entry)
            }
        }
    }

    @Test func changesStopWhenTheBodySaysSoAndTheBodyMayUseTheReader() async throws {
        try await withStoreAndReader { store, reader, _ in
            let log = try await writeHistory(store)
            var seen: [HistoryEntry] = []
            var times: [Int64?] = []
            try reader.changes(from: 1) { entry throws(StoreError) in
                seen.append(entry)
                times.append(try reader.commitTime(of: entry.revision))
                return seen.count < 5
            }
            #expect(seen.map(Change.init) == Array(log.prefix(5)))
            #expect(times == seen.map(\.commitTime))
            // Breaking out of the iterator leaves the reader usable.
            var iterator = try reader.changes(from: 2, prefix: k("/y/"))
            #expect(try iterator.next().map(Change.init) == log.first { $0.revision >= 2 && $0.key.hasPrefix("/y/") })
            #expect(try reader.currentRevision == store.currentRevision)
            #expect(throws: StoreError.self) { _ = try reader.changes(from: 1, limit: -1) }
        }
    }

    @Test func changesStreamManyPagesInOrder() async throws {
        try await withStoreAndReader { store, reader, _ in
            // 20,000 rows of 1 KiB: five pages by row count, each also near the byte bound.
            let value = [UInt8](repeating: 0x61, count: 1_024)
            for round in 0..<200 {
                let puts = (0..<100).map { index in
                    Operation.put(PutRequest(key: k("/big/\(index % 10)/\(round)-\(index)"), value: value))
                }
                _ = try await store.txn(TxnRequest(success: puts))
            }
            var count = 0
            var previous = (Revision.zero, -1)
            var iterator = try reader.changes(from: 1)
            while let entry = try iterator.next() {
                let index = Int(String(decoding: entry.key, as: UTF8.self).split(separator: "-").last!)!
                #expect(entry.revision > previous.0 || (entry.revision == previous.0 && index > previous.1))
                #expect(entry.value == value)
                previous = (entry.revision, index)
                count += 1
            }
            #expect(count == 20_000)
            var prefixed = 0
            try reader.changes(from: 1, prefix: k("/big/3/"), values: false) { entry throws(StoreError) in
                #expect(entry.value.isEmpty && entry.key.starts(with: k("/big/3/")))
                prefixed += 1
                return true
            }
            #expect(prefixed == 2_000)
        }
    }

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var request: @Sendable (Revision) -> RangeRequest
        var testDescription: String { name }
    }

    static let rangeCases: [RangeCase] = [
        RangeCase(name: "every key") { RangeRequest(.all, revision: $0) },
        RangeCase(name: "a prefix") { RangeRequest(.prefix("/x/"), revision: $0) },
        RangeCase(name: "one key") { RangeRequest(.key("/x/1"), revision: $0) },
        RangeCase(name: "a limit") { RangeRequest(.all, revision: $0, limit: 2) },
        RangeCase(name: "keys only") { RangeRequest(.prefix("/y/"), revision: $0, keysOnly: true) },
        RangeCase(name: "a count") { RangeRequest(.all, revision: $0, countOnly: true) },
    ]

    @Test(arguments: rangeCases)
    func rangesAtEveryRevisionEqualTheStores(_ test: RangeCase) async throws {
        try await withStoreAndReader { store, reader, _ in
            _ = try await writeHistory(store)
            let current = store.currentRevision
            for revision in 1...current.rawValue {
                let request = test.request(Revision(revision))
                #expect(try reader.range(request) == (try await store.range(request)), "at revision \(revision)")
            }
            var latest = test.request(current)
            latest.revision = nil
            #expect(try reader.range(latest) == (try await store.range(latest)))
            let future = test.request(Revision(current.rawValue + 1_000))
            #expect(await thrownStoreError { _ = try reader.range(future) }?.code == .futureRevision)
        }
    }

    @Test func compactedHistoryIsGoneEvenBeforeCompactionFinishes() async throws {
        try await withStoreAndReader { store, reader, _ in
            try await store.put(k("/a"), k("1"))  // 1
            try await store.put(k("/a"), k("2"))  // 2
            try await store.put(k("/b"), k("1"))  // 3
            try await store.delete(.key("/a"))  // 4
            try await store.put(k("/a"), k("3"))  // 5
            try await store.put(k("/b"), k("2"))  // 6
            try await store.put(k("/c"), k("1"))  // 7
            try await store.delete(.key("/c"))  // 8
            try await store.put(k("/d"), k("1"))  // 9
            try await store.delete(.key("/d"))  // 10
            let keys = ["/a", "/b", "/c", "/d"]
            let expected: [[Change]] = [
                [Change(5, "/a", .put, "3")],
                [Change(3, "/b", .put, "1"), Change(6, "/b", .put, "2")],
                [Change(7, "/c", .put, "1"), Change(8, "/c", .delete)],
                [Change(9, "/d", .put, "1"), Change(10, "/d", .delete)],
            ]
            // Recorded but not carried out yet: the rows are all still there.
            try await store.writer.beginCompaction(to: 5)
            #expect(try await store.fileStatistics().logRows == 10)
            #expect(try keys.map { try reader.keyHistory(k($0)).map(Change.init) } == expected)
            try await store.finishCompaction()
            #expect(try await store.fileStatistics().logRows < 10)
            #expect(try keys.map { try reader.keyHistory(k($0)).map(Change.init) } == expected)
            try await store.compact(to: 10)
            #expect(
                try keys.map { try reader.keyHistory(k($0)).map(Change.init) } == [
                    [Change(5, "/a", .put, "3")], [Change(6, "/b", .put, "2")], [], [],
                ])

            #expect(try reader.compactRevision == 10)
            let error = await thrownStoreError { _ = try reader.range(RangeRequest(.all, revision: 9)) }
            #expect(error?.code == .compacted)
            #expect(error?.compactRevision == 10)
            #expect(try reader.range(RangeRequest(.all, revision: 10)).kvs.map(\.key) == [k("/a"), k("/b")])
            #expect(await thrownStoreError { _ = try reader.changes(from: 10) }?.code == .compacted)
            try await store.put(k("/e"), k("1"))  // 11
            #expect(try collect(try reader.changes(from: 11)).map(Change.init) == [Change(11, "/e", .put, "1")])
            let statistics = try reader.statistics()
            #expect(statistics.oldestRevision == 10)
            // Revision 10 only deleted a key: compaction left no row of it.
            #expect(statistics.oldestCommitTime == nil)
        }
    }

    @Test func aCompactionThatOvertakesAnIterationFailsIt() async throws {
        try await withStoreAndReader { store, reader, _ in
            for index in 0..<10 { try await store.put(k("/k"), k("\(index)")) }
            var iterator = try ChangeIterator(
                reader: reader, from: 1, through: nil, prefix: nil, limit: nil, values: true, pageRows: 1)
            #expect(try iterator.next()?.revision == 1)
            #expect(try iterator.next()?.revision == 2)
            try await store.compact(to: 6)
            let error = await thrownStoreError {
                while try iterator.next() != nil {}
            }
            #expect(error?.code == .compacted)
            #expect(error?.compactRevision == 6)
        }
    }

    @Test func statisticsAndTimesAgreeWithTheStore() async throws {
        try await withStoreAndReader { store, reader, _ in
            let empty = try reader.statistics()
            #expect(empty.currentRevision == 0 && empty.compactRevision == 0 && empty.oldestRevision == 0)
            #expect(empty.liveKeys == 0 && empty.logRows == 0 && empty.oldestCommitTime == nil)
            _ = try await writeHistory(store)
            let statistics = try reader.statistics()
            let files = try await store.fileStatistics()
            #expect(statistics.currentRevision == store.currentRevision)
            #expect(statistics.logRows == files.logRows)
            #expect(statistics.liveKeys == files.liveKeys)
            #expect(statistics.databaseBytes > 0)
            #expect(statistics.walBytes > 0)
            #expect(statistics.oldestRevision == 1)
            #expect(statistics.oldestCommitTime == (try await store.commitTime(of: 1)))
            for revision in 1...store.currentRevision.rawValue {
                let time = try await store.commitTime(of: Revision(revision))
                #expect(try reader.commitTime(of: Revision(revision)) == time)
                #expect(
                    try reader.revision(atUnixNanoseconds: time!)
                        == (try await store.revision(atUnixNanoseconds: time!)))
            }
            #expect(try reader.revision(atUnixNanoseconds: 0) == nil)
            #expect(try reader.revision(atUnixNanoseconds: .max) == store.currentRevision)
            #expect(try reader.commitTime(of: 10_000) == nil)
        }
    }

    @Test func aReaderBesideAWritingStoreSeesEachCommitAndHoldsNoWriteBack() async throws {
        try await withStoreAndReader { store, reader, _ in
            #expect(try reader.currentRevision == 0)
            for index in 1...20 {
                let revision = try await store.put(k("/live/\(index % 3)"), k("\(index)")).revision
                #expect(try reader.currentRevision == revision)
                #expect(try reader.range(RangeRequest(.key("/live/\(index % 3)"))).kvs.first?.value == k("\(index)"))
            }
            // A read transaction held open on another thread neither blocks the writer nor sees
            // what it commits meanwhile.
            let inside = SnapshotProbe()
            let release = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            let thread = Thread {
                _ = try? reader.read { db throws(StoreError) in
                    let before = try LogReader.currentRevision(db)
                    inside.state.withLock { $0 = (true, before, .zero) }
                    release.wait()
                    let after = try LogReader.currentRevision(db)
                    inside.state.withLock { $0.after = after }
                }
                finished.signal()
            }
            thread.start()
            while !inside.state.withLock({ $0.started }) { try await Task.sleep(for: .milliseconds(1)) }
            let started = ContinuousClock.now
            for index in 0..<50 { try await store.put(k("/during/\(index)"), k("x")) }
            // Not a timing check: a writer blocked by the reader would never finish (this bounds the
            // wait generously, for loaded machines).
            #expect(ContinuousClock.now - started < .seconds(60))
            release.signal()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    finished.wait()
                    continuation.resume()
                }
            }
            let snapshot = inside.state.withLock { $0 }
            #expect(snapshot.before == 20 && snapshot.after == 20)
            #expect(try reader.currentRevision == 70)

            // Writes racing reads: every read succeeds and revisions never go back.
            let writer = Task {
                for index in 0..<500 { try await store.put(k("/race/\(index % 50)"), k("\(index)")) }
            }
            var last = Revision.zero
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while ContinuousClock.now < deadline {
                let revision = try reader.currentRevision
                #expect(revision >= last)
                last = revision
                _ = try reader.range(RangeRequest(.prefix("/race/"), countOnly: true))
                _ = try reader.keyHistory(k("/race/7"))
                let through = try reader.changes(from: 60, values: false).through
                #expect(through >= revision)
                if revision >= 570 { break }
                try await Task.sleep(for: .milliseconds(1))
            }
            try await writer.value
            #expect(try reader.currentRevision == 570)
            #expect(try reader.keyHistory(k("/race/7")).count == 10)
        }
    }

    @Test func theReaderNeverWrites() async throws {
        try await withStoreAndReader { store, reader, _ in
            try await store.put(k("/a"), k("1"))
            let error = await thrownStoreError {
                try reader.read { db throws(StoreError) in try db.execute("CREATE TABLE intruder (id INTEGER)") }
            }
            #expect(error?.message.contains("readonly") == true, "\(error.map { "\($0)" } ?? "no error")")
            #expect(try reader.read { db throws(StoreError) in sqlite3_db_readonly(db.handle, "main") } == 1)
            #expect(try reader.range(RangeRequest(.all)).count == 1)
        }
    }

    @Test func aReadOnlyCopyIsReadAndLeftUnchanged() async throws {
        let original = ScratchDirectory("skiff-reader")
        let path = original.file("store.db")
        let store = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        let log = try await writeHistory(store)
        await store.close()
        let copies = ScratchDirectory("skiff-reader-copy")
        let copy = copies.file("copy.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
        let before = try #require(contents(copy))
        let modified = try FileManager.default.attributesOfItem(atPath: copy)[.modificationDate] as? Date

        let reader = try StoreReader.open(path: copy)
        #expect(try collect(try reader.changes(from: 1)).map(Change.init) == log)
        #expect(try reader.statistics().currentRevision == log.last?.revision)
        reader.close()
        #expect(await thrownStoreError { _ = try reader.currentRevision }?.code == .closed)
        // Like any WAL reader, SQLite may have added the empty -wal and -shm companions; nothing else.
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: copies.path))
        #expect(files.isSubset(of: ["copy.db", "copy.db-wal", "copy.db-shm"]))
        #expect(contents(copy + "-wal").map(\.isEmpty) != false)
        #expect(contents(copy) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.modificationDate] as? Date == modified)
        withExtendedLifetime((original, copies)) {}
    }

    struct OpenCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// Puts something (or nothing) at the path.
        var make: @Sendable (String) async throws -> Void
        var code: StoreError.Code
        var message: String
        var testDescription: String { name }
    }

    /// A store file with one key.
    static func makeStore(_ path: String) async throws {
        let store = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        try await store.put(k("/a"), k("1"))
        await store.close()
    }

    static let openCases: [OpenCase] = [
        OpenCase(name: "a missing file", make: { _ in }, code: .notFound, message: "no database at"),
        OpenCase(
            name: "a directory",
            make: { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) },
            code: .notSkiffDatabase, message: "directory"),
        OpenCase(
            name: "an empty file", make: { _ = FileManager.default.createFile(atPath: $0, contents: Data()) },
            code: .notSkiffDatabase, message: "empty"),
        OpenCase(
            name: "a file that is not SQLite",
            make: { path in
                let noise = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
                _ = FileManager.default.createFile(atPath: path, contents: noise)
            },
            code: .notSkiffDatabase, message: "not a Skiff database"),
        OpenCase(
            name: "someone else's SQLite database",
            make: { path in
                let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                try db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
            },
            code: .notSkiffDatabase, message: "not a Skiff"),
        OpenCase(
            name: "a newer schema",
            make: { path in
                try await StoreReaderTests.makeStore(path)
                let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
                try db.execute("PRAGMA user_version = 99")
            },
            code: .newerSchema, message: "99"),
        OpenCase(
            name: "an older schema",
            make: { path in
                let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                try db.execute("PRAGMA journal_mode = WAL")
                try SchemaMigrator.migrate(
                    db, from: 0, migrations: Array(embeddedMigrations.prefix(1)), logger: quietLogger)
            },
            code: .olderSchema, message: "skiff server"),
    ]

    @Test(arguments: openCases)
    func filesTheReaderRefusesAreLeftUntouched(_ test: OpenCase) async throws {
        let directory = ScratchDirectory("skiff-reader")
        let path = directory.file("store.db")
        try await test.make(path)
        let before = contents(path)
        let error = await thrownStoreError { _ = try StoreReader.open(path: path) }
        #expect(error?.code == test.code)
        #expect(error?.message.contains(test.message) == true, "\(error.map { "\($0)" } ?? "no error")")
        #expect(error?.message.contains(path) == true)
        #expect(contents(path) == before)
        if test.code == .notFound {
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
        withExtendedLifetime(directory) {}
    }

    @Test func aLockedDatabaseGivesAClearError() async throws {
        let directory = ScratchDirectory("skiff-reader")
        let path = directory.file("store.db")
        try await Self.makeStore(path)
        let holder = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        try holder.execute("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE")
        let error = await thrownStoreError { _ = try StoreReader.open(path: path, busyTimeout: .milliseconds(50)) }
        #expect(error?.code == .sqlite)
        #expect(error?.message.contains("locked") == true, "\(error.map { "\($0)" } ?? "no error")")
        #expect(error.flatMap(\.sqliteCode).map { $0 & 0xFF } == SQLITE_BUSY)
        try holder.execute("COMMIT")
        holder.close()
        let reader = try StoreReader.open(path: path)
        #expect(try reader.currentRevision == 1)
        withExtendedLifetime(directory) {}
    }

    @Test func aCorruptDatabaseGivesAClearError() async throws {
        let directory = ScratchDirectory("skiff-reader")
        let path = directory.file("corrupt.db")
        let store = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        for index in 0..<2_000 {
            try await store.put(k("/k/\(index)"), [UInt8](repeating: UInt8(index % 251), count: 512))
        }
        await store.close()
        var data = try #require(contents(path))
        for offset in stride(from: 16 * 1024, to: data.count, by: 1) {
            data[offset] = UInt8(truncatingIfNeeded: offset &* 31)
        }
        try data.write(to: URL(fileURLWithPath: path))
        let error = await thrownStoreError {
            let reader = try StoreReader.open(path: path)
            _ = try reader.range(RangeRequest(.all))
            _ = try reader.statistics()
        }
        #expect(error?.code == .corrupt || error?.code == .notSkiffDatabase)
        #expect(error?.message.contains(path) == true)
        withExtendedLifetime(directory) {}
    }
}

/// What a read transaction held open on another thread saw.
private final class SnapshotProbe: Sendable {
    let state = Mutex<(started: Bool, before: Revision, after: Revision)>((false, .zero, .zero))
}

/// `value` changed by `change`.
private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
