import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore
import Synchronization
import Testing

/// The Watch service through a real gRPC client: several watches on one stream, history,
/// filters, cancel, progress requests and compaction.
@Suite(.timeLimit(.minutes(2)))
struct EtcdWatchTests {
    @Test func watchesShareAStream() async throws {
        try await EtcdHarness.with { etcd in
            try await etcd.put("/a/1", "old")
            let driver = WatchDriver(etcd.watch)
            var responses = driver.responses.makeAsyncIterator()

            // From revision 1, with previous values: history first, then live events.
            driver.create("/a/", end: "/a0", from: 1) { $0.prevKv = true }
            let first = try await responses.expectNext()
            #expect(first.created && first.watchID == 0 && first.header.revision == 1)
            let history = try await responses.expectNext()
            #expect(history.watchID == 0 && history.events.map(\.kv.value) == [Data("old".utf8)])

            // A second watch with a client-chosen id, without puts (NOPUT).
            driver.create("/a/", end: "/a0") {
                $0.watchID = 7
                $0.filters = [.noput]
            }
            let second = try await responses.expectNext()
            #expect(second.created && second.watchID == 7)

            try await etcd.put("/a/1", "new")
            let update = try await responses.expectNext()
            #expect(update.watchID == 0)
            #expect(update.events.map(\.type) == [.put] && update.events[0].prevKv.value == Data("old".utf8))
            #expect(update.header.revision == 2)

            var delete = EtcdDeleteRangeRequest()
            delete.key = Data("/a/1".utf8)
            _ = try await etcd.kv.deleteRange(delete)
            var deletes: [Int64: [EtcdEvent.EventType]] = [:]
            for _ in 0..<2 {
                let response = try await responses.expectNext()
                deletes[response.watchID] = response.events.map(\.type)
            }
            #expect(deletes == [0: [.delete], 7: [.delete]])

            // A taken id is refused; a cancel is answered; the cancelled watch hears nothing more.
            driver.create("/b") { $0.watchID = 7 }
            let refused = try await responses.expectNext()
            #expect(refused.created && refused.canceled && refused.watchID == -1)
            #expect(refused.cancelReason == "mvcc: duplicate watch ID provided on the WatchStream")
            var cancel = EtcdWatchRequest()
            cancel.cancelRequest.watchID = 0
            driver.send(cancel)
            let cancelled = try await responses.expectNext()
            #expect(cancelled.canceled && cancelled.watchID == 0 && cancelled.compactRevision == 0)
            try await etcd.put("/a/2", "x")
            try await etcd.put("/a/2", "y")
            // Only watch 7 remains, and it drops puts: the next thing seen is the progress answer.
            var progress = EtcdWatchRequest()
            progress.progressRequest = EtcdWatchProgressRequest()
            driver.send(progress)
            let answer = try await responses.expectNext()
            #expect(answer.watchID == -1 && answer.events.isEmpty && answer.header.revision == 5)
            // As in etcd, a client that closed its side still receives events.
            driver.close()
            delete.key = Data("/a/2".utf8)
            _ = try await etcd.kv.deleteRange(delete)
            let afterClose = try await responses.expectNext()
            #expect(afterClose.watchID == 7 && afterClose.events.map(\.type) == [.delete])
        }
    }

    @Test func compactedStartRevision() async throws {
        try await EtcdHarness.with { etcd in
            for index in 1...4 { try await etcd.put("k", "\(index)") }
            var compact = EtcdCompactionRequest()
            compact.revision = 3
            _ = try await etcd.kv.compact(compact)
            let driver = WatchDriver(etcd.watch)
            var responses = driver.responses.makeAsyncIterator()
            driver.create("k", from: 2)
            let created = try await responses.expectNext()
            #expect(created.created && !created.canceled)
            let ended = try await responses.expectNext()
            #expect(ended.canceled && ended.compactRevision == 3 && ended.watchID == created.watchID)

            // After the compacted revision, the history is there. (etcd also serves a watch from
            // the compacted revision itself; the store treats that one as compacted.)
            driver.create("k", from: 4)
            _ = try await responses.expectNext()
            let replay = try await responses.expectNext()
            #expect(replay.events.map(\.kv.modRevision) == [4])
        }
    }

    @Test func progressWithoutWatchesAndEmptyRanges() async throws {
        try await EtcdHarness.with { etcd in
            try await etcd.put("a")
            let driver = WatchDriver(etcd.watch)
            var responses = driver.responses.makeAsyncIterator()
            var progress = EtcdWatchRequest()
            progress.progressRequest = EtcdWatchProgressRequest()
            driver.send(progress)
            let answer = try await responses.expectNext()
            #expect(answer.watchID == -1 && answer.header.revision == 1)
            driver.create("b", end: "a")
            let refused = try await responses.expectNext()
            #expect(refused.canceled && refused.cancelReason == "mvcc: watcher range is empty")
        }
    }

    /// A progress request that reaches a watch while it still replays history from the log is
    /// answered once the replay is done, after the history.
    @Test func progressWhileCatchingUp() async throws {
        var options = StoreOptions()
        options.eventRingMaxEvents = 10  // older starts replay from the log
        try await EtcdHarness.with(options: options) { etcd in
            for batch in 0..<20 {
                var txn = EtcdTxnRequest()
                txn.success = (0..<100).map { index in
                    var op = EtcdRequestOp()
                    op.requestPut.key = Data("/h/\(batch)-\(index)".utf8)
                    op.requestPut.value = Data(repeating: 1, count: 512)
                    return op
                }
                _ = try await etcd.kv.txn(txn)
            }
            let driver = WatchDriver(etcd.watch)
            var responses = driver.responses.makeAsyncIterator()
            driver.create("/h/", end: "/h0", from: 1)
            var progress = EtcdWatchRequest()
            progress.progressRequest = EtcdWatchProgressRequest()
            driver.send(progress)
            var events = 0
            var answered: EtcdWatchResponse?
            while answered == nil {
                let response = try await responses.expectNext()
                if response.watchID == -1 { answered = response } else { events += response.events.count }
            }
            #expect(events == 2_000)
            #expect(answered?.header.revision == 20)
        }
    }

    /// A watcher too slow for the store's buffer is not dropped: it resumes from the store's log.
    @Test func slowWatcherCatchesUp() async throws {
        var options = StoreOptions()
        // Every transaction below is more than a live watcher may hold, so each one ends the
        // store's watch and the endpoint resumes it from the log.
        options.watcherBufferLimit = 10
        try await EtcdHarness.with(options: options) { etcd in
            let driver = WatchDriver(etcd.watch)
            var responses = driver.responses.makeAsyncIterator()
            driver.create("/load/", end: "/load0")
            _ = try await responses.expectNext()
            // Many large values in few transactions, while nothing reads the stream.
            let value = String(repeating: "v", count: 1_000)
            for batch in 0..<30 {
                var txn = EtcdTxnRequest()
                txn.success = (0..<100).map { index in
                    var op = EtcdRequestOp()
                    op.requestPut.key = Data("/load/\(batch)-\(index)".utf8)
                    op.requestPut.value = Data(value.utf8)
                    return op
                }
                _ = try await etcd.kv.txn(txn)
            }
            var revisions: [Int64] = []
            while revisions.count < 30 {
                let response = try await responses.expectNext()
                #expect(!response.canceled)
                for event in response.events where revisions.last != event.kv.modRevision {
                    revisions.append(event.kv.modRevision)
                }
            }
            #expect(revisions == Array(1...30))
            #expect(etcd.metrics.watchResumes.load(ordering: .relaxed) > 0)
        }
    }
}
