/// What a node agent may change, on top of what RBAC grants the `system:nodes` group
/// (kube-apiserver's Node authorizer and NodeRestriction admission, for the writes a kubelet
/// makes): its own Node, its own Lease in `kube-node-lease`, and the pods bound to it. A pure
/// decision: the caller supplies the pod's node from the watch cache.
enum NodeRestriction {
    /// The node a user acts for: `NAME` of `system:node:NAME` in the group `system:nodes`.
    static func nodeName(of user: UserInfo) -> String? {
        guard user.groups.contains("system:nodes"), user.name.hasPrefix("system:node:") else { return nil }
        let name = String(user.name.dropFirst("system:node:".count))
        return name.isEmpty ? nil : name
    }

    /// nil when node `node` may make the request; otherwise the reason for the 403.
    /// `objectName` is the name the request acts on (for a create, the body's); `podNode` is the
    /// `spec.nodeName` of the existing pod a pod request names (nil when there is none).
    static func denial(
        node: String, attributes: AuthorizationAttributes, objectName: String, podNode: String?
    ) -> String? {
        guard attributes.isResourceRequest, AuthorizationAttributes.writeVerbs.contains(attributes.verb) else {
            return nil
        }
        switch (attributes.apiGroup, attributes.resource) {
        case ("", "nodes"):
            guard attributes.verb != "deletecollection", objectName == node else {
                return "node \"\(node)\" is not allowed to modify node \"\(objectName)\""
            }
            return nil
        case ("coordination.k8s.io", "leases") where attributes.namespace == "kube-node-lease":
            guard attributes.verb != "deletecollection", objectName == node else {
                return "can only access node lease with the same name as the requesting node"
            }
            return nil
        case ("", "pods"):
            switch (attributes.verb, attributes.subresource) {
            case ("create", ""):
                return
                    "pod does not have \"kubernetes.io/config.mirror\" annotation, node \"\(node)\" can only create mirror pods"
            case ("create", "eviction"), ("update", "status"), ("patch", "status"), ("delete", ""):
                guard podNode == node else {
                    let action = attributes.subresource == "status" ? "update pod status" : "\(attributes.verb) pods"
                    return "node \"\(node)\" can only \(action) for pods with spec.nodeName set to itself"
                }
                return nil
            default:
                return "node \"\(node)\" can only update pod status and delete pods bound to it"
            }
        default:
            return nil
        }
    }
}
