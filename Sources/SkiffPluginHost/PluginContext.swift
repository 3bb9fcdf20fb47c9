import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginABI
import Synchronization

/// A cache read refused, with the status and body to answer.
struct CacheRefusal: Error {
    var answer: (skiff_status, [UInt8])
    init(_ answer: (skiff_status, [UInt8])) { self.answer = answer }
}

/// Everything a plugin instance reaches through its host table: the client it writes with, the
/// informer caches it reads, its work queue, its logger. The table's `context` pointer is this
/// object (kept alive by the runner for the life of the instance).
final class PluginContext: Sendable {
    let plugin: LoadedPlugin
    let client: Client
    let registry: ResourceRegistry
    let logger: Logger
    let metrics: PluginMetrics
    /// The informers of the resources the plugin watches, by handle.
    let caches: Mutex<[Int32: Informer]>
    /// Where `enqueue` puts keys (controllers).
    let queue: WorkQueue<String>?
    /// Where a node runtime's container events go.
    let containerEvents = Mutex<(@Sendable ([UInt8]) -> Void)?>(nil)

    init(
        plugin: LoadedPlugin, client: Client, registry: ResourceRegistry, queue: WorkQueue<String>?,
        metrics: PluginMetrics, logger: Logger
    ) {
        self.plugin = plugin
        self.client = client
        self.registry = registry
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
        self.caches = Mutex([:])
    }

    /// Makes a resource's cache readable by the plugin.
    func attach(_ informer: Informer, handle: Int32) {
        caches.withLock { $0[handle] = informer }
    }

    /// The host table for this context. The pointer stays valid while the context lives.
    func makeTable() -> UnsafeMutablePointer<skiff_host> {
        let table = UnsafeMutablePointer<skiff_host>.allocate(capacity: 1)
        table.initialize(to: HostTable.make(context: Unmanaged.passUnretained(self).toOpaque()))
        return table
    }

    // MARK: Operations behind the C callbacks

    /// The synced cache of a watched resource, or the status to answer with.
    private func cache(_ handle: Int32) -> Result<Informer, CacheRefusal> {
        guard let informer = caches.withLock({ $0[handle] }) else { return .failure(CacheRefusal(notWatched(handle))) }
        guard informer.hasSynced else {
            return .failure(
                CacheRefusal(
                    (
                        skiff_status(SKIFF_ERR_UNAVAILABLE),
                        Self.statusBody(
                            ClientError(
                                code: 503, reason: "ServiceUnavailable",
                                message: "the cache of \(informer.resource) has not synced yet"))
                    )))
        }
        return .success(informer)
    }

    func cacheGet(_ handle: Int32, namespace: String, name: String) -> (skiff_status, [UInt8]) {
        let informer: Informer
        switch cache(handle) {
        case .success(let found): informer = found
        case .failure(let refusal): return refusal.answer
        }
        guard let item = informer.indexer.get(ObjectKey(namespace: namespace, name: name)) else {
            return (skiff_status(SKIFF_ERR_NOT_FOUND), [])
        }
        return (skiff_status(SKIFF_OK), item.bytes)
    }

    func cacheList(_ handle: Int32, namespace: String, labelSelector: String) -> (skiff_status, [UInt8]) {
        let informer: Informer
        switch cache(handle) {
        case .success(let found): informer = found
        case .failure(let refusal): return refusal.answer
        }
        var items = informer.indexer.list(namespace: namespace)
        if !labelSelector.isEmpty {
            let query: LabelQuery
            do {
                query = try LabelQuery(parsing: labelSelector)
            } catch {
                return failure(ClientError(code: 400, reason: "BadRequest", message: "\(error)"))
            }
            items = items.filter { query.matches($0.labels) }
        }
        return (skiff_status(SKIFF_OK), Self.array(items))
    }

    func cacheListByIndex(_ handle: Int32, index: String, value: String) -> (skiff_status, [UInt8]) {
        let informer: Informer
        switch cache(handle) {
        case .success(let found): informer = found
        case .failure(let refusal): return refusal.answer
        }
        do {
            return (skiff_status(SKIFF_OK), Self.array(try informer.indexer.byIndex(index, value)))
        } catch {
            return failure(error)
        }
    }

    /// The handle of a resource: built-in or already known, else found through discovery (custom
    /// resources the plugin does not watch).
    func resourceHandle(group: String, version: String, resource: String) -> Int32 {
        let known = registry.handle(group: group, version: version, resource: resource)
        if known >= 0 { return known }
        let client = self.client
        let found: APIResource? = Blocking.wait {
            try? await client.discover(group: group, version: version, resource: resource)
        }
        guard let found else { return -1 }
        registry.register(found)
        return registry.handle(group: group, version: version, resource: resource)
    }

    /// Runs a write (or live read) against the API server, waiting for the answer.
    func call(
        _ handle: Int32, _ operation: @escaping @Sendable (Client, APIResource) async throws(ClientError) -> [UInt8]
    ) -> (skiff_status, [UInt8]) {
        guard let resource = registry.resource(handle) else {
            return failure(ClientError(code: 400, reason: "BadRequest", message: "unknown resource handle \(handle)"))
        }
        let client = self.client
        let result: Result<[UInt8], ClientError> = Blocking.wait {
            do throws(ClientError) {
                return .success(try await operation(client, resource))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let bytes): return (skiff_status(SKIFF_OK), bytes)
        case .failure(let error): return failure(error)
        }
    }

