import SkiffScheduler
import Testing

/// `n` seconds.
func sec(_ seconds: Double) -> Duration {
    .milliseconds(Int64((seconds * 1000).rounded()))
}

/// The UTF-8 bytes of `text`, standing in for a pod's or node's JSON.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// A queue entry for pod `uid` in namespace `ns`.
func entry(_ uid: String, key: Int64 = 0, gated: Bool = false, json: String? = nil) -> QueueEntry {
    QueueEntry(
        uid: uid, namespace: "ns", name: "pod-\(uid)", json: bytes(json ?? "{\"uid\":\"\(uid)\"}"),
        sortKey: key, gated: gated)
}

/// The plugin registrations the queue tests use.
let testPluginEvents: [String: ClusterEvent] = [
    "NodeResourcesFit": [.nodeAdd, .nodeUpdate, .podDelete],
    "NodeAffinity": [.nodeAdd, .nodeUpdate],
    "InterPodAffinity": [.podAdd, .podUpdate, .podDelete, .nodeAdd],
    "SchedulingGates": [],
]

/// A queue with `testPluginEvents` and kube's default timings; unregistered plugins register nothing.
func makeQueue(unregistered: ClusterEvent = []) -> SchedulingQueue {
    SchedulingQueue(
        configuration: .init(pluginEvents: testPluginEvents, unregisteredPluginEvents: unregistered))
}

extension SchedulingQueue {
    /// Pops every pod in activeQ, returning their uids in pop order and calling `done` for each.
    mutating func drain() -> [String] {
        var order: [String] = []
        while let popped = pop() {
            order.append(popped.uid)
            done(uid: popped.uid)
        }
        return order
    }

    /// Pops the head of activeQ, failing the test if activeQ is empty.
    mutating func popHead() throws -> QueueEntry {
        let popped = pop()
        return try #require(popped)
    }

    /// Pops `uid` (which must be at the head) and hands it back as rejected by `plugins` at `now`.
    mutating func failHead(rejectedBy plugins: Set<String>, now: Duration) throws -> QueueLocation? {
        guard let popped = pop() else {
            return nil
        }
        return try addUnschedulable(popped, rejectedBy: plugins, now: now)
    }

    /// The counts as an array, comparable with `#expect`.
    var counts: [Int] {
        let counts = pendingCounts
        return [counts.active, counts.backoff, counts.unschedulable, counts.gated]
    }
}
