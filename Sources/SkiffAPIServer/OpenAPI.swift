import SkiffAPI
import Synchronization

/// `/openapi/v3`: per group/version, the paths of each resource and the schemas of its kind (built-in
/// kinds from their field catalog, custom resources from their definitions), so `kubectl explain`
/// works for both and `kubectl apply` finds PATCH's `fieldValidation` parameter.
///
/// Documents are built once per scheme (the scheme changes only when a CustomResourceDefinition
/// does) and kept; the index carries each document's hash.
final class OpenAPI: Sendable {
    private let cache = Mutex<Cached?>(nil)

    private struct Cached {
        var fingerprint: String
        var index: JSONValue
        var documents: [String: JSONValue]
    }

    /// `GET /openapi/v3`: the index of group/version documents.
    func index(_ scheme: Scheme) -> JSONValue { documents(scheme).index }

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`; nil when nothing is served
    /// there.
    func document(_ scheme: Scheme, path: String) -> JSONValue? { documents(scheme).documents[path] }

    private func documents(_ scheme: Scheme) -> Cached {
        let fingerprint = Self.fingerprint(scheme)
        if let cached = cache.withLock({ $0 }), cached.fingerprint == fingerprint { return cached }
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
            fingerprint: fingerprint, index: OpenAPIDocument.index(groupVersions: entries), documents: documents)
        cache.withLock { $0 = built }
        return built
    }

    /// What the documents depend on: every resource's names, versions and custom schemas.
    private static func fingerprint(_ scheme: Scheme) -> String {
        var text = ""
        for resource in scheme.resources {
            text +=
                "\(resource.group)/\(resource.plural)/\(resource.kind)/\(resource.versions)/\(resource.subresources.map(\.rawValue).sorted());"
            if let custom = resource.custom {
                for version in custom.schemas.keys.sorted() {
                    text += version + String(decoding: custom.schemas[version]?.serialized() ?? [], as: UTF8.self)
                }
            }
        }
        return text
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
