extension SchedulerCache {
    /// Whether `takeChanges()` would return anything (it may still return nothing if changes cancelled out).
    public var hasPendingChanges: Bool {
        !dirtyNodes.isEmpty || !dirtyPods.isEmpty
    }

    /// The changes since the previous call, coalesced, in an order safe to apply (see `CacheChange`).
    ///
    /// Only the net effect on the view counts: a pod added and removed in one window yields nothing, a node
    /// upserted twice yields one upsert with its latest JSON, a removed visible pod yields only its removal.
    /// Within each kind, nodes come by id and pods by uid. Node ids freed in this window become reusable.
    public mutating func takeChanges() -> [CacheChange] {
        var podRemovals: [CacheChange] = []
        var podUpserts: [CacheChange] = []
        for uid in dirtyPods.sorted() {
            let target = visibleNode(ofPod: uid)
            if let shown = viewPods[uid], shown != target {
                podRemovals.append(.podRemove(uid: uid))
                viewPods.removeValue(forKey: uid)
            }
            if let target, let pod = pods[uid] {
                podUpserts.append(.podUpsert(node: target, uid: uid, json: pod.json))
                viewPods[uid] = target
            }
        }
        var nodeRemovals: [CacheChange] = []
        var nodeUpserts: [CacheChange] = []
        for id in dirtyNodes.sorted() {
            if let slot = slot(id), let json = slot.json {
                nodeUpserts.append(.nodeUpsert(id: id, name: slot.name, json: json))
                viewNodes.insert(id)
            } else if viewNodes.remove(id) != nil {
                nodeRemovals.append(.nodeRemove(id: id))
            }
        }
        dirtyPods.removeAll()
        dirtyNodes.removeAll()
        for id in releasedIDs {
            freeIDs.insert(id)
        }
        releasedIDs.removeAll()
        takenGeneration = generation
        return podRemovals + nodeRemovals + nodeUpserts + podUpserts
    }

    /// The node a pod should be shown on: its node if the pod is held and the node is visible.
    private func visibleNode(ofPod uid: String) -> Int32? {
        guard let pod = pods[uid], slot(pod.nodeID)?.json != nil else {
            return nil
        }
        return pod.nodeID
    }
}
