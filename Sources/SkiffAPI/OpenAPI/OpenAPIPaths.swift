/// The `paths` of a group/version document: for each resource, the collection (list, create,
/// deletecollection), the object (read, replace, patch, delete), the list across namespaces of a
/// namespaced resource, and the `/status`, `/scale`, `/binding` and `/finalize` subresources it serves.
///
/// Every operation carries `x-kubernetes-group-version-kind` (what `kubectl explain` finds a resource's
/// kind by) and `x-kubernetes-action`; query parameters sit on the operations (`kubectl apply` looks for
/// PATCH's `fieldValidation` there), path parameters on the path. Request bodies and responses refer to the
/// kind's component. PATCH lists JSON patch and merge patch only: kubectl then computes strategic merge
/// patches from its compiled-in types, not from these schemas, which carry no patch strategies.
struct OpenAPIPaths {
    /// The API group; empty for the core group.
    let group: String
    /// The version.
    let version: String
    /// The path items by path.
    private(set) var paths: [String: JSONValue] = [:]

    /// A builder for `group`/`version`.
    init(group: String, version: String) {
        self.group = group
        self.version = version
    }

    /// The component of the autoscaling/v1 Scale of the `/scale` subresource.
    static let scale = "io.k8s.api.autoscaling.v1.Scale"
    /// The component of the core/v1 Binding of the `/binding` subresource.
    static let binding = "io.k8s.api.core.v1.Binding"

    /// Adds the paths of `resource`, whose kind's component is `kind` and list's component `list`.
    mutating func add(_ resource: ResourceType, kind: String, list: String) {
        let gvk = OpenAPINames.groupVersionKind(group: group, version: version, kind: resource.kind)
        let operations = Operations(resource: resource, idPrefix: Self.idPrefix(group: group, version: version))
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        let base =
            resource.namespaced ? "\(prefix)/namespaces/{namespace}/\(resource.plural)" : "\(prefix)/\(resource.plural)"
        let name = "\(base)/{name}"
        paths[base] = Self.pathItem(
            parameters: pathParameters(resource, named: false),
            [
                "get": operations.make(
                    "list", action: "list", gvk: gvk, description: "list or watch objects of kind \(resource.kind)",
                    parameters: Self.listParameters, responses: Self.responses(["200": "OK"], list)),
                "post": operations.make(
                    "create", action: "post", gvk: gvk, description: "create a \(resource.kind)",
                    parameters: Self.writeParameters, body: Self.body(kind),
                    responses: Self.responses(["200": "OK", "201": "Created", "202": "Accepted"], kind)),
                "delete": operations.make(
                    "delete", infix: "Collection", action: "deletecollection", gvk: gvk,
                    description: "delete collection of \(resource.kind)",
                    parameters: Self.deleteParameters + Self.selectorParameters,
                    body: Self.body(OpenAPINames.deleteOptions, required: false),
                    responses: Self.responses(["200": "OK"], OpenAPINames.status)),
            ])
        paths[name] = Self.pathItem(
            parameters: pathParameters(resource, named: true),
            [
                "get": operations.make(
                    "read", action: "get", gvk: gvk, description: "read the specified \(resource.kind)",
                    parameters: [], responses: Self.responses(["200": "OK"], kind)),
                "put": operations.make(
                    "replace", action: "put", gvk: gvk, description: "replace the specified \(resource.kind)",
                    parameters: Self.writeParameters, body: Self.body(kind),
                    responses: Self.responses(["200": "OK", "201": "Created"], kind)),
                "patch": operations.make(
                    "patch", action: "patch", gvk: gvk, description: "partially update the specified \(resource.kind)",
                    parameters: Self.patchParameters, body: Self.patchBody,
                    responses: Self.responses(["200": "OK", "201": "Created"], kind)),
                "delete": operations.make(
                    "delete", action: "delete", gvk: gvk, description: "delete a \(resource.kind)",
                    parameters: Self.deleteParameters, body: Self.body(OpenAPINames.deleteOptions, required: false),
                    responses: Self.responses(["200": "OK", "202": "Accepted"], OpenAPINames.status)),
            ])
        if resource.namespaced {
            let all = Operations(resource: resource, idPrefix: operations.idPrefix, namespaced: false)
            paths["\(prefix)/\(resource.plural)"] = Self.pathItem(
                parameters: [Self.pretty],
                [
                    "get": all.make(
                        "list", suffix: "ForAllNamespaces", action: "list", gvk: gvk,
                        description: "list or watch objects of kind \(resource.kind)",
                        parameters: Self.listParameters, responses: Self.responses(["200": "OK"], list))
                ])
        }
        addSubresources(resource, path: name, kind: kind, gvk: gvk, operations: operations)
    }

