import Synchronization

/// The scheduler's counters (what `scheduler_schedule_attempts_total` and friends count in kube).
public final class SchedulerMetrics: Sendable {
    /// Pods bound.
    public let scheduled = Atomic<Int>(0)
    /// Attempts that found no node.
    public let unschedulable = Atomic<Int>(0)
    /// Attempts that failed with an error.
    public let errors = Atomic<Int>(0)
    /// Binding cycles that failed.
    public let bindFailures = Atomic<Int>(0)
    /// Attempts after which preemption nominated a node.
    public let preemptions = Atomic<Int>(0)
    /// Scheduling cycles run.
    public let attempts = Atomic<Int>(0)
    /// Their total time, in nanoseconds.
    public let attemptNanoseconds = Atomic<Int>(0)

    /// Zeroed counters.
    public init() {}

    /// Counts one scheduling cycle.
    func recordAttempt(_ duration: Duration) {
        attempts.add(1, ordering: .relaxed)
        let nanoseconds =
            Int(duration.components.seconds) * 1_000_000_000
            + Int(duration.components.attoseconds / 1_000_000_000)
        attemptNanoseconds.add(nanoseconds, ordering: .relaxed)
    }

    /// Prometheus text for `/metrics`.
    public func render() -> String {
        var text = ""
        text += "# HELP skiff_scheduler_pods_scheduled_total Pods the scheduler bound.\n"
        text += "# TYPE skiff_scheduler_pods_scheduled_total counter\n"
        text += "skiff_scheduler_pods_scheduled_total \(scheduled.load(ordering: .relaxed))\n"
        text += "# HELP skiff_scheduler_schedule_attempts_total Scheduling cycles by result.\n"
        text += "# TYPE skiff_scheduler_schedule_attempts_total counter\n"
        let failed = unschedulable.load(ordering: .relaxed) + errors.load(ordering: .relaxed)
        text +=
            "skiff_scheduler_schedule_attempts_total{result=\"scheduled\"} "
            + "\(attempts.load(ordering: .relaxed) - failed)\n"
        text +=
            "skiff_scheduler_schedule_attempts_total{result=\"unschedulable\"} "
            + "\(unschedulable.load(ordering: .relaxed))\n"
        text += "skiff_scheduler_schedule_attempts_total{result=\"error\"} \(errors.load(ordering: .relaxed))\n"
        text += "# HELP skiff_scheduler_binding_failures_total Binding cycles that failed.\n"
        text += "# TYPE skiff_scheduler_binding_failures_total counter\n"
        text += "skiff_scheduler_binding_failures_total \(bindFailures.load(ordering: .relaxed))\n"
        text += "# HELP skiff_scheduler_preemption_attempts_total Cycles after which preemption nominated a node.\n"
        text += "# TYPE skiff_scheduler_preemption_attempts_total counter\n"
        text += "skiff_scheduler_preemption_attempts_total \(preemptions.load(ordering: .relaxed))\n"
        text += "# HELP skiff_scheduler_scheduling_cycle_seconds_total Time spent in scheduling cycles.\n"
        text += "# TYPE skiff_scheduler_scheduling_cycle_seconds_total counter\n"
        text +=
            "skiff_scheduler_scheduling_cycle_seconds_total "
            + "\(Double(attemptNanoseconds.load(ordering: .relaxed)) / 1e9)\n"
        return text
    }
}
