/// Whether CPU and memory limits can be enforced through cgroup v2.
public enum CgroupSupport: Sendable, Equatable {
    /// Limits are enforced; each container gets a child cgroup of `root`.
    case enforced(root: String)
    /// Limits cannot be enforced, for the given reason; containers run without a cgroup of their own.
    case unavailable(reason: String)
}
