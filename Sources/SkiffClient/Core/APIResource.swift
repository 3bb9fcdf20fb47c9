import SkiffAPI

/// A resource as a client addresses it: group, version, plural, kind and scope.
public struct APIResource: Hashable, Sendable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The version in the URL: `v1`.
    public var version: String
    /// The plural resource name: `pods`.
    public var resource: String
    /// The kind: `Pod`.
    public var kind: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool

    /// A resource.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// The built-in resource a Swift model type serves (its storage version), from ``Scheme/builtIn``.
    public static func of<T: APIObject>(_ type: T.Type) -> APIResource {
        let (group, version) = Self.split(apiVersion: T.apiVersion)
        guard let resource = Scheme.builtIn.resource(group: group, kind: T.kind) else {
            preconditionFailure("\(T.kind) in \(T.apiVersion) is not a built-in resource")
        }
        return APIResource(
            group: group, version: version, resource: resource.plural, kind: T.kind, namespaced: resource.namespaced)
    }

    /// A built-in resource by group, version and plural (`nil` when the built-in scheme has none).
    public static func builtIn(group: String, version: String, resource: String) -> APIResource? {
        guard let type = Scheme.builtIn.resource(group: group, version: version, plural: resource) else { return nil }
        return APIResource(
            group: group, version: version, resource: resource, kind: type.kind, namespaced: type.namespaced)
    }

    /// `apps/v1` → (`apps`, `v1`); `v1` → (``, `v1`).
    public static func split(apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.firstIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The collection path: `/apis/apps/v1/namespaces/NS/deployments` (all namespaces when `nil`).
    public func path(namespace: String?) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace, !namespace.isEmpty { path += "/namespaces/\(namespace)" }
        return path + "/" + resource
    }

    /// The path of one object, with an optional subresource.
    public func path(namespace: String?, name: String, subresource: String? = nil) -> String {
        var path = self.path(namespace: namespace) + "/" + name
        if let subresource { path += "/" + subresource }
        return path
    }

    public var description: String { group.isEmpty ? "\(resource)/\(version)" : "\(resource).\(version).\(group)" }
}
