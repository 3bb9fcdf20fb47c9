import Testing

@testable import SkiffStore

@Suite("Compaction")
struct CompactionTests {
    @Test func keepsLatestVersionOfLiveKeysAndDropsHistory() async throws {
        try await withScratchStore { store in
            for round in 0..<10 {
                for key in 0..<20 { try await store.put(k("/c/\(key)"), k("\(round)")) }
            }
            try await store.delete(.key("/c/0"))
            let before = try await store.fileStatistics()
            #expect(before.logRows == 201)
            try await store.compact(to: store.currentRevision)
            let after = try await store.fileStatistics()
            #expect(after.logRows == 19)
            #expect(after.liveKeys == 19)
            let all = try await store.range(RangeRequest(.prefix("/c/")))
            #expect(all.count == 19)
            #expect(all.kvs.allSatisfy { $0.value == k("9") && $0.version == 10 })
            // The current revision survives compacting a delete at the head.
            #expect(store.currentRevision == 201)
            #expect(try await store.put(k("/next"), []).revision == 202)
        }
    }

    @Test func readsAtAndAboveTheCompactedRevisionStillWork() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("1"))  // 1
            try await store.put(k("/b"), k("1"))  // 2
            try await store.put(k("/a"), k("2"))  // 3
            try await store.delete(.key("/b"))  // 4
            try await store.put(k("/a"), k("3"))  // 5
            try await store.compact(to: 3)
            let atThree = try await store.range(RangeRequest(.all, revision: 3))
            #expect(atThree.kvs.map(\.value) == [k("2"), k("1")])
            let atFour = try await store.range(RangeRequest(.all, revision: 4))
            #expect(atFour.kvs.map(\.key) == [k("/a")])
            // A watch from just above the compacted revision replays everything after it, with prevKV.
            let watch = try await store.watch(.all, from: 4, prevKV: true)
            var iterator = watch.makeAsyncIterator()
            var events: [WatchEvent] = []
            while events.count < 2, let response = try await iterator.next() { events += response.events }
            #expect(events.map(\.revision) == [4, 5])
            #expect(events[0].prevKV?.value == k("1"))
            #expect(events[1].prevKV?.value == k("2"))
        }
    }

    @Test func recreatedKeysReadCorrectlyAcrossTheirTombstones() async throws {
        try await withScratchStore { store in
            try await store.put(k("/r"), k("first"))  // 1
            try await store.delete(.key("/r"))  // 2
            try await store.put(k("/r"), k("second"))  // 3
            try await store.put(k("/gone"), k("x"))  // 4
            try await store.delete(.key("/gone"))  // 5
            #expect(try await store.get(k("/r"), revision: 1)?.value == k("first"))
            #expect(try await store.get(k("/r"), revision: 2) == nil)
            #expect(try await store.get(k("/r"), revision: 3)?.createRevision == 3)
            #expect(try await store.get(k("/gone"), revision: 4)?.value == k("x"))
            #expect(try await store.range(RangeRequest(.all, revision: 4, countOnly: true)).count == 2)
            try await store.compact(to: 2)
            #expect(try await store.get(k("/r"), revision: 2) == nil)
            #expect(try await store.get(k("/r"), revision: 3)?.value == k("second"))
            // Once its tombstone is compacted, a deleted key leaves the current index entirely.
            try await store.compact(to: 5)
            let indexed = try await store.readers.read { db throws(StoreError) in
                try db.scalar("SELECT count(*) FROM kv_current") ?? -1
            }
            #expect(indexed == 1)
            #expect(try await store.range(RangeRequest(.all, revision: 5)).kvs.map(\.key) == [k("/r")])
        }
    }

    @Test func batchesStayShortAndCompactionResumesAfterRestart() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("resume.db")
        var options = StoreOptions()
        options.automaticCompaction = false
        let store = try Store.open(path: path, options: options, logger: quietLogger)
        for round in 0..<30 {
            _ = try await store.txn(
                TxnRequest(success: (0..<50).map { .put(PutRequest(key: k("/r/\($0)"), value: k("\(round)"))) })
            )
        }
        // Record the target, run a single batch, then "crash" (close without finishing).
        try await store.writer.beginCompaction(to: 30)
        await store.writer.setCompactionStep(5)
        #expect(try await !store.writer.compactStep())
        await store.close()
        options.automaticCompaction = true
        options.historyWindow = .seconds(3_600)
        let reopened = try Store.open(path: path, options: options, logger: quietLogger)
        #expect(reopened.compactRevision == 30)
        #expect(await reopened.writer.compactionPending)
        let service = Task { try await reopened.run() }
        let deadline = ContinuousClock.now + .seconds(60)
        while await reopened.writer.compactionPending && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await !reopened.writer.compactionPending)
        #expect(try await reopened.fileStatistics().logRows == 50)
        service.cancel()
        _ = try? await service.value
        await reopened.close()
    }

    @Test func automaticCompactionKeepsTheWindow() async throws {
        try await withScratchStore({
            $0.automaticCompaction = true
            $0.historyWindow = .milliseconds(300)
        }) { store in
            let service = Task { try await store.run() }
            defer { service.cancel() }
            try await store.put(k("/w"), k("1"))
            try await store.put(k("/w"), k("2"))
            let early = store.currentRevision
            let deadline = ContinuousClock.now + .seconds(60)
            var index = 0
            while store.compactRevision < early && ContinuousClock.now < deadline {
                try await store.put(k("/w"), k("\(index)"))
                index += 1
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(store.compactRevision >= early)
            // Compaction targets the head of one window earlier (on a starved machine that can be
            // the head itself), never beyond it; the current state stays readable.
            #expect(store.compactRevision <= store.currentRevision)
            #expect(try await store.get(k("/w")) != nil)
            #expect(await thrownStoreError { _ = try await store.get(k("/w"), revision: 1) }?.code == .compacted)
        }
    }

    @Test func longChurnDoesNotGrowTheFileWithoutBound() async throws {
        try await withScratchStore { store in
            var sizes: [Int64] = []
            let value = [UInt8](repeating: 7, count: 1_024)
            for round in 0..<6 {
                for batch in 0..<20 {
                    _ = try await store.txn(
                        TxnRequest(
                            success: (0..<100).map {
                                .put(
                                    PutRequest(key: k("/churn/\($0)"), value: value + [UInt8(batch), UInt8(round)]))
                            }))
                }
                try await store.compact(to: store.currentRevision)
                let stats = try await store.fileStatistics()
                sizes.append(stats.pageCount * stats.pageSize)
                #expect(stats.logRows == 100)
            }
            // After the first rounds the file stops growing: freed pages are reused or returned.
            #expect(sizes[5] <= sizes[1] + sizes[1] / 2, "file sizes per round: \(sizes)")
            #expect(store.statistics.longestCompactionBatchNs > 0)
        }
    }
}
