import Logging
import SkiffAPI
import SkiffStore
import Synchronization

/// The watch caches of all resources, fed by one store watch over `/registry/`.
///
/// One watch (not one per resource) means one revision for all caches: when the dispatcher has
/// applied the store's response for revision R, every cache is complete up to R. A consistent read
/// (kube-apiserver's "most recent") waits until the caches have seen the store's current revision.
///
/// The watch covers every key, not only `/registry/`: each revision then reaches the caches as an
/// event, so they learn a shared datastore's revisions (another server's writes, its compaction
/// key) without relying on progress notifications, which etcd before 3.4.25 and 3.5.8 may send
/// ahead of events still in flight.
final class WatchCacheSet: Sendable {
    private let store: any StorageBackend
    private let logger: Logger
    private let ringCapacity: Int
    private let caches: Mutex<[String: ResourceCache]>
    private let progress: Mutex<Progress>
    private let stream: Mutex<WatchStream?>
    /// When each revision arrived: the history endpoints' clock on a shared datastore, which
    /// keeps no commit times (nil on the embedded store, whose log has them).
    let clock: RevisionClock?
    /// Called with a CustomResourceDefinition's name when the store reports a change to it, so
    /// that a definition written through another server sharing the datastore is served here too.
    private let definitionObserver = Mutex<(@Sendable (String) -> Void)?>(nil)
    private static let definitionPrefix = CRDRegistrar.definitions.keyPrefix

