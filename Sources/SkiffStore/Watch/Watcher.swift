import DequeModule
import Synchronization

/// One watcher's state: its filter and a bounded queue of what it has yet to deliver.
///
/// The hub offers every committed revision to every watcher, under the hub's lock and in revision
/// order; the watcher keeps what falls in its range. While it catches up from history, live
/// revisions wait in a holding queue and are appended after the history. A watcher whose queues
/// pass ``limit`` events is ended with ``StoreError/Code/watchOverflow`` after what it already
/// holds has been delivered.
final class Watcher: Sendable {
    enum Item: Sendable {
        case events(Revision, [WatchEvent])
        case progress(Revision)
    }

    private struct State {
        var items = Deque<Item>()
        var held: [Item] = []
        var buffered = 0
        var catchingUp: Bool
        var waiter: CheckedContinuation<WatchResponse?, any Error>?
        var terminal: StoreError?
        var ended = false
        /// The last revision offered; events arrive in order and nothing at or below it again.
        var lastRevision: Revision
        /// The last live revision held while catching up.
        var lastHeldRevision: Revision
        /// A progress notification asked for while catching up, answered once caught up.
        var pendingProgress: Revision?
    }

    let id: Int
    let range: KeyRange
    let prevKV: Bool
    let progressNotify: Bool
    let startRevision: Revision
    let limit: Int
    let maxEventsPerResponse: Int
    private let state: Mutex<State>

    init(
        id: Int, range: KeyRange, startRevision: Revision, prevKV: Bool, progressNotify: Bool,
        limit: Int, maxEventsPerResponse: Int, catchingUp: Bool
    ) {
        self.id = id
        self.range = range
        self.startRevision = startRevision
        self.prevKV = prevKV
        self.progressNotify = progressNotify
        self.limit = max(1, limit)
        self.maxEventsPerResponse = max(1, maxEventsPerResponse)
        let before = Revision(startRevision.rawValue - 1)
        self.state = Mutex(State(catchingUp: catchingUp, lastRevision: before, lastHeldRevision: before))
    }

    /// Keeps what this watcher wants of `events` (already in revision order).
    func filter(_ batch: RevisionEvents) -> Item? {
        guard batch.revision >= startRevision else { return nil }
        var kept: [WatchEvent] = []
        for event in batch.events where range.contains(event.kv.key) {
            if prevKV || event.prevKV == nil {
                kept.append(event)
            } else {
                var stripped = event
                stripped.prevKV = nil
                kept.append(stripped)
            }
        }
        return kept.isEmpty ? nil : .events(batch.revision, kept)
    }

    /// Offers committed revisions. Returns false when the watcher has ended (overflowed, finished
    /// or cancelled) and should be dropped by the hub.
    func offer(_ batches: [RevisionEvents]) -> Bool {
        var items: [Item] = []
        for batch in batches { if let item = filter(batch) { items.append(item) } }
        return append(items, live: true)
    }

    /// Delivers one page of history (events with revisions in order); `done` on the last page
    /// moves the held live items behind it.
    func deliverHistory(_ events: [WatchEvent], done: Bool) {
        var items: [Item] = []
        var index = 0
        while index < events.count {
            let revision = events[index].revision
            var batch: [WatchEvent] = []
            while index < events.count && events[index].revision == revision {
                batch.append(events[index])
                index += 1
            }
            if let item = filter(RevisionEvents(revision: revision, events: batch)) { items.append(item) }
        }
        _ = append(items, live: false)
        guard done else { return }
        let (waiter, response) = state.withLock {
            state -> (CheckedContinuation<WatchResponse?, any Error>?, WatchResponse?) in
            state.catchingUp = false
            state.lastRevision = max(state.lastRevision, state.lastHeldRevision)
            state.items.append(contentsOf: state.held)
            state.held = []
            if let pending = state.pendingProgress, !state.ended, state.terminal == nil {
                state.items.append(.progress(max(pending, state.lastRevision)))
            }
            state.pendingProgress = nil
            return Self.takeWaiter(&state, maxEvents: maxEventsPerResponse)
        }
        if let waiter, let response { waiter.resume(returning: response) }
    }

