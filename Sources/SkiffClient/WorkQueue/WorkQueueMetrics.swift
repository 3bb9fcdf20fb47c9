/// A snapshot of a work queue's counters, as client-go's workqueue metrics.
public struct WorkQueueMetrics: Sendable, Hashable {
    /// Keys waiting to be handed out (client-go's `depth`): not processing, not delayed.
    public var depth: Int
    /// Adds that were accepted, delayed adds included once they come due; an add of a key already
    /// waiting is not counted (client-go's `adds_total`).
    public var addsTotal: Int
    /// Calls of `addRateLimited` before shutdown (client-go's `retries_total`).
    public var retriesTotal: Int
    /// Keys handed out and not yet done.
    public var processing: Int
    /// Keys waiting for an `addAfter` deadline.
    public var delayed: Int
    /// Keys handed out and then marked done.
    public var processedTotal: Int
    /// How long the longest-running key still processing has been at it; zero when none is
    /// (client-go's `longest_running_processor_seconds`).
    public var longestRunningProcessor: Duration
    /// The sum of the processing times (hand-out to done) of the done keys.
    public var totalProcessingTime: Duration

    /// `totalProcessingTime` in seconds (client-go's `work_duration_seconds` sum).
    public var totalProcessingSeconds: Double {
        let (seconds, attoseconds) = totalProcessingTime.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
