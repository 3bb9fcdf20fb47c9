import SkiffPluginABI

/// A scheduler plugin's verdict code (kube-scheduler's framework status codes).
public enum PluginCode: Int8, Sendable {
    /// The pod may go on (or fits the node).
    case success = 0
    /// An internal error: the pod backs off and is retried.
    case error = 1
    /// Does not fit now; preemption may help.
    case unschedulable = 2
    /// Does not fit; preemption will not help.
    case unschedulableAndUnresolvable = 3
    /// Permit: hold the pod.
    case wait = 4
    /// PreFilter/PreScore: skip this plugin's Filter/Score this cycle; Bind: let the next binder bind.
    case skip = 5
    /// Waits for something outside the scheduler.
    case pending = 6
}

/// A verdict and, unless it is a success, why.
public struct PluginResult: Sendable, Equatable {
    /// The code.
    public var code: PluginCode
    /// Kube's reason text, `Insufficient cpu`.
    public var reason: String?

    /// A result.
    public init(code: PluginCode, reason: String? = nil) {
        self.code = code
        self.reason = reason
    }

    /// Success.
    public static let success = PluginResult(code: .success)
    /// Skip.
    public static let skip = PluginResult(code: .skip)
}
