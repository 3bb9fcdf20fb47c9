import Foundation
import GRPCCore
import Logging
import SkiffEtcdAPI
import SkiffStore
import Synchronization

/// One watch on the etcd cluster, behind a ``WatchStream``.
///
/// A task keeps an etcd Watch stream open from the revision after the last one delivered: when
/// the member serving it goes away (or the cluster has no leader), it opens another on any member,
/// so the consumer sees every revision once, in order, across member failures. It ends with
/// ``StoreError/Code/compacted`` only when the revision to resume from has been compacted.
///
/// Responses carry the revision of their last event (etcd's header revision can run ahead of the
/// events a catching-up watch has delivered). Progress answers are passed on only from clusters
/// that order them after pending events (``EtcdDatastore/orderedProgress``).
final class EtcdWatchSource: WatchSource {
    let id: Int
    let startRevision: Revision
    private let buffer: ResponseBuffer
    private let state: Mutex<State>
    private let driver: Mutex<Task<Void, Never>?> = Mutex(nil)

    private struct State {
        /// The first revision not yet delivered: where a new stream starts.
        var next: Int64
        /// The open stream's request writer, for progress requests.
        var control: AsyncStream<EtcdWatchRequest>.Continuation?
        /// Streams that failed in a row, for the pause before the next.
        var failures = 0
    }

    init(id: Int, startRevision: Revision, bufferLimit: Int) {
        self.id = id
        self.startRevision = startRevision
        buffer = ResponseBuffer(limit: bufferLimit)
        state = Mutex(State(next: startRevision.rawValue))
    }

    /// Starts receiving for `range` from ``startRevision`` on `datastore`.
    func start(on datastore: EtcdDatastore, range: KeyRange, prevKV: Bool, progressNotify: Bool) {
        let task = Task { [self] in
            await drive(datastore, range: range, prevKV: prevKV, progressNotify: progressNotify)
        }
        driver.withLock { $0 = task }
    }

    func next() async throws -> WatchResponse? {
        do {
            let response = try await buffer.next()
            if response == nil { stop() }
            return response
        } catch {
            stop()
            throw error
        }
    }

    func requestProgress() {
        var request = EtcdWatchRequest()
        request.progressRequest = EtcdWatchProgressRequest()
        _ = state.withLock { $0.control }?.yield(request)
    }

    func cancel() {
        buffer.finish(nil, immediately: true)
        stop()
    }

    private func stop() {
        driver.withLock { $0 }?.cancel()
        state.withLock { $0.control }?.finish()
    }

    private func drive(_ datastore: EtcdDatastore, range: KeyRange, prevKV: Bool, progressNotify: Bool) async {
        let (key, rangeEnd) = EtcdTranslation.keys(range)
        while !Task.isCancelled, !buffer.isEnded, !datastore.isClosed {
            let (requests, control) = AsyncStream.makeStream(of: EtcdWatchRequest.self)
            let from = state.withLock { state -> Int64 in
                state.control = control
                return state.next
            }
            var create = EtcdWatchCreateRequest()
            create.key = key
            create.rangeEnd = rangeEnd
            create.startRevision = from
            create.prevKv = prevKV
            create.progressNotify = progressNotify
            var request = EtcdWatchRequest()
            request.createRequest = create
            let first = request
            do {
                // `hasleader`: a member cut off from the leader ends the stream instead of keeping
                // it open with nothing on it (kube-apiserver's WithRequireLeader).
                try await datastore.watches.watch(
                    metadata: ["hasleader": "true"], options: EtcdDatastore.streamOptions,
                    requestProducer: { writer in
                        try await writer.write(first)
                        for await request in requests { try await writer.write(request) }
                    },
                    onResponse: { [self] response in
                        for try await message in response.messages {
                            try receive(message, datastore: datastore)
                        }
                    })
                // The member ended the stream: open another.
            } catch let error as StoreError {
                control.finish()
                buffer.finish(error)
                return
            } catch {
                if Task.isCancelled || buffer.isEnded || datastore.isClosed { break }
                let failures = state.withLock { state -> Int in
                    state.failures += 1
                    return state.failures
                }
                if failures == 1 || failures % 20 == 0 {
                    datastore.logger.warning(
                        "etcd watch interrupted; resuming",
                        metadata: [
                            "watch.id": "\(id)", "watch.next": "\(state.withLock { $0.next })",
                            "etcd.error": "\(EtcdFailure(error))",
                        ])
                }
            }
            control.finish()
            let pause = Duration.milliseconds(min(1_000, 25 << min(state.withLock { $0.failures }, 6)))
            try? await Task.sleep(for: pause)
        }
        if datastore.isClosed { buffer.finish(StoreError(.closed, "the etcd datastore is closed")) }
    }

    /// Handles one message of the stream; throws the ``StoreError`` that ends the watch.
    private func receive(_ message: EtcdWatchResponse, datastore: EtcdDatastore) throws {
        if message.canceled {
            if message.compactRevision > 0 {
                datastore.observeCompaction(message.compactRevision)
                let next = state.withLock { $0.next }
                throw StoreError.compacted(Revision(message.compactRevision), requested: Revision(next))
            }
            // A member that lost its leader cancels with that reason: resume elsewhere. Anything
            // else (permission denied, an invalid range) would fail again: end the watch.
            if message.cancelReason.contains("leader") {
                throw RPCError(code: .unavailable, message: "etcd cancelled the watch: \(message.cancelReason)")
            }
            throw StoreError(.invalidArgument, "etcd cancelled the watch: \(message.cancelReason)")
        }
        state.withLock { $0.failures = 0 }
        if message.created { return }
        datastore.observe(message.header.revision)
        if let last = message.events.last {
            let revision = last.kv.modRevision
            state.withLock { $0.next = revision + 1 }
            let events = message.events.map(EtcdTranslation.event)
            // An ended buffer (overflow, cancel) ends the stream too.
            guard buffer.push(WatchResponse(revision: Revision(revision), events: events)) else {
                throw CancellationError()
            }
            return
        }
        // A progress answer: nothing is pending up to its revision (on clusters that order it).
        guard datastore.orderedProgress else { return }
        let revision = message.header.revision
        let advanced = state.withLock { state -> Bool in
            guard revision >= state.next else { return false }
            state.next = revision + 1
            return true
        }
        if advanced, !buffer.push(WatchResponse(revision: Revision(revision), events: [])) { throw CancellationError() }
    }
}
