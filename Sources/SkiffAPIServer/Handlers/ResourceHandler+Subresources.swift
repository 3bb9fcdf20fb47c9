import Foundation
import SkiffAPI
import SkiffStore

/// `/status`, `/scale` and `/binding`.
extension ResourceHandler {
    func handleSubresource(
        _ name: String, _ resource: ResourceType, namespace: String?, name objectName: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        guard let subresource = Subresource(rawValue: name), resource.subresources.contains(subresource) else {
            throw APIError.notFound(path: request.path)
        }
        switch (subresource, request.method) {
        case (.status, .get):
            return try await get(resource, namespace: namespace, name: objectName, request)
        case (.status, .put):
            return try await update(resource, namespace: namespace, name: objectName, request, subresource: .status).0
        case (.status, .patch):
            return try await patch(resource, namespace: namespace, name: objectName, request, subresource: .status).0
        case (.scale, .get):
            try await waitForRead(try resourceVersion(request))
            guard
                let (object, _) = try await readCurrent(
                    resource, key: resource.key(namespace: namespace, name: objectName))
            else { throw APIError.notFound(resource, name: objectName) }
            return .object(Self.scale(of: object, resource))
        case (.scale, .put), (.scale, .patch):
            return try await updateScale(resource, namespace: namespace, name: objectName, request)
        case (.binding, .post):
            return try await bind(resource, namespace: namespace, name: objectName, request)
        case (.finalize, .put):
            return try await finalize(resource, name: objectName, request)
        case (.log, .get):
            return try await podLog(resource, namespace: namespace ?? "default", name: objectName, request)
        default:
            throw APIError.methodNotAllowed("the server does not allow this method on \(resource.plural)/\(name)")
        }
    }

    /// Where a resource's scale lives: `spec.replicas`, `status.replicas` and the selector for
    /// built-in kinds; the definition's paths for a custom resource.
    struct ScalePaths {
        var specReplicas: [String]
        var statusReplicas: [String]
        /// A custom resource's selector in its string form; nil: built-in `spec.selector`.
        var labelSelector: [String]?

        init(_ resource: ResourceType) {
            guard let scale = resource.custom?.scale else {
                (specReplicas, statusReplicas, labelSelector) = (["spec", "replicas"], ["status", "replicas"], nil)
                return
            }
            func split(_ path: String?) -> [String] {
                (path ?? "").split(separator: ".").map(String.init)
            }
            specReplicas = split(scale.specReplicasPath)
            statusReplicas = split(scale.statusReplicasPath)
            labelSelector = scale.labelSelectorPath.map(split) ?? []
        }
    }

