import SkiffAPI

/// The arithmetic of a RollingUpdate, as kube-controller-manager's `deploymentutil`:
/// `maxSurge` rounds up, `maxUnavailable` rounds down, and when both come to zero
/// `maxUnavailable` is 1 so the rollout can move.
public enum RollingUpdate {
    /// Resolved `(maxSurge, maxUnavailable)` for `replicas` (defaults 25% and 25%).
    public static func limits(_ strategy: RollingUpdateDeployment?, replicas: Int) -> (surge: Int, unavailable: Int) {
        let surge = (strategy?.maxSurge ?? .string("25%")).scaled(against: replicas, roundUp: true) ?? 0
        var unavailable = (strategy?.maxUnavailable ?? .string("25%")).scaled(against: replicas, roundUp: false) ?? 0
        if surge == 0, unavailable == 0 { unavailable = 1 }
        return (max(0, surge), max(0, min(unavailable, replicas)))
    }

    /// The new ReplicaSet's next size (`NewRSNewReplicas`): grow toward `replicas` without the
    /// total exceeding `replicas + maxSurge`; shrink when it has more than `replicas`.
    public static func newReplicaSetSize(replicas: Int, surge: Int, newSize: Int, totalSize: Int) -> Int {
        if newSize >= replicas { return replicas }
        let room = replicas + surge - totalSize
        guard room > 0 else { return newSize }
        return newSize + min(room, replicas - newSize)
    }

    /// How many old pods may go now (`reconcileOldReplicaSets`): keep at least
    /// `replicas - maxUnavailable` available, counting the new set's unavailable pods against it.
    public static func oldScaleDownLimit(
        replicas: Int, unavailable: Int, totalSize: Int, newSize: Int, newAvailable: Int
    ) -> Int {
        let minAvailable = replicas - unavailable
        let newUnavailable = max(0, newSize - newAvailable)
        return max(0, totalSize - minAvailable - newUnavailable)
    }

    /// How much to take from each old set (given oldest first), as `cleanupUnhealthyReplicas`
    /// then `scaleDownOldReplicaSetsForRollingUpdate`: nothing unless `limit` (from
    /// ``oldScaleDownLimit``) is positive; then their unavailable pods, up to `limit`; then
    /// available ones while more than `replicas - maxUnavailable` pods stay available overall
    /// (`totalAvailable` counts every set, the new one too).
    public static func oldScaleDowns(
        old: [(size: Int, available: Int)], limit: Int, totalAvailable: Int, replicas: Int, unavailable: Int
    ) -> [Int] {
        var reductions = Array(repeating: 0, count: old.count)
        guard limit > 0 else { return reductions }
        var cleanup = limit
        for (index, set) in old.enumerated() where cleanup > 0 && set.size > 0 {
            let unhealthy = min(cleanup, max(0, set.size - set.available))
            reductions[index] += unhealthy
            cleanup -= unhealthy
        }
        var budget = max(0, totalAvailable - (replicas - unavailable))
        for (index, set) in old.enumerated() where budget > 0 {
            let take = min(budget, set.size - reductions[index])
            reductions[index] += take
            budget -= take
        }
        return reductions
    }
}
