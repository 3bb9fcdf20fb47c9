import DequeModule
import Synchronization

/// A bounded single-consumer channel of byte chunks: ``send(_:)`` waits while ``capacity``
/// chunks are unread, so a slow reader slows the writer instead of growing memory. Transports
/// use it between the task that writes a stream and the one that reads it.
public final class ChunkChannel: Sendable {
    private struct State {
        var buffer: Deque<[UInt8]> = []
        var finished = false
        var failure: (any Error)?
        var reader: CheckedContinuation<[UInt8]?, any Error>?
        var writers: [CheckedContinuation<Void, any Error>] = []
    }

    /// Unread chunks at most.
    public let capacity: Int
    private let state = Mutex(State())

    /// A channel.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds a chunk, waiting while the channel is full; throws `CancellationError` once finished.
    public func send(_ chunk: [UInt8]) async throws {
        while true {
            enum Step { case done, wait, closed }
            var reader: CheckedContinuation<[UInt8]?, any Error>?
            let step: Step = state.withLock { state in
                if state.finished { return .closed }
                if let waiting = state.reader {
                    state.reader = nil
                    reader = waiting
                    return .done
                }
                if state.buffer.count < capacity {
                    state.buffer.append(chunk)
                    return .done
                }
                return .wait
            }
            switch step {
            case .closed: throw CancellationError()
            case .done:
                reader?.resume(returning: chunk)
                return
            case .wait:
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.finished || state.buffer.count < capacity { return true }
                        state.writers.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Ends the channel: the reader gets the buffered chunks, then the end (or `error`).
    public func finish(_ error: (any Error)?) {
        let (reader, writers) = state.withLock {
            state -> (CheckedContinuation<[UInt8]?, any Error>?, [CheckedContinuation<Void, any Error>]) in
            if state.finished { return (nil, []) }
            state.finished = true
            state.failure = error
            let reader = state.buffer.isEmpty ? state.reader : nil
            if reader != nil { state.reader = nil }
            defer { state.writers = [] }
            return (reader, state.writers)
        }
        for writer in writers { writer.resume() }
        if let reader {
            if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
        }
    }

    /// The next chunk; nil at the end.
    public func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
            enum Answer {
                case chunk([UInt8], CheckedContinuation<Void, any Error>?)
                case end((any Error)?)
                case wait
            }
            let answer: Answer = state.withLock { state in
                if let chunk = state.buffer.popFirst() {
                    let writer = state.writers.isEmpty ? nil : state.writers.removeFirst()
                    return .chunk(chunk, writer)
                }
                if state.finished { return .end(state.failure) }
                state.reader = continuation
                return .wait
            }
            switch answer {
            case .chunk(let chunk, let writer):
                writer?.resume()
                continuation.resume(returning: chunk)
            case .end(let error):
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            case .wait:
                break
            }
        }
    }
}
