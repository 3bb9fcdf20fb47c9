import Synchronization

/// The node agent's counters, served as Prometheus text at the agent's `/metrics`.
public final class AgentMetrics: Sendable {
    /// Pod syncs run.
    public let syncs = Atomic<Int>(0)
    /// Their total time, in nanoseconds.
    public let syncNanoseconds = Atomic<Int>(0)
    /// Containers started.
    public let containersStarted = Atomic<Int>(0)
    /// Pod status patches written.
    public let statusWrites = Atomic<Int>(0)
    /// Lease renewals that landed.
    public let leaseRenewals = Atomic<Int>(0)
    /// Lease renewals that failed.
    public let leaseFailures = Atomic<Int>(0)

    /// Zeroed counters.
    public init() {}

    func observeSync(_ duration: Duration) {
        syncs.add(1, ordering: .relaxed)
        syncNanoseconds.add(
            Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000),
            ordering: .relaxed)
    }

    func containerStarted() { containersStarted.add(1, ordering: .relaxed) }
    func statusWritten() { statusWrites.add(1, ordering: .relaxed) }

    /// Prometheus text.
    public func render() -> String {
        let counters: [(String, String, Int)] = [
            ("skiff_kubelet_pod_syncs_total", "Pod syncs run.", syncs.load(ordering: .relaxed)),
            (
                "skiff_kubelet_pod_sync_seconds_total", "Time spent in pod syncs.",
                syncNanoseconds.load(ordering: .relaxed)
            ),
            (
                "skiff_kubelet_containers_started_total", "Containers the agent started.",
                containersStarted.load(ordering: .relaxed)
            ),
            (
                "skiff_kubelet_pod_status_writes_total", "Pod status patches written.",
                statusWrites.load(ordering: .relaxed)
            ),
            (
                "skiff_kubelet_lease_renewals_total", "Node Lease renewals written.",
                leaseRenewals.load(ordering: .relaxed)
            ),
            (
                "skiff_kubelet_lease_renewal_failures_total", "Node Lease renewals that failed.",
                leaseFailures.load(ordering: .relaxed)
            ),
        ]
        var text = ""
        for (name, help, value) in counters {
            text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
            if name == "skiff_kubelet_pod_sync_seconds_total" {
                text += "\(name) \(Double(value) / 1e9)\n"
            } else {
                text += "\(name) \(value)\n"
            }
        }
        return text
    }
}
