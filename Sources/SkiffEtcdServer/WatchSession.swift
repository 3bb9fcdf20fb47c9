import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore
import Synchronization

/// The watches of one etcd Watch stream: their ids, store watches and progress requests.
/// Requests are handled one at a time by the stream's receive loop; each watch's events are sent
/// by ``pump(_:)`` in a task of its own. Every response goes through the stream's ``WatchOutbox``,
/// which keeps each watch's messages in order.
final class WatchSession: Sendable {
    /// One watch's fixed parameters.
    struct Watch: Sendable {
        let id: Int64
        /// Tells this watch from a later one that reuses its id after a cancel.
        let token: Int
        let range: KeyRange
        let prevKV: Bool
        let progressNotify: Bool
        let skipPuts: Bool
        let skipDeletes: Bool
        let stream: WatchStream
    }

    /// An open watch: the store stream serving it (replaced when a slow watch is resumed).
    private struct Open {
        var token: Int
        var stream: WatchStream
    }

    private struct State {
        var open: [Int64: Open] = [:]
        var nextToken = 0
        var nextID: Int64 = 0
        /// The progress request in flight.
        var round: ProgressRound?
    }

    private let store: Store
    private let identity: EtcdIdentity
    private let metrics: EtcdMetrics
    private let outbox: WatchOutbox
    private let state = Mutex(State())

    init(store: Store, identity: EtcdIdentity, metrics: EtcdMetrics, outbox: WatchOutbox) {
        self.store = store
        self.identity = identity
        self.metrics = metrics
        self.outbox = outbox
    }

    /// etcd's error text when a watch's range holds no key.
    static let emptyRange = "mvcc: watcher range is empty"
    /// etcd's error text when a client-chosen watch id is taken.
    static let duplicateID = "mvcc: duplicate watch ID provided on the WatchStream"

    /// Creates a watch and sends its `created` response. Returns the watch to pump, or nil when
    /// the create was refused (a `created` and `canceled` response says why) or its start revision
    /// is compacted (a `created` response, then a `canceled` one with `compact_revision`, as etcd
    /// sends them).
    func create(_ create: EtcdWatchCreateRequest) async throws -> Watch? {
        let revision = store.currentRevision
        // etcd: an empty key is the smallest key, "\0".
        let range = EtcdKeyRange.range(key: create.key.isEmpty ? Data([0]) : create.key, rangeEnd: create.rangeEnd)
        guard let id = reserveID(create.watchID) else {
            try await send(refusal: Self.duplicateID, revision: revision)
            return nil
        }
        if range.isEmpty {
            try await send(refusal: Self.emptyRange, revision: revision)
            return nil
        }
        let stream: WatchStream
        do {
            stream = try await store.watch(
                range, from: create.startRevision > 0 ? Revision(create.startRevision) : nil, prevKV: create.prevKv,
                progressNotify: create.progressNotify)
        } catch  where error.code == .compacted {
            try await send(created: id, revision: revision)
            try await send(compacted: id, at: error.compactRevision ?? store.compactRevision)
            return nil
        } catch {
            throw EtcdError(error)
        }
        let token = state.withLock { state in
            state.nextToken += 1
            state.open[id] = Open(token: state.nextToken, stream: stream)
            return state.nextToken
        }
        metrics.watchers.add(1, ordering: .relaxed)
        try await send(created: id, revision: revision)
        return Watch(
            id: id, token: token, range: range, prevKV: create.prevKv, progressNotify: create.progressNotify,
            skipPuts: create.filters.contains(.noput), skipDeletes: create.filters.contains(.nodelete), stream: stream)
    }

