import SkiffAPI

/// Discovery documents: legacy (`APIVersions`, `APIGroupList`, `APIResourceList`) and aggregated
/// (`apidiscovery.k8s.io/v2 APIGroupDiscoveryList`, one request instead of thirty).
enum Discovery {
    /// The media type of aggregated discovery, when the client's Accept header asks for it.
    static func aggregatedMediaType(_ accept: String) -> String? {
        for version in ["v2", "v2beta1"]
        where accept.contains("g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList") {
            return "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
        }
        return nil
    }

    /// `GET /api`.
    static func coreVersions() -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": ""]],
        ]
    }

    /// `GET /apis`.
    static func groupList(_ scheme: Scheme) -> JSONValue {
        let groups: [JSONValue] = scheme.groups.filter { !$0.name.isEmpty }.map { group in
            let versions: [JSONValue] = group.versions.map {
                ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
            }
            return [
                "name": .string(group.name), "versions": .array(versions),
                "preferredVersion": versions.first ?? .null,
            ]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    /// `GET /apis/<group>`.
    static func group(_ scheme: Scheme, name: String) -> JSONValue? {
        guard let group = scheme.groups.first(where: { $0.name == name && !name.isEmpty }) else { return nil }
        let versions: [JSONValue] = group.versions.map {
            ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)]
        }
        return [
            "kind": "APIGroup", "apiVersion": "v1", "name": .string(name), "versions": .array(versions),
            "preferredVersion": versions.first ?? .null,
        ]
    }

    /// The verbs of a resource's main endpoint.
    static func verbs(_ resource: ResourceType) -> [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }

    /// `GET /api/v1` or `/apis/<group>/<version>`.
    static func resourceList(_ scheme: Scheme, group: String, version: String) -> JSONValue? {
        let resources = scheme.resources(group: group, version: version)
        guard !resources.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in resources {
            var entry: JSONValue = [
                "name": .string(resource.plural), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(verbs(resource).map(JSONValue.string)),
                "storageVersionHash": .string(storageVersionHash(resource)),
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            entries.append(entry)
            for subresource in Subresource.allCases where resource.subresources.contains(subresource) {
                let (kind, group, version, verbs) = subresourceShape(subresource, resource)
                var sub: JSONValue = [
                    "name": .string("\(resource.plural)/\(subresource.rawValue)"), "singularName": "",
                    "namespaced": .bool(resource.namespaced), "kind": .string(kind),
                    "verbs": .array(verbs.map(JSONValue.string)),
                ]
                if let group { sub["group"] = .string(group) }
                if let version { sub["version"] = .string(version) }
                entries.append(sub)
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(ResourceType.apiVersion(group: group, version: version)),
            "resources": .array(entries),
        ]
    }

    private static func subresourceShape(
        _ subresource: Subresource, _ resource: ResourceType
    ) -> (kind: String, group: String?, version: String?, verbs: [String]) {
        switch subresource {
        case .status: return (resource.kind, nil, nil, ["get", "patch", "update"])
        case .scale: return ("Scale", "autoscaling", "v1", ["get", "patch", "update"])
        case .finalize: return (resource.kind, nil, nil, ["update"])
        case .binding: return ("Binding", nil, nil, ["create"])
        case .log: return ("Pod", nil, nil, ["get"])
        }
    }

    /// An opaque hash that changes when the storage version changes (clients use it to notice).
    private static func storageVersionHash(_ resource: ResourceType) -> String {
        let hash = fnv1a("\(resource.group)/\(resource.storageVersion)/\(resource.kind)")
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return String((0..<11).map { index in alphabet[Int((hash >> (UInt64(index) * 6)) & 63)] }) + "="
    }

    /// The aggregated document for `/api` (core group only) or `/apis` (all other groups).
    static func aggregated(_ scheme: Scheme, core: Bool) -> JSONValue {
        let groups = scheme.groups.filter { core ? $0.name.isEmpty : !$0.name.isEmpty }
        let items: [JSONValue] = groups.map { group in
            let versions: [JSONValue] = group.versions.map { version in
                let resources: [JSONValue] = scheme.resources(group: group.name, version: version).map { resource in
                    var entry: JSONValue = [
                        "resource": .string(resource.plural),
                        "responseKind": [
                            "group": .string(group.name), "version": .string(version), "kind": .string(resource.kind),
                        ],
                        "scope": resource.namespaced ? "Namespaced" : "Cluster",
                        "singularResource": .string(resource.singular),
                        "verbs": .array(verbs(resource).map(JSONValue.string)),
                    ]
                    if !resource.shortNames.isEmpty {
                        entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string))
                    }
                    if !resource.categories.isEmpty {
                        entry["categories"] = .array(resource.categories.map(JSONValue.string))
                    }
                    let subresources: [JSONValue] = Subresource.allCases.filter { resource.subresources.contains($0) }
                        .map {
                            let shape = subresourceShape($0, resource)
                            return [
                                "subresource": .string($0.rawValue),
                                "responseKind": [
                                    "group": .string(shape.group ?? group.name),
                                    "version": .string(shape.version ?? version),
                                    "kind": .string(shape.kind),
                                ],
                                "verbs": .array(shape.verbs.map(JSONValue.string)),
                            ]
                        }
                    if !subresources.isEmpty { entry["subresources"] = .array(subresources) }
                    return entry
                }
                return ["version": .string(version), "resources": .array(resources), "freshness": "Current"]
            }
            return ["metadata": ["name": .string(group.name)], "versions": .array(versions)]
        }
        return [
            "apiVersion": "apidiscovery.k8s.io/v2", "kind": "APIGroupDiscoveryList", "metadata": .emptyObject,
            "items": .array(items),
        ]
    }
}

/// The 64-bit FNV-1a hash of `text`: the opaque, stable hashes discovery and OpenAPI publish.
func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}

extension Discovery {
    /// The discovery documents: `/api`, `/apis` (aggregated when the client asks), `/api/v1`,
    /// `/apis/GROUP` and `/apis/GROUP/VERSION`; nil for any other path. With a content type to
    /// answer with when it is not plain JSON.
    static func respond(path: String, scheme: Scheme, accept: String) -> (APIResponse, String?)? {
        switch path {
        case "/api":
            if let media = aggregatedMediaType(accept) {
                return (APIResponse.object(aggregated(scheme, core: true)), media)
            }
            return (APIResponse.object(coreVersions()), nil)
        case "/apis":
            if let media = aggregatedMediaType(accept) {
                return (APIResponse.object(aggregated(scheme, core: false)), media)
            }
            return (APIResponse.object(groupList(scheme)), nil)
        default:
            break
        }
        let parts = path.split(separator: "/").map(String.init)
        if parts.count == 2, parts[0] == "api", let list = resourceList(scheme, group: "", version: parts[1]) {
            return (APIResponse.object(list), nil)
        }
        if parts.count == 2, parts[0] == "apis", let group = group(scheme, name: parts[1]) {
            return (APIResponse.object(group), nil)
        }
        if parts.count == 3, parts[0] == "apis", let list = resourceList(scheme, group: parts[1], version: parts[2]) {
            return (APIResponse.object(list), nil)
        }
        return nil
    }
}
