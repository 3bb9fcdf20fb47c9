import Foundation
import SkiffAPI
import SkiffStore

/// POST, PUT and PATCH.
extension ResourceHandler {
    func create(
        _ resource: ResourceType, namespace: String?, _ request: APIRequest
    ) async throws(APIError) -> (APIResponse, [String]) {
        if let custom = resource.custom, custom.terminating {
            throw APIError.methodNotAllowed(
                "create not allowed while custom resource definition \(custom.definitionName) is terminating")
        }
        let incoming = try decodeBody(resource, request)
        var object = incoming.value
        // Namespace: the URL's wins; a different one in the body is an error.
        if resource.namespaced {
            guard let namespace, !namespace.isEmpty else {
                throw APIError.badRequest(
                    "\(resource.qualifiedName) are namespaced: create them under /namespaces/NAME/")
            }
            if let inBody = object[path: ["metadata", "namespace"]]?.stringValue, !inBody.isEmpty, inBody != namespace {
                throw APIError.badRequest(
                    "the namespace of the provided object (\(inBody)) does not match the namespace sent on the request (\(namespace))"
                )
            }
            object[path: ["metadata", "namespace"]] = .string(namespace)
        } else {
            object[path: ["metadata", "namespace"]] = nil
        }
        if let version = object[path: ["metadata", "resourceVersion"]]?.stringValue, !version.isEmpty {
            throw APIError.badRequest("resourceVersion should not be set on objects to be created")
        }
        let generated = (object[path: ["metadata", "name"]]?.stringValue ?? "").isEmpty
        if generated, let prefix = object[path: ["metadata", "generateName"]]?.stringValue, !prefix.isEmpty {
            object[path: ["metadata", "name"]] = .string(String(prefix.prefix(58)) + Self.randomSuffix())
        }
        prepareForCreate(resource, &object)
        let warnings: [String]
        (object, warnings) = try prepare(
            resource, object, old: nil, duplicates: incoming.duplicates, validation: incoming.validation,
            version: servedVersion(resource, request))
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if let namespace { try await requireNamespace(namespace) }
        let key = resource.key(namespace: namespace, name: name)
        for attempt in 0..<3 {
            do {
                let bytes = storedBytes(resource, object)
                let revision = try await leased(resource) { lease throws(StoreError) in
                    try await store.create(Array(key.utf8), bytes, lease: lease)
                }
                object[path: ["metadata", "resourceVersion"]] = .string(String(revision.rawValue))
                return (.object(present(resource, object, request), code: 201), warnings)
            } catch let error where error.code == .conflict {
                // A generated name that collided gets another suffix, as kube-apiserver retries.
                if generated, attempt < 2, let prefix = object[path: ["metadata", "generateName"]]?.stringValue {
                    object[path: ["metadata", "name"]] = .string(String(prefix.prefix(58)) + Self.randomSuffix())
                    continue
                }
                throw APIError.alreadyExists(resource, name: name)
            } catch {
                throw APIError.from(error)
            }
        }
        throw APIError.alreadyExists(resource, name: name)
    }

