/// What feeds a ``WatchStream``. A backend implements it with the guarantees ``WatchStream``
/// lists; ``next()`` is called by one consumer at a time.
public protocol WatchSource: Sendable {
    /// The watch's identifier, unique within its backend.
    var id: Int { get }
    /// The first revision the watch reports.
    var startRevision: Revision { get }
    /// The next response; nil once the watch was cancelled or its consumer's task was; throws
    /// the ``StoreError`` that ended it.
    func next() async throws -> WatchResponse?
    /// Asks for a progress notification at the backend's current revision.
    func requestProgress()
    /// Ends the watch; ``next()`` then returns nil. Called again, it does nothing.
    func cancel()
}
