import Foundation
import HTTPTypes
import SkiffAPI
import Synchronization

/// How requests are authorized.
public enum AuthorizationMode: String, Sendable, CaseIterable {
    /// Every authenticated request may do anything.
    case alwaysAllow = "AlwaysAllow"
    /// Role-based access control over the RBAC objects.
    case rbac = "RBAC"
}

/// The RBAC objects as an authorizer, rebuilt from the watch caches at most once a second or
/// after an RBAC write through the API (policy changes take effect within a second, as informers
/// make them take effect in kube-apiserver).
final class PolicyCache: Sendable {
    private struct State {
        var authorizer: RBACAuthorizer?
        var built: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Forgets the current snapshot.
    func invalidate() { state.withLock { $0.authorizer = nil } }

    /// The current authorizer.
    func authorizer(_ handler: ResourceHandler) -> RBACAuthorizer {
        if let cached = state.withLock({ state -> RBACAuthorizer? in
            guard let built = state.built, ContinuousClock.now - built < .seconds(1) else { return nil }
            return state.authorizer
        }) {
            return cached
        }
        func objects<T: APIObject>(_ type: T.Type, _ plural: String) -> [T] {
            guard let resource = handler.scheme.resource(group: rbacGroup, version: "v1", plural: plural),
                let cache = handler.caches.cache(for: resource)
            else { return [] }
            return cache.list(.everything).objects.compactMap { cached in
                (try? cached.parsed()).flatMap { try? KindStrategy.decodeTyped($0) as T }
            }
        }
        let authorizer = RBACAuthorizer(
            roles: objects(Role.self, "roles"), clusterRoles: objects(ClusterRole.self, "clusterroles"),
            roleBindings: objects(RoleBinding.self, "rolebindings"),
            clusterRoleBindings: objects(ClusterRoleBinding.self, "clusterrolebindings"))
        state.withLock { state in
            state.authorizer = authorizer
            state.built = .now
        }
        return authorizer
    }
}

extension AuthorizationAttributes {
    /// The attributes of an HTTP request (kube's `RequestInfoFactory` verbs).
    init(user: UserInfo, method: HTTPRequest.Method, info: RequestInfo?, path: String, query: [String: String]) {
        guard let info else {
            self.init(user: user, verb: method.rawValue.lowercased(), path: path)
            return
        }
        // As the handler reads it (`APIRequest.flag`): case does not matter.
        let flag = query["watch"]?.lowercased()
        let watch = info.legacyWatch || flag == "true" || flag == "1"
        let verb: String
        switch method {
        case .get, .head: verb = watch ? "watch" : (info.name == nil ? "list" : "get")
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = info.name == nil ? "deletecollection" : "delete"
        default: verb = method.rawValue.lowercased()
        }
        self.init(
            user: user, verb: verb, namespace: info.namespace ?? "", apiGroup: info.group, resource: info.resource,
            subresource: info.subresource ?? "", name: info.name ?? "")
    }
}
