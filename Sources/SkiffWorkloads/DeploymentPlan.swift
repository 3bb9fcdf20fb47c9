import Foundation
import SkiffAPI

/// What one sync of a Deployment does: the ReplicaSet writes, then the status. Computed by
/// ``DeploymentPlanner`` from the Deployment and the ReplicaSets it owns; carried out by the
/// Deployment controller plugin.
public struct DeploymentPlan: Sendable {
    /// One write.
    public enum Action: Sendable, Equatable {
        /// Create the new ReplicaSet.
        case create(ReplicaSet)
        /// Set a ReplicaSet's `spec.replicas` (and annotations).
        case scale(name: String, replicas: Int, annotations: [String: String])
        /// Set annotations only.
        case annotate(name: String, annotations: [String: String])
        /// Delete an old ReplicaSet beyond `revisionHistoryLimit`.
        case delete(name: String)
    }

    /// The writes, in order.
    public var actions: [Action] = []
    /// The Deployment's status after this sync.
    public var status: DeploymentStatus
    /// `deployment.kubernetes.io/revision` for the Deployment.
    public var revision: String?
    /// When to look again (a progress deadline, minReadySeconds), in seconds.
    public var requeueAfter: TimeInterval?
}

/// The annotations the Deployment controller keeps.
public enum DeploymentAnnotations {
    /// The ReplicaSet's (and the Deployment's) revision number.
    public static let revision = "deployment.kubernetes.io/revision"
    /// The Deployment's replicas when the ReplicaSet was last scaled.
    public static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    /// replicas + maxSurge at that time.
    public static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    /// Copied to ReplicaSets so `kubectl rollout history` can show why.
    public static let changeCause = "kubernetes.io/change-cause"
}
