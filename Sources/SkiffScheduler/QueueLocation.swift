/// Where a pod known to the scheduling queue currently is.
public enum QueueLocation: String, Hashable, Sendable, CaseIterable {
    /// In activeQ: ready to be popped.
    case active
    /// In backoffQ: waiting for its backoff to expire before moving to activeQ.
    case backoff
    /// In unschedulablePods: waiting for a cluster event, an update, `activate` or the unschedulable timeout.
    case unschedulable
    /// Held back by a PreEnqueue plugin until an `update` says it is no longer gated.
    case gated
    /// Popped and being scheduled: the host owes `done` or `addUnschedulable`.
    case inFlight
}
