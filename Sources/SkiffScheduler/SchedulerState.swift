import Foundation
import SkiffAPI
import SkiffClient

/// The scheduler's shared state under one condition lock: the inbox of informer events, the
/// cache and the queue. Informer handlers only post; the scheduler thread applies.
final class SchedulerState: @unchecked Sendable {
    /// An informer event waiting for the scheduler thread.
    enum Input {
        case node(InformerEvent)
        case pod(InformerEvent, schedulerNames: Set<String>)
    }

    let condition = NSCondition()
    private(set) var inbox: [Input] = []
    var cache = SchedulerCache()
    var queue = SchedulingQueue()
    /// Each pending pod's profile (`spec.schedulerName`).
    var profileOf: [String: String] = [:]
    /// Set when the scheduler stops.
    var stopping = false
    let epoch = ContinuousClock.now

    /// Monotonic time since the scheduler started (the queue's clock).
    var now: Duration { ContinuousClock.now - epoch }

    func configure(queue: SchedulingQueue) {
        condition.withLock { self.queue = queue }
    }

    /// Appends an informer event and wakes the scheduler thread.
    func post(_ input: Input) {
        condition.withLock {
            inbox.append(input)
            condition.signal()
        }
    }

    /// Takes the inbox (under the lock).
    func takeInbox() -> [Input] {
        defer { inbox.removeAll(keepingCapacity: true) }
        return inbox
    }

    /// Stops the scheduler thread.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }
}

/// What the scheduler reads of a pod without a full decode.
struct PodFacts {
    var uid: String
    var namespace: String
    var name: String
    var nodeName: String
    var schedulerName: String
    var phase: String
    var deleting: Bool

    init?(_ item: CachedItem) {
        guard let object = try? item.object() else { return nil }
        uid = item.uid
        namespace = item.key.namespace
        name = item.key.name
        nodeName = object[path: ["spec", "nodeName"]]?.stringValue ?? ""
        schedulerName = object[path: ["spec", "schedulerName"]]?.stringValue ?? "default-scheduler"
        phase = object[path: ["status", "phase"]]?.stringValue ?? ""
        deleting = object[path: ["metadata", "deletionTimestamp"]] != nil
    }

    /// Succeeded or Failed: it holds no resources and is never scheduled.
    var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }
}
