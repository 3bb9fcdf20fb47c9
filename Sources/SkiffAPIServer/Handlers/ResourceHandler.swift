import Foundation
import Logging
import SkiffAPI
import SkiffStore

/// Serves the REST verbs of every resource: reads from the watch caches, writes to the store with
/// kube-apiserver's compare-and-swap shapes.
final class ResourceHandler: Sendable {
    let registry: SchemeRegistry
    let store: any StorageBackend
    let caches: WatchCacheSet
    let options: APIServerOptions
    let logger: Logger
    /// Serves the custom resources of CustomResourceDefinitions.
    let definitions: CRDRegistrar
    /// The `/openapi/v3` documents.
    let openAPI = OpenAPI()
    /// Connections to node agents, for `pods/log`.
    let kubelets: KubeletConnections
    /// The leases Events are stored with (nil: no event TTL).
    let eventLeases: EventLeases?

    init(
        registry: SchemeRegistry, store: any StorageBackend, caches: WatchCacheSet, options: APIServerOptions,
        logger: Logger
    ) {
        self.kubelets = KubeletConnections(tls: options.kubeletClient)
        self.eventLeases = options.eventTTL.map(EventLeases.init(ttl:))
        self.registry = registry
        self.store = store
        self.caches = caches
        self.options = options
        self.logger = logger
        self.definitions = CRDRegistrar(registry: registry, caches: caches, logger: logger)
    }

    /// Whether objects of `resource` are stored with a lease: Events, which expire after the
    /// event TTL.
    func isLeased(_ resource: ResourceType) -> Bool {
        eventLeases != nil && resource.custom == nil && resource.plural == "events"
            && (resource.group == "" || resource.group == "events.k8s.io")
    }

    /// Writes `key` with the lease its resource is stored with: `write` gets the lease (none for
    /// everything but Events). A lease the datastore no longer knows is replaced once.
    func leased<T>(
        _ resource: ResourceType, _ write: (LeaseID) async throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        guard isLeased(resource), let eventLeases else { return try await write(.none) }
        let lease = try await eventLeases.lease(in: store)
        do {
            return try await write(lease)
        } catch let error where error.code == .leaseNotFound {
            eventLeases.forget(lease)
            return try await write(try await eventLeases.lease(in: store))
        }
    }

    /// The resources served now (custom resources come and go).
    var scheme: Scheme { registry.current }

    /// The namespaces resource (creating objects checks their namespace exists).
    var namespaces: ResourceType { scheme.resource(group: "", kind: "Namespace")! }

    /// Dispatches one resource request; a write to a CustomResourceDefinition is served (or stops
    /// being served) before it is answered.
    func handle(_ info: RequestInfo, _ request: APIRequest) async throws(APIError) -> (APIResponse, [String]) {
        guard let resource = scheme.resource(group: info.group, version: info.version, plural: info.resource) else {
            throw APIError.notFound(path: request.path)
        }
        let result = try await dispatch(resource, info, request)
        if resource.kind == CustomResourceDefinition.kind, resource.group == "apiextensions.k8s.io",
            request.method != .get
        {
            await definitions.sync(info.name, handler: self)
        }
        var warnings = result.1
        if let custom = resource.custom, let warning = custom.deprecations[servedVersion(resource, request)] {
            warnings.append(warning)
        }
        return (result.0, warnings)
    }

