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

    private let watcher: Watcher
    private let hub: WatchHub

    init(watcher: Watcher, hub: WatchHub) {
        self.watcher = watcher
        self.hub = hub
    }

    deinit { cancel() }

    /// The watch's identifier, unique within the store.
    public var id: Int { watcher.id }

    /// The first revision this watch reports.
    public var startRevision: Revision { watcher.startRevision }

    /// Asks for a progress notification: once every event up to the store's current revision has
    /// been delivered, a response with no events carries that revision.
    public func requestProgress() { hub.requestProgress(watcher) }

    /// Ends the watch; the sequence then returns nil.
    public func cancel() {
        hub.remove(watcher.id)
        watcher.finish(nil, immediately: true)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(stream: self) }

    /// Iterates the responses of a ``WatchStream``.
    public struct Iterator: AsyncIteratorProtocol {
        let stream: WatchStream

        public mutating func next() async throws -> WatchResponse? {
            let response = try await stream.watcher.next()
            // Ended: by cancel() (already removed) or by cancelling the consuming task, which the
            // watcher handles without knowing the hub; drop it now rather than at the next commit.
            if response == nil { stream.hub.remove(stream.watcher.id) }
            return response
        }
    }
}
