extension OpenAPIPaths {
    /// Makes the operations of one resource, with kube-apiserver's operation IDs:
    /// `listAppsV1NamespacedDeployment`, `deleteCoreV1CollectionNamespacedPod`, `readAppsV1NamespacedDeploymentScale`.
    struct Operations {
        /// The resource.
        let resource: ResourceType
        /// What follows the verb in IDs: `AppsV1`.
        let idPrefix: String
        /// Whether IDs say `Namespaced` (not for lists across namespaces).
        let namespaced: Bool

        /// Operations of `resource`; `namespaced` defaults to the resource's scope.
        init(resource: ResourceType, idPrefix: String, namespaced: Bool? = nil) {
            self.resource = resource
            self.idPrefix = idPrefix
            self.namespaced = namespaced ?? resource.namespaced
        }

        /// One operation. Its ID is `verb`, the prefix, `infix`, `Namespaced` if so, the kind and `suffix`.
        func make(
            _ verb: String, infix: String = "", suffix: String = "", action: String, gvk: JSONValue,
            description: String, parameters: [JSONValue], body: JSONValue? = nil, responses: JSONValue
        ) -> JSONValue {
            let id = verb + idPrefix + infix + (namespaced ? "Namespaced" : "") + resource.kind + suffix
            var operation: JSONValue = [
                "operationId": .string(id),
                "description": .string(description),
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk,
                "responses": responses,
            ]
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let body { operation["requestBody"] = body }
            return operation
        }
    }

    /// A path item: its operations by method and the parameters they share.
    static func pathItem(parameters: [JSONValue], _ operations: [String: JSONValue]) -> JSONValue {
        var item = JSONValue.object(operations)
        if !parameters.isEmpty { item["parameters"] = .array(parameters) }
        return item
    }
}