    private func dispatch(
        _ resource: ResourceType, _ info: RequestInfo, _ request: APIRequest
    ) async throws(APIError) -> (APIResponse, [String]) {
        if resource.namespaced == false, info.namespace != nil, info.resource != "namespaces" {
            throw APIError.notFound(path: request.path)
        }
        let namespace = resource.namespaced ? info.namespace : nil
        if let subresource = info.subresource {
            guard let name = info.name else { throw APIError.notFound(path: request.path) }
            return (try await handleSubresource(subresource, resource, namespace: namespace, name: name, request), [])
        }
        let watch = info.legacyWatch || request.flag("watch")
        switch request.method {
        case .get:
            if watch { return (try await self.watch(resource, namespace: namespace, name: info.name, request), []) }
            if let name = info.name { return (try await get(resource, namespace: namespace, name: name, request), []) }
            return (try await list(resource, namespace: namespace, request), [])
        case .post:
            guard info.name == nil else { throw APIError.methodNotAllowed("POST is not allowed on a named object") }
            return try await create(resource, namespace: namespace, request)
        case .put:
            guard let name = info.name else { throw APIError.methodNotAllowed("PUT needs an object name") }
            return try await update(resource, namespace: namespace, name: name, request, subresource: nil)
        case .patch:
            guard let name = info.name else { throw APIError.methodNotAllowed("PATCH needs an object name") }
            return try await patch(resource, namespace: namespace, name: name, request, subresource: nil)
        case .delete:
            if let name = info.name {
                return (try await delete(resource, namespace: namespace, name: name, request), [])
            }
            return (try await deleteCollection(resource, namespace: namespace, request), [])
        default:
            throw APIError.methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }

    /// The version objects are served in for `request`: the URL's, or the storage version.
    func servedVersion(_ resource: ResourceType, _ request: APIRequest) -> String {
        request.version.isEmpty ? resource.storageVersion : request.version
    }

    /// An object as the client asked for it: converted from the storage version when the URL names
    /// another served version.
    func present(_ resource: ResourceType, _ object: JSONValue, _ request: APIRequest) -> JSONValue {
        resource.convert(object, to: servedVersion(resource, request))
    }

    /// A cached object's bytes in the served version (the cached bytes themselves when they are in
    /// it already).
    func present(_ resource: ResourceType, _ object: CachedObject, _ request: APIRequest) -> [UInt8] {
        let version = servedVersion(resource, request)
        guard object.apiVersion != ResourceType.apiVersion(group: resource.group, version: version),
            let parsed = try? object.parsed()
        else { return object.wire }
        return resource.convert(parsed, to: version).serialized()
    }

    /// The cache of a resource.
    func cache(_ resource: ResourceType) throws(APIError) -> ResourceCache {
        guard let cache = caches.cache(for: resource) else {
            throw APIError.internal("no watch cache for \(resource.qualifiedName)")
        }
        return cache
    }

    /// Parses `?resourceVersion=`: nil for unset, the number otherwise; 400 for non-numbers.
    func resourceVersion(_ request: APIRequest) throws(APIError) -> Int64? {
        guard let text = request.query["resourceVersion"], !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badRequest("invalid resourceVersion \"\(text)\": resource versions are decimal numbers")
        }
        return value
    }

    /// Waits until the caches can answer a read at `resourceVersion` semantics: unset means most
    /// recent, 0 means any, N means not older than N (504 when N is ahead of the store).
    func waitForRead(_ resourceVersion: Int64?) async throws(APIError) {
        switch resourceVersion {
        case nil: try await caches.waitUntilCurrent()
        case 0?: return
        case let revision?:
            if await caches.waitUntilSeen(revision) { return }
            throw APIError.tooLargeResourceVersion(revision, current: store.currentRevision.rawValue)
        }
    }

    /// Builds the filter of a list or watch from its selectors.
    func filter(_ resource: ResourceType, namespace: String?, request: APIRequest) throws(APIError) -> WatchFilter {
        var filter = WatchFilter(namespace: namespace, labels: nil, fields: nil)
        if let text = request.query["labelSelector"], !text.isEmpty {
            do {
                filter.labels = try LabelQuery(parsing: text)
            } catch {
                throw APIError.badRequest("unable to parse requirement: \(error)")
            }
        }
        if let text = request.query["fieldSelector"], !text.isEmpty {
            let query: FieldQuery
            do {
                query = try FieldQuery(parsing: text)
            } catch {
                throw APIError.badRequest("invalid field selector \"\(text)\": \(error)")
            }
            for name in query.fieldNames where !resource.selectableFields.names.contains(name) {
                throw APIError.badRequest(
                    "field label not supported: \(name) (\(resource.qualifiedName) support: "
                        + resource.selectableFields.names.sorted().joined(separator: ", ") + ")")
            }
            filter.fields = query
        }
        return filter
    }
}
