import Foundation
import SkiffAPI
import SkiffPluginABI

/// A controller's view of the host: cached reads, writes through the API server, its work queue,
/// events, logs and the clock. Everything goes through the C host table; objects cross as JSON.
///
/// Methods may block (writes wait for the server): call them from ``Controller/reconcile(_:)`` or
/// ``Controller/init(context:configuration:)``, which run on the host's plugin threads.
public final class ControllerContext: @unchecked Sendable {
    let host: UnsafePointer<skiff_host>
    private var handles: [ResourceName: Int32] = [:]
    private let lock = NSLock()

    init(host: UnsafePointer<skiff_host>) {
        self.host = host
    }

    // MARK: Resources

    /// The host's handle of a resource; throws when the server does not serve it.
    public func handle(_ resource: ResourceName) throws(PluginError) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let known = handles[resource] { return known }
        let handle = host.pointee.resource(host.pointee.context, resource.group, resource.version, resource.plural)
        guard handle >= 0 else {
            throw PluginError(
                code: Int32(SKIFF_ERR_UNSUPPORTED), message: "the server does not serve \(resource.plural)")
        }
        handles[resource] = handle
        return handle
    }

    // MARK: Cached reads (typed)

    /// An object from the cache; nil when absent.
    public func cached<T: APIObject>(_ type: T.Type, _ key: ObjectKey) throws(PluginError) -> T? {
        guard let value = try cachedObject(ResourceName.of(type), key) else { return nil }
        return try Self.decode(type, value)
    }

    /// Objects from the cache in a namespace (all when nil), optionally by label selector.
    public func cachedList<T: APIObject>(
        _ type: T.Type, namespace: String? = nil, labelSelector: String? = nil
    ) throws(PluginError) -> [T] {
        try Self.decodeAll(
            type, try cachedObjects(ResourceName.of(type), namespace: namespace, labelSelector: labelSelector))
    }

    /// Objects from the cache filed under `value` in an index (`namespace`, `owner-uid`,
    /// `controller-uid`, `label:KEY`, or a declared field path).
    public func cachedList<T: APIObject>(_ type: T.Type, index: String, value: String) throws(PluginError) -> [T] {
        try Self.decodeAll(type, try cachedObjects(ResourceName.of(type), index: index, value: value))
    }

    // MARK: Cached reads (dynamic)

    /// An object from the cache as JSON; nil when absent.
    public func cachedObject(_ resource: ResourceName, _ key: ObjectKey) throws(PluginError) -> JSONValue? {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = host.pointee.cache_get(host.pointee.context, handle, key.namespace, key.name, &out)
        if status == skiff_status(SKIFF_ERR_NOT_FOUND) {
            release(&out)
            return nil
        }
        return try answer(status, &out)
    }

    /// Objects from the cache as JSON.
    public func cachedObjects(
        _ resource: ResourceName, namespace: String? = nil, labelSelector: String? = nil
    ) throws(PluginError) -> [JSONValue] {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = host.pointee.cache_list(host.pointee.context, handle, namespace, labelSelector, &out)
        return try answer(status, &out).arrayValue ?? []
    }

    /// Objects from the cache in an index, as JSON.
    public func cachedObjects(_ resource: ResourceName, index: String, value: String) throws(PluginError) -> [JSONValue]
    {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = host.pointee.cache_list_by_index(host.pointee.context, handle, index, value, &out)
        return try answer(status, &out).arrayValue ?? []
    }

    // MARK: Live reads (the API server, not the cache)

    /// An object read from the API server (not the cache); nil when it does not exist. For
    /// decisions a stale cache must not make, such as deleting what looks orphaned.
    public func live<T: APIObject>(_ type: T.Type, _ key: ObjectKey) throws(PluginError) -> T? {
        guard let value = try liveObject(ResourceName.of(type), key) else { return nil }
        return try Self.decode(type, value)
    }

    /// An object read from the API server as JSON; nil when it does not exist.
    public func liveObject(_ resource: ResourceName, _ key: ObjectKey) throws(PluginError) -> JSONValue? {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = host.pointee.get(host.pointee.context, handle, key.namespace, key.name, &out)
        if status == skiff_status(SKIFF_ERR_NOT_FOUND) {
            release(&out)
            return nil
        }
        return try answer(status, &out)
    }

    /// Every object of a resource read from the API server (all pages), in one namespace or all
    /// (`namespace` nil). For resources the controller does not watch, such as custom resources
    /// found with ``servedResources()``. Needs a host of ABI 1.2.
    public func liveObjects(
        _ resource: ResourceName, namespace: String?, labelSelector: String? = nil
    ) throws(PluginError) -> [JSONValue] {
        guard hostHasListing else {
            throw PluginError(
                code: Int32(SKIFF_ERR_UNSUPPORTED), message: "the host's ABI has no live list (needs 1.2)")
        }
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = host.pointee.list(host.pointee.context, handle, namespace, labelSelector, &out)
        return try answer(status, &out).arrayValue ?? []
    }

    /// The resources the server serves now, custom resources included, each in its group's
    /// preferred version (read from discovery on every call). Needs a host of ABI 1.2.
    public func servedResources() throws(PluginError) -> [DiscoveredResource] {
        guard hostHasListing else {
            throw PluginError(
                code: Int32(SKIFF_ERR_UNSUPPORTED), message: "the host's ABI has no served_resources (needs 1.2)")
        }
        var out = skiff_buffer()
        let status = host.pointee.served_resources(host.pointee.context, &out)
        return (try answer(status, &out).arrayValue ?? []).compactMap { entry in
            guard let version = entry["version"]?.stringValue, let plural = entry["resource"]?.stringValue else {
                return nil
            }
            return DiscoveredResource(
                name: ResourceName(group: entry["group"]?.stringValue ?? "", version: version, plural: plural),
                kind: entry["kind"]?.stringValue ?? "", namespaced: entry["namespaced"]?.boolValue ?? false,
                verbs: (entry["verbs"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    /// Whether the host table has the ABI 1.2 listing calls.
    private var hostHasListing: Bool {
        let offset = MemoryLayout<skiff_host>.offset(of: \skiff_host.served_resources) ?? Int.max
        return host.pointee.abi_minor >= 2
            && Int(host.pointee.struct_size) >= offset + MemoryLayout<UnsafeRawPointer?>.size
    }

    // MARK: Writes (typed)

    /// Creates an object (namespace from its metadata); returns it as stored.
    @discardableResult
    public func create<T: APIObject>(_ object: T) throws(PluginError) -> T {
        try Self.decode(
            T.self, try create(ResourceName.of(T.self), namespace: object.metadata.namespace, Self.encode(object)))
    }

    /// Replaces an object (its metadata.resourceVersion guards against lost updates).
    @discardableResult
    public func update<T: APIObject>(_ object: T) throws(PluginError) -> T {
        try Self.decode(
            T.self,
            try update(
                ResourceName.of(T.self), namespace: object.metadata.namespace, name: object.metadata.name ?? "",
                Self.encode(object), status: false))
    }

    /// Replaces an object's status.
    @discardableResult
    public func updateStatus<T: APIObject>(_ object: T) throws(PluginError) -> T {
        try Self.decode(
            T.self,
            try update(
                ResourceName.of(T.self), namespace: object.metadata.namespace, name: object.metadata.name ?? "",
                Self.encode(object), status: true))
    }

    /// Sets a namespace's `spec.finalizers` through its `finalize` subresource (what the
    /// namespace controller does once the namespace is empty). Needs a host of ABI 1.1.
    @discardableResult
    public func finalize(_ namespace: Namespace, finalizers: [String]) throws(PluginError) -> Namespace {
        guard host.pointee.abi_minor >= 1 else {
            throw PluginError(code: Int32(SKIFF_ERR_UNSUPPORTED), message: "the host's ABI has no finalize (needs 1.1)")
        }
        var updated = namespace
        var spec = updated.spec ?? NamespaceSpec()
        spec.finalizers = finalizers
        updated.spec = spec
        let resource = ResourceName.of(Namespace.self)
        let handle = try handle(resource)
        var out = skiff_buffer()
        let code = Self.withBytes(try Self.encode(updated).serialized()) { bytes in
            host.pointee.update(host.pointee.context, handle, nil, namespace.metadata.name ?? "", bytes, 1 << 1, &out)
        }
        return try Self.decode(Namespace.self, try answer(code, &out))
    }

    /// Patches an object (or its status).
    @discardableResult
    public func patch<T: APIObject>(
        _ type: T.Type, _ key: ObjectKey, _ patchType: PatchKind, _ patch: JSONValue, status: Bool = false
    ) throws(PluginError) -> T {
        try Self.decode(type, try self.patch(ResourceName.of(type), key, patchType, patch, status: status))
    }

    /// Deletes an object; a missing object is not an error.
    public func delete<T: APIObject>(
        _ type: T.Type, _ key: ObjectKey, propagationPolicy: String? = nil, preconditionUID: String? = nil
    ) throws(PluginError) {
        try delete(ResourceName.of(type), key, propagationPolicy: propagationPolicy, preconditionUID: preconditionUID)
    }

    // MARK: Writes (dynamic)

    /// Creates an object given as JSON.
    public func create(_ resource: ResourceName, namespace: String?, _ object: JSONValue) throws(PluginError)
        -> JSONValue
    {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let status = Self.withBytes(object.serialized()) { bytes in
            host.pointee.create(host.pointee.context, handle, namespace, bytes, &out)
        }
        return try answer(status, &out)
    }

    /// Replaces an object (or its status) given as JSON.
    public func update(
        _ resource: ResourceName, namespace: String?, name: String, _ object: JSONValue, status: Bool
    ) throws(PluginError) -> JSONValue {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let flags: UInt32 = status ? 1 : 0
        let code = Self.withBytes(object.serialized()) { bytes in
            host.pointee.update(host.pointee.context, handle, namespace, name, bytes, flags, &out)
        }
        return try answer(code, &out)
    }

    /// Patches an object (or its status).
    public func patch(
        _ resource: ResourceName, _ key: ObjectKey, _ patchType: PatchKind, _ patch: JSONValue, status: Bool = false
    ) throws(PluginError) -> JSONValue {
        let handle = try handle(resource)
        var out = skiff_buffer()
        let flags: UInt32 = status ? 1 : 0
        let code = Self.withBytes(patch.serialized()) { bytes in
            host.pointee.patch(
                host.pointee.context, handle, key.namespace, key.name, patchType.rawValue, bytes, flags, &out)
        }
        return try answer(code, &out)
    }

    /// Deletes an object; a missing object is not an error.
    public func delete(
        _ resource: ResourceName, _ key: ObjectKey, propagationPolicy: String? = nil, preconditionUID: String? = nil
    ) throws(PluginError) {
        try deleteReturning(resource, key, propagationPolicy: propagationPolicy, preconditionUID: preconditionUID)
    }

    /// Deletes an object; true when it existed.
    @discardableResult
    public func deleteReturning(
        _ resource: ResourceName, _ key: ObjectKey, propagationPolicy: String? = nil, preconditionUID: String? = nil
    ) throws(PluginError) -> Bool {
        let handle = try handle(resource)
        var options: [String: JSONValue] = [:]
        if let propagationPolicy { options["propagationPolicy"] = .string(propagationPolicy) }
        if let preconditionUID { options["preconditions"] = ["uid": .string(preconditionUID)] }
        let body = options.isEmpty ? [] : JSONValue.object(options).serialized()
        var out = skiff_buffer()
        let code = Self.withBytes(body) { bytes in
            host.pointee.delete_(host.pointee.context, handle, key.namespace, key.name, bytes, &out)
        }
        if code == skiff_status(SKIFF_ERR_NOT_FOUND) {
            release(&out)
            return false
        }
        _ = try answer(code, &out, parse: false)
        return true
    }

    // MARK: Queue, events, log, clock

    /// Adds a key to this controller's work queue, now or after a delay.
    public func enqueue(_ key: ObjectKey, after delay: Duration = .zero) {
        let text = key.description
        let (seconds, attoseconds) = delay.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                host.pointee.enqueue(host.pointee.context, $0.baseAddress, $0.count, nanoseconds)
            }
        }
    }

    /// Records an Event about an object (`Normal` or `Warning`).
    public func event<T: APIObject>(_ object: T, type: String = "Normal", reason: String, message: String) {
        guard let value = try? Self.encode(object) else { return }
        event(value, type: type, reason: reason, message: message)
    }

    /// Records an Event about an object given as JSON.
    public func event(_ object: JSONValue, type: String = "Normal", reason: String, message: String) {
        _ = Self.withBytes(object.serialized()) { bytes in
            host.pointee.emit_event(host.pointee.context, bytes, type, reason, message)
        }
    }

    /// Log levels.
    public enum LogLevel: Int32, Sendable {
        case trace = 0
        case debug, info, notice, warning, error
    }

    /// Writes a log line under the plugin's name.
    public func log(_ level: LogLevel, _ message: String) { Self.log(host, level, message) }

    /// Writes a log line through a host table (every kind of plugin logs this way).
    static func log(_ host: UnsafePointer<skiff_host>, _ level: LogLevel, _ message: String) {
        var bytes = Array(message.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                host.pointee.log(host.pointee.context, level.rawValue, $0.baseAddress, $0.count)
            }
        }
    }

    /// The host's wall clock.
    public var now: Date {
        Date(timeIntervalSince1970: Double(host.pointee.now_ns(host.pointee.context)) / 1e9)
    }

    // MARK: Plumbing

    private func release(_ buffer: inout skiff_buffer) {
        host.pointee.free_buffer(host.pointee.context, buffer.data)
        buffer = skiff_buffer()
    }

    /// Takes the host's buffer: the object on success, the Status as an error otherwise.
    private func answer(_ status: skiff_status, _ out: inout skiff_buffer, parse: Bool = true) throws(PluginError)
        -> JSONValue
    {
        let bytes: [UInt8] = out.data.map { Array(UnsafeRawBufferPointer(start: $0, count: out.len)) } ?? []
        release(&out)
        guard status == skiff_status(SKIFF_OK) else {
            let decoded = (try? JSONParser.parse(bytes)).flatMap {
                try? JSONValueDecoder().decode(Status.self, from: $0)
            }
            throw PluginError(
                code: status, message: decoded?.message ?? "host call failed with status \(status)", status: decoded)
        }
        guard parse, !bytes.isEmpty else { return .null }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw PluginError(code: Int32(SKIFF_ERR_INTERNAL), message: "the host sent invalid JSON: \(error)")
        }
    }

    private static func withBytes(_ bytes: [UInt8], _ body: (skiff_bytes) -> skiff_status) -> skiff_status {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body(skiff_bytes(data: $0.baseAddress, len: $0.count)) }
        }
    }

    static func decode<T: APIObject>(_ type: T.Type, _ value: JSONValue) throws(PluginError) -> T {
        do {
            return try JSONValueDecoder().decode(type, from: value)
        } catch {
            throw PluginError(code: Int32(SKIFF_ERR_INTERNAL), message: "cannot decode \(T.kind): \(error)")
        }
    }

    static func decodeAll<T: APIObject>(_ type: T.Type, _ values: [JSONValue]) throws(PluginError) -> [T] {
        var result: [T] = []
        result.reserveCapacity(values.count)
        for value in values { result.append(try decode(type, value)) }
        return result
    }

    static func encode<T: APIObject>(_ object: T) throws(PluginError) -> JSONValue {
        guard case .object(var fields) = try? JSONValueEncoder().encode(object) else {
            throw PluginError(code: Int32(SKIFF_ERR_INTERNAL), message: "cannot encode \(T.kind)")
        }
        fields["apiVersion"] = .string(T.apiVersion)
        fields["kind"] = .string(T.kind)
        return .object(fields)
    }
}

/// Patch formats.
public enum PatchKind: Int32, Sendable {
    /// RFC 6902.
    case json = 1
    /// RFC 7386.
    case merge = 2
    /// Kubernetes strategic merge patch (built-in kinds).
    case strategic = 3
}