    /// Queues a progress notification at `revision`; a watcher still catching up answers once it
    /// has caught up (everything up to `revision` is then queued before the notification).
    func offerProgress(_ revision: Revision) {
        let (waiter, response) = state.withLock {
            state -> (CheckedContinuation<WatchResponse?, any Error>?, WatchResponse?) in
            guard !state.ended, state.terminal == nil else { return (nil, nil) }
            if state.catchingUp {
                state.pendingProgress = max(state.pendingProgress ?? revision, revision)
                return (nil, nil)
            }
            if case .progress = state.items.last { state.items.removeLast() }
            state.items.append(.progress(max(revision, state.lastRevision)))
            return Self.takeWaiter(&state, maxEvents: maxEventsPerResponse)
        }
        if let waiter, let response { waiter.resume(returning: response) }
    }

    /// Ends the watcher: with `error`, after what it holds is delivered (overflow, close), or at
    /// once when `immediately` (cancellation).
    func finish(_ error: StoreError?, immediately: Bool = false) {
        let waiter = state.withLock { state -> CheckedContinuation<WatchResponse?, any Error>? in
            guard !state.ended && state.terminal == nil else { return nil }
            if immediately {
                state.ended = true
                state.items.removeAll()
            }
            state.terminal = error ?? StoreError(.closed, "the watch was cancelled")
            guard state.items.isEmpty else { return nil }
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        guard let waiter else { return }
        if immediately {
            waiter.resume(returning: nil)
        } else {
            waiter.resume(throwing: error ?? StoreError(.closed, "the watch was cancelled"))
        }
    }

    /// Waits for the next response; nil when the watch was cancelled.
    func next() async throws -> WatchResponse? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<WatchResponse?, any Error>) in
                let outcome = state.withLock { state -> Result<WatchResponse?, StoreError>? in
                    if let response = Self.pop(&state, maxEvents: maxEventsPerResponse) { return .success(response) }
                    if state.ended { return .success(nil) }
                    if let terminal = state.terminal {
                        state.ended = true
                        return .failure(terminal)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            finish(nil, immediately: true)
        }
    }

    private func append(_ items: [Item], live: Bool) -> Bool {
        let (alive, waiter, response) = state.withLock {
            state -> (Bool, CheckedContinuation<WatchResponse?, any Error>?, WatchResponse?) in
            if state.ended || state.terminal != nil { return (false, nil, nil) }
            for item in items {
                guard case .events(let revision, let events) = item else { continue }
                if live && state.catchingUp {
                    guard revision > state.lastHeldRevision else { continue }
                    state.lastHeldRevision = revision
                    state.held.append(item)
                } else {
                    guard revision > state.lastRevision else { continue }
                    state.lastRevision = revision
                    state.items.append(item)
                }
                state.buffered += events.count
            }
            if state.buffered > limit {
                let delivered = Revision(state.lastRevision.rawValue)
                state.terminal = StoreError(
                    .watchOverflow,
                    "watcher \(id) fell behind by more than \(limit) events and was ended; "
                        + "re-watch from the revision after the last one received (buffered up to \(delivered))")
                // Live events held during a catch-up follow history not yet read: delivering them
                // would leave a gap before them, and a re-watch from after them would skip it.
                if !state.catchingUp { state.items.append(contentsOf: state.held) }
                state.held = []
                let (waiter, response) = Self.takeWaiter(&state, maxEvents: maxEventsPerResponse)
                return (false, waiter, response)
            }
            let (waiter, response) = Self.takeWaiter(&state, maxEvents: maxEventsPerResponse)
            return (true, waiter, response)
        }
        if let waiter, let response { waiter.resume(returning: response) }
        return alive
    }

    private static func takeWaiter(
        _ state: inout State, maxEvents: Int
    ) -> (CheckedContinuation<WatchResponse?, any Error>?, WatchResponse?) {
        guard let waiter = state.waiter, let response = pop(&state, maxEvents: maxEvents) else { return (nil, nil) }
        state.waiter = nil
        return (waiter, response)
    }

    /// Pops whole revisions (up to `maxEvents`, at least one revision) or one progress item.
    private static func pop(_ state: inout State, maxEvents: Int) -> WatchResponse? {
        guard let first = state.items.first else { return nil }
        if case .progress(let revision) = first {
            state.items.removeFirst()
            return WatchResponse(revision: revision, events: [])
        }
        var events: [WatchEvent] = []
        var last = Revision.zero
        while case .events(let revision, let batch) = state.items.first,
            events.isEmpty || events.count + batch.count <= maxEvents
        {
            state.items.removeFirst()
            events.append(contentsOf: batch)
            last = revision
        }
        state.buffered -= events.count
        return WatchResponse(revision: last, events: events)
    }
}
