import HTTPTypes
import SkiffAPI

/// Authorization for every way into the API server: HTTP requests and in-process clients that
/// carry an identity (plugins, the scheduler, local node agents). RBAC decides when the mode is
/// RBAC; node agents are held to ``NodeRestriction`` whatever the mode.
final class AccessControl: Sendable {
    let handler: ResourceHandler
    /// The RBAC snapshot authorization reads.
    let policy = PolicyCache()

    init(handler: ResourceHandler) {
        self.handler = handler
    }

    /// Whether `attributes` are allowed (what a SelfSubjectAccessReview reports).
    func decide(_ attributes: AuthorizationAttributes) -> AuthorizationDecision {
        guard handler.options.authorization == .rbac else {
            return AuthorizationDecision(allowed: true, reason: "every request is allowed (AlwaysAllow)")
        }
        return policy.authorizer(handler).authorize(attributes)
    }

    /// 403 unless `user` may make the request.
    func authorize(
        _ user: UserInfo, _ method: HTTPRequest.Method, _ info: RequestInfo?, _ path: String, _ request: APIRequest
    ) throws(APIError) {
        if info == nil, APIResponder.openPaths.contains(path) { return }
        let attributes = AuthorizationAttributes(
            user: user, method: method, info: info, path: path, query: request.query)
        let decision = decide(attributes)
        guard decision.allowed else {
            throw Self.forbidden(attributes, message: attributes.forbiddenMessage)
        }
        if let node = NodeRestriction.nodeName(of: user), let info,
            let message = NodeRestriction.denial(
                node: node, attributes: attributes, objectName: objectName(info, request),
                podNode: podNode(info, attributes))
        {
            throw Self.forbidden(attributes, message: "\(attributes.resourceDescription) is forbidden: \(message)")
        }
    }

    /// Writes the audit record of a request `user` made, when it is a write or was refused.
    func audit(
        _ user: UserInfo, _ method: HTTPRequest.Method, _ info: RequestInfo?, _ path: String, _ request: APIRequest,
        code: Int, body: [UInt8]?
    ) {
        guard let log = handler.options.auditLog, let info else { return }
        // Reads that were answered are not recorded: leave them before any work.
        if method == .get || method == .head, code != 401, code != 403 { return }
        let attributes = AuthorizationAttributes(
            user: user, method: method, info: info, path: path, query: request.query)
        var key = ""
        if let resource = handler.scheme.resource(group: info.group, version: info.version, plural: info.resource) {
            key = resource.key(namespace: info.namespace, name: info.name ?? "")
        }
        log.note(user, attributes: attributes, key: key, code: code, response: body)
    }

    /// Records a write to the RBAC objects: the next decision reads them again.
    func noteWrite(_ info: RequestInfo, _ method: HTTPRequest.Method) {
        if info.group == rbacGroup, method != .get { policy.invalidate() }
    }

    /// The name a request acts on: the URL's, or for a create the body's `metadata.name`.
    private func objectName(_ info: RequestInfo, _ request: APIRequest) -> String {
        if let name = info.name { return name }
        // Decoded as the handler decodes it: kubelets send protobuf.
        guard request.method == .post, let body = try? BodyDecoder.decode(request).value else { return "" }
        return body["metadata"]?["name"]?.stringValue ?? ""
    }

    /// The `spec.nodeName` of the pod a pod request names, from the watch cache.
    private func podNode(_ info: RequestInfo, _ attributes: AuthorizationAttributes) -> String? {
        guard attributes.apiGroup == "", attributes.resource == "pods", let name = info.name,
            let resource = handler.scheme.resource(group: "", version: "v1", plural: "pods"),
            let cache = handler.caches.cache(for: resource)
        else { return nil }
        let node = cache.get(resource.key(namespace: info.namespace, name: name)).object?.fields["spec.nodeName"]
        return node?.isEmpty == false ? node : nil
    }

    /// The ServiceAccount `namespace/name` as the watch cache holds it.
    func serviceAccount(_ namespace: String, _ name: String) -> JSONValue? {
        guard let resource = handler.scheme.resource(group: "", version: "v1", plural: "serviceaccounts"),
            let cached = handler.caches.cache(for: resource)?.get(resource.key(namespace: namespace, name: name))
                .object
        else { return nil }
        return try? cached.parsed()
    }

    /// Whether the ServiceAccount `namespace/name` exists with `uid`.
    func serviceAccountExists(_ namespace: String, _ name: String, _ uid: String) -> Bool {
        serviceAccount(namespace, name)?["metadata"]?["uid"]?.stringValue == uid
    }

    /// A 403 Status naming the object.
    static func forbidden(_ attributes: AuthorizationAttributes, message: String) -> APIError {
        var details = StatusDetails()
        details.name = attributes.name.isEmpty ? nil : attributes.name
        details.group = attributes.isResourceRequest ? attributes.apiGroup : nil
        details.kind = attributes.isResourceRequest ? attributes.resource : nil
        return APIError(code: 403, reason: "Forbidden", message: message, details: details)
    }
}
