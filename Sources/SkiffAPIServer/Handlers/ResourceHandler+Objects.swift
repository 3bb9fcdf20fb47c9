import Foundation
import SkiffAPI
import SkiffStore

/// The steps every write shares: decoding a body into the stored form, the metadata rules, the
/// guaranteed-update loop over the store's compare-and-swap.
extension ResourceHandler {
    /// Decodes a request body into the kind's normalized form; unknown and duplicate fields are a
    /// 400 under `fieldValidation=Strict` and warnings otherwise.
    func decodeObject(
        _ resource: ResourceType, _ request: APIRequest
    ) throws(APIError) -> (object: JSONValue, warnings: [String]) {
        let (value, duplicates) = try BodyDecoder.decode(request)
        return try normalize(resource, value, duplicates: duplicates, validation: try FieldValidation(request))
    }

    /// Normalizes a decoded object (typed decode, defaults) and applies the field validation mode.
    func normalize(
        _ resource: ResourceType, _ value: JSONValue, duplicates: [String], validation: FieldValidation
    ) throws(APIError) -> (object: JSONValue, warnings: [String]) {
        guard case .object = value else {
            throw APIError.badRequest("the request body must be a JSON object, not \(value.typeName)")
        }
        if let kind = value["kind"]?.stringValue, !kind.isEmpty, kind != resource.kind {
            throw APIError.badRequest(
                "the kind in the data (\(kind)) does not match the expected kind (\(resource.kind)) for \(resource.qualifiedName)"
            )
        }
        if let apiVersion = value["apiVersion"]?.stringValue, !apiVersion.isEmpty,
            !resource.versions.contains(where: {
                ResourceType.apiVersion(group: resource.group, version: $0) == apiVersion
            })
        {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))"
            )
        }
        let normalized: NormalizedObject
        do {
            normalized = try resource.strategy.normalize(value)
        } catch {
            throw APIError.badRequest(
                "\(resource.kind) in version \"\(resource.storageVersion)\" cannot be handled as a \(resource.kind): \(error.message)"
            )
        }
        var problems = normalized.unknownFields.map { "unknown field \"\($0)\"" }
        problems += duplicates.map { "duplicate field \"\($0)\"" }
        var object = normalized.object
        object["apiVersion"] = .string(resource.apiVersion)
        object["kind"] = .string(resource.kind)
        if object["metadata"] == nil { object["metadata"] = .emptyObject }
        switch validation {
        case .strict where !problems.isEmpty:
            throw APIError.badRequest("strict decoding error: " + problems.joined(separator: ", "))
        case .ignore:
            return (object, [])
        default:
            return (object, problems)
        }
    }

    /// Everything the API checks before a write: metadata rules and the kind's own validation.
    func validate(_ resource: ResourceType, _ object: JSONValue, old: JSONValue?) throws(APIError) {
        let meta: ObjectMeta = (try? KindStrategy.decodeTyped(object["metadata"] ?? .emptyObject)) ?? ObjectMeta()
        var errors = NameValidation.validateObjectMeta(
            meta, namespaced: resource.namespaced,
            nameRule: resource.kind == "Service"
                ? NameValidation.isDNS1035Label
                : resource.kind == "Namespace"
                    ? NameValidation.isDNS1123Label : NameValidation.isDNS1123Subdomain,
            path: FieldPath("metadata"))
        if let old {
            let oldMeta: ObjectMeta = (try? KindStrategy.decodeTyped(old["metadata"] ?? .emptyObject)) ?? ObjectMeta()
            if meta.name != oldMeta.name {
                errors.append(.invalid("metadata.name", meta.name ?? "", "field is immutable"))
            }
            if meta.namespace != oldMeta.namespace {
                errors.append(.invalid("metadata.namespace", meta.namespace ?? "", "field is immutable"))
            }
        }
        errors += resource.strategy.validate(object, old)
        if !errors.isEmpty {
            throw APIError.invalid(resource, name: meta.name ?? meta.generateName ?? "", errors)
        }
    }

    /// The stored form of an object: everything but `metadata.resourceVersion` (the store's
    /// revision is the resourceVersion).
    func storedBytes(_ object: JSONValue) -> [UInt8] {
        var copy = object
        copy[path: ["metadata", "resourceVersion"]] = nil
        return copy.serialized()
    }

    /// The object at `key` as it is now: the watch cache's copy, or the store's when the cache has
    /// not seen it yet.
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
    /// `transform` returns the new object, or nil to leave it as it is.
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
            guard var updated = try await transform(current, revision) else {
                return UpdateResult(object: current, written: false, deleted: false)
            }
            let bytes = storedBytes(updated)
            if bytes == storedBytes(current) {
                return UpdateResult(object: current, written: false, deleted: false)
            }
            let deleting =
                updated[path: ["metadata", "deletionTimestamp"]] != nil
                && (updated[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
            do {
                if deleting {
                    let deletedAt = try await store.delete(Array(key.utf8), ifModRevision: Revision(revision))
                    updated[path: ["metadata", "resourceVersion"]] = .string(String(deletedAt.rawValue))
                    return UpdateResult(object: updated, written: true, deleted: true)
                }
                let written = try await store.update(Array(key.utf8), bytes, ifModRevision: Revision(revision))
                updated[path: ["metadata", "resourceVersion"]] = .string(String(written.rawValue))
                return UpdateResult(object: updated, written: true, deleted: false)
            } catch let error where error.code == .conflict {
                guard let kv = error.currentKV, var fresh = try? JSONParser.parse(kv.value) else {
                    throw APIError.notFound(resource, name: name)
                }
                fresh[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision.rawValue))
                current = fresh
                revision = kv.modRevision.rawValue
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
    /// everything but status); generation counts spec changes.
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
        if resource.tracksGeneration, Self.specChanged(result, old) {
            let generation = old[path: ["metadata", "generation"]]?.intValue ?? 1
            result[path: ["metadata", "generation"]] = .int(generation + 1)
        }
        return result
    }

    /// Whether anything outside metadata and status changed.
    static func specChanged(_ new: JSONValue, _ old: JSONValue) -> Bool {
        var a = new
        var b = old
        for field in ["metadata", "status", "apiVersion", "kind"] {
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
