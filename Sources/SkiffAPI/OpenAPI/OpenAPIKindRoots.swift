/// The root protobuf catalog message of each built-in kind, which its OpenAPI schema is derived from.
///
/// A kind in a version is looked up in ``overrides`` (old versions whose schema differs), then in the
/// protobuf catalog at that version, then at the resource's other versions (an old version with the same
/// schema as the current one). The component is named after the document's version either way.
enum OpenAPIKindRoots {
    /// The root message of `kind` of `group` served at `version`, nil for kinds the catalog lacks (custom
    /// resources).
    static func root(group: String, version: String, kind: String, versions: [String] = []) -> ProtoMessage? {
        if let message = overrides["\(ResourceType.apiVersion(group: group, version: version))/\(kind)"] {
            return message
        }
        for candidate in [version] + versions {
            let apiVersion = ResourceType.apiVersion(group: group, version: candidate)
            if let message = ProtoSchemas.message(apiVersion: apiVersion, kind: kind) { return message }
        }
        return nil
    }

    /// The root message of a resource served at `version`.
    static func root(of resource: ResourceType, version: String) -> ProtoMessage? {
        root(
            group: resource.group, version: version, kind: resource.kind,
            versions: [resource.storageVersion] + resource.versions)
    }

    /// Kinds whose schema at an old version differs from the catalog's, by `apiVersion/kind`.
    static let overrides: [String: ProtoMessage] = [
        "apps/v1beta1/Deployment": deploymentV1beta1
    ]

    /// `apps/v1beta1` Deployment: apps/v1's, with the deprecated `spec.rollbackTo`.
    static let deploymentV1beta1: ProtoMessage = {
        var spec = ProtoSchemas.deploymentSpec
        spec.fields[8] = .message("rollbackTo", ProtoMessage("RollbackConfig", [1: .int64("revision")]))
        var deployment = ProtoSchemas.deployment
        deployment.fields[2] = .message("spec", spec)
        return deployment
    }()
}
