import Foundation
import Testing

@testable import SkiffStore

/// One test per guarantee of ``WatchStream``; each checks its guarantee directly, so each can fail
/// on its own.
@Suite("Watch guarantees")
struct WatchGuaranteeTests {
    /// Where a watch from the past gets its history.
    enum HistorySource: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// The in-memory ring of recent events.
        case ring
        /// SQLite: the ring is switched off.
        case sqlite

        var ringEvents: Int { self == .ring ? 50_000 : 0 }
        var testDescription: String { rawValue }
    }

    // MARK: Ordered

    @Test func ordered() async throws {
        let scenario = try await runConcurrentWatchScenario()
        for watch in scenario.watches {
            #expect(!watch.responses.isEmpty, "\(watch.name) received nothing")
            var previous = Revision.zero
            for response in watch.responses {
                #expect(
                    response.revision > previous,
                    "\(watch.name): response at \(response.revision) after one at \(previous)")
                let revisions = response.events.map(\.revision)
                #expect(revisions == revisions.sorted(), "\(watch.name): events out of order in \(revisions)")
                #expect(response.revision == revisions.last, "\(watch.name): response revision is not its last event's")
                #expect(
                    (revisions.first ?? .zero) > previous,
                    "\(watch.name): event at \(revisions.first ?? .zero) after revision \(previous)")
                #expect(
                    (revisions.first ?? watch.from) >= watch.from,
                    "\(watch.name): event at \(revisions.first ?? .zero) before its start \(watch.from)")
                previous = response.revision
            }
        }
    }

    // MARK: Unique

    @Test func unique() async throws {
        let scenario = try await runConcurrentWatchScenario()
        for watch in scenario.watches {
            #expect(!watch.responses.isEmpty, "\(watch.name) received nothing")
            var seen: Set<WatchChangeID> = []
            var duplicates: [WatchChangeID] = []
            for event in watch.responses.flatMap(\.events) {
                let id = WatchChangeID(revision: event.revision, key: event.kv.key)
                if !seen.insert(id).inserted { duplicates.append(id) }
            }
            #expect(
                duplicates.isEmpty, "\(watch.name) delivered \(duplicates.count) changes twice: \(duplicates.prefix(5))"
            )
        }
    }

    // MARK: Atomic

    @Test func atomic() async throws {
        // Responses hold at most 4 events, but a transaction of 5 must still arrive whole.
        try await withScratchStore({
            $0.maxEventsPerWatchResponse = 4
            $0.eventRingMaxEvents = 0
        }) { store in
            let all = try await store.watch(.all)
            let prefix = try await store.watch(.prefix("/atomic/"))
            var transactions: [Revision: [[UInt8]]] = [:]
            var replayed: WatchStream?
            async let noise = writeFromConcurrentWriters(store, writers: 3, writesEach: 120)
            for n in 0..<60 {
                let keys = (0..<5).map { k("/atomic/\(String(format: "%02d", n))/\($0)") }
                let response = try await store.txn(
                    TxnRequest(success: keys.map { .put(PutRequest(key: $0, value: k("txn \(n)"))) }))
                transactions[response.revision] = keys
                // A watch that replays from SQLite while the writers go on.
                if n == 30 { replayed = try await store.watch(.all, from: 1) }
            }
            _ = try await noise
            let final = store.currentRevision
            let lastTxn = transactions.keys.max()!
            let watches: [(String, WatchStream, Revision)] = [
                ("all", all, final), ("prefix /atomic/", prefix, lastTxn), ("replayed from 1", replayed!, final),
            ]
            for (name, stream, through) in watches {
                let responses = try await collectWatch(stream, through: through)
                expectWholeRevisions(responses, name)
                for (revision, keys) in transactions {
                    let holding = responses.filter { $0.events.contains { $0.revision == revision } }
                    #expect(holding.count == 1, "\(name): txn at \(revision) spread over \(holding.count) responses")
                    let events = holding.first?.events.filter { $0.revision == revision } ?? []
                    #expect(
                        events.map { String(decoding: $0.kv.key, as: UTF8.self) }
                            == keys.map { String(decoding: $0, as: UTF8.self) },
                        "\(name): txn at \(revision)")
                    #expect(events.allSatisfy { $0.kind == .put })
                }
            }
        }
    }

    // MARK: Reliable

    @Test func reliable() async throws {
        let scenario = try await runConcurrentWatchScenario()
        let acknowledged = Set(scenario.acks.map(\.revision))
        #expect(acknowledged.count == scenario.acks.count, "two writes were acknowledged at one revision")
        #expect(scenario.final.rawValue == Int64(scenario.acks.count), "every write made one revision")
        for watch in scenario.watches {
            let events = watch.responses.flatMap(\.events)
            let seen = Set(events.map(\.revision))
            let missed = scenario.acks.filter { ack in
                ack.revision >= watch.from && ack.changes.contains { watch.range.contains($0.key) }
                    && !seen.contains(ack.revision)
            }
            #expect(missed.isEmpty, "\(watch.name) missed acknowledged revisions \(missed.map(\.revision).prefix(10))")
            if watch.range == .all {
                // No gaps: every revision from the start on, each once.
                let revisions = orderedDistinct(events.map(\.revision))
                let expected = (watch.from.rawValue...scenario.final.rawValue).map { Revision($0) }
                #expect(revisions == expected, "\(watch.name): revisions have gaps \(firstGap(revisions, expected))")
            }
            let expected = expectedWatchEvents(scenario.acks, in: watch.range, from: watch.from, prevKV: false)
            #expect(events == expected, "\(watch.name): \(events.count) events, expected \(expected.count)")
        }
    }

    // MARK: Resumable

    @Test(arguments: HistorySource.allCases)
    func resumable(_ source: HistorySource) async throws {
        try await withScratchStore({ $0.eventRingMaxEvents = source.ringEvents }) { store in
            // 600 revisions of history; the SQLite replay reads them in more than one page.
            var acks = try await writeAsWriter(store, writer: 0, count: 600)
            let from: Revision = 100
            async let more = writeFromConcurrentWriters(store, writers: 2, writesEach: 200, firstWriter: 1)
            // Start the watch while the writers are busy, so live revisions race the history.
            try await waitForRevision(store, atLeast: 650)
            let stream = try await store.watch(.all, from: from, prevKV: true)
            acks += try await more
            let final = store.currentRevision
            let responses = try await collectWatch(stream, through: final)
            let events = responses.flatMap(\.events)
            let revisions = events.map(\.revision)
            #expect(revisions == revisions.sorted(), "events out of order")
            let distinct = orderedDistinct(revisions)
            let expectedRevisions = (from.rawValue...final.rawValue).map { Revision($0) }
            #expect(distinct == expectedRevisions, "revisions differ: \(firstGap(distinct, expectedRevisions))")
            let expected = expectedWatchEvents(acks, in: .all, from: from, prevKV: true)
            #expect(events.count == expected.count, "\(events.count) events, expected \(expected.count)")
            if let index = events.indices.first(where: { $0 < expected.count && events[$0] != expected[$0] }) {
                Issue.record("first wrong event #\(index): \(events[index]) expected \(expected[index])")
            }
            stream.cancel()
        }
    }

    // MARK: prevKV

    @Test(arguments: HistorySource.allCases)
    func prevKVCorrect(_ source: HistorySource) async throws {
        try await withScratchStore({ $0.eventRingMaxEvents = source.ringEvents }) { store in
            let liveWith = try await store.watch(.all, prevKV: true)
            let liveWithout = try await store.watch(.all, prevKV: false)
            let lease = try await store.grantLease(ttlSeconds: 600).id
            try await store.put(k("/a"), k("1"))  // 1
            try await store.put(k("/a"), k("2"))  // 2
            try await store.put(k("/b"), k("x"), lease: lease)  // 3
            try await store.delete(.key(k("/a")))  // 4
            _ = try await store.txn(
                TxnRequest(success: [
                    .put(PutRequest(key: k("/b"), value: k("y"))), .put(PutRequest(key: k("/c"), value: k("1"))),
                ]))  // 5
            try await store.delete(.prefix("/"))  // 6
            try await store.put(k("/a"), k("3"))  // 7
            try await store.put(k("/d"), k("4"), lease: lease)  // 8
            try await store.revokeLease(lease)  // 9
            #expect(store.currentRevision == 9)

            func kv(
                _ key: String, _ value: String, _ create: Revision, _ mod: Revision, _ version: Int64,
                _ lease: LeaseID = .none
            )
                -> KeyValue
            {
                KeyValue(
                    key: k(key), value: k(value), createRevision: create, modRevision: mod, version: version,
                    lease: lease)
            }
            func put(_ now: KeyValue, _ previous: KeyValue?) -> WatchEvent {
                WatchEvent(kind: .put, kv: now, prevKV: previous)
            }
            func delete(_ previous: KeyValue, at revision: Revision) -> WatchEvent {
                WatchEvent(
                    kind: .delete,
                    kv: KeyValue(key: previous.key, value: [], createRevision: 0, modRevision: revision, version: 0),
                    prevKV: previous)
            }
            let a1 = kv("/a", "1", 1, 1, 1)
            let a2 = kv("/a", "2", 1, 2, 2)
            let bx = kv("/b", "x", 3, 3, 1, lease)
            let by = kv("/b", "y", 3, 5, 2)
            let c1 = kv("/c", "1", 5, 5, 1)
            let a3 = kv("/a", "3", 7, 7, 1)
            let d4 = kv("/d", "4", 8, 8, 1, lease)
            let expected = [
                put(a1, nil), put(a2, a1), put(bx, nil), delete(a2, at: 4), put(by, bx), put(c1, nil),
                delete(by, at: 6), delete(c1, at: 6), put(a3, nil), put(d4, nil), delete(d4, at: 9),
            ]
            let stripped = expected.map { WatchEvent(kind: $0.kind, kv: $0.kv) }
            // The same from history: the ring, or SQLite when the ring is off.
            let pastWith = try await store.watch(.all, from: 1, prevKV: true)
            let pastWithout = try await store.watch(.all, from: 1, prevKV: false)
            for (name, stream, wanted) in [
                ("live prevKV", liveWith, expected), ("live no prevKV", liveWithout, stripped),
                ("past prevKV", pastWith, expected), ("past no prevKV", pastWithout, stripped),
            ] {
                let events = try await collectWatch(stream, through: 9).flatMap(\.events)
                #expect(events.count == wanted.count, "\(name)")
                for (index, (got, want)) in zip(events, wanted).enumerated() {
                    #expect(got == want, "\(name) event #\(index)")
                }
            }
        }
    }

    // MARK: Range filter

    @Test(arguments: HistorySource.allCases)
    func rangeFilter(_ source: HistorySource) async throws {
        try await withScratchStore({ $0.eventRingMaxEvents = source.ringEvents }) { store in
            let names = ["/a", "/a/", "/a/x", "/a/x/y", "/a0", "/ab", "/b/x", "/a/z", "/"]
            let watched: [(String, KeyRange, [String])] = [
                ("prefix /a/", .prefix("/a/"), ["/a/", "/a/x", "/a/x/y", "/a/z"]),
                ("key /a/x", .key("/a/x"), ["/a/x"]),
                (
                    "range [/a/x, /b)", KeyRange(start: k("/a/x"), end: k("/b")),
                    ["/a/x", "/a/x/y", "/a/z", "/a0", "/ab"]
                ),
                ("from /b/ on", KeyRange(start: k("/b/"), end: nil), ["/b/x"]),
            ]
            var live: [WatchStream] = []
            for (_, range, _) in watched { live.append(try await store.watch(range)) }
            // Each key put, then a txn over keys in and out of the ranges, then deletes.
            for name in names { try await store.put(k(name), k("v")) }
            _ = try await store.txn(
                TxnRequest(success: [
                    .put(PutRequest(key: k("/a/x"), value: k("w"))), .put(PutRequest(key: k("/ab"), value: k("w"))),
                    .put(PutRequest(key: k("/b/x"), value: k("w"))),
                ]))
            try await store.delete(.prefix("/a"))
            try await store.delete(.key(k("/b/x")))
            let final = store.currentRevision
            // Each watch is read until a progress notification says it has everything up to `final`.
            for (index, (name, range, keys)) in watched.enumerated() {
                let past = try await store.watch(range, from: 1)
                var expected: [String] = []
                expected += names.filter { keys.contains($0) }
                expected += ["/a/x", "/ab", "/b/x"].filter { keys.contains($0) }
                expected += names.filter { $0.hasPrefix("/a") }.sorted().filter { keys.contains($0) }
                expected += ["/b/x"].filter { keys.contains($0) }
                for (label, stream) in [("live", live[index]), ("past", past)] {
                    let log = WatchResponseLog()
                    _ = try await collectWatchUntilProgress(stream, atLeast: final, into: log)
                    let got = log.events.map { String(decoding: $0.kv.key, as: UTF8.self) }
                    #expect(got == expected, "\(label) \(name)")
                    #expect(log.events.allSatisfy { range.contains($0.kv.key) })
                }
            }
        }
    }

    // MARK: Progress

    @Test func progressNotification() async throws {
        try await withScratchStore { store in
            for index in 0..<20 { try await store.put(k("/p/\(index % 4)"), k("\(index)")) }
            let all = try await store.watch(.all, from: 1)
            let quiet = try await store.watch(.prefix("/quiet/"), from: 1)

            // On request: after every event up to the current revision.
            all.requestProgress()
            let responses = try await collectWatch(all) { $0.responses.contains(where: \.isProgressNotification) }
            #expect(responses.last?.isProgressNotification == true)
            #expect(responses.last?.revision == 20)
            #expect(orderedDistinct(responses.flatMap(\.events).map(\.revision)) == (1...20).map { Revision($0) })
            quiet.requestProgress()
            let quietResponse = try await collectWatch(quiet) { !$0.responses.isEmpty }
            #expect(quietResponse.map(\.revision) == [Revision(20)])
            #expect(quietResponse.first?.isProgressNotification == true)

            // On request while writers are busy: a notification at N comes after every event up to N
            // and before every event after N.
            let log = WatchResponseLog()
            async let writes = writeFromConcurrentWriters(store, writers: 3, writesEach: 100)
            let requester = Task {
                for _ in 0..<200 {
                    all.requestProgress()
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            _ = try await writes
            try await requester.value
            let final = store.currentRevision
            all.requestProgress()
            _ = try await collectWatch(all, into: log) { log in
                log.responses.contains { $0.isProgressNotification && $0.revision == final }
            }
            var delivered = Revision(20)
            var notifications = 0
            for response in log.responses {
                if response.isProgressNotification {
                    notifications += 1
                    #expect(
                        response.revision >= delivered,
                        "progress at \(response.revision) after events up to \(delivered)")
                    #expect(response.revision <= final)
                    delivered = max(delivered, response.revision)
                } else {
                    #expect(
                        response.events.first!.revision == delivered.next,
                        "events at \(response.events.first!.revision) after everything up to \(delivered)")
                    delivered = response.revision
                }
            }
            #expect(notifications >= 1)
            #expect(delivered == final)
        }

        // Periodic, for the watches that asked, while run() works.
        try await withScratchStore({ $0.progressNotifyInterval = .milliseconds(100) }) { store in
            try await store.put(k("/x"), k("1"))
            let notified = try await store.watch(.all, progressNotify: true)
            let silent = try await store.watch(.all, progressNotify: false)
            let runner = Task { try await store.run() }
            try await store.put(k("/x"), k("2"))
            let responses = try await collectWatch(notified, timeout: .seconds(5)) {
                $0.responses.contains { $0.isProgressNotification && $0.revision >= 2 }
            }
            #expect(responses.flatMap(\.events).map(\.kv.value) == [k("2")])
            #expect(responses.last?.isProgressNotification == true)
            #expect(responses.last?.revision == 2)
            let silentLog = WatchResponseLog()
            await #expect(throws: WatchCollectionTimeout.self) {
                _ = try await collectWatch(silent, into: silentLog, timeout: .milliseconds(600)) {
                    $0.responses.contains(where: \.isProgressNotification)
                }
            }
            #expect(silentLog.responses.map(\.events.count) == [1], "a watch that did not ask got notifications")
            runner.cancel()
            try await runner.value
        }
    }

    // MARK: Compacted start

    @Test func compactedStart() async throws {
        try await withScratchStore { store in
            for index in 1...10 { try await store.put(k("/k\(index % 3)"), k("\(index)")) }
            try await store.compact(to: 5)
            for from: Revision in [1, 4, 5] {
                let error = await thrownStoreError { _ = try await store.watch(.all, from: from) }
                #expect(error?.code == .compacted, "watch from \(from)")
                #expect(error?.compactRevision == 5, "watch from \(from)")
            }
            let stream = try await store.watch(.all, from: 6)
            let responses = try await collectWatch(stream, through: 10)
            #expect(responses.flatMap(\.events).map(\.revision) == (6...10).map { Revision($0) })
        }
    }

    // MARK: Overflow

    @Test func overflow() async throws {
        let limit = 100
        // Overflow does not depend on durability; without an fsync per put the test stays quick when
        // the machine's disk is busy with the other tests. The timeouts only guard against hangs.
        try await withScratchStore({
            $0.watcherBufferLimit = limit
            $0.durability = .normal
        }) { store in
            let stalled = try await store.watch(.all)
            let reading = try await store.watch(.all)
            #expect(store.watcherCount == 2)
            let readLog = WatchResponseLog()
            let reader = Task { try await collectWatch(reading, through: 500, into: readLog, timeout: .seconds(120)) }
            for batch in 0..<20 {
                for index in 0..<25 { try await store.put(k("/o/\(index)"), k("\(batch)-\(index)")) }
                // Keep the reading watch well under its limit whatever the scheduling.
                try await withTestTimeout(.seconds(60)) {
                    while readLog.lastRevision < store.currentRevision { try await Task.sleep(for: .milliseconds(1)) }
                }
            }
            let readResponses = try await reader.value
            #expect(readResponses.flatMap(\.events).map(\.revision) == (1...500).map { Revision($0) })
            #expect(store.watcherCount == 1, "the overflowed watcher is still registered")

            let stalledLog = WatchResponseLog()
            let error = await thrownStoreError {
                _ = try await collectWatch(stalled, into: stalledLog, timeout: .seconds(10)) { _ in false }
            }
            #expect(error?.code == .watchOverflow)
            let delivered = stalledLog.events.map(\.revision)
            #expect(delivered == (1...Int64(delivered.count)).map { Revision($0) }, "buffered events are a prefix")
            #expect(
                delivered.count >= limit && delivered.count <= limit + 1, "delivered \(delivered.count) buffered events"
            )
            reading.cancel()
            #expect(store.watcherCount == 0)
        }
    }

    // MARK: Cancel

    @Test func cancel() async throws {
        try await withScratchStore { store in
            #expect(store.watcherCount == 0)

            // A consumer waiting in next() gets nil.
            let waited = try await store.watch(.all)
            #expect(store.watcherCount == 1)
            let consumer = Task { () -> Int in
                var iterator = waited.makeAsyncIterator()
                var count = 0
                while try await iterator.next() != nil { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            waited.cancel()
            let consumed = try await withTestTimeout(.seconds(5)) { try await consumer.value }
            #expect(consumed == 0)
            #expect(store.watcherCount == 0)

            // Pending events are dropped; later writes are not delivered.
            let pending = try await store.watch(.all)
            try await store.put(k("/c"), k("1"))
            #expect(store.watcherCount == 1)
            pending.cancel()
            #expect(store.watcherCount == 0)
            try await store.put(k("/c"), k("2"))
            var iterator = pending.makeAsyncIterator()
            #expect(try await iterator.next() == nil)
            #expect(try await iterator.next() == nil)

            // Cancelling the consuming task ends the watch too.
            let owned = try await store.watch(.all)
            #expect(store.watcherCount == 1)
            let task = Task { () -> Int in
                var count = 0
                for try await _ in owned { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            #expect(try await withTestTimeout(.seconds(5)) { try await task.value } == 0)
            #expect(store.watcherCount == 0)

            // Dropping the stream cancels it.
            do { _ = try await store.watch(.all) }
            #expect(store.watcherCount == 0)
        }
    }
}

// MARK: - Concurrent writers and what they were acknowledged

/// A change as a watch reports it.
private struct WatchChangeID: Hashable, CustomStringConvertible {
    var revision: Revision
    var key: [UInt8]
    var description: String { "\(revision):\(String(decoding: key, as: UTF8.self))" }
}

/// One acknowledged write: its revision and its changes in order (value nil: a deletion).
private struct AckedWrite: Sendable {
    struct Change: Sendable, Hashable {
        var key: [UInt8]
        var value: [UInt8]?
    }

    var revision: Revision
    var changes: [Change]
}

/// `count` writes by one writer to its own keys under `/w/<writer>/`: puts, 3-key transactions and
/// deletes of its live keys, each making exactly one revision.
private func writeAsWriter(_ store: Store, writer: Int, count: Int) async throws -> [AckedWrite] {
    var acks: [AckedWrite] = []
    var live: [[UInt8]] = []
    for index in 0..<count {
        if index % 5 == 4, let key = live.first {
            let response = try await store.delete(.key(key))
            #expect(response.deleted == 1)
            live.removeFirst()
            acks.append(AckedWrite(revision: response.revision, changes: [.init(key: key, value: nil)]))
        } else if index % 7 == 3 {
            let changes = (0..<3).map { AckedWrite.Change(key: k("/w/\(writer)/t\($0)"), value: k("t\(index)-\($0)")) }
            let response = try await store.txn(
                TxnRequest(success: changes.map { .put(PutRequest(key: $0.key, value: $0.value!)) }))
            acks.append(AckedWrite(revision: response.revision, changes: changes))
            for change in changes where !live.contains(change.key) { live.append(change.key) }
        } else {
            let change = AckedWrite.Change(key: k("/w/\(writer)/\(index % 12)"), value: k("w\(writer)-\(index)"))
            let response = try await store.put(change.key, change.value!)
            acks.append(AckedWrite(revision: response.revision, changes: [change]))
            if !live.contains(change.key) { live.append(change.key) }
        }
    }
    return acks
}

/// `writers` concurrent writers, each making `writesEach` writes; their acknowledgements.
private func writeFromConcurrentWriters(
    _ store: Store, writers: Int, writesEach: Int, firstWriter: Int = 1
) async throws -> [AckedWrite] {
    try await withThrowingTaskGroup(of: [AckedWrite].self) { group in
        for writer in firstWriter..<(firstWriter + writers) {
            group.addTask { try await writeAsWriter(store, writer: writer, count: writesEach) }
        }
        var acks: [AckedWrite] = []
        for try await part in group { acks += part }
        return acks
    }
}

/// The events a watch must deliver for the acknowledged writes (every write of the store).
private func expectedWatchEvents(
    _ acks: [AckedWrite], in range: KeyRange, from: Revision, prevKV: Bool
) -> [WatchEvent] {
    var state: [[UInt8]: KeyValue] = [:]
    var events: [WatchEvent] = []
    for ack in acks.sorted(by: { $0.revision < $1.revision }) {
        for change in ack.changes {
            let previous = state[change.key]
            let event: WatchEvent
            if let value = change.value {
                let kv = KeyValue(
                    key: change.key, value: value, createRevision: previous?.createRevision ?? ack.revision,
                    modRevision: ack.revision, version: (previous?.version ?? 0) + 1)
                state[change.key] = kv
                event = WatchEvent(kind: .put, kv: kv, prevKV: prevKV ? previous : nil)
            } else {
                state[change.key] = nil
                event = WatchEvent(
                    kind: .delete,
                    kv: KeyValue(key: change.key, value: [], createRevision: 0, modRevision: ack.revision, version: 0),
                    prevKV: prevKV ? previous : nil)
            }
            if ack.revision >= from && range.contains(change.key) { events.append(event) }
        }
    }
    return events
}

/// Several watches, opened before, during and at the end of concurrent writes, some from the
/// past (served by the ring or by SQLite), and everything they delivered.
private struct ConcurrentWatchScenario {
    struct Watch {
        var name: String
        var range: KeyRange
        var from: Revision
        var responses: [WatchResponse]
    }

    var acks: [AckedWrite]
    var final: Revision
    var watches: [Watch]
}

private func runConcurrentWatchScenario() async throws -> ConcurrentWatchScenario {
    // A ring of 150 events: watches from further back replay from SQLite.
    try await withScratchStore({ $0.eventRingMaxEvents = 150 }) { store in
        var acks = try await writeAsWriter(store, writer: 0, count: 200)
        var opened: [(name: String, range: KeyRange, stream: WatchStream)] = []
        func open(_ name: String, _ range: KeyRange, from: Revision?) async throws {
            opened.append((name, range, try await store.watch(range, from: from)))
        }
        try await open("live all", .all, from: nil)
        try await open("all from 1 (SQLite)", .all, from: 1)
        try await open("all from recent (ring)", .all, from: Revision(store.currentRevision.rawValue - 10))
        let start = store.currentRevision
        async let written = writeFromConcurrentWriters(store, writers: 4, writesEach: 150)
        // While the writers go on: watches from the past (beyond the ring, so replayed from SQLite
        // while live revisions arrive), from a little in the past (the ring) and from now.
        for round in 1...6 {
            try await waitForRevision(store, atLeast: Revision(start.rawValue + Int64(round) * 80))
            let current = store.currentRevision.rawValue
            try await open("all from the past during writes #\(round)", .all, from: Revision(current - 190))
            try await open("all from recent during writes #\(round)", .all, from: Revision(current - 2))
            if round == 3 {
                try await open("prefix /w/1/ live during writes", .prefix("/w/1/"), from: nil)
                try await open("prefix /w/2/ from 1 during writes", .prefix("/w/2/"), from: 1)
            }
        }
        acks += try await written
        let final = store.currentRevision
        var watches: [ConcurrentWatchScenario.Watch] = []
        for (name, range, stream) in opened {
            let from = stream.startRevision
            let last = acks.filter { ack in ack.revision >= from && ack.changes.contains { range.contains($0.key) } }
                .map(\.revision).max()
            var responses: [WatchResponse] = []
            if let last { responses = try await collectWatch(stream, through: last) }
            watches.append(.init(name: name, range: range, from: from, responses: responses))
        }
        return ConcurrentWatchScenario(acks: acks, final: final, watches: watches)
    }
}

/// Checks that no revision is split across responses and that each response's revision is its
/// last event's.
private func expectWholeRevisions(
    _ responses: [WatchResponse], _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    var seen: Set<Revision> = []
    for response in responses where !response.isProgressNotification {
        let revisions = Set(response.events.map(\.revision))
        #expect(
            seen.isDisjoint(with: revisions), "\(name): a revision split across responses",
            sourceLocation: sourceLocation)
        #expect(response.revision == response.events.last?.revision, sourceLocation: sourceLocation)
        seen.formUnion(revisions)
    }
}

/// The distinct values of an ordered sequence, in order.
private func orderedDistinct(_ revisions: [Revision]) -> [Revision] {
    var result: [Revision] = []
    for revision in revisions where result.last != revision { result.append(revision) }
    return result
}

/// Where two revision lists first differ, for messages.
private func firstGap(_ got: [Revision], _ expected: [Revision]) -> String {
    guard let index = got.indices.first(where: { $0 < expected.count && got[$0] != expected[$0] }) else {
        return got.count == expected.count ? "none" : "lengths \(got.count) vs \(expected.count)"
    }
    return "at #\(index): got \(got[index]), expected \(expected[index])"
}
