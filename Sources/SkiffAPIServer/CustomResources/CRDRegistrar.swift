import Foundation
import Logging
import SkiffAPI
import SkiffStore

/// Turns CustomResourceDefinitions into served resources, as kube-apiextensions-apiserver's
/// naming, establishing and finalizing controllers do, but synchronously: a definition is served
/// (discovery, OpenAPI, its REST paths, a watch cache) and marked `NamesAccepted` and
/// `Established` before the request that wrote it is answered.
///
/// Deleting a definition marks it `Terminating`, refuses new objects, deletes every object (their
/// own finalizers are honoured) and then removes the cleanup finalizer, which deletes the
/// definition; its resource stops being served.
actor CRDRegistrar {
    private let registry: SchemeRegistry
    private let caches: WatchCacheSet
    private let logger: Logger
    /// Definition name → the resource it serves (group, plural).
    private var served: [String: (group: String, plural: String)] = [:]
    /// Definitions whose objects are being deleted: the task, and the uid of the definition it
    /// cleans up (a definition re-created under the same name is not the one being deleted).
    private var cleanups: [String: (uid: String, task: Task<Void, Never>)] = [:]
    /// The last sync: syncs run one after another, so a sync never acts on a read older than one
    /// an earlier sync applied (the actor alone would interleave them at every await).
    private var tail: Task<Void, Never>?

    init(registry: SchemeRegistry, caches: WatchCacheSet, logger: Logger) {
        self.registry = registry
        self.caches = caches
        self.logger = logger
    }

    /// The definitions resource.
    static let definitions = Scheme.builtIn.resource(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition")!

    /// At start-up, before the watch caches load: serves every stored definition whose names are
    /// accepted, and gives its resource a cache to load.
    func loadStored(from store: any StorageBackend) async throws {
        let prefix = Array(Self.definitions.keyPrefix.utf8)
        let page = try await store.range(RangeRequest(KeyRange(start: prefix, end: KeyRange.prefixEnd(prefix))))
        for kv in page.kvs {
            guard let object = try? JSONParser.parse(kv.value),
                let definition: CustomResourceDefinition = try? KindStrategy.decodeTyped(object),
                let name = definition.metadata.name,
                definition.status?.conditions?.contains(where: { $0.type == "NamesAccepted" && $0.status == "True" })
                    ?? false,
                let resource = definition.resourceType()
            else { continue }
            registry.update { $0.register(resource) }
            served[name] = (resource.group, resource.plural)
            caches.insert(resource)
        }
    }

    /// Brings every stored definition's serving state and status up to date (after start-up: a
    /// definition being deleted when the server stopped resumes its cleanup).
    func syncAll(handler: ResourceHandler) async {
        let prefix = Array(Self.definitions.keyPrefix.utf8)
        guard
            let page = try? await handler.store.range(
                RangeRequest(KeyRange(start: prefix, end: KeyRange.prefixEnd(prefix))))
        else { return }
        var names = Set(served.keys)
        for kv in page.kvs {
            let key = String(decoding: kv.key, as: UTF8.self)
            names.insert(String(key.dropFirst(Self.definitions.keyPrefix.count)))
        }
        for name in names.sorted() { await sync(name, handler: handler) }
    }

    /// Brings one definition's serving state and status up to date with what is stored; called
    /// after every write to it (nil: after a collection delete, every definition). Syncs run one
    /// at a time, in the order they were asked for.
    func sync(_ name: String?, handler: ResourceHandler) async {
        guard let name else { return await syncAll(handler: handler) }
        let previous = tail
        let next = Task {
            await previous?.value
            await self.syncNow(name, handler: handler)
        }
        tail = next
        await next.value
    }

    private func syncNow(_ name: String, handler: ResourceHandler) async {
        let key = Self.definitions.key(namespace: nil, name: name)
        let stored: (object: JSONValue, revision: Int64)?
        do {
            stored = ResourceHandler.object(from: try await handler.store.get(Array(key.utf8)))
        } catch {
            logger.warning(
                "cannot read a custom resource definition", metadata: ["crd.name": "\(name)", "error": "\(error)"])
            return
        }
        guard let stored, let definition: CustomResourceDefinition = try? KindStrategy.decodeTyped(stored.object)
        else {
            if unserve(name) {
                // A definition whose names clashed with this one's may be acceptable now.
                Task { await self.syncAll(handler: handler) }
            }
            return
        }
        var problem = namesConflict(definition)
        if problem == nil, let resource = definition.resourceType() {
            let added = served[name] == nil
            do {
                // Loaded before it is served: no request sees an empty cache for a resource with
                // objects (a definition re-created over objects left in the store).
                try await caches.add(resource)
                registry.update { $0.register(resource) }
                served[name] = (resource.group, resource.plural)
                if added {
                    logger.info(
                        "serving a custom resource",
                        metadata: [
                            "crd.name": "\(name)", "crd.versions": "\(resource.versions.joined(separator: ","))",
                        ])
                }
            } catch {
                if added { caches.remove(resource) }
                problem = "the watch cache could not be loaded: \(error)"
                logger.error(
                    "cannot load the watch cache of a custom resource",
                    metadata: ["crd.name": "\(name)", "error": "\(error)"])
            }
        }
        await writeStatus(definition, conflict: problem, handler: handler)
        if definition.metadata.deletionTimestamp != nil, let uid = definition.metadata.uid,
            cleanups[name]?.uid != uid
        {
            cleanups[name]?.task.cancel()
            cleanups[name] = (uid, Task { await self.cleanUp(name, uid: uid, handler: handler) })
        }
    }

    /// The message of `NamesAccepted=False`, or nil when no other resource of the group uses one of
    /// the definition's names.
    private func namesConflict(_ definition: CustomResourceDefinition) -> String? {
        guard let spec = definition.spec, let group = spec.group, let names = spec.names else { return nil }
        let own = served[definition.metadata.name ?? ""]
        for resource in registry.current.resources where resource.group == group {
            if let own, own.plural == resource.plural { continue }
            if resource.plural == names.plural { return "\"\(resource.plural)\" is already in use" }
            if resource.kind == names.kind { return "\"\(resource.kind)\" is already in use" }
            if resource.kind + "List" == names.listKind { return "\"\(resource.listKind)\" is already in use" }
            if let singular = names.singular, resource.singular == singular {
                return "\"\(singular)\" is already in use"
            }
            for short in names.shortNames ?? [] where resource.shortNames.contains(short) {
                return "\"\(short)\" is already in use"
            }
        }
        return nil
    }

    /// Writes `NamesAccepted`, `Established`, `Terminating`, `acceptedNames` and `storedVersions`
    /// when they differ from the stored status.
    private func writeStatus(_ definition: CustomResourceDefinition, conflict: String?, handler: ResourceHandler) async
    {
        guard let name = definition.metadata.name else { return }
        let key = Self.definitions.key(namespace: nil, name: name)
        do {
            _ = try await handler.guaranteedUpdate(Self.definitions, key: key, name: name) { current, _ in
                guard var latest: CustomResourceDefinition = try? KindStrategy.decodeTyped(current) else { return nil }
                let status = Self.status(of: latest, conflict: conflict, now: Time.now())
                guard status != latest.status else { return nil }
                latest.status = status
                var updated = current
                updated["status"] = KindStrategy.encodeTyped(status)
                return updated
            }
        } catch {
            guard error.code != 404 else { return }
            logger.warning(
                "cannot write the status of a custom resource definition",
                metadata: ["crd.name": "\(name)", "error": "\(error.status.message ?? "")"])
        }
    }

    /// The status a definition should have; conditions keep their transition time while their
    /// status stays.
    static func status(of definition: CustomResourceDefinition, conflict: String?, now: Time)
        -> CustomResourceDefinitionStatus
    {
        var status = definition.status ?? CustomResourceDefinitionStatus()
        let previous = status.conditions ?? []
        func condition(_ type: String, _ value: Bool, _ reason: String, _ message: String)
            -> CustomResourceDefinitionCondition
        {
            let text = value ? "True" : "False"
            let old = previous.first { $0.type == type }
            let since = old?.status == text ? old?.lastTransitionTime ?? now : now
            return CustomResourceDefinitionCondition(
                type: type, status: text, lastTransitionTime: since, reason: reason, message: message)
        }
        // Once established, a definition stays established (it keeps serving its accepted names).
        let wasEstablished = previous.contains { $0.type == "Established" && $0.status == "True" }
        var conditions = [
            conflict == nil
                ? condition("NamesAccepted", true, "NoConflicts", "no conflicts found")
                : condition("NamesAccepted", false, "NameConflict", conflict ?? ""),
            conflict == nil || wasEstablished
                ? condition("Established", true, "InitialNamesAccepted", "the initial names have been accepted")
                : condition("Established", false, "NotAccepted", "not all names are accepted"),
        ]
        if definition.metadata.deletionTimestamp != nil {
            conditions.append(
                condition("Terminating", true, "InstanceDeletionInProgress", "CustomResource deletion is in progress"))
        }
        status.conditions = conditions
        if conflict == nil { status.acceptedNames = definition.spec?.names }
        if conflict == nil, let storage = definition.storageVersion {
            var stored = status.storedVersions ?? []
            if !stored.contains(storage) { stored.append(storage) }
            status.storedVersions = stored
        }
        return status
    }

    /// Deletes every object of a terminating definition, waits for them to go (finalizers of
    /// their own may hold them), then releases the definition.
    private func cleanUp(_ name: String, uid: String, handler: ResourceHandler) async {
        while !Task.isCancelled {
            guard let (group, plural) = served[name],
                let resource = registry.current.resources.first(where: { $0.group == group && $0.plural == plural }),
                let cache = caches.cache(for: resource)
            else { break }
            let (objects, _) = cache.list(.everything)
            if objects.isEmpty { break }
            // Objects being deleted already are left as they are (deleteObject changes nothing).
            for object in objects {
                do {
                    _ = try await handler.deleteObject(
                        resource, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name,
                        options: ResourceHandler.DeleteOptions())
                } catch {
                    guard error.code != 404 else { continue }
                    logger.warning(
                        "cannot delete a custom resource",
                        metadata: ["crd.name": "\(name)", "error": "\(error.status.message ?? "")"])
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        if Task.isCancelled { return }
        if cleanups[name]?.uid == uid { cleanups[name] = nil }
        let key = Self.definitions.key(namespace: nil, name: name)
        do {
            _ = try await handler.guaranteedUpdate(Self.definitions, key: key, name: name) { current, _ in
                // Only the definition this cleanup was for, and only while it is being deleted.
                guard current[path: ["metadata", "uid"]]?.stringValue == uid,
                    current[path: ["metadata", "deletionTimestamp"]] != nil
                else { return nil }
                var finalizers = (current[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
                guard let index = finalizers.firstIndex(of: CustomResourceDefinition.cleanupFinalizer) else {
                    return nil
                }
                finalizers.remove(at: index)
                var updated = current
                updated[path: ["metadata", "finalizers"]] =
                    finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
                return updated
            }
        } catch {
            guard error.code != 404 else { return }
            logger.warning(
                "cannot release a custom resource definition",
                metadata: ["crd.name": "\(name)", "error": "\(error.status.message ?? "")"])
            return
        }
        await sync(name, handler: handler)
    }

    /// Stops serving a definition's resource; false when it was not served.
    @discardableResult
    private func unserve(_ name: String) -> Bool {
        cleanups.removeValue(forKey: name)?.task.cancel()
        guard let (group, plural) = served.removeValue(forKey: name) else { return false }
        let resource = registry.update { scheme -> ResourceType? in
            let resource = scheme.resources.first { $0.group == group && $0.plural == plural }
            scheme.unregister(group: group, plural: plural)
            return resource
        }
        if let resource { caches.remove(resource) }
        logger.info("stopped serving a custom resource", metadata: ["crd.name": "\(name)"])
        return true
    }

    /// Stops every cleanup (the server is shutting down).
    func stop() {
        for cleanup in cleanups.values { cleanup.task.cancel() }
        cleanups = [:]
    }
}
