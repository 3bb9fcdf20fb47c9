import Foundation
import SkiffAPI
import SkiffStore

/// DELETE of one object and of a collection: preconditions, finalizers and deletionTimestamp,
/// propagation policies, graceful pod deletion.
extension ResourceHandler {
    /// `DeleteOptions` from the body and the query.
    struct DeleteOptions {
        var gracePeriodSeconds: Int64?
        var propagationPolicy: String?
        var preconditionUID: String?
        var preconditionResourceVersion: String?

        /// Options for the server's own deletes: no preconditions, no grace period, default policy.
        init(gracePeriodSeconds: Int64? = nil) {
            self.gracePeriodSeconds = gracePeriodSeconds
        }

        init(_ request: APIRequest) throws(APIError) {
            var body: JSONValue = .emptyObject
            if !request.body.isEmpty {
                body = try BodyDecoder.decode(request).value
                guard case .object = body else { throw APIError.badRequest("the DeleteOptions body must be an object") }
            }
            let queryGrace = try request.integer("gracePeriodSeconds")
            gracePeriodSeconds = body["gracePeriodSeconds"]?.intValue ?? queryGrace
            propagationPolicy = body["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"]
            if body["orphanDependents"]?.boolValue == true || request.flag("orphanDependents") {
                if propagationPolicy != nil {
                    throw APIError.badRequest("orphanDependents and propagationPolicy cannot both be set")
                }
                propagationPolicy = "Orphan"
            }
            if let policy = propagationPolicy, !["Orphan", "Background", "Foreground"].contains(policy) {
                throw APIError(
                    code: 422, reason: "Invalid",
                    message:
                        "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": "
                        + "supported values: \"Orphan\", \"Background\", \"Foreground\"",
                    details: StatusDetails(
                        kind: "DeleteOptions",
                        causes: [
                            StatusCause(
                                reason: "FieldValueNotSupported", message: "Unsupported value",
                                field: "propagationPolicy")
                        ]))
            }
            if let seconds = gracePeriodSeconds, seconds < 0 { gracePeriodSeconds = 0 }
            preconditionUID = body[path: ["preconditions", "uid"]]?.stringValue
            preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.stringValue
        }
    }

    func delete(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        let options = try DeleteOptions(request)
        if resource.kind == "Namespace", resource.custom == nil,
            let terminating = try await terminate(resource, name: name)
        {
            return .object(present(resource, terminating, request))
        }
        let outcome = try await deleteObject(resource, namespace: namespace, name: name, options: options)
        switch outcome {
        case .pending(let object): return .object(present(resource, object, request))
        case .deleted(let object):
            if resource.kind == "Pod", resource.custom == nil { return .object(present(resource, object, request)) }
            let uid = object[path: ["metadata", "uid"]]?.stringValue
            var details = StatusDetails(name: name, group: resource.group, kind: resource.plural)
            details.uid = uid
            var status = Status.success(details: details)
            // The deletion's revision, as the list metadata of the Status (what the audit log records).
            status.metadata?.resourceVersion = object[path: ["metadata", "resourceVersion"]]?.stringValue
            return .object(KindStrategy.encodeTyped(status))
        }
    }

    /// What a delete did.
    enum DeleteOutcome {
        /// The object is gone; its last state.
        case deleted(JSONValue)
        /// The object waits for finalizers or a grace period; its state now.
        case pending(JSONValue)
    }

