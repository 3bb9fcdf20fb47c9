/// A live watch: an `AsyncSequence` of ``WatchResponse`` values.
///
/// Guarantees, each covered by a test of its own:
/// - **Ordered**: events arrive in revision order, and in key-change order within a revision.
/// - **Unique**: no event is delivered twice.
/// - **Atomic**: all of one transaction's events in the watched range arrive in one response.
/// - **Reliable**: no gaps: every change in the range from the start revision on is delivered.
/// - **Resumable**: a watch can start at any revision inside the history window.
/// - **Filtered**: only keys in the watched range; `prevKV` only when asked for.
/// - **Progress**: a response with no events at revision N means every event up to N was
///   delivered.
///
/// The sequence ends by throwing ``StoreError/Code/watchOverflow`` when the consumer fell too far
/// behind (after delivering what was already buffered), ``StoreError/Code/compacted`` when its
/// history was compacted while it caught up, or ``StoreError/Code/closed`` when the store closed.
/// It returns nil after ``cancel()`` or when the consuming task is cancelled. Dropping the stream
/// cancels it.
public final class WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchResponse

    private let source: any WatchSource

    /// A stream over `source`: the store's own watches, or a backend's (an etcd cluster's).
    public init(source: any WatchSource) {
        self.source = source
    }

    deinit { cancel() }

    /// The watch's identifier, unique within the backend that made it.
    public var id: Int { source.id }

    /// The first revision this watch reports.
    public var startRevision: Revision { source.startRevision }

    /// Asks for a progress notification: once every event up to the store's current revision has
    /// been delivered, a response with no events carries that revision.
    public func requestProgress() { source.requestProgress() }

    /// Ends the watch; the sequence then returns nil.
    public func cancel() { source.cancel() }

    public func makeAsyncIterator() -> Iterator { Iterator(stream: self) }

    /// Iterates the responses of a ``WatchStream``.
    public struct Iterator: AsyncIteratorProtocol {
        let stream: WatchStream

        public mutating func next() async throws -> WatchResponse? {
            try await stream.source.next()
        }
    }
}
