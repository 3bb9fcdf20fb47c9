import SkiffPluginKit

/// `PrioritySort`: the queue orders pods by `spec.priority`, higher first (the host breaks ties by
/// enqueue time).
struct PrioritySort: Sendable {
    func queueKey(_ pod: Wire.Pod) -> Int64 { Int64(Int32(clamping: pod.spec?.priority ?? 0)) }
}
