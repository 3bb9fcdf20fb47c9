import SkiffAPIServer

/// The names the parts of `skiff server` act under through their in-process clients: what the
/// audit log records and what RBAC and node restriction judge.
enum Identities {
    /// The controller manager's own requests (shared informers, leader election).
    static let controllerManager = UserInfo(
        name: "system:kube-controller-manager", groups: ["system:masters", "system:authenticated"])
    /// The scheduler.
    static let scheduler = UserInfo(name: "system:kube-scheduler", groups: ["system:masters", "system:authenticated"])
    /// The agent that plays `--simulated-nodes` (many nodes, so no one node's identity).
    static let simulatedNodes = UserInfo(
        name: "skiff:simulated-nodes", groups: ["system:masters", "system:authenticated"])

    /// A node agent: `system:node:NAME` in `system:nodes`, held to its own node.
    static func node(_ name: String) -> UserInfo {
        UserInfo(name: "system:node:\(name)", groups: ["system:nodes", "system:authenticated"])
    }

    /// A controller plugin: `skiff:plugin:NAME` in `skiff:plugins` (bound to the `skiff:plugin` role).
    static func plugin(_ name: String) -> UserInfo {
        UserInfo(name: "skiff:plugin:\(name)", groups: ["skiff:plugins", "system:authenticated"])
    }
}
