import SkiffAPI

/// A minimal OpenAPI v3: per group/version, the paths of each resource with their operations,
/// `x-kubernetes-group-version-kind`, and the query parameters, so that `kubectl apply` finds the
/// PATCH `fieldValidation` parameter and lets the server validate.
enum OpenAPI {
    /// `GET /openapi/v3`: the index of group/version documents.
    static func index(_ scheme: Scheme) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for group in scheme.groups {
            for version in group.versions {
                let path = group.name.isEmpty ? "api/\(version)" : "apis/\(group.name)/\(version)"
                paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash(scheme, path))")]
            }
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`.
    static func document(_ scheme: Scheme, path: String) -> JSONValue? {
        let parts = path.split(separator: "/").map(String.init)
        let group: String
        let version: String
        if parts.count == 2, parts[0] == "api" {
            (group, version) = ("", parts[1])
        } else if parts.count == 3, parts[0] == "apis" {
            (group, version) = (parts[1], parts[2])
        } else {
            return nil
        }
        let resources = scheme.resources(group: group, version: version)
        guard !resources.isEmpty else { return nil }
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        var paths: [String: JSONValue] = [:]
        for resource in resources {
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(resource.kind)]
            let base =
                resource.namespaced
                ? "\(prefix)/namespaces/{namespace}/\(resource.plural)" : "\(prefix)/\(resource.plural)"
            paths[base] = [
                "get": operation("list\(resource.kind)", gvk, action: "list", parameters: listParameters),
                "post": operation("create\(resource.kind)", gvk, action: "post", parameters: writeParameters),
                "delete": operation(
                    "deletecollection\(resource.kind)", gvk, action: "deletecollection", parameters: []),
            ]
            paths["\(base)/{name}"] = [
                "get": operation("read\(resource.kind)", gvk, action: "get", parameters: []),
                "put": operation("replace\(resource.kind)", gvk, action: "put", parameters: writeParameters),
                "patch": patchOperation(resource, gvk),
                "delete": operation("delete\(resource.kind)", gvk, action: "delete", parameters: []),
            ]
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(Version.gitVersion)],
            "paths": .object(paths),
            "components": ["schemas": .emptyObject],
        ]
    }

    private static func parameter(_ name: String, _ type: String, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "query", "description": .string(description),
            "schema": ["type": .string(type)], "uniqueItems": true,
        ]
    }

    private static let fieldValidation = parameter(
        "fieldValidation", "string",
        "How the server responds to unknown or duplicate fields: Ignore, Warn (the default) or Strict.")

    private static let writeParameters: [JSONValue] = [
        parameter("dryRun", "string", "Not supported: requests with dryRun are refused."),
        parameter("fieldManager", "string", "The name of the actor making the change."),
        fieldValidation,
    ]

    private static let listParameters: [JSONValue] = [
        parameter("allowWatchBookmarks", "boolean", "Send BOOKMARK events."),
        parameter("continue", "string", "The token of the next page."),
        parameter("fieldSelector", "string", "Filter by fields."),
        parameter("labelSelector", "string", "Filter by labels."),
        parameter("limit", "integer", "Page size."),
        parameter("resourceVersion", "string", "Where to read or watch from."),
        parameter("resourceVersionMatch", "string", "NotOlderThan or Exact."),
        parameter("sendInitialEvents", "boolean", "Start a watch with the current state."),
        parameter("timeoutSeconds", "integer", "How long a watch stays open."),
        parameter("watch", "boolean", "Watch instead of list."),
    ]

    private static func operation(_ id: String, _ gvk: JSONValue, action: String, parameters: [JSONValue]) -> JSONValue
    {
        var operation: JSONValue = [
            "operationId": .string(id), "x-kubernetes-action": .string(action),
            "x-kubernetes-group-version-kind": gvk,
            "responses": ["200": ["description": "OK"]],
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        return operation
    }

    /// The PATCH operation. Its request body lists JSON and merge patch only: kubectl then computes
    /// strategic merge patches from its compiled-in types rather than from schemas this document
    /// does not carry.
    private static func patchOperation(_ resource: ResourceType, _ gvk: JSONValue) -> JSONValue {
        var operation = self.operation(
            "patch\(resource.kind)", gvk, action: "patch",
            parameters: writeParameters + [
                parameter("force", "boolean", "Force apply requests.")
            ])
        operation["requestBody"] = [
            "content": [
                "application/json-patch+json": ["schema": ["type": "object"]],
                "application/merge-patch+json": ["schema": ["type": "object"]],
            ]
        ]
        return operation
    }

    private static func hash(_ scheme: Scheme, _ path: String) -> String {
        var text = path
        for resource in scheme.resources { text += resource.kind + resource.plural }
        return String(fnv1a(text), radix: 16, uppercase: true)
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
