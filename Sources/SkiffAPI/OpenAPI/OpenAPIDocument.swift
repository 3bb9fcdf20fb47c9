/// The OpenAPI v3 documents kube-apiserver serves at `/openapi/v3/api/v1` and
/// `/openapi/v3/apis/<group>/<version>`, and their index at `/openapi/v3`: what `kubectl explain` reads
/// (it finds a resource's kind through the `x-kubernetes-group-version-kind` of its paths' operations, then
/// the component schema with that kind in its own `x-kubernetes-group-version-kind`), and what
/// `kubectl apply` reads to find PATCH's `fieldValidation` parameter.
public enum OpenAPIDocument {
    /// The document of one group/version, nil when none of `resources` is served there.
    ///
    /// - Parameters:
    ///   - group: The API group; empty for the core group.
    ///   - version: The version.
    ///   - resources: The resources; those not served at `group`/`version` are skipped.
    ///   - customSchema: The `openAPIV3Schema` of a custom resource at a version (already validated), nil
    ///     for built-in kinds. A resource that is neither gets a schema that accepts any fields.
    ///   - serverVersion: The `info.version` of the document.
    /// - Returns: The document: `openapi`, `info`, `paths` and `components.schemas`, holding the kinds
    ///   served, their lists, every schema they refer to, and the meta/v1 types.
    public static func document(
        group: String, version: String, resources: [ResourceType],
        customSchema: (ResourceType, String) -> JSONValue?, serverVersion: String = "v1.32.0"
    ) -> JSONValue? {
        guard let built = build(group: group, version: version, resources: resources, customSchema) else {
            return nil
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(serverVersion)],
            "paths": .object(built.paths.paths),
            "components": ["schemas": .object(built.schemas.components)],
        ]
    }

    /// The index of documents: for each group/version, `paths["apis/<group>/<version>"].serverRelativeURL`
    /// with the document's ``hash(of:)`` in `?hash=`, which changes whenever the document does.
    public static func index(groupVersions: [(group: String, version: String, document: JSONValue)]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for entry in groupVersions {
            let path = path(group: entry.group, version: entry.version)
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash(of: entry.document))")]
        }
        return ["paths": .object(paths)]
    }

    /// The path of a group/version's document below `/openapi/v3/`: `api/v1`, `apis/apps/v1`.
    public static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    /// A stable hash of a document's serialized bytes (which have sorted keys): 16 uppercase hex digits of
    /// their 64-bit FNV-1a hash.
    public static func hash(of document: JSONValue) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in document.serialized() {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The components and paths of a group/version's document, nil when none of `resources` is served
    /// there.
    static func build(
        group: String, version: String, resources: [ResourceType],
        _ customSchema: (ResourceType, String) -> JSONValue?
    ) -> (schemas: OpenAPISchemas, paths: OpenAPIPaths)? {
        let served = resources.filter { $0.group == group && $0.versions.contains(version) }
        guard !served.isEmpty else { return nil }
        var schemas = OpenAPISchemas(versions: OpenAPIPackage.versions(group: group, version: version))
        schemas.addStandard(group: group, version: version)
        var paths = OpenAPIPaths(group: group, version: version)
        for resource in served {
            let (kind, list) = addKind(resource, group: group, version: version, to: &schemas, customSchema)
            if resource.subresources.contains(.scale) {
                schemas.addKind(
                    ProtoSchemas.scale,
                    gvks: [OpenAPINames.groupVersionKind(group: "autoscaling", version: "v1", kind: "Scale")])
            }
            if resource.subresources.contains(.binding) {
                schemas.addKind(
                    ProtoSchemas.binding,
                    gvks: [OpenAPINames.groupVersionKind(group: "", version: "v1", kind: "Binding")])
            }
            paths.add(resource, kind: kind, list: list)
        }
        return (schemas, paths)
    }

    /// Adds the component of `resource`'s kind and of its list; returns their names.
    private static func addKind(
        _ resource: ResourceType, group: String, version: String, to schemas: inout OpenAPISchemas,
        _ customSchema: (ResourceType, String) -> JSONValue?
    ) -> (kind: String, list: String) {
        let gvk = OpenAPINames.groupVersionKind(group: group, version: version, kind: resource.kind)
        let listGVK = OpenAPINames.groupVersionKind(group: group, version: version, kind: resource.listKind)
        var custom = customSchema(resource, version)
        if custom?.isNull == true { custom = .none }  // a `nil` literal typed as JSONValue is `.null`
        if custom == nil, let root = OpenAPIKindRoots.root(of: resource, version: version) {
            let kind = schemas.addKind(root, gvks: [gvk])
            let list = String(kind.dropLast(resource.kind.count)) + resource.listKind
            schemas.addList(
                list, itemReference: ["allOf": [OpenAPINames.ref(kind)], "default": .emptyObject],
                kind: resource.kind, gvk: listGVK, plural: resource.plural)
            return (kind, list)
        }
        let kind = OpenAPINames.customResource(group: group, version: version, kind: resource.kind)
        let list = OpenAPINames.customResource(group: group, version: version, kind: resource.listKind)
        schemas.set(
            kind, OpenAPICustomResource.kindSchema(custom, group: group, version: version, kind: resource.kind))
        schemas.addList(
            list, itemReference: OpenAPICustomResource.itemReference(kind), kind: resource.kind, gvk: listGVK,
            plural: resource.plural)
        return (kind, list)
    }
}