    /// What discovery says the server serves now, as the JSON array `served_resources` returns;
    /// each resource also gets a handle, so the plugin can list and delete its objects.
    func servedResources() -> (skiff_status, [UInt8]) {
        let client = self.client
        let result: Result<[ServedResource], ClientError> = Blocking.wait {
            do throws(ClientError) {
                return .success(try await client.servedResources())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let served):
            let entries: [JSONValue] = served.map { entry in
                registry.register(entry.resource)
                return [
                    "group": .string(entry.resource.group), "version": .string(entry.resource.version),
                    "resource": .string(entry.resource.resource), "kind": .string(entry.resource.kind),
                    "namespaced": .bool(entry.resource.namespaced),
                    "verbs": .array(entry.verbs.map(JSONValue.string)),
                ]
            }
            return (skiff_status(SKIFF_OK), JSONValue.array(entries).serialized())
        case .failure(let error): return failure(error)
        }
    }

    /// POSTs a pod's `binding` subresource (the uid as precondition), waiting for the answer.
    func bindPod(namespace: String, name: String, uid: String, node: String) -> (skiff_status, [UInt8]) {
        var binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        if !uid.isEmpty { binding[path: ["metadata", "uid"]] = .string(uid) }
        let path = APIResource.of(Pod.self).path(namespace: namespace, name: name, subresource: "binding")
        let client = self.client
        let body = binding.serialized()
        let result: Result<[UInt8], ClientError> = Blocking.wait {
            do throws(ClientError) {
                return .success(
                    try await client.perform(
                        ClientRequest(method: "POST", path: path, contentType: "application/json", body: body)))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let bytes): return (skiff_status(SKIFF_OK), bytes)
        case .failure(let error): return failure(error)
        }
    }

    func containerEvent(_ record: [UInt8]) {
        guard let handler = containerEvents.withLock({ $0 }) else { return }
        handler(record)
    }

    func enqueue(_ key: String, delayNanoseconds: Int64) {
        guard let queue else { return }
        if delayNanoseconds > 0 {
            queue.addAfter(key, delay: .nanoseconds(delayNanoseconds))
        } else {
            queue.add(key)
        }
    }

    func emitEvent(object: [UInt8], type: String, reason: String, message: String) -> (skiff_status, [UInt8]) {
        guard let involved = try? JSONParser.parse(object), let metadata = involved["metadata"] else {
            return failure(
                ClientError(code: 400, reason: "BadRequest", message: "the event's object is not JSON with metadata"))
        }
        let recorder = EventRecorder(client: client, component: plugin.name)
        let outcome: ClientError? = Blocking.wait {
            do throws(ClientError) {
                try await recorder.record(
                    about: involved, metadata: metadata, type: type, reason: reason, message: message)
                return nil
            } catch {
                return error
            }
        }
        if let outcome { return failure(outcome) }
        return (skiff_status(SKIFF_OK), [])
    }

    func log(level: Int32, message: String) {
        let logLevel: Logger.Level
        switch Int(level) {
        case Int(SKIFF_LOG_TRACE): logLevel = .trace
        case Int(SKIFF_LOG_DEBUG): logLevel = .debug
        case Int(SKIFF_LOG_INFO): logLevel = .info
        case Int(SKIFF_LOG_NOTICE): logLevel = .notice
        case Int(SKIFF_LOG_WARNING): logLevel = .warning
        default: logLevel = .error
        }
        logger.log(level: logLevel, "\(message)", metadata: ["plugin.name": "\(plugin.name)"])
    }

    // MARK: Helpers

    private func notWatched(_ handle: Int32) -> (skiff_status, [UInt8]) {
        let name = registry.resource(handle).map(\.description) ?? "handle \(handle)"
        return (
            skiff_status(SKIFF_ERR_UNSUPPORTED),
            Self.statusBody(
                ClientError(
                    code: 400, reason: "BadRequest",
                    message: "plugin \(plugin.name) does not watch \(name): only watched resources are cached"))
        )
    }

    func failure(_ error: ClientError) -> (skiff_status, [UInt8]) {
        metrics.hostCallFailed(plugin: plugin.name)
        return (Self.status(for: error), Self.statusBody(error))
    }

    /// The ABI status of a client error.
    static func status(for error: ClientError) -> skiff_status {
        switch error.code {
        case 404: skiff_status(SKIFF_ERR_NOT_FOUND)
        case 409: skiff_status(error.isAlreadyExists ? SKIFF_ERR_ALREADY_EXISTS : SKIFF_ERR_CONFLICT)
        case 422: skiff_status(SKIFF_ERR_INVALID)
        case 400, 405, 413, 415: skiff_status(SKIFF_ERR_BAD_REQUEST)
        case 401, 403: skiff_status(SKIFF_ERR_FORBIDDEN)
        case 410: skiff_status(SKIFF_ERR_GONE)
        case 0, 429, 503, 504: skiff_status(SKIFF_ERR_UNAVAILABLE)
        default: skiff_status(SKIFF_ERR_INTERNAL)
        }
    }

    /// The `Status` object of an error, as JSON.
    static func statusBody(_ error: ClientError) -> [UInt8] {
        if let status = error.status, let value = try? JSONValueEncoder().encode(status) { return value.serialized() }
        let status = Status(code: error.code, reason: error.reason, message: error.message)
        return (try? JSONValueEncoder().encode(status))?.serialized() ?? []
    }

    /// Cached items as one JSON array, without parsing them.
    static func array(_ items: [CachedItem]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(items.reduce(2) { $0 + $1.bytes.count + 1 })
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += item.bytes
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}
