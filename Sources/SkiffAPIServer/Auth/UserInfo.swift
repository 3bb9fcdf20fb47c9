import SkiffAPI

/// Who a request comes from, as authentication established it (`user.Info`).
public struct UserInfo: Sendable, Hashable {
    /// The user's name: `jane`, `system:node:worker-1`, `system:serviceaccount:NS:NAME`.
    public var name: String
    /// The groups the user belongs to (`system:authenticated` among them once authenticated).
    public var groups: [String]
    /// A unique id, when the authenticator knows one.
    public var uid: String

    /// A user.
    public init(name: String, groups: [String] = [], uid: String = "") {
        self.name = name
        self.groups = groups
        self.uid = uid
    }
}

/// What a request asks to do (`authorizer.Attributes`).
public struct AuthorizationAttributes: Sendable, Hashable {
    /// The requester.
    public var user: UserInfo
    /// The verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`
    /// for resources; the lower-cased HTTP method for other paths.
    public var verb: String
    /// Whether the request names a resource (otherwise it is a path such as `/healthz`).
    public var isResourceRequest: Bool
    /// The namespace ("" for cluster-scoped resources and cluster-wide lists).
    public var namespace: String
    /// The API group ("" for core).
    public var apiGroup: String
    /// The resource (plural).
    public var resource: String
    /// The subresource, when one is named (`status`, `log`).
    public var subresource: String
    /// The object's name, when one is named.
    public var name: String
    /// The request path (non-resource requests).
    public var path: String

    /// A resource request.
    public init(
        user: UserInfo, verb: String, namespace: String = "", apiGroup: String = "", resource: String,
        subresource: String = "", name: String = ""
    ) {
        self.user = user
        self.verb = verb
        self.isResourceRequest = true
        self.namespace = namespace
        self.apiGroup = apiGroup
        self.resource = resource
        self.subresource = subresource
        self.name = name
        self.path = ""
    }

    /// A non-resource request.
    public init(user: UserInfo, verb: String, path: String) {
        self.user = user
        self.verb = verb
        self.isResourceRequest = false
        self.namespace = ""
        self.apiGroup = ""
        self.resource = ""
        self.subresource = ""
        self.name = ""
        self.path = path
    }

    /// kube-apiserver's reason for a denial (`forbiddenMessage`), without the resource prefix.
    public var forbiddenReason: String {
        guard isResourceRequest else {
            return "User \(GoText.quote(user.name)) cannot \(verb) path \(GoText.quote(path))"
        }
        let target = subresource.isEmpty ? resource : "\(resource)/\(subresource)"
        let scope = namespace.isEmpty ? "at the cluster scope" : "in the namespace \(GoText.quote(namespace))"
        return
            "User \(GoText.quote(user.name)) cannot \(verb) resource \(GoText.quote(target)) in API group \(GoText.quote(apiGroup)) \(scope)"
    }

    /// The verbs that change something.
    static let writeVerbs: Set<String> = ["create", "update", "patch", "delete", "deletecollection"]

    /// The whole message of the 403 Status: `pods "web" is forbidden: User "jane" cannot ...`.
    public var forbiddenMessage: String {
        guard isResourceRequest else { return "forbidden: \(forbiddenReason)" }
        return "\(resourceDescription) is forbidden: \(forbiddenReason)"
    }

    /// The object as kube's messages name it: `pods "web"`, `leases.coordination.k8s.io`.
    public var resourceDescription: String {
        let qualified = apiGroup.isEmpty ? resource : "\(resource).\(apiGroup)"
        return name.isEmpty ? qualified : "\(qualified) \(GoText.quote(name))"
    }
}
