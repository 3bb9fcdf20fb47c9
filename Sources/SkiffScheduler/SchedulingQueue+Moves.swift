extension SchedulingQueue {
    /// Hands back a popped pod whose attempt failed (kube's `AddUnschedulableIfNotPresent`); returns where it went,
    /// or nil if it was deleted while in flight (it is dropped).
    ///
    /// The pod's timestamp is refreshed to `now` and `rejectedBy` becomes its `unschedulablePlugins`. It goes to
    /// - the gated set, if an update during the attempt gated it;
    /// - backoffQ, if `rejectedBy` is empty (an error, not a rejection), if a move request arrived while it was in
    ///   flight (`moveRequestCycle` ≥ its cycle, kube's rule), or if it was activated or its JSON changed while in
    ///   flight (activeQ instead if its backoff is already over, which needs a zero backoff);
    /// - unschedulablePods otherwise.
    ///
    /// For a pod in flight the queue's own copy is used, with `entry` supplying only `attempts` when larger;
    /// otherwise `entry` is taken as is. Ends the pod's in-flight state either way.
    /// - Throws: `QueueError.Code.alreadyQueued` if the pod is already pending.
    @discardableResult
    public mutating func addUnschedulable(
        _ entry: QueueEntry, rejectedBy plugins: Set<String>, now: Duration
    ) throws(QueueError) -> QueueLocation? {
        if let current = locations[entry.uid] {
            throw QueueError(.alreadyQueued, "pod \(entry) is already in the \(current.rawValue) queue")
        }
        let flight = inFlight.removeValue(forKey: entry.uid)
        if flight?.deleted == true {
            return nil
        }
        var requeued = entry
        if let flight {
            requeued = flight.entry
            requeued.attempts = max(requeued.attempts, entry.attempts)
        }
        requeued.unschedulablePlugins = plugins
        requeued.timestamp = now
        stamp(&requeued)
        if requeued.gated {
            place(requeued, in: .gated)
            return .gated
        }
        let moveRequested = flight.map { $0.moveRequested || moveRequestCycle >= $0.cycle } ?? false
        if plugins.isEmpty || moveRequested {
            return requeue(requeued, now: now)
        }
        place(requeued, in: .unschedulable)
        return .unschedulable
    }

    /// Handles a cluster event (kube's `MoveAllToActiveOrBackoffQueue` without queueing hints); returns the uids it
    /// moved, in sequence order.
    ///
    /// Every unschedulable pod one of whose rejecting plugins registered for `event` moves to backoffQ if still
    /// backing off at `now`, else activeQ. If any plugin registered for `event`, this is also a move request:
    /// pods in flight now go to backoffQ rather than unschedulablePods when they fail.
    @discardableResult
    public mutating func moveAll(event: ClusterEvent, now: Duration) -> [String] {
        guard configuration.isEventOfInterest(event) else {
            return []
        }
        let candidates = uids(in: .unschedulable).filter { uid in
            entries[uid].map { configuration.isInterested($0.unschedulablePlugins, in: event) } ?? false
        }
        for uid in candidates {
            if let entry = unplace(uid) {
                requeue(entry, now: now)
            }
        }
        moveRequestCycle = schedulingCycle
        return candidates
    }

    /// Moves the pods that have been in unschedulablePods for longer than `maxInUnschedulable` since their last
    /// attempt (kube's `flushUnschedulablePodsLeftover`) to backoffQ or activeQ; returns their uids. Moving any
    /// counts as a move request. Gated pods are not touched.
    @discardableResult
    public mutating func flushUnschedulable(now: Duration) -> [String] {
        let limit = configuration.maxInUnschedulable
        let expired = uids(in: .unschedulable).filter { uid in
            entries[uid].map { now - $0.timestamp > limit } ?? false
        }
        for uid in expired {
            if let entry = unplace(uid) {
                requeue(entry, now: now)
            }
        }
        if !expired.isEmpty {
            moveRequestCycle = schedulingCycle
        }
        return expired
    }

    /// Moves a pod from unschedulablePods or backoffQ straight to activeQ, skipping its backoff (kube's
    /// `Activate`); returns whether it moved.
    ///
    /// A pod in flight is marked instead, so that it goes to backoffQ rather than unschedulablePods if it fails.
    /// Pods in activeQ, gated or unknown are left alone.
    @discardableResult
    public mutating func activate(uid: String) -> Bool {
        if inFlight[uid] != nil {
            inFlight[uid]?.moveRequested = true
            return false
        }
        guard let current = locations[uid], current == .unschedulable || current == .backoff,
            let entry = unplace(uid)
        else {
            return false
        }
        place(entry, in: .active)
        return true
    }
}
