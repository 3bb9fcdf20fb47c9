/// What a request URL addresses, parsed as kube-apiserver's `RequestInfoFactory` does:
/// `/api/v1/namespaces/default/pods/web-1/status` is group "", version v1, namespace default,
/// resource pods, name web-1, subresource status.
struct RequestInfo: Sendable, Equatable {
    /// The API group; empty for the core group.
    var group: String
    /// The version.
    var version: String
    /// The namespace from the path, if any.
    var namespace: String?
    /// The resource (plural), `pods`.
    var resource: String
    /// The object name, if any.
    var name: String?
    /// The subresource, if any.
    var subresource: String?
    /// Whether the legacy `/watch/` path prefix was used.
    var legacyWatch: Bool

    /// Subresources of namespaces that come straight after the namespace name.
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    /// Parses a resource path; `nil` for paths that are not resource requests (discovery and the like).
    init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty else { return nil }
        if parts[0] == "api" {
            guard parts.count >= 3 else { return nil }
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if parts[0] == "apis" {
            guard parts.count >= 4 else { return nil }
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        legacyWatch = false
        if parts.first == "watch" {
            legacyWatch = true
            parts.removeFirst()
            guard !parts.isEmpty else { return nil }
        }
        namespace = nil
        if parts[0] == "namespaces", parts.count > 1 {
            namespace = parts[1]
            if parts.count > 2, !Self.namespaceSubresources.contains(parts[2]) {
                parts.removeFirst(2)
            }
        }
        resource = parts[0]
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2...].joined(separator: "/") : nil
        if resource == "namespaces" { namespace = nil }
    }
}
