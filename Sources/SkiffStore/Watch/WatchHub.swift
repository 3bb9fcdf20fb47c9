import Synchronization

/// In-process fan-out of committed revisions to watchers, plus the ring of recent events.
///
/// The writer calls ``publish(_:through:)`` after each commit, on its thread, with every revision
/// of the commit in order. Registration, publishing and progress notifications all hold the hub's
/// lock, which is what makes a new watcher's start point exact: it sees every revision after the
/// one the hub had published when it registered, and its history (from the ring or from SQLite)
/// covers the rest, so nothing is missed or delivered twice.
final class WatchHub: Sendable {
    private struct State {
        var watchers: [Int: Watcher] = [:]
        var ring: EventRing
        var lastRevision: Revision
        var nextID = 1
        var closedError: StoreError?
    }

    /// How a new watcher starts.
    enum Start {
        /// The watcher is live; nothing more to fetch.
        case live
        /// The watcher must be given the history from `from` through `through` from SQLite.
        case needsHistory(from: Revision, through: Revision)
    }

    private let state: Mutex<State>

    init(current: Revision, ringMaxEvents: Int, ringMaxBytes: Int) {
        state = Mutex(
            State(
                ring: EventRing(current: current, maxEvents: ringMaxEvents, maxBytes: ringMaxBytes),
                lastRevision: current))
    }

    /// The last revision published.
    var lastRevision: Revision { state.withLock { $0.lastRevision } }

    /// Number of registered watchers.
    var watcherCount: Int { state.withLock { $0.watchers.count } }

    /// Publishes committed revisions (in order) and advances the published revision to `through`.
    func publish(_ batches: [RevisionEvents], through revision: Revision) {
        state.withLock { state in
            for batch in batches { state.ring.append(batch) }
            state.lastRevision = max(state.lastRevision, revision)
            if batches.isEmpty { return }
            var ended: [Int] = []
            for (id, watcher) in state.watchers where !watcher.offer(batches) { ended.append(id) }
            for id in ended { state.watchers[id] = nil }
        }
    }

    /// Registers a watcher built by `make` (given its id and whether it must catch up) that
    /// starts at `from`. Serves its history from the ring when the ring covers it.
    func register(
        from: Revision, make: (_ id: Int, _ catchingUp: Bool) -> Watcher
    ) throws(StoreError) -> (Watcher, Start) {
        try state.withLock { state throws(StoreError) -> (Watcher, Start) in
            if let error = state.closedError { throw error }
            let id = state.nextID
            state.nextID += 1
            let needsPast = from <= state.lastRevision
            if !needsPast {
                let watcher = make(id, false)
                state.watchers[id] = watcher
                return (watcher, .live)
            }
            if state.ring.covers(from) {
                let watcher = make(id, false)
                _ = watcher.offer(state.ring.revisions(from: from))
                state.watchers[id] = watcher
                return (watcher, .live)
            }
            let watcher = make(id, true)
            state.watchers[id] = watcher
            return (watcher, .needsHistory(from: from, through: state.lastRevision))
        }
    }

    /// Drops a watcher.
    func remove(_ id: Int) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
    }

    /// Sends a progress notification at the published revision to one watcher.
    func requestProgress(_ watcher: Watcher) {
        state.withLock { state in watcher.offerProgress(state.lastRevision) }
    }

    /// Sends a progress notification to every watcher that asked for them.
    func notifyProgress() {
        state.withLock { state in
            for watcher in state.watchers.values where watcher.progressNotify {
                watcher.offerProgress(state.lastRevision)
            }
        }
    }

    /// Ends every watcher with `error` and refuses new ones.
    func close(_ error: StoreError) {
        let watchers = state.withLock { state -> [Watcher] in
            state.closedError = error
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish(error) }
    }
}
