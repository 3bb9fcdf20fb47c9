extension LeaderElector.Configuration {
    /// client-go's jitter factor: candidates wait up to 1.2 × ``retryPeriod`` between attempts.
    public static let jitterFactor = 1.2

    /// Why these timings cannot elect a leader safely; `nil` when they can. As client-go's
    /// `NewLeaderElector` requires, ``leaseDuration`` must exceed ``renewDeadline`` (a leader
    /// stops leading before others may take over), ``renewDeadline`` must exceed ``retryPeriod`` ×
    /// ``jitterFactor`` (a leader gets a renewal attempt in before its deadline), and all must be
    /// positive. Skiff also requires whole seconds for the lease, which the Lease records as
    /// `leaseDurationSeconds` (client-go truncates instead).
    public var timingProblem: String? {
        if leaseDuration < .seconds(1) || leaseDuration.components.attoseconds != 0 {
            return "the lease duration must be a whole number of seconds, at least 1s"
        }
        if renewDeadline <= .zero { return "the renew deadline must be positive" }
        if retryPeriod <= .zero { return "the retry period must be positive" }
        if leaseDuration <= renewDeadline { return "the lease duration must be longer than the renew deadline" }
        if renewDeadline <= retryPeriod * Self.jitterFactor {
            return "the renew deadline must be longer than \(Self.jitterFactor) × the retry period"
        }
        return nil
    }
}
