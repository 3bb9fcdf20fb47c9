/// One change to apply to the host's incremental view of the cache, as returned by `SchedulerCache.takeChanges()`.
///
/// The view holds the nodes that exist (have JSON) and the assumed or added pods on them. Within one batch the
/// order is: pod removals, node removals, node upserts, pod upserts, so a node always arrives before its pods and
/// leaves after them. A `podUpsert` for a uid the view already holds always names the node it is on there; a pod
/// that changed nodes is removed first.
public enum CacheChange: Hashable, Sendable {
    /// A node appeared or its JSON changed.
    case nodeUpsert(id: Int32, name: String, json: [UInt8])
    /// A node left the view; its pods were removed before. Its id may be reused by a later batch.
    case nodeRemove(id: Int32)
    /// A pod appeared on a node or its JSON changed.
    case podUpsert(node: Int32, uid: String, json: [UInt8])
    /// A pod left the view.
    case podRemove(uid: String)
}
