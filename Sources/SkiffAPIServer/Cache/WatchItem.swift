import SkiffAPI

/// What a cache watcher receives, in revision order.
enum WatchItem: Sendable {
    /// A change as the watcher sees it (a selector turns some changes into ADDED or DELETED).
    case event(WatchEventType, CachedObject)
    /// Everything up to this revision has been sent; `initialEventsEnd` marks the end of the
    /// initial state of a `sendInitialEvents` watch.
    case bookmark(revision: Int64, initialEventsEnd: Bool)
    /// The watch cannot go on (410 Expired when the cache restarted); the stream ends after it.
    case error(Status)
}

/// The `type` of a watch event.
enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One change to one object, as the cache's ring keeps it.
struct CacheEvent: Sendable {
    /// ADDED, MODIFIED or DELETED, as the store saw it.
    var type: WatchEventType
    /// The revision.
    var revision: Int64
    /// The new state (for DELETED, the last state with the deletion's revision).
    var object: CachedObject
    /// The state before (for MODIFIED and DELETED).
    var previous: CachedObject?

    /// What a watcher with `filter` receives for this change, if anything.
    func view(through filter: WatchFilter) -> (WatchEventType, CachedObject)? {
        switch type {
        case .added:
            return filter.matches(object) ? (.added, object) : nil
        case .deleted:
            return filter.matches(previous ?? object) ? (.deleted, object) : nil
        case .modified:
            let before = previous.map(filter.matches) ?? false
            let after = filter.matches(object)
            switch (before, after) {
            case (true, true): return (.modified, object)
            case (false, true): return (.added, object)
            case (true, false): return (.deleted, object)
            case (false, false): return nil
            }
        }
    }
}