    /// The id for a new watch: the one asked for, if free (nil when taken), else the next free one.
    private func reserveID(_ requested: Int64) -> Int64? {
        state.withLock { state in
            if requested != 0 { return state.open[requested] == nil ? requested : nil }
            while state.open[state.nextID] != nil { state.nextID += 1 }
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Sends a watch's events until it is cancelled. A watch that falls so far behind that the
    /// store ends it resumes from the revision after the last one sent (the store replays it from
    /// its log, as etcd's unsynced watchers catch up); a watch whose history is compacted meanwhile
    /// is cancelled with `compact_revision`.
    func pump(_ watch: Watch) async throws {
        var stream = watch.stream
        var next = stream.startRevision
        defer { metrics.watchers.subtract(1, ordering: .relaxed) }
        while true {
            do {
                for try await batch in stream {
                    guard let last = batch.events.last else {
                        try await progressed(watch, at: batch.revision)
                        continue
                    }
                    next = last.revision.next
                    var events: [EtcdEvent] = []
                    events.reserveCapacity(batch.events.count)
                    for event in batch.events {
                        if event.kind == .put ? watch.skipPuts : watch.skipDeletes { continue }
                        events.append(EtcdEvent(event, prevKV: watch.prevKV))
                    }
                    // Nothing more once cancelled, as etcd drops what a cancelled watcher had queued.
                    guard !events.isEmpty, isOpen(watch) else { continue }
                    var message = EtcdWatchResponse()
                    message.header = identity.header(batch.revision)
                    message.watchID = watch.id
                    message.events = events
                    metrics.eventsSent.add(events.count, ordering: .relaxed)
                    try await outbox.send(message)
                }
                return
            } catch let error as StoreError where error.code == .watchOverflow {
                do {
                    let resumed = try await store.watch(
                        watch.range, from: next, prevKV: watch.prevKV, progressNotify: watch.progressNotify)
                    guard let progressWaiting = replace(watch, with: resumed) else {
                        resumed.cancel()
                        return
                    }
                    stream = resumed
                    metrics.watchResumes.add(1, ordering: .relaxed)
                    // A progress request the ended stream had not answered goes to the new one.
                    if progressWaiting { resumed.requestProgress() }
                } catch  where error.code == .compacted {
                    try await end(watch, compactedAt: error.compactRevision ?? store.compactRevision)
                    return
                } catch {
                    throw EtcdError(error)
                }
            } catch let error as StoreError where error.code == .compacted {
                try await end(watch, compactedAt: error.compactRevision ?? store.compactRevision)
                return
            } catch let error as StoreError {
                throw EtcdError(error)
            }
        }
    }

    /// Whether `watch` is still open (not cancelled, its id not reused).
    private func isOpen(_ watch: Watch) -> Bool {
        state.withLock { $0.open[watch.id]?.token == watch.token }
    }

    /// Puts `stream` in place of a watch's ended one; nil when the watch is no longer open, else
    /// whether a progress round waits for it.
    private func replace(_ watch: Watch, with stream: WatchStream) -> Bool? {
        state.withLock { state in
            guard state.open[watch.id]?.token == watch.token else { return nil }
            state.open[watch.id]?.stream = stream
            return state.round?.isWaiting(for: watch.id) ?? false
        }
    }

    /// Ends a watch whose history was compacted before it was delivered.
    private func end(_ watch: Watch, compactedAt compactRevision: Revision) async throws {
        let answer = state.withLock { state -> ProgressAnswer? in
            guard state.open[watch.id]?.token == watch.token else { return nil }
            return Self.remove(watch.id, from: &state)
        }
        guard let answer else { return }
        try await send(compacted: watch.id, at: compactRevision)
        try await answerProgress(answer)
    }

    /// Cancels a watch at the client's request; an id that is not open gets no answer, as in etcd.
    func cancel(_ id: Int64) async throws {
        let (stream, answer) = state.withLock { state -> (WatchStream?, ProgressAnswer) in
            (state.open[id]?.stream, Self.remove(id, from: &state))
        }
        guard let stream else { return }
        stream.cancel()
        var message = EtcdWatchResponse()
        message.header = identity.header(store.currentRevision)
        message.watchID = id
        message.canceled = true
        try await outbox.send(message)
        try await answerProgress(answer)
    }

    /// Ends every watch (the stream is closing).
    func cancelAll() {
        let streams = state.withLock { state in
            defer { state.open = [:] }
            return state.open.values.map(\.stream)
        }
        for stream in streams { stream.cancel() }
    }

    /// Answers a stream-wide progress request (`requests` of them) once every open watch has
    /// delivered everything up to some revision (at once when none is open).
    func requestProgress(requests: Int = 1) async throws {
        let waiting = state.withLock { state -> [WatchStream]? in
            if state.open.isEmpty { return nil }
            if state.round != nil {
                state.round?.requests += requests
                return []
            }
            state.round = ProgressRound(waitingFor: Set(state.open.keys), requests: requests)
            return state.open.values.map(\.stream)
        }
        guard let waiting else {
            let revision = store.currentRevision
            for _ in 0..<requests { try await send(progress: -1, revision: revision) }
            return
        }
        for stream in waiting { stream.requestProgress() }
    }

    /// What removing a watch means for a progress round in flight.
    private enum ProgressAnswer {
        case none
        /// The round is complete: answer its requests at this revision.
        case answer(Revision, requests: Int)
        /// Every watch the round waited for ended unconfirmed: ask again.
        case restart(requests: Int)
    }

    private static func remove(_ id: Int64, from state: inout State) -> ProgressAnswer {
        state.open[id] = nil
        guard var round = state.round else { return .none }
        if let revision = round.drop(id) {
            state.round = nil
            return .answer(revision, requests: round.requests)
        }
        if round.isAbandoned {
            state.round = nil
            return .restart(requests: round.requests)
        }
        state.round = round
        return .none
    }

    private func answerProgress(_ answer: ProgressAnswer) async throws {
        switch answer {
        case .none: return
        case .answer(let revision, let requests):
            for _ in 0..<requests { try await send(progress: -1, revision: revision) }
        case .restart(let requests):
            try await requestProgress(requests: requests)
        }
    }

    /// A watch reported that it delivered everything up to `revision`: part of a progress round,
    /// or its own periodic notification.
    private func progressed(_ watch: Watch, at revision: Revision) async throws {
        let (answer, forward) = state.withLock { state -> (ProgressAnswer, Bool) in
            guard state.open[watch.id]?.token == watch.token else { return (.none, false) }
            guard var round = state.round, round.isWaiting(for: watch.id) else { return (.none, watch.progressNotify) }
            guard let answer = round.confirm(watch.id, at: revision) else {
                state.round = round
                return (.none, false)
            }
            state.round = nil
            return (.answer(answer, requests: round.requests), false)
        }
        if forward { try await send(progress: watch.id, revision: revision) }
        try await answerProgress(answer)
    }

    private func send(created id: Int64, revision: Revision) async throws {
        var message = EtcdWatchResponse()
        message.header = identity.header(revision)
        message.watchID = id
        message.created = true
        try await outbox.send(message)
    }

    private func send(refusal reason: String, revision: Revision) async throws {
        var message = EtcdWatchResponse()
        message.header = identity.header(revision)
        message.watchID = -1
        message.created = true
        message.canceled = true
        message.cancelReason = reason
        try await outbox.send(message)
    }

    private func send(compacted id: Int64, at compactRevision: Revision) async throws {
        var message = EtcdWatchResponse()
        message.header = identity.header(store.currentRevision)
        message.watchID = id
        message.canceled = true
        message.compactRevision = compactRevision.rawValue
        try await outbox.send(message)
    }

    private func send(progress id: Int64, revision: Revision) async throws {
        var message = EtcdWatchResponse()
        message.header = identity.header(revision)
        message.watchID = id
        try await outbox.send(message)
    }
}