    private struct Progress {
        var seen: Int64 = 0
        var waiters: [Int: (revision: Int64, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter = 1
    }

    init(store: any StorageBackend, resources: [ResourceType], ringCapacity: Int, logger: Logger) {
        self.store = store
        self.logger = logger
        self.ringCapacity = ringCapacity
        caches = Mutex(
            Dictionary(
                resources.map { ($0.keyPrefix, ResourceCache(resource: $0, ringCapacity: ringCapacity)) },
                uniquingKeysWith: { first, _ in first }))
        progress = Mutex(Progress())
        stream = Mutex(nil)
        clock = store.isShared ? RevisionClock() : nil
    }

    /// The cache of `resource`.
    func cache(for resource: ResourceType) -> ResourceCache? {
        caches.withLock { $0[resource.keyPrefix] }
    }

    /// Adds an empty cache for a resource before ``start()`` loads every cache (custom resources
    /// whose definitions are stored).
    func insert(_ resource: ResourceType) {
        caches.withLock { caches in
            if caches[resource.keyPrefix] == nil {
                caches[resource.keyPrefix] = ResourceCache(resource: resource, ringCapacity: ringCapacity)
            }
        }
    }

    /// Adds a cache for a resource that appeared while the server runs (a custom resource): loaded
    /// from the store at its current revision; the dispatcher then applies the changes after that.
    /// Nothing happens when the resource has a cache already.
    func add(_ resource: ResourceType) async throws {
        let cache = ResourceCache(resource: resource, ringCapacity: ringCapacity, loading: true)
        let added = caches.withLock { caches -> Bool in
            guard caches[resource.keyPrefix] == nil else { return false }
            caches[resource.keyPrefix] = cache
            return true
        }
        guard added else { return }
        // Registered before the read: changes the dispatcher hands the cache meanwhile wait in it;
        // those after the read's revision are applied once the listing is in, the others are in it.
        var objects: [CachedObject] = []
        var start = Array(resource.keyPrefix.utf8)
        let end = KeyRange.prefixEnd(start)
        var revision: Revision? = nil
        while true {
            let page = try await store.range(
                RangeRequest(KeyRange(start: start, end: end), revision: revision, limit: 5_000))
            revision = page.revision
            for kv in page.kvs {
                let key = String(decoding: kv.key, as: UTF8.self)
                if let object = try? CachedObject(
                    key: key, value: kv.value, revision: kv.modRevision.rawValue, resource: resource)
                {
                    objects.append(object)
                }
            }
            guard page.more, let last = page.kvs.last else { break }
            start = last.key + [0]
        }
        cache.reset(objects: objects, revision: revision?.rawValue ?? 0)
        cache.advance(to: seenRevision)
    }

    /// Removes a resource's cache (its custom resource definition is gone), ending its watches.
    func remove(_ resource: ResourceType) {
        caches.withLock { $0.removeValue(forKey: resource.keyPrefix) }?.endAllWatches()
    }

    /// All caches.
    var all: [ResourceCache] { caches.withLock { Array($0.values) } }

    /// The revision up to which every cache is complete.
    var seenRevision: Int64 { progress.withLock { $0.seen } }

    /// Loads every cache from the store and opens the store watch; returns the stream to ``run(_:)``.
    ///
    /// The caches start from the state at the oldest revision the store still holds (its compact
    /// revision) and replay its history up to the current revision before this returns: their rings
    /// then hold the whole history window, so a client that watches from a resourceVersion inside
    /// the window resumes without relisting, after a restart of the server too.
    func start() async throws -> WatchStream {
        var attempt = 0
        while true {
            do {
                return try await load()
            } catch let error as StoreError where error.code == .compacted && attempt < 5 {
                // A shared datastore was compacted past the floor meanwhile: load from the new one.
                attempt += 1
                logger.info("history compacted while loading the watch caches; loading again")
            }
        }
    }

    private func load() async throws -> WatchStream {
        let current = try await store.latestRevision().rawValue
        let floor = store.compactRevision.rawValue
        var objects: [String: [CachedObject]] = [:]
        var start = Array("/registry/".utf8)
        let end = KeyRange.prefixEnd(start)
        let byPrefix = caches.withLock { $0 }
        // At revision 0 nothing existed: no listing to read.
        while floor > 0 {
            let page = try await store.range(
                RangeRequest(KeyRange(start: start, end: end), revision: Revision(floor), limit: 5_000))
            for kv in page.kvs {
                let key = String(decoding: kv.key, as: UTF8.self)
                guard let cache = Self.cache(forKey: key, in: byPrefix),
                    let object = try? CachedObject(
                        key: key, value: kv.value, revision: kv.modRevision.rawValue, resource: cache.resource)
                else { continue }
                objects[cache.resource.keyPrefix, default: []].append(object)
            }
            guard page.more, let last = page.kvs.last else { break }
            start = last.key + [0]
        }
        for (prefix, cache) in byPrefix { cache.reset(objects: objects[prefix] ?? [], revision: floor) }
        // A reload starts the caches over from the floor: reads wait until the replay has brought
        // them back to what they must see.
        progress.withLock { $0.seen = min($0.seen, floor) }
        let watch = try await store.watch(.all, from: Revision(floor + 1), prevKV: false, progressNotify: false)
        stream.withLock { $0 = watch }
        advance(to: floor)
        if current > floor {
            // Replay the window. Every revision arrives as an event of the watch over every key;
            // the progress request is a safety net for a store that reports one without events.
            watch.requestProgress()
            var iterator = watch.makeAsyncIterator()
            while let response = try await iterator.next() {
                apply(response)
                if response.revision.rawValue >= current { break }
            }
        }
        logger.info(
            "watch cache loaded",
            metadata: [
                "cache.revision": "\(seenRevision)", "cache.history.from": "\(floor)",
                "cache.objects": "\(all.map(\.count).reduce(0, +))",
            ])
        return watch
    }

    /// Calls `observer` with a definition's name whenever the store reports a change to it.
    func observeDefinitions(_ observer: @escaping @Sendable (String) -> Void) {
        definitionObserver.withLock { $0 = observer }
    }

    /// ``start()`` again until it succeeds (a shared datastore may be unreachable for a while),
    /// pausing up to 5 s between attempts; ends only when the task is cancelled.
    private func restart() async throws -> WatchStream {
        var pause = Duration.milliseconds(100)
        while true {
            do {
                return try await start()
            } catch let error as StoreError where error.code != .closed {
                logger.warning("reloading the watch caches failed; retrying", metadata: ["store.error": "\(error)"])
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }

    /// Applies one response of the store's watch to the caches.
    private func apply(_ response: WatchResponse) {
        // Caches come and go with custom resource definitions.
        let byPrefix = caches.withLock { $0 }
        let observer = definitionObserver.withLock { $0 }
        for event in response.events {
            let key = String(decoding: event.kv.key, as: UTF8.self)
            Self.cache(forKey: key, in: byPrefix)?.apply(event)
            if let observer, key.hasPrefix(Self.definitionPrefix) {
                observer(String(key.dropFirst(Self.definitionPrefix.count)))
            }
        }
        for cache in byPrefix.values { cache.advance(to: response.revision.rawValue) }
        clock?.record(response.revision.rawValue, compacted: store.compactRevision.rawValue)
        advance(to: response.revision.rawValue)
    }

    /// Applies the store's changes until the stream ends (store closed, or the task is cancelled).
    ///
    /// A watch the store ends because its history was compacted or it fell behind (a shared
    /// datastore that was unreachable longer than its history window) is replaced: the caches are
    /// loaded again and their client watches ended, so clients relist, as kube-apiserver's cacher
    /// does.
    func run(_ watch: WatchStream) async throws {
        var watch = watch
        while true {
            do {
                for try await response in watch { apply(response) }
                return
            } catch let error as StoreError where error.code == .compacted || error.code == .watchOverflow {
                // Reloading ends every client watch with 410 Expired.
                logger.warning("store watch ended; reloading the watch caches", metadata: ["store.error": "\(error)"])
                watch = try await restart()
            }
        }
    }

    /// Stops the store watch and ends every client watch.
    func stop() {
        stream.withLock { $0?.cancel() }
        for cache in all { cache.endAllWatches() }
    }

    private static func cache(forKey key: String, in caches: [String: ResourceCache]) -> ResourceCache? {
        // Built-in kinds: "/registry/<plural>/..." → "/registry/<plural>/"; custom resources:
        // "/registry/<group>/<plural>/..." → "/registry/<group>/<plural>/" (a group has a dot, a
        // plural never does, so the two cannot be confused).
        let bytes = key.utf8
        var slashes = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
            slashes += 1
            guard slashes >= 3 else { continue }
            let end = bytes.index(after: index)
            if let cache = caches[String(key[key.startIndex..<end])] { return cache }
            if slashes == 4 { return nil }
        }
        return nil
    }

    private func advance(to revision: Int64) {
        let ready = progress.withLock { progress -> [CheckedContinuation<Void, Never>] in
            guard revision > progress.seen else { return [] }
            progress.seen = revision
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in progress.waiters where waiter.revision <= revision {
                ready.append(waiter.continuation)
                progress.waiters[id] = nil
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Waits until every cache has seen `revision`; false when that did not happen within `timeout`
    /// (the revision is beyond what the store has, or the store is stuck).
    func waitUntilSeen(_ revision: Int64, timeout: Duration = .seconds(3)) async -> Bool {
        if seenRevision >= revision { return true }
        // A progress request makes the store report its revision even when no change of ours is
        // due; repeated while waiting, as a store may drop one (etcd does while a watch catches up).
        stream.withLock { $0?.requestProgress() }
        let nudger = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(200))
                stream.withLock { $0?.requestProgress() }
            }
        }
        defer { nudger.cancel() }
        let id = progress.withLock { progress -> Int in
            let id = progress.nextWaiter
            progress.nextWaiter += 1
            return id
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            let continuation = progress.withLock { $0.waiters.removeValue(forKey: id)?.continuation }
            continuation?.resume()
        }
        await withCheckedContinuation { continuation in
            let resumeNow = progress.withLock { progress -> Bool in
                if progress.seen >= revision { return true }
                progress.waiters[id] = (revision, continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        return seenRevision >= revision
    }

    /// Waits until the caches have seen the store's current revision: after this, a read from the
    /// cache is as fresh as a read from the store ("most recent" in the API's terms).
    func waitUntilCurrent() async throws(APIError) {
        let current: Int64
        do {
            current = try await store.latestRevision().rawValue
        } catch {
            throw APIError.from(error)
        }
        guard await waitUntilSeen(current) else {
            throw APIError.internal("the watch cache did not catch up with revision \(current)")
        }
    }
}