    private mutating func addSubresources(
        _ resource: ResourceType, path: String, kind: String, gvk: JSONValue, operations: Operations
    ) {
        let parameters = pathParameters(resource, named: true)
        if resource.subresources.contains(.status) {
            paths["\(path)/status"] = readWritePatch(
                operations, suffix: "Status", gvk: gvk, component: kind, parameters: parameters,
                what: "status of the specified \(resource.kind)")
        }
        if resource.subresources.contains(.scale) {
            let scaleGVK = OpenAPINames.groupVersionKind(group: "autoscaling", version: "v1", kind: "Scale")
            paths["\(path)/scale"] = readWritePatch(
                operations, suffix: "Scale", gvk: scaleGVK, component: Self.scale, parameters: parameters,
                what: "scale of the specified \(resource.kind)")
        }
        if resource.subresources.contains(.binding) {
            let bindingGVK = OpenAPINames.groupVersionKind(group: "", version: "v1", kind: "Binding")
            paths["\(path)/binding"] = Self.pathItem(
                parameters: parameters,
                [
                    "post": operations.make(
                        "create", suffix: "Binding", action: "post", gvk: bindingGVK,
                        description: "create binding of a \(resource.kind)", parameters: Self.writeParameters,
                        body: Self.body(Self.binding),
                        responses: Self.responses(["200": "OK", "201": "Created", "202": "Accepted"], Self.binding))
                ])
        }
        if resource.subresources.contains(.finalize) {
            paths["\(path)/finalize"] = Self.pathItem(
                parameters: parameters,
                [
                    "put": operations.make(
                        "replace", suffix: "Finalize", action: "put", gvk: gvk,
                        description: "replace finalize of the specified \(resource.kind)",
                        parameters: Self.writeParameters, body: Self.body(kind),
                        responses: Self.responses(["200": "OK", "201": "Created"], kind))
                ])
        }
    }

    /// GET, PUT and PATCH of a subresource whose body is `component`.
    private func readWritePatch(
        _ operations: Operations, suffix: String, gvk: JSONValue, component: String, parameters: [JSONValue],
        what: String
    ) -> JSONValue {
        Self.pathItem(
            parameters: parameters,
            [
                "get": operations.make(
                    "read", suffix: suffix, action: "get", gvk: gvk, description: "read \(what)",
                    parameters: [], responses: Self.responses(["200": "OK"], component)),
                "put": operations.make(
                    "replace", suffix: suffix, action: "put", gvk: gvk, description: "replace \(what)",
                    parameters: Self.writeParameters, body: Self.body(component),
                    responses: Self.responses(["200": "OK", "201": "Created"], component)),
                "patch": operations.make(
                    "patch", suffix: suffix, action: "patch", gvk: gvk, description: "partially update \(what)",
                    parameters: Self.patchParameters, body: Self.patchBody,
                    responses: Self.responses(["200": "OK", "201": "Created"], component)),
            ])
    }

    /// `name` (for an object's path), `namespace` (for a namespaced resource) and `pretty`.
    private func pathParameters(_ resource: ResourceType, named: Bool) -> [JSONValue] {
        var parameters: [JSONValue] = []
        if named {
            parameters.append(Self.pathParameter("name", "The name of the \(resource.kind)."))
        }
        if resource.namespaced {
            parameters.append(
                Self.pathParameter("namespace", "The object name and auth scope, such as for teams and projects."))
        }
        parameters.append(Self.pretty)
        return parameters
    }

    /// The start of operation IDs after the verb, `AppsV1`, `CoreV1`, `CoordinationV1`.
    static func idPrefix(group: String, version: String) -> String {
        let name = group.isEmpty ? "core" : group.hasSuffix(".k8s.io") ? String(group.dropLast(7)) : group
        let words = name.split(whereSeparator: { $0 == "." || $0 == "-" }).map {
            $0.prefix(1).uppercased() + $0.dropFirst()
        }
        return words.joined() + version.prefix(1).uppercased() + version.dropFirst()
    }
}