    /// Server-owned metadata and kind-specific starting state of a new object.
    func prepareForCreate(_ resource: ResourceType, _ object: inout JSONValue) {
        object[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
        object[path: ["metadata", "creationTimestamp"]] = .string(Time.now().description)
        object[path: ["metadata", "deletionTimestamp"]] = nil
        object[path: ["metadata", "deletionGracePeriodSeconds"]] = nil
        object[path: ["metadata", "generation"]] = resource.tracksGeneration ? .int(1) : nil
        if resource.custom != nil {
            // A custom resource with a status subresource starts without one.
            if resource.hasStatus { object["status"] = nil }
            return
        }
        switch resource.kind {
        case "Pod":
            var status: JSONValue = ["phase": "Pending"]
            status["qosClass"] = .string(PodQoS.classify(object["spec"] ?? .emptyObject))
            object["status"] = status
        case "Deployment", "ReplicaSet":
            object["status"] = nil
        case CustomResourceDefinition.kind where resource.group == "apiextensions.k8s.io":
            // The status is the server's; the cleanup finalizer holds the definition until its
            // objects are gone.
            object["status"] = nil
            CustomResourceDefinition.recordStorageVersion(&object)
            var finalizers = (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
            if !finalizers.contains(CustomResourceDefinition.cleanupFinalizer) {
                finalizers.append(CustomResourceDefinition.cleanupFinalizer)
            }
            object[path: ["metadata", "finalizers"]] = .array(finalizers.map(JSONValue.string))
        case "Namespace":
            object[path: ["status", "phase"]] = "Active"
            // kube-apiserver's create strategy: the namespace controller's finalizer, always.
            var finalizers = (object[path: ["spec", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
            if !finalizers.contains("kubernetes") { finalizers.append("kubernetes") }
            object[path: ["spec", "finalizers"]] = .array(finalizers.map(JSONValue.string))
        default:
            break
        }
    }

    /// 404 unless `namespace` exists; 403 while it is being deleted.
    func requireNamespace(_ namespace: String) async throws(APIError) {
        let resource = namespaces
        guard let (object, _) = try await readCurrent(resource, key: resource.key(namespace: nil, name: namespace))
        else {
            throw APIError.namespaceNotFound(namespace)
        }
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            throw APIError(
                code: 403, reason: "Forbidden",
                message: "unable to create new content in namespace \(namespace) because it is being terminated",
                details: StatusDetails(name: namespace, kind: "namespaces"))
        }
    }

    func update(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest, subresource: Subresource?
    ) async throws(APIError) -> (APIResponse, [String]) {
        let body = try decodeBody(resource, request)
        let incoming = body.value
        var warnings: [String] = []
        let bodyName = incoming[path: ["metadata", "name"]]?.stringValue ?? ""
        if !bodyName.isEmpty, bodyName != name {
            throw APIError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if resource.namespaced, let inBody = incoming[path: ["metadata", "namespace"]]?.stringValue, !inBody.isEmpty,
            inBody != namespace
        {
            throw APIError.badRequest(
                "the namespace of the provided object (\(inBody)) does not match the namespace sent on the request (\(namespace ?? ""))"
            )
        }
        let expected = incoming[path: ["metadata", "resourceVersion"]]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let result = try await guaranteedUpdate(
            resource, key: resource.key(namespace: namespace, name: name), name: name
        ) { current, revision throws(APIError) in
            try self.checkPreconditions(
                resource, name: name, incoming: incoming, expected: expected, revision: revision, current: current)
            var new = incoming
            new[path: ["metadata", "name"]] = .string(name)
            if resource.namespaced { new[path: ["metadata", "namespace"]] = namespace.map(JSONValue.string) }
            let merged = self.merge(resource, new: new, old: current, statusOnly: subresource == .status)
            var (object, problems) = try self.prepare(
                resource, merged, old: current, duplicates: body.duplicates, validation: body.validation,
                version: self.servedVersion(resource, request))
            warnings = problems
            if subresource != .status { self.bumpGeneration(resource, &object, old: current) }
            return object
        }
        return (.object(present(resource, result.object, request)), warnings)
    }

    /// 409 when the client's resourceVersion or uid does not match the stored object.
    func checkPreconditions(
        _ resource: ResourceType, name: String, incoming: JSONValue, expected: String?, revision: Int64,
        current: JSONValue
    ) throws(APIError) {
        if let expected, expected != String(revision) {
            throw APIError.staleObject(resource, name: name)
        }
        if let uid = incoming[path: ["metadata", "uid"]]?.stringValue, !uid.isEmpty,
            let stored = current[path: ["metadata", "uid"]]?.stringValue, uid != stored
        {
            throw APIError.conflict(
                resource, name: name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(stored)")
        }
    }

    func patch(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest, subresource: Subresource?
    ) async throws(APIError) -> (APIResponse, [String]) {
        let patchType = request.contentType
        let patchDocument: JSONValue
        if patchType.contains("apply-patch") {
            throw APIError.unsupportedMediaType(
                "server-side apply (application/apply-patch+yaml) is not supported yet; use kubectl apply without --server-side"
            )
        }
        guard
            ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"]
                .contains(patchType)
        else {
            throw APIError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"
            )
        }
        if resource.custom != nil, patchType == "application/strategic-merge-patch+json" {
            // Custom resources have no patch strategies to merge by (kube-apiserver answers the same).
            throw APIError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml "
                    + "(strategic merge patch is not supported for custom resources)")
        }
        do {
            patchDocument = try JSONParser.parse(request.body)
        } catch {
            throw APIError.badRequest("the patch is not valid JSON: \(error)")
        }
        let validation = try FieldValidation(request)
        var warnings: [String] = []
        let result = try await guaranteedUpdate(
            resource, key: resource.key(namespace: namespace, name: name), name: name
        ) { current, revision throws(APIError) in
            let patched: JSONValue
            do {
                // The client patches the object as it sees it: in the URL's version.
                let view = self.present(resource, current, request)
                switch patchType {
                case "application/json-patch+json": patched = try JSONPatch.apply(patchDocument, to: view)
                case "application/merge-patch+json": patched = try MergePatch.apply(patchDocument, to: view)
                default: patched = try StrategicMergePatch.apply(patchDocument, to: view)
                }
            } catch let error as PatchError {
                // Kubernetes: a malformed patch is the request's fault (400); a patch that does not
                // fit the object, including a failed JSON-patch test, is 422.
                if error.code == .malformedPatch || error.code == .unsupportedDirective {
                    throw APIError.badRequest("the patch could not be applied: \(error.message)")
                }
                throw APIError(
                    code: 422, reason: "Invalid",
                    message: "the server rejected our request due to an error in our request: \(error.message)")
            } catch {
                throw APIError.badRequest("the patch could not be applied: \(error)")
            }
            let expected = patched[path: ["metadata", "resourceVersion"]]?.stringValue
            if let expected, !expected.isEmpty, expected != String(revision) {
                throw APIError.staleObject(resource, name: name)
            }
            try self.checkType(resource, patched)
            let patchedStored = resource.convert(patched, to: resource.hubVersion)
            try self.checkPreconditions(
                resource, name: name, incoming: patchedStored, expected: nil, revision: revision, current: current)
            let merged = self.merge(resource, new: patchedStored, old: current, statusOnly: subresource == .status)
            var (object, problems) = try self.prepare(
                resource, merged, old: current, validation: validation, version: self.servedVersion(resource, request))
            warnings = problems
            if subresource != .status { self.bumpGeneration(resource, &object, old: current) }
            return object
        }
        return (.object(present(resource, result.object, request)), warnings)
    }
}

/// The quality-of-service class kube-apiserver records on a new pod.
enum PodQoS {
    static func classify(_ spec: JSONValue) -> String {
        let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        var anyRequest = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container[path: ["resources", "requests"]]?.objectValue ?? [:]
            let limits = container[path: ["resources", "limits"]]?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anyRequest = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !anyRequest { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
