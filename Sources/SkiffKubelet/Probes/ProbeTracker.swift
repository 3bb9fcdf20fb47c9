/// One probe's thresholds as a state machine: consecutive successes and failures decide the
/// result (`successThreshold`, `failureThreshold`), starting from the probe kind's initial result.
public struct ProbeTracker: Sendable, Hashable {
    /// The probes a container may have.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Gates the other two until it succeeds; failing it restarts the container.
        case startup
        /// Decides `ready`.
        case readiness
        /// Failing it restarts the container.
        case liveness
    }

    /// The probe kind.
    public let kind: Kind
    /// Successes in a row needed to pass.
    public let successThreshold: Int
    /// Failures in a row needed to fail.
    public let failureThreshold: Int
    /// The current result.
    public private(set) var passing: Bool
    /// Whether the result is the initial one, before any threshold was met.
    public private(set) var initial = true
    private var successes = 0
    private var failures = 0

    /// A tracker with kube's initial results: liveness passes, startup and readiness do not.
    public init(kind: Kind, successThreshold: Int, failureThreshold: Int) {
        self.kind = kind
        self.successThreshold = max(1, successThreshold)
        self.failureThreshold = max(1, failureThreshold)
        passing = kind == .liveness
    }

    /// Records one probe; whether the verdict changed (the result, or leaving the initial state).
    public mutating func record(success: Bool) -> Bool {
        let before = (passing, initial)
        if success {
            successes += 1
            failures = 0
            if successes >= successThreshold {
                passing = true
                initial = false
            }
        } else {
            failures += 1
            successes = 0
            if failures >= failureThreshold {
                passing = false
                initial = false
            }
        }
        return before != (passing, initial)
    }
}
