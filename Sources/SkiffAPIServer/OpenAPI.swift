import SkiffAPI
import Synchronization

/// `/openapi/v3`: per group/version, the paths of each resource and the schemas of its kind (built-in
/// kinds from their field catalog, custom resources from their definitions), so `kubectl explain`
/// works for both and `kubectl apply` finds PATCH's `fieldValidation` parameter.
///
/// Documents are built once per scheme generation (the scheme changes only when a
/// CustomResourceDefinition does) and kept; the index carries each document's hash.
final class OpenAPI: Sendable {
    private let cache = Mutex<Cached?>(nil)

    private struct Cached {
        var generation: Int
        var index: JSONValue
        var documents: [String: JSONValue]
    }

    /// `GET /openapi/v3`: the index of group/version documents.
    func index(_ registry: SchemeRegistry) -> JSONValue { documents(registry).index }

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`; nil when nothing is served
    /// there.
    func document(_ registry: SchemeRegistry, path: String) -> JSONValue? { documents(registry).documents[path] }

    private func documents(_ registry: SchemeRegistry) -> Cached {
        let (scheme, generation) = registry.versioned
        if let cached = cache.withLock({ $0 }), cached.generation == generation { return cached }
        var entries: [(group: String, version: String, document: JSONValue)] = []
        var documents: [String: JSONValue] = [:]
        for group in scheme.groups {
            for version in group.versions {
                guard
                    let document = OpenAPIDocument.document(
                        group: group.name, version: version, resources: scheme.resources,
                        customSchema: { resource, version in resource.custom?.schemas[version] ?? Optional.none },
                        serverVersion: Version.gitVersion)
                else { continue }
                entries.append((group.name, version, document))
                documents[OpenAPIDocument.path(group: group.name, version: version)] = document
            }
        }
        let built = Cached(
            generation: generation, index: OpenAPIDocument.index(groupVersions: entries), documents: documents)
        cache.withLock { $0 = built }
        return built
    }
}

/// The version the server reports at `/version`.
public enum Version {
    /// The Kubernetes version whose API Skiff serves.
    public static let gitVersion = "v1.32.0-skiff"
    /// Major.
    public static let major = "1"
    /// Minor.
    public static let minor = "32"
}
