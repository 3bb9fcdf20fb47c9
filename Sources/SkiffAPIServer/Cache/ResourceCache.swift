import DequeModule
import SkiffAPI
import SkiffStore
import Synchronization

/// The watch cache of one resource: every object's current state and a ring of recent changes,
/// fed by the store's watch, serving gets, lists and watches without touching SQLite.
///
/// All state sits under one lock; a change is applied to the map, appended to the ring and handed to
/// every watcher in one critical section, so a watcher registered at revision R sees exactly the
/// changes after R, in order, once.
final class ResourceCache: Sendable {
    /// The resource cached.
    let resource: ResourceType
    private let ringCapacity: Int
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var objects: [String: CachedObject] = [:]
        var sortedKeys: [String]?
        var ring: Deque<CacheEvent> = []
        /// Every change after this revision is in the ring.
        var ringFloor: Int64 = 0
        /// Every change up to this revision has been applied.
        var revision: Int64 = 0
        /// The revision the contents were loaded at: changes at or before it are in them already
        /// (a cache added while the server runs is loaded at the store's revision and may be handed
        /// events it has).
        var loadedAt: Int64 = 0
        /// While a cache added at run time loads: the changes the dispatcher handed it meanwhile,
        /// applied in order once the listing is in (nil once loaded).
        var pending: [(event: WatchEvent, object: CachedObject?)]?
        var watchers: [Int: Watcher] = [:]
        var nextWatcherID = 1
    }

    private struct Watcher {
        var filter: WatchFilter
        var channel: WatchChannel
    }

    /// An empty cache; a `loading` one holds the changes it is given until ``reset(objects:revision:)``.
    init(resource: ResourceType, ringCapacity: Int, loading: Bool = false) {
        self.resource = resource
        self.ringCapacity = ringCapacity
        var initial = State()
        if loading { initial.pending = [] }
        state = Mutex(initial)
    }

    /// The revision up to which this cache is complete.
    var revision: Int64 { state.withLock { $0.revision } }

    /// How many watchers are open.
    var watcherCount: Int { state.withLock { $0.watchers.count } }

    /// How many objects are cached.
    var count: Int { state.withLock { $0.objects.count } }

    /// Replaces the contents with a listing read at `revision` (start-up, or after the store's watch
    /// had to be restarted; open watchers are then ended with 410 so they relist).
    func reset(objects: [CachedObject], revision: Int64) {
        state.withLock { state in
            for watcher in state.watchers.values {
                watcher.channel.send(
                    .error(APIError.expired("the watch cache was restarted; relist and watch again").status))
                watcher.channel.finish()
            }
            state.watchers = [:]
            state.objects = Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
            state.sortedKeys = nil
            state.ring = []
            state.ringFloor = revision
            state.revision = revision
            state.loadedAt = revision
            let pending = state.pending ?? []
            state.pending = nil
            for (event, object) in pending { Self.apply(event, object, to: &state, ringCapacity: ringCapacity) }
        }
    }

    /// Applies one store event.
    func apply(_ event: WatchEvent) {
        let key = String(decoding: event.kv.key, as: UTF8.self)
        let revision = event.revision.rawValue
        // Parsing happens outside the lock.
        let incoming: CachedObject?
        if event.kind == .put {
            incoming = try? CachedObject(key: key, value: event.kv.value, revision: revision, resource: resource)
        } else {
            incoming = nil
        }
        state.withLock { state in
            if state.pending != nil {
                state.pending?.append((event, incoming))
                return
            }
            Self.apply(event, incoming, to: &state, ringCapacity: ringCapacity)
        }
    }

    private static func apply(
        _ event: WatchEvent, _ incoming: CachedObject?, to state: inout State, ringCapacity: Int
    ) {
        let key = String(decoding: event.kv.key, as: UTF8.self)
        let revision = event.revision.rawValue
        do {
            guard revision > state.loadedAt else { return }
            let previous = state.objects[key]
            let change: CacheEvent
            if event.kind == .put {
                guard let incoming else { return }  // not JSON: not ours to serve
                state.objects[key] = incoming
                if previous == nil { state.sortedKeys = nil }
                change = CacheEvent(
                    type: previous == nil ? .added : .modified, revision: revision, object: incoming,
                    previous: previous)
            } else {
                guard let previous else { return }
                state.objects[key] = nil
                state.sortedKeys = nil
                change = CacheEvent(
                    type: .deleted, revision: revision, object: previous.deleted(at: revision), previous: previous)
            }
            state.ring.append(change)
            while state.ring.count > ringCapacity, let evicted = state.ring.popFirst() {
                state.ringFloor = evicted.revision
            }
            state.revision = max(state.revision, revision)
            var overflowed: [Int] = []
            for (id, watcher) in state.watchers {
                guard let (type, object) = change.view(through: watcher.filter) else { continue }
                if !watcher.channel.send(.event(type, object)) { overflowed.append(id) }
            }
            for id in overflowed {
                // A watcher this far behind is ended; the client watches again from its last revision.
                state.watchers.removeValue(forKey: id)?.channel.finish()
            }
        }
    }

    /// Records that the store has been seen up to `revision` (changes to other resources).
    func advance(to revision: Int64) {
        state.withLock { state in
            // A loading cache is complete only up to the revision its listing is read at.
            guard state.pending == nil else { return }
            state.revision = max(state.revision, revision)
        }
    }

    /// One object, and the cache revision it was read at.
    func get(_ key: String) -> (object: CachedObject?, revision: Int64) {
        state.withLock { ($0.objects[key], $0.revision) }
    }

    /// The objects passing `filter` in key order, and the revision they are the state at.
    func list(_ filter: WatchFilter, after startKey: String? = nil) -> (objects: [CachedObject], revision: Int64) {
        state.withLock { state in
            if state.sortedKeys == nil { state.sortedKeys = state.objects.keys.sorted() }
            let keys = state.sortedKeys!
            var first = 0
            if let startKey {
                // Binary search for the first key >= startKey.
                var high = keys.count
                while first < high {
                    let middle = (first + high) / 2
                    if keys[middle] < startKey { first = middle + 1 } else { high = middle }
                }
            }
            var result: [CachedObject] = []
            let prefix = filter.namespace.map { resource.keyPrefix(namespace: $0) }
            for key in keys[first...] {
                if let prefix, !key.hasPrefix(prefix) { continue }
                let object = state.objects[key]!
                if filter.matches(object) { result.append(object) }
            }
            return (result, state.revision)
        }
    }

    /// Opens a watch.
    ///
    /// - Parameters:
    ///   - from: Changes strictly after this revision; nil sends the current state as ADDED events
    ///     first (`resourceVersion` unset or "0", or `sendInitialEvents`).
    ///   - initialEventsEnd: After the initial state, send a bookmark annotated
    ///     `k8s.io/initial-events-end` (the WatchList protocol).
    ///   - bufferLimit: How many undelivered items the watcher may hold before it is ended.
    /// - Throws: ``APIError`` 410 when `from` is older than the ring.
    func watch(
        from: Int64?, filter: WatchFilter, initialEventsEnd: Bool, bufferLimit: Int
    ) throws(APIError) -> (id: Int, channel: WatchChannel) {
        let opened = state.withLock { state -> Result<(id: Int, channel: WatchChannel), APIError> in
            var initial: [CachedObject] = []
            if let from {
                guard from >= state.ringFloor else {
                    return .failure(APIError.expired("too old resource version: \(from) (\(state.ringFloor + 1))"))
                }
            } else {
                initial = state.objects.values.filter(filter.matches).sorted { $0.key < $1.key }
            }
            let channel = WatchChannel(limit: bufferLimit + initial.count + 1)
            for object in initial { channel.send(.event(.added, object)) }
            if from == nil, initialEventsEnd {
                channel.send(.bookmark(revision: state.revision, initialEventsEnd: true))
            }
            if let from {
                for change in state.ring where change.revision > from {
                    if let (type, object) = change.view(through: filter) {
                        channel.send(.event(type, object))
                    }
                }
            }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = Watcher(filter: filter, channel: channel)
            return .success((id, channel))
        }
        return try opened.get()
    }

    /// Sends watcher `id` a bookmark at the cache's revision: everything up to it has been sent.
    func bookmark(_ id: Int) {
        state.withLock { state in
            state.watchers[id]?.channel.send(.bookmark(revision: state.revision, initialEventsEnd: false))
        }
    }

    /// Ends watcher `id`.
    func cancel(_ id: Int) {
        state.withLock { state in
            state.watchers.removeValue(forKey: id)?.channel.finish()
        }
    }

    /// Ends every watcher (server shutdown).
    func endAllWatches() {
        state.withLock { state in
            for watcher in state.watchers.values { watcher.channel.finish() }
            state.watchers = [:]
        }
    }
}
