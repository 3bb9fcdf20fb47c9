extension SchedulerCache {
    /// The pod's state; `.initial` for uids the cache does not hold or remember.
    public func podState(_ uid: String) -> CachePodState {
        pods[uid]?.state ?? (deletedUIDs.contains(uid) ? .deleted : .initial)
    }

    /// The id of the node the pod is counted on (possibly a ghost), or nil if it is not assumed or added.
    public func nodeOf(_ uid: String) -> Int32? {
        pods[uid]?.nodeID
    }

    /// The cache's record of an assumed or added pod.
    public func pod(_ uid: String) -> CachedPod? {
        pods[uid]
    }

    /// The number of assumed and added pods, ghosts' included.
    public var podCount: Int {
        pods.count
    }

    /// The number of assumed pods.
    public var assumedPodCount: Int {
        pods.values.reduce(0) { $0 + ($1.state == .assumed ? 1 : 0) }
    }

    /// Counts a pod on `node` at Reserve, before its binding is written: initial → assumed.
    /// - Throws: `alreadyAssumed`, `alreadyAdded` or `podDeleted` from any other state.
    public mutating func assume(
        uid: String, namespace: String, name: String, node: String, json: [UInt8]
    ) throws(CacheError) {
        switch podState(uid) {
        case .initial:
            attach(
                CachedPod(
                    uid: uid, namespace: namespace, name: name, json: json, nodeID: 0, state: .assumed),
                toNode: node)
        case .assumed:
            throw CacheError(.alreadyAssumed, "pod \(pods[uid]?.description ?? uid) is already assumed")
        case .added:
            throw CacheError(.alreadyAdded, "pod \(pods[uid]?.description ?? uid) is already added")
        case .deleted:
            throw CacheError(.podDeleted, "pod \(namespace)/\(name) (\(uid)) was deleted")
        }
    }

    /// Undoes `assume` (Unreserve, or a failed binding): assumed → initial, uncounted from its node.
    ///
    /// A deleted pod is left alone without error: the informer may remove a pod while its binding is failing.
    /// - Throws: `notAssumed` for an initial or added pod.
    public mutating func forget(uid: String) throws(CacheError) {
        switch podState(uid) {
        case .assumed:
            detach(uid)
        case .deleted:
            return
        case .initial, .added:
            throw CacheError(.notAssumed, "pod \(pods[uid]?.description ?? uid) is not assumed, so cannot be forgotten")
        }
    }

    /// Records that an assumed pod's binding was written. The pod stays assumed until the informer confirms it.
    ///
    /// An added or deleted pod is left alone without error: the informer's event may overtake the binder.
    /// - Throws: `notAssumed` for an initial pod.
    public mutating func finishBinding(uid: String) throws(CacheError) {
        switch podState(uid) {
        case .assumed:
            if pods[uid]?.bindingFinished == false {
                pods[uid]?.bindingFinished = true
                generation += 1
            }
        case .added, .deleted:
            return
        case .initial:
            throw CacheError(.notAssumed, "pod \(uid) is not assumed, so its binding cannot finish")
        }
    }

    /// Records the informer's confirmation that a pod is bound to `node`: initial or assumed → added.
    ///
    /// An assumed pod takes the new JSON; if it was assumed on another node it moves to `node` (kube logs this
    /// and trusts the informer).
    /// - Throws: `alreadyAdded` or `podDeleted`.
    public mutating func addPod(
        uid: String, namespace: String, name: String, node: String, json: [UInt8]
    ) throws(CacheError) {
        let record = CachedPod(uid: uid, namespace: namespace, name: name, json: json, nodeID: 0, state: .added)
        switch podState(uid) {
        case .initial:
            attach(record, toNode: node)
        case .assumed:
            if let current = pods[uid], nodeName(id: current.nodeID) == node {
                pods[uid] = CachedPod(
                    uid: uid, namespace: namespace, name: name, json: json, nodeID: current.nodeID, state: .added)
                dirtyPods.insert(uid)
                generation += 1
            } else {
                detach(uid)
                attach(record, toNode: node)
            }
        case .added:
            throw CacheError(.alreadyAdded, "pod \(pods[uid]?.description ?? uid) was already added")
        case .deleted:
            throw CacheError(.podDeleted, "pod \(namespace)/\(name) (\(uid)) was deleted")
        }
    }

    /// Replaces an added pod's JSON (informer Update); it stays on its node. Identical JSON changes nothing.
    /// - Throws: `updateOfAssumedPod`, `podNotFound` or `podDeleted`.
    public mutating func updatePod(uid: String, json: [UInt8]) throws(CacheError) {
        switch podState(uid) {
        case .added:
            guard pods[uid]?.json != json else {
                return
            }
            pods[uid]?.json = json
            dirtyPods.insert(uid)
            generation += 1
        case .assumed:
            throw CacheError(
                .updateOfAssumedPod, "assumed pod \(pods[uid]?.description ?? uid) should not be updated")
        case .initial:
            throw CacheError(.podNotFound, "pod \(uid) is not in the scheduler cache, so cannot be updated")
        case .deleted:
            throw CacheError(.podDeleted, "pod \(uid) was deleted, so cannot be updated")
        }
    }

    /// Removes a pod (informer Delete): assumed or added → deleted, uncounted from its node. The last pod of a
    /// ghost node takes the ghost with it.
    /// - Throws: `podNotFound` or `podDeleted`.
    public mutating func removePod(uid: String) throws(CacheError) {
        switch podState(uid) {
        case .assumed, .added:
            detach(uid)
            rememberDeleted(uid)
        case .initial:
            throw CacheError(.podNotFound, "pod \(uid) is not in the scheduler cache, so cannot be removed")
        case .deleted:
            throw CacheError(.podDeleted, "pod \(uid) was already removed")
        }
    }

    /// Counts `pod` on the node named `node`, creating a placeholder node if needed.
    private mutating func attach(_ pod: CachedPod, toNode node: String) {
        let id = nodeIDs[node] ?? allocateNode(name: node)
        var pod = pod
        pod.nodeID = id
        pods[pod.uid] = pod
        nodeSlots[Int(id)]?.pods.insert(pod.uid)
        dirtyPods.insert(pod.uid)
        generation += 1
    }

    /// Uncounts a pod from its node, dropping the node if it was a ghost or placeholder and this was its last pod.
    private mutating func detach(_ uid: String) {
        guard let pod = pods.removeValue(forKey: uid) else {
            return
        }
        let index = Int(pod.nodeID)
        nodeSlots[index]?.pods.remove(uid)
        if let slot = nodeSlots[index], slot.json == nil, slot.pods.isEmpty {
            releaseNode(pod.nodeID)
        }
        dirtyPods.insert(uid)
        generation += 1
    }

    private mutating func rememberDeleted(_ uid: String) {
        guard deletedHistoryLimit > 0 else {
            return
        }
        deletedUIDs.insert(uid)
        deletedOrder.append(uid)
        while deletedOrder.count > deletedHistoryLimit, let oldest = deletedOrder.popFirst() {
            deletedUIDs.remove(oldest)
        }
    }
}
