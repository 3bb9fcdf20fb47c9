import NIOCore
import Synchronization

/// The idle keep-alive connections of one ``HTTPTransport``, at most ``maxIdle`` of them, and
/// counters of the connections the transport opened.
///
/// A request takes the most recently used idle connection, skipping (and closing) those the
/// server has closed meanwhile, and gives it back when its response ended cleanly with
/// keep-alive. When the pool is full, or the connection is not reusable, it is closed.
final class HTTPConnectionPool: Sendable {
    /// How many connections were ever opened and how many are open now. A separate object so
    /// that the channels' close callbacks do not keep the pool alive.
    final class Counters: Sendable {
        /// Connections opened so far.
        let opened = Atomic<Int>(0)
        /// Connections open now.
        let open = Atomic<Int>(0)
    }

    private struct State {
        var idle: [HTTPConnection] = []
        var shutDown = false
    }

    /// The most idle connections kept.
    let maxIdle: Int
    /// The connection counters.
    let counters = Counters()
    private let state = Mutex(State())

    /// An empty pool keeping at most `maxIdle` idle connections.
    init(maxIdle: Int) {
        self.maxIdle = maxIdle
    }

    deinit {
        shutDown()
    }

    /// Counts a newly opened connection, open until its channel closes.
    func track(_ connection: HTTPConnection) {
        counters.opened.add(1, ordering: .relaxed)
        counters.open.add(1, ordering: .relaxed)
        let counters = self.counters
        connection.channel.closeFuture.whenComplete { _ in
            counters.open.subtract(1, ordering: .relaxed)
        }
    }

    /// An open idle connection, or `nil` when there is none.
    func take() -> HTTPConnection? {
        var stale: [HTTPConnection] = []
        let found = state.withLock { state in
            while let connection = state.idle.popLast() {
                if connection.isActive { return Optional(connection) }
                stale.append(connection)
            }
            return nil
        }
        for connection in stale { connection.close() }
        return found
    }

    /// Gives back a connection whose response ended cleanly: kept when open and there is room,
    /// closed otherwise.
    func give(_ connection: HTTPConnection) {
        let kept = state.withLock { state in
            guard !state.shutDown, connection.isActive, state.idle.count < maxIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes the idle connections and keeps no more.
    func shutDown() {
        let idle = state.withLock { state in
            state.shutDown = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }
}
