import Foundation

/// client-go's controller expectations (`UIDTrackingControllerExpectations`): before creating or
/// deleting pods for a key, a controller records what it expects to see; informer events count
/// the creations down and strike the deleted uids off. Until they are met (or five minutes
/// pass) the controller does not create or delete again for that key, so a cache that has not
/// caught up with its own writes cannot make it act twice.
public final class Expectations: @unchecked Sendable {
    private struct Entry {
        var adds: Int
        var deletes: Set<String>
        var setAt: Date
    }

    /// How long expectations hold before they are considered met anyway.
    public let timeout: TimeInterval
    private var entries: [String: Entry] = [:]
    private let lock = NSLock()

    /// Expectations with client-go's five-minute timeout.
    public init(timeout: TimeInterval = 300) {
        self.timeout = timeout
    }

    /// Whether the controller may act on `key` at `now`.
    public func satisfied(_ key: String, now: Date = Date()) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key] else { return true }
        if entry.adds <= 0, entry.deletes.isEmpty { return true }
        return now.timeIntervalSince(entry.setAt) > timeout
    }

    /// Records `adds` creations and the uids about to be deleted (replacing what was recorded).
    public func expect(_ key: String, adds: Int = 0, deletes: Set<String> = [], now: Date = Date()) {
        lock.lock()
        defer { lock.unlock() }
        entries[key] = Entry(adds: adds, deletes: deletes, setAt: now)
    }

    /// A creation for `key` was seen (or a create failed and will not be seen).
    public func creationObserved(_ key: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[key]?.adds -= 1
    }

    /// The pod with `uid` was deleted (or its delete failed and will not be seen).
    public func deletionObserved(_ key: String, uid: String) {
        lock.lock()
        defer { lock.unlock() }
        _ = entries[key]?.deletes.remove(uid)
    }

    /// Forgets a key (its owner is gone).
    public func forget(_ key: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[key] = nil
    }

    /// What is still expected for a key: creations and deletions.
    public func pending(_ key: String) -> (adds: Int, deletes: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key] else { return (0, 0) }
        return (max(0, entry.adds), entry.deletes.count)
    }
}
