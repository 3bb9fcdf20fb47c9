import Foundation
import SkiffAPI
import SkiffStore

/// The steps every write shares: decoding a body into the stored form, the metadata rules, the
/// guaranteed-update loop over the store's compare-and-swap.
extension ResourceHandler {
    /// Decodes a request body and checks that it is an object of the resource's kind and version.
    func decodeBody(_ resource: ResourceType, _ request: APIRequest) throws(APIError) -> IncomingObject {
        let (value, duplicates) = try BodyDecoder.decode(request)
        guard case .object = value else {
            throw APIError.badRequest("the request body must be a JSON object, not \(value.typeName)")
        }
        try checkType(resource, value)
        var stored = value
        if stored["apiVersion"] == nil {
            stored["apiVersion"] = .string(
                ResourceType.apiVersion(group: resource.group, version: servedVersion(resource, request)))
        }
        return IncomingObject(
            value: resource.convert(stored, to: resource.hubVersion), duplicates: duplicates,
            validation: try FieldValidation(request))
    }

    /// A decoded request body and how strictly to treat its unknown fields.
    struct IncomingObject {
        var value: JSONValue
        var duplicates: [String]
        var validation: FieldValidation
    }

    /// 400 unless `value`'s kind and apiVersion (where set) are the resource's.
    func checkType(_ resource: ResourceType, _ value: JSONValue) throws(APIError) {
        if let kind = value["kind"]?.stringValue, !kind.isEmpty, kind != resource.kind {
            throw APIError.badRequest(
                "the kind in the data (\(kind)) does not match the expected kind (\(resource.kind)) for "
                    + resource.qualifiedName)
        }
        if let apiVersion = value["apiVersion"]?.stringValue, !apiVersion.isEmpty,
            !resource.versions.contains(where: {
                ResourceType.apiVersion(group: resource.group, version: $0) == apiVersion
            })
        {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version "
                    + "(\(resource.apiVersion))")
        }
    }

    /// The kind's strategy on an object about to be written: one typed decode that defaults,
    /// validates and normalizes, plus the metadata rules. Unknown and duplicate fields are a 400
    /// under `fieldValidation=Strict` and warnings otherwise; validation problems are a 422.
    func prepare(
        _ resource: ResourceType, _ value: JSONValue, old: JSONValue?, duplicates: [String] = [],
        validation: FieldValidation, version: String
    ) throws(APIError) -> (object: JSONValue, warnings: [String]) {
        let prepared: PreparedObject
        do {
            prepared = try resource.strategy.prepare(value, old, version)
        } catch {
            throw APIError.badRequest(
                "\(resource.kind) in version \"\(resource.hubVersion)\" cannot be handled as a \(resource.kind): "
                    + error.message)
        }
        var problems = prepared.unknownFields.map { "unknown field \"\($0)\"" }
        problems += duplicates.map { "duplicate field \"\($0)\"" }
        if validation == .strict, !problems.isEmpty {
            throw APIError.badRequest("strict decoding error: " + problems.joined(separator: ", "))
        }
        var object = prepared.object
        object["apiVersion"] = .string(resource.hubAPIVersion)
        object["kind"] = .string(resource.kind)
        if object["metadata"] == nil { object["metadata"] = .emptyObject }
        let errors = metadataErrors(resource, object, old: old) + prepared.errors
        if !errors.isEmpty {
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            throw APIError.invalid(
                resource, name: name.isEmpty ? object[path: ["metadata", "generateName"]]?.stringValue ?? "" : name,
                errors)
        }
        return (object, validation == .ignore ? [] : problems)
    }

    /// The metadata rules every kind shares: names, labels, annotations, owner references,
    /// finalizers, and on update the immutable name and namespace.
    func metadataErrors(_ resource: ResourceType, _ object: JSONValue, old: JSONValue?) -> [FieldError] {
        let meta: ObjectMeta = (try? KindStrategy.decodeTyped(object["metadata"] ?? .emptyObject)) ?? ObjectMeta()
        let nameRule: (String) -> [String]
        switch resource.custom == nil ? resource.kind : "" {
        case "Service": nameRule = NameValidation.isDNS1035Label
        case "Namespace": nameRule = NameValidation.isDNS1123Label
        // RBAC names are path segments (`system:aggregate-to-admin`): `ValidateRBACName`.
        case _ where resource.group == rbacGroup: nameRule = NameValidation.isValidPathSegmentName
        default: nameRule = NameValidation.isDNS1123Subdomain
        }
        var errors = NameValidation.validateObjectMeta(
            meta, namespaced: resource.namespaced, nameRule: nameRule, path: FieldPath("metadata"))
        if let old {
            let oldName = old[path: ["metadata", "name"]]?.stringValue
            let oldNamespace = old[path: ["metadata", "namespace"]]?.stringValue
            if meta.name != oldName {
                errors.append(.invalid("metadata.name", meta.name ?? "", "field is immutable"))
            }
            if meta.namespace != oldNamespace {
                errors.append(.invalid("metadata.namespace", meta.namespace ?? "", "field is immutable"))
            }
        }
        return errors
    }

    /// The stored form of an object: in the storage version, everything but
    /// `metadata.resourceVersion` (the store's revision is the resourceVersion).
    func storedBytes(_ resource: ResourceType, _ object: JSONValue) -> [UInt8] {
        Self.rawBytes(resource.convert(object, to: resource.storageVersion))
    }

    /// An object's bytes as they are, without `metadata.resourceVersion`: for an object read from
    /// the store, exactly the stored bytes (they were written by the same serializer).
    static func rawBytes(_ object: JSONValue) -> [UInt8] {
        var copy = object
        copy[path: ["metadata", "resourceVersion"]] = nil
        return copy.serialized()
    }

    /// An object read from the store (in whatever version it was written) in the hub version.
    func hub(_ resource: ResourceType, _ object: JSONValue) -> JSONValue {
        resource.convert(object, to: resource.hubVersion)
    }

    /// The object at `key` as it is now, as stored (in the version it was written in): the watch
    /// cache's copy, or the store's when the cache has not seen it yet.
    func readCurrent(_ resource: ResourceType, key: String) async throws(APIError) -> (
        object: JSONValue, revision: Int64
    )? {
        if let cached = try cache(resource).get(key).object, let object = try? cached.parsed() {
            return (object, cached.revision)
        }
        let kv: KeyValue?
        do {
            kv = try await store.get(Array(key.utf8))
        } catch {
            throw APIError.from(error)
        }
        return Self.object(from: kv)
    }

    /// A stored key-value as the object clients see: its JSON with the mod revision as
    /// resourceVersion; nil when absent or not JSON.
    static func object(from kv: KeyValue?) -> (object: JSONValue, revision: Int64)? {
        guard let kv, var object = try? JSONParser.parse(kv.value) else { return nil }
        object[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision.rawValue))
        return (object, kv.modRevision.rawValue)
    }

    /// The result of a guaranteed update.
    struct UpdateResult {
        /// The object as stored (with its resourceVersion), or its last state if it was deleted.
        var object: JSONValue
        /// Whether the store was written.
        var written: Bool
        /// Whether the object was removed (its last finalizer went away during deletion).
        var deleted: Bool
    }

    /// kube-apiserver's GuaranteedUpdate: read, transform, write if the bytes changed with
    /// `If mod(key) == read revision`, and on a lost race read again and re-run the transform.
    /// `transform` gets the object in the hub version and returns the new object, or nil to leave it
    /// as it is. An object stored in an earlier storage version is rewritten in the current one even
    /// when the transform changes nothing (what `skiff storage migrate` relies on).
    func guaranteedUpdate(
        _ resource: ResourceType, key: String, name: String,
        transform: (_ current: JSONValue, _ revision: Int64) async throws(APIError) -> JSONValue?
    ) async throws(APIError) -> UpdateResult {
        guard let found = try await readCurrent(resource, key: key) else {
            throw APIError.notFound(resource, name: name)
        }
        var current = found.object
        var revision = found.revision
        for _ in 0..<16 {
            let currentHub = hub(resource, current)
            guard var updated = try await transform(currentHub, revision) else {
                return UpdateResult(object: currentHub, written: false, deleted: false)
            }
            let bytes = storedBytes(resource, updated)
            if bytes == Self.rawBytes(current) {
                return UpdateResult(object: currentHub, written: false, deleted: false)
            }
            let deleting =
                updated[path: ["metadata", "deletionTimestamp"]] != nil
                && (updated[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
                && (resource.kind != "Namespace" || resource.custom != nil
                    || (updated[path: ["spec", "finalizers"]]?.arrayValue ?? []).isEmpty)
                // A pod in its grace period waits for its node agent even without finalizers.
                && (updated[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue ?? 0) == 0
            do {
                if deleting {
                    let deletedAt = try await store.delete(Array(key.utf8), ifModRevision: Revision(revision))
                    updated[path: ["metadata", "resourceVersion"]] = .string(String(deletedAt.rawValue))
                    return UpdateResult(object: updated, written: true, deleted: true)
                }
                let expected = Revision(revision)
                let written = try await leased(resource) { lease throws(StoreError) in
                    try await store.update(Array(key.utf8), bytes, ifModRevision: expected, lease: lease)
                }
                updated[path: ["metadata", "resourceVersion"]] = .string(String(written.rawValue))
                return UpdateResult(object: updated, written: true, deleted: false)
            } catch let error where error.code == .conflict {
                guard let fresh = Self.object(from: error.currentKV) else {
                    throw APIError.notFound(resource, name: name)
                }
                (current, revision) = (fresh.object, fresh.revision)
            } catch let error where error.code == .notFound {
                throw APIError.notFound(resource, name: name)
            } catch {
                throw APIError.from(error)
            }
        }
        throw APIError.conflict(resource, name: name, "too many concurrent updates; please try again")
    }

    /// Applies the update rules to a client's new object: metadata the server owns is kept from
    /// `old`; a kind with a status subresource keeps its status (or, through `/status`, keeps
    /// everything but status).
    func merge(_ resource: ResourceType, new: JSONValue, old: JSONValue, statusOnly: Bool) -> JSONValue {
        var result: JSONValue
        if statusOnly {
            result = old
            result["status"] = new["status"]
        } else {
            result = new
            if resource.hasStatus { result["status"] = old["status"] }
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            result[path: ["metadata", field]] = old[path: ["metadata", field]]
        }
        if resource.kind == CustomResourceDefinition.kind, resource.custom == nil {
            CustomResourceDefinition.recordStorageVersion(&result)
        }
        if statusOnly {
            return result
        }
        // A deleting object may lose finalizers but not gain new ones.
        if old[path: ["metadata", "deletionTimestamp"]] != nil {
            let oldFinalizers = Set(
                (old[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue))
            let kept = (result[path: ["metadata", "finalizers"]]?.arrayValue ?? []).filter {
                oldFinalizers.contains($0.stringValue ?? "")
            }
            result[path: ["metadata", "finalizers"]] = kept.isEmpty ? nil : .array(kept)
        }
        return result
    }

    /// Bumps `metadata.generation` when the desired state (everything but metadata and status)
    /// changed; compares normalized objects, so defaults filled in are not changes.
    func bumpGeneration(_ resource: ResourceType, _ object: inout JSONValue, old: JSONValue) {
        guard resource.tracksGeneration, Self.specChanged(object, old, statusIgnored: resource.hasStatus) else {
            return
        }
        let generation = old[path: ["metadata", "generation"]]?.intValue ?? 1
        object[path: ["metadata", "generation"]] = .int(generation + 1)
    }

    /// Whether anything outside metadata (and status, when a status subresource owns it) changed.
    static func specChanged(_ new: JSONValue, _ old: JSONValue, statusIgnored: Bool = true) -> Bool {
        var a = new
        var b = old
        for field in ["metadata", "status", "apiVersion", "kind"] where field != "status" || statusIgnored {
            a[field] = nil
            b[field] = nil
        }
        return a != b
    }

    /// Five characters from kube-apiserver's alphabet for generateName (no vowels, no confusable digits).
    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