    /// The `autoscaling/v1 Scale` view of an object.
    static func scale(of object: JSONValue, _ resource: ResourceType) -> JSONValue {
        let paths = ScalePaths(resource)
        let metadata = object["metadata"] ?? .emptyObject
        var scaleMeta: JSONValue = .emptyObject
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            scaleMeta[field] = metadata[field]
        }
        var selector = ""
        if let path = paths.labelSelector {
            selector = path.isEmpty ? "" : object[path: path]?.stringValue ?? ""
        } else if let matchLabels = object[path: ["spec", "selector", "matchLabels"]]?.objectValue {
            selector = matchLabels.keys.sorted().map { "\($0)=\(matchLabels[$0]?.stringValue ?? "")" }.joined(
                separator: ",")
        }
        var status: JSONValue = ["replicas": .int(object[path: paths.statusReplicas]?.intValue ?? 0)]
        if !selector.isEmpty { status["selector"] = .string(selector) }
        return [
            "apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": scaleMeta,
            "spec": ["replicas": .int(object[path: paths.specReplicas]?.intValue ?? 0)], "status": status,
        ]
    }

    private func updateScale(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw APIError.badRequest("the request body is not valid JSON: \(error)")
        }
        let result = try await guaranteedUpdate(
            resource, key: resource.key(namespace: namespace, name: name), name: name
        ) { current, revision throws(APIError) in
            var scale = Self.scale(of: current, resource)
            if request.method == .put {
                scale = body
            } else {
                do {
                    switch request.contentType {
                    case "application/json-patch+json": scale = try JSONPatch.apply(body, to: scale)
                    case "application/merge-patch+json": scale = try MergePatch.apply(body, to: scale)
                    case "application/strategic-merge-patch+json":
                        scale = try StrategicMergePatch.apply(body, to: scale)
                    default: throw APIError.unsupportedMediaType("unsupported patch type \(request.contentType)")
                    }
                } catch let error as APIError {
                    throw error
                } catch {
                    throw APIError.badRequest("the patch could not be applied: \(error)")
                }
            }
            if let expected = scale[path: ["metadata", "resourceVersion"]]?.stringValue, !expected.isEmpty,
                expected != String(revision)
            {
                throw APIError.staleObject(resource, name: name)
            }
            guard let replicas = scale[path: ["spec", "replicas"]]?.intValue else {
                throw APIError(
                    code: 422, reason: "Invalid",
                    message: "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: Required value",
                    details: StatusDetails(
                        name: name, group: "autoscaling", kind: "Scale",
                        causes: [FieldError.required("spec.replicas").statusCause]))
            }
            if replicas < 0 {
                let error = FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0")
                throw APIError(
                    code: 422, reason: "Invalid", message: "Scale.autoscaling \"\(name)\" is invalid: \(error)",
                    details: StatusDetails(name: name, group: "autoscaling", kind: "Scale", causes: [error.statusCause])
                )
            }
            var updated = current
            updated[path: ScalePaths(resource).specReplicas] = .int(replicas)
            if resource.custom != nil {
                // The custom resource's schema has the last word (a maximum on the replicas).
                updated = try self.prepare(
                    resource, updated, old: current, validation: .ignore, version: resource.storageVersion
                ).object
            }
            self.bumpGeneration(resource, &updated, old: current)
            return updated
        }
        return .object(Self.scale(of: result.object, resource))
    }

    /// Binds a pod to a node: sets `spec.nodeName` and the `PodScheduled` condition; 409 when the pod
    /// is bound already.
    private func bind(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        let (binding, _) = try BodyDecoder.decode(request)
        guard let node = binding[path: ["target", "name"]]?.stringValue, !node.isEmpty else {
            throw APIError(
                code: 422, reason: "Invalid", message: "Binding \"\(name)\" is invalid: target.name: Required value",
                details: StatusDetails(
                    name: name, kind: "Binding", causes: [FieldError.required("target.name").statusCause]))
        }
        if let kind = binding[path: ["target", "kind"]]?.stringValue, !kind.isEmpty, kind != "Node" {
            throw APIError(
                code: 422, reason: "Invalid",
                message: "Binding \"\(name)\" is invalid: target.kind: Unsupported value: \"\(kind)\"",
                details: StatusDetails(name: name, kind: "Binding"))
        }
        let uid = binding[path: ["metadata", "uid"]]?.stringValue
        let result = try await guaranteedUpdate(
            resource, key: resource.key(namespace: namespace, name: name), name: name
        ) { current, _ throws(APIError) in
            if let uid, !uid.isEmpty, uid != current[path: ["metadata", "uid"]]?.stringValue {
                throw APIError.conflict(resource, name: name, "Precondition failed: UID in precondition: \(uid)")
            }
            if current[path: ["metadata", "deletionTimestamp"]] != nil {
                throw APIError.conflict(
                    resource, name: name, "pod \(name) is being deleted, cannot be assigned to a host")
            }
            if let bound = current[path: ["spec", "nodeName"]]?.stringValue, !bound.isEmpty {
                throw APIError.conflict(resource, name: name, "pod \(name) is already assigned to node \"\(bound)\"")
            }
            var updated = current
            updated[path: ["spec", "nodeName"]] = .string(node)
            var conditions = (current[path: ["status", "conditions"]]?.arrayValue ?? []).filter {
                $0["type"]?.stringValue != "PodScheduled"
            }
            conditions.append([
                "type": "PodScheduled", "status": "True", "lastProbeTime": .null,
                "lastTransitionTime": .string(Time.now().description),
            ])
            updated[path: ["status", "conditions"]] = .array(conditions)
            return updated
        }
        var status = Status.success()
        // The binding's revision, as the list metadata of the Status (what the audit log records).
        status.metadata?.resourceVersion = result.object[path: ["metadata", "resourceVersion"]]?.stringValue
        return .object(KindStrategy.encodeTyped(status), code: 201)
    }

    /// `PUT /api/v1/namespaces/NAME/finalize`: sets `spec.finalizers` (only); a terminating
    /// namespace left with no finalizers is deleted.
    func finalize(_ resource: ResourceType, name: String, _ request: APIRequest) async throws(APIError) -> APIResponse {
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw APIError.badRequest("the body is not a Namespace: \(error)")
        }
        let finalizers = (body[path: ["spec", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        let result = try await guaranteedUpdate(resource, key: resource.key(namespace: nil, name: name), name: name) {
            current, _ in
            var updated = current
            updated[path: ["spec", "finalizers"]] = finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
            return updated
        }
        return .object(present(resource, result.object, request))
    }
}
