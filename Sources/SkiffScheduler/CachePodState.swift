/// The life-cycle state of a pod in the scheduler cache (kube's cache state machine).
///
/// ```
/// initial --assume--> assumed --addPod--> added --removePod--> deleted
///    ^                   |  \__________________removePod_________^
///    +------forget-------+
/// initial --addPod--> added
/// ```
public enum CachePodState: String, Hashable, Sendable, CaseIterable {
    /// Unknown to the cache (never seen, or forgotten after `forget`).
    case initial
    /// Reserved on a node by the scheduler and counted there at once; its binding is not confirmed yet.
    case assumed
    /// Confirmed bound by the informer.
    case added
    /// Removed by the informer; the uid is remembered (up to a limit) so stale operations are refused.
    case deleted
}