    func deleteObject(
        _ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions
    ) async throws(APIError) -> DeleteOutcome {
        let key = resource.key(namespace: namespace, name: name)
        guard let found = try await readCurrent(resource, key: key) else {
            throw APIError.notFound(resource, name: name)
        }
        var current = found.object
        var revision = found.revision
        for _ in 0..<16 {
            if let uid = options.preconditionUID, uid != current[path: ["metadata", "uid"]]?.stringValue {
                throw APIError.conflict(
                    resource, name: name,
                    "Precondition failed: UID in precondition: \(uid), UID in object meta: "
                        + (current[path: ["metadata", "uid"]]?.stringValue ?? ""))
            }
            if let version = options.preconditionResourceVersion, version != String(revision) {
                throw APIError.conflict(
                    resource, name: name,
                    "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(revision)"
                )
            }
            var updated = current
            var finalizers = (current[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
            switch options.propagationPolicy {
            case "Foreground": if !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
            case "Orphan": if !finalizers.contains("orphan") { finalizers.append("orphan") }
            default: break
            }
            let alreadyDeleting = current[path: ["metadata", "deletionTimestamp"]] != nil
            let grace = gracePeriod(resource, current, requested: options.gracePeriodSeconds)
            if !finalizers.isEmpty || grace > 0 {
                if alreadyDeleting {
                    // A second delete may shorten the grace period, never lengthen it.
                    let existing = current[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue ?? 0
                    if grace >= existing,
                        finalizers
                            == (current[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
                    {
                        return .pending(current)
                    }
                }
                if !(alreadyDeleting && grace == 0 && finalizers.isEmpty) {
                    let deadline = Time(Date().addingTimeInterval(Double(grace)))
                    updated[path: ["metadata", "deletionTimestamp"]] = .string(deadline.description)
                    updated[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(grace)
                    updated[path: ["metadata", "finalizers"]] =
                        finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
                    if resource.tracksGeneration {
                        let generation = current[path: ["metadata", "generation"]]?.intValue ?? 1
                        updated[path: ["metadata", "generation"]] = .int(generation + 1)
                    }
                    do {
                        let written = try await store.update(
                            Array(key.utf8), storedBytes(resource, updated), ifModRevision: Revision(revision))
                        updated[path: ["metadata", "resourceVersion"]] = .string(String(written.rawValue))
                        return .pending(updated)
                    } catch let error where error.code == .conflict {
                        guard let fresh = Self.object(from: error.currentKV) else {
                            throw APIError.notFound(resource, name: name)
                        }
                        current = fresh.object
                        revision = fresh.revision
                        continue
                    } catch let error where error.code == .notFound {
                        throw APIError.notFound(resource, name: name)
                    } catch {
                        throw APIError.from(error)
                    }
                }
            }
            do {
                let deletedAt = try await store.delete(Array(key.utf8), ifModRevision: Revision(revision))
                updated[path: ["metadata", "resourceVersion"]] = .string(String(deletedAt.rawValue))
                return .deleted(updated)
            } catch let error where error.code == .conflict {
                guard let fresh = Self.object(from: error.currentKV) else {
                    throw APIError.notFound(resource, name: name)
                }
                current = fresh.object
                revision = fresh.revision
            } catch let error where error.code == .notFound {
                throw APIError.notFound(resource, name: name)
            } catch {
                throw APIError.from(error)
            }
        }
        throw APIError.conflict(resource, name: name, "too many concurrent updates; please try again")
    }

    /// Seconds a delete waits: pods bound to a node and not finished get their grace period (the
    /// node agent deletes them for good); everything else goes at once.
    private func gracePeriod(_ resource: ResourceType, _ object: JSONValue, requested: Int64?) -> Int64 {
        guard resource.kind == "Pod", resource.group.isEmpty else { return 0 }
        let bound = !(object[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
        let phase = object[path: ["status", "phase"]]?.stringValue ?? ""
        guard bound, phase != "Succeeded", phase != "Failed" else { return 0 }
        return requested ?? object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
    }

    func deleteCollection(
        _ resource: ResourceType, namespace: String?, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        let options = try DeleteOptions(request)
        let filter = try filter(resource, namespace: namespace, request: request)
        try await caches.waitUntilCurrent()
        let (objects, revision) = try cache(resource).list(filter)
        var items: [CachedObject] = []
        for object in objects {
            do {
                switch try await deleteObject(
                    resource, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name,
                    options: options)
                {
                case .deleted(let last), .pending(let last):
                    items.append(
                        CachedObject(
                            key: object.key, object: present(resource, last, request), revision: object.revision,
                            resource: resource))
                }
            } catch  where error.code == 404 {
                continue
            }
        }
        return .json(
            code: 200,
            body: ListPage(objects: items, revision: revision).listBody(
                resource, version: servedVersion(resource, request)), headers: [])
    }

    /// A namespace with `spec.finalizers` is not deleted at once: it goes `Terminating`
    /// (deletionTimestamp set, new content refused) until the namespace controller has deleted
    /// its contents and cleared the finalizers through `/finalize`. Nil when the namespace has no
    /// spec finalizers and is deleted like any object.
    private func terminate(_ resource: ResourceType, name: String) async throws(APIError) -> JSONValue? {
        let key = resource.key(namespace: nil, name: name)
        guard let (current, _) = try await readCurrent(resource, key: key) else {
            throw APIError.notFound(resource, name: name)
        }
        guard !(current[path: ["spec", "finalizers"]]?.arrayValue ?? []).isEmpty else { return nil }
        let result = try await guaranteedUpdate(resource, key: key, name: name) { current, _ in
            guard current[path: ["metadata", "deletionTimestamp"]] == nil else { return nil }
            var updated = current
            updated[path: ["metadata", "deletionTimestamp"]] = .string(Time.now().description)
            updated[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(0)
            updated[path: ["status", "phase"]] = "Terminating"
            return updated
        }
        return result.object
    }
}
