import Logging
import SkiffAPI
import Synchronization

/// What an informer tells its handlers.
public enum InformerEvent: Sendable {
    /// A new object (also for every object of the first sync).
    case added(CachedItem)
    /// A changed object (a relist delivers an update for every object still there).
    case updated(old: CachedItem, new: CachedItem)
    /// A removed object: its last known state. `finalStateUnknown` when the removal was
    /// discovered by a relist rather than seen as a watch event (client-go's
    /// `DeletedFinalStateUnknown`).
    case deleted(CachedItem, finalStateUnknown: Bool)

    /// The object the event is about (the new one for an update).
    public var item: CachedItem {
        switch self {
        case .added(let item), .deleted(let item, _): item
        case .updated(_, let new): new
        }
    }
}

/// A shared informer: one reflector mirroring a resource into an ``Indexer``, and handlers that
/// hear every change in order. Many consumers share one informer (and so one watch) per resource.
///
/// Handlers run on the informer's own task, one event at a time, in the order the changes
/// happened: they must return quickly (enqueue a key; never block on I/O).
public final class Informer: Sendable, ReflectorSink {
    /// The resource mirrored.
    public let resource: APIResource
    /// The cache.
    public let indexer: Indexer
    private let handlers = Mutex<[Int: @Sendable (InformerEvent) -> Void]>([:])
    private let nextHandler = Atomic<Int>(0)
    private let synced = Mutex<(done: Bool, waiters: [Int: CheckedContinuation<Void, Never>], next: Int)>(
        (false, [:], 0))
    private let lastVersion = Mutex<String>("")

    /// An informer with extra indexes.
    public init(resource: APIResource, indexes: [String: IndexFunction] = [:]) {
        self.resource = resource
        self.indexer = Indexer(indexes: indexes)
    }

    /// Adds a handler; it first hears an `added` for every object already cached (so a late
    /// subscriber misses nothing). Returns an id for ``removeHandler(_:)``.
    @discardableResult
    public func addHandler(_ handler: @escaping @Sendable (InformerEvent) -> Void) -> Int {
        let id = nextHandler.wrappingAdd(1, ordering: .relaxed).oldValue
        // Registering under the lock that delivery takes keeps the replay and live events in order.
        handlers.withLock { handlers in
            for item in indexer.list() { handler(.added(item)) }
            handlers[id] = handler
        }
        return id
    }

    /// Removes a handler.
    public func removeHandler(_ id: Int) {
        handlers.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// Whether the first LIST (or WatchList) has been applied.
    public var hasSynced: Bool { synced.withLock { $0.done } }

    /// Waits until ``hasSynced``, or until the calling task is cancelled.
    public func waitForSync() async {
        let id = synced.withLock { state -> Int in
            defer { state.next += 1 }
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = synced.withLock { state -> Bool in
                    if state.done || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = synced.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// The last resourceVersion applied.
    public var resourceVersion: String { lastVersion.withLock { $0 } }

    // MARK: ReflectorSink

    public func replace(_ objects: [JSONValue], resourceVersion: String) {
        var entries: [(item: CachedItem, object: JSONValue)] = []
        entries.reserveCapacity(objects.count)
        for object in objects {
            if let item = CachedItem(object: object) { entries.append((item, object)) }
        }
        handlers.withLock { handlers in
            let (removed, changed) = indexer.replace(entries)
            lastVersion.withLock { $0 = resourceVersion }
            for (old, new) in changed {
                // An object still there after a relist is an update even when unchanged, as in
                // client-go: level-triggered consumers look at it again.
                let event: InformerEvent = old.map { .updated(old: $0, new: new) } ?? .added(new)
                for handler in handlers.values { handler(event) }
            }
            for item in removed {
                for handler in handlers.values { handler(.deleted(item, finalStateUnknown: true)) }
            }
        }
        let waiters = synced.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.done = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    public func apply(_ event: WatchEvent) {
        guard let item = CachedItem(object: event.object) else { return }
        handlers.withLock { handlers in
            let change: InformerEvent
            switch event.type {
            case .added, .modified:
                if let old = indexer.upsert(item, object: event.object) {
                    change = .updated(old: old, new: item)
                } else {
                    change = .added(item)
                }
            case .deleted:
                indexer.remove(item.key)
                change = .deleted(item, finalStateUnknown: false)
            case .bookmark, .error:
                return
            }
            if !item.resourceVersion.isEmpty { lastVersion.withLock { $0 = item.resourceVersion } }
            for handler in handlers.values { handler(change) }
        }
    }
}
