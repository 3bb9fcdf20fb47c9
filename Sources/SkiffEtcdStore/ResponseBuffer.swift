import DequeModule
import SkiffStore
import Synchronization

/// The responses of one watch between the task that receives them and the one consumer that
/// reads them: unbounded up to `limit` responses, after which the watch ends with
/// ``StoreError/Code/watchOverflow`` (its consumer re-watches from the last revision it saw).
final class ResponseBuffer: Sendable {
    private struct State {
        var queue: Deque<WatchResponse> = []
        var waiter: CheckedContinuation<WatchResponse?, any Error>?
        /// Set once the watch ended.
        var ended = false
        /// What ended it; nil for a cancel.
        var error: StoreError?
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Adds a response; false once the buffer is ended (the watch is over).
    func push(_ response: WatchResponse) -> Bool {
        let (waiter, open) = state.withLock { state -> (CheckedContinuation<WatchResponse?, any Error>?, Bool) in
            guard !state.ended else { return (nil, false) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, true)
            }
            if state.queue.count >= limit {
                state.ended = true
                state.error = StoreError(
                    .watchOverflow, "the watch fell \(limit) responses behind; watch again from the last revision seen")
                return (nil, false)
            }
            state.queue.append(response)
            return (nil, true)
        }
        waiter?.resume(returning: response)
        return open
    }

    /// Ends the buffer: responses already queued are still delivered, then `error` is thrown
    /// (nil: the sequence just ends).
    func finish(_ error: StoreError?, immediately: Bool = false) {
        let waiter = state.withLock { state -> CheckedContinuation<WatchResponse?, any Error>? in
            if immediately { state.queue.removeAll() }
            guard !state.ended else { return nil }
            state.ended = true
            state.error = error
            defer { state.waiter = nil }
            return state.waiter
        }
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    var isEnded: Bool { state.withLock { $0.ended } }

    /// The next response, waiting for one; nil after a cancel; the ending error once queued
    /// responses are delivered. Cancelling the waiting task ends the buffer.
    func next() async throws -> WatchResponse? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let result = state.withLock { state -> Result<WatchResponse?, StoreError>? in
                    if let first = state.queue.popFirst() { return .success(first) }
                    if state.ended {
                        if let error = state.error { return .failure(error) }
                        return .success(nil)
                    }
                    if Task.isCancelled {
                        state.ended = true
                        return .success(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                switch result {
                case .success(let response)?: continuation.resume(returning: response)
                case .failure(let error)?: continuation.resume(throwing: error)
                case nil: break
                }
            }
        } onCancel: {
            finish(nil, immediately: true)
        }
    }
}
