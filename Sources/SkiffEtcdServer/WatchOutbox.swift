import GRPCCore
import SkiffEtcdAPI
import Synchronization

/// The responses of one Watch stream on their way to the client: every watch's task queues its
/// messages here and one writer sends whatever has gathered in a single write. With 100 watches
/// on one stream (kube-apiserver's pattern) a put's 100 events then cost one trip to the
/// connection's event loop instead of 100. Each watch's messages keep their order. A full outbox
/// makes senders wait, so a slow client slows its watches (which then fall behind in the store
/// and resume from its log) instead of growing memory without bound.
final class WatchOutbox: Sendable {
    private struct State {
        var messages: [EtcdWatchResponse] = []
        var writer: CheckedContinuation<Void, Never>?
        var senders: [CheckedContinuation<Void, any Error>] = []
        var closed: (any Error)?
    }

    /// Messages queued beyond which senders wait.
    static let limit = 1_024

    private let state = Mutex(State())

    /// Queues `message`; waits while the outbox is full. Fails once the outbox is closed.
    func send(_ message: EtcdWatchResponse) async throws {
        let (writer, full) = try state.withLock { state throws -> (CheckedContinuation<Void, Never>?, Bool) in
            if let closed = state.closed { throw closed }
            state.messages.append(message)
            defer { state.writer = nil }
            return (state.writer, state.messages.count >= Self.limit)
        }
        writer?.resume()
        guard full else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> Result<Void, any Error>? in
                if let closed = state.closed { return .failure(closed) }
                if state.messages.count < Self.limit { return .success(()) }
                state.senders.append(continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Writes queued messages to `response` until the outbox is closed or a write fails (which
    /// closes it).
    func run(_ response: RPCWriter<EtcdWatchResponse>) async throws {
        try await withTaskCancellationHandler {
            while true {
                let batch = await next()
                guard let batch else { return }
                do {
                    try await response.write(contentsOf: batch)
                } catch {
                    close(error)
                    throw error
                }
            }
        } onCancel: {
            close()
        }
    }

    /// Everything queued, waiting for something if empty; nil once closed.
    private func next() async -> [EtcdWatchResponse]? {
        while true {
            let (batch, senders, closed) = state.withLock {
                state -> ([EtcdWatchResponse], [CheckedContinuation<Void, any Error>], Bool) in
                let batch = state.messages
                state.messages = []
                let senders = state.senders
                state.senders = []
                return (batch, senders, state.closed != nil)
            }
            for sender in senders { sender.resume() }
            if !batch.isEmpty { return batch }
            if closed { return nil }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.messages.isEmpty || state.closed != nil { return true }
                    state.writer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Closes the outbox: senders fail with `error`; the writer sends what is queued, then stops.
    func close(_ error: any Error = CancellationError()) {
        let (writer, senders) = state.withLock {
            state -> (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, any Error>]) in
            if state.closed == nil { state.closed = error }
            defer {
                state.writer = nil
                state.senders = []
            }
            return (state.writer, state.senders)
        }
        writer?.resume()
        for sender in senders { sender.resume(throwing: error) }
    }
}
