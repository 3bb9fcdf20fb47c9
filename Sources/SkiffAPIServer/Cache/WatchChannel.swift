import DequeModule
import Synchronization

/// The queue between the watch cache and one client watch: the cache appends under its lock and
/// never waits; the client's writer takes everything pending at once, so a watcher that falls
/// behind catches up with one large write instead of one write per event.
final class WatchChannel: Sendable {
    private let state: Mutex<State>
    private let limit: Int

    private struct State {
        var items: Deque<WatchItem> = []
        var waiter: CheckedContinuation<[WatchItem]?, Never>?
        var finished = false
    }

    /// A channel that ends itself when more than `limit` items wait.
    init(limit: Int) {
        self.limit = limit
        state = Mutex(State())
    }

    /// Appends an item; false (and the channel is finished) when the reader is too far behind.
    @discardableResult
    func send(_ item: WatchItem) -> Bool {
        let (waiter, accepted) = state.withLock { state -> (CheckedContinuation<[WatchItem]?, Never>?, Bool) in
            guard !state.finished else { return (nil, false) }
            guard state.items.count < limit else {
                state.finished = true
                let waiter = state.waiter
                state.waiter = nil
                return (waiter, false)
            }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, true)
            }
            state.items.append(item)
            return (nil, true)
        }
        if let waiter {
            waiter.resume(returning: accepted ? [item] : nil)
        }
        return accepted
    }

    /// Ends the channel; the reader gets what is pending, then nil.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[WatchItem]?, Never>? in
            state.finished = true
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Everything pending (waiting for at least one item); nil once finished and drained.
    func next() async -> [WatchItem]? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [WatchItem]?? in
                if !state.items.isEmpty {
                    let items = Array(state.items)
                    state.items.removeAll(keepingCapacity: true)
                    return .some(items)
                }
                if state.finished { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
