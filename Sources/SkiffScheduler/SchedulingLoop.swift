import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffPluginABI
import SkiffPluginHost
import SkiffPluginKit
import Synchronization

/// The scheduler's threads: one scheduling thread (drain the inbox into the cache and queue, flush
/// the cache's changes into the plugin sets, pop a pod, run its scheduling cycle) and binder
/// threads (Permit's outcome, PreBind, Bind, PostBind; on failure Unreserve and a requeue).
final class SchedulingLoop: @unchecked Sendable {
    let scheduler: Scheduler
    let frameworks: [String: Framework]
    let state: SchedulerState
    private var logger: Logger { scheduler.logger }
    private let bindings = BindingQueue()
    private let recorder: EventRecorder
    private var lastUnschedulableFlush = Duration.zero
    /// The visible nodes' ids, recomputed when the nodes change (scheduling thread only).
    private var nodeIDs: [Int32] = []
    /// Pods preemption nominated a node for, held there in the cache (kube's nominated pods): the
    /// room their victims free is theirs, not the next pod's. Released when the pod's next cycle
    /// starts, when it is bound, or when it goes (guarded by the state lock).
    private var reservations = Set<String>()

    init(scheduler: Scheduler, frameworks: [String: Framework], state: SchedulerState) {
        self.scheduler = scheduler
        self.frameworks = frameworks
        self.state = state
        self.recorder = EventRecorder(client: scheduler.client, component: "default-scheduler")
    }

    /// Runs the threads until the task is cancelled.
    func run() async {
        let finished = Mutex<[CheckedContinuation<Void, Never>]>([])
        let binders = max(1, scheduler.options.binders)
        let threads = 1 + binders
        let done = Atomic<Int>(0)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                finished.withLock { $0.append(continuation) }
                let exit: @Sendable () -> Void = {
                    if done.add(1, ordering: .relaxed).newValue == threads {
                        for waiter in finished.withLock({ $0 }) { waiter.resume() }
                    }
                }
                let main = Thread { [self] in
                    schedulingLoop()
                    bindings.close()
                    exit()
                }
                main.name = "scheduler"
                main.start()
                for index in 0..<binders {
                    let binder = Thread { [self] in
                        while let job = bindings.next() { bind(job) }
                        exit()
                    }
                    binder.name = "scheduler-binder-\(index)"
                    binder.start()
                }
            }
        } onCancel: {
            state.stop()
        }
    }

    // MARK: The scheduling thread

    private func schedulingLoop() {
        while let entry = nextPod() {
            flushChanges()
            scheduleOne(entry)
        }
    }

    /// Applies the inbox, flushes the queue's timers, and pops the next pod (waiting when there is
    /// none); nil once stopping.
    private func nextPod() -> QueueEntry? {
        state.condition.lock()
        defer { state.condition.unlock() }
        while !state.stopping {
            applyInbox()
            let now = state.now
            _ = state.queue.flushBackoff(now: now)
            if now - lastUnschedulableFlush >= .seconds(30) {
                _ = state.queue.flushUnschedulable(now: now)
                lastUnschedulableFlush = now
            }
            if let entry = state.queue.pop() { return entry }
            var wait = Duration.seconds(1)
            if let expiry = state.queue.nextBackoffExpiry { wait = max(.milliseconds(1), min(wait, expiry - now)) }
            if state.inbox.isEmpty {
                let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                _ = state.condition.wait(until: Date().addingTimeInterval(seconds))
            }
        }
        return nil
    }

    /// Informer events into the cache and the queue (under the lock).
    private func applyInbox() {
        let inbox = state.takeInbox()
        guard !inbox.isEmpty else { return }
        var moves: ClusterEvent = []
        for input in inbox {
            switch input {
            case .node(let event): moves.formUnion(applyNode(event))
            case .pod(let event, let names): moves.formUnion(applyPod(event, schedulerNames: names))
            }
        }
        if !moves.isEmpty { _ = state.queue.moveAll(event: moves, now: state.now) }
    }

    private func applyNode(_ event: InformerEvent) -> ClusterEvent {
        switch event {
        case .added(let item):
            _ = state.cache.upsertNode(name: item.key.name, json: item.bytes)
            return .nodeAdd
        case .updated(let old, let new):
            _ = state.cache.upsertNode(name: new.key.name, json: new.bytes)
            return old.bytes == new.bytes ? [] : .nodeUpdate
        case .deleted(let item, _):
            _ = try? state.cache.removeNode(name: item.key.name)
            return .nodeDelete
        }
    }

    private func applyPod(_ event: InformerEvent, schedulerNames: Set<String>) -> ClusterEvent {
        guard let facts = PodFacts(event.item) else { return [] }
        if case .deleted = event {
            _ = state.queue.delete(uid: facts.uid)
            state.profileOf[facts.uid] = nil
            reservations.remove(facts.uid)
            guard state.cache.podState(facts.uid) != .initial, state.cache.podState(facts.uid) != .deleted else {
                return []
            }
            try? state.cache.removePod(uid: facts.uid)
            return .podDelete
        }
        if !facts.nodeName.isEmpty {
            // Bound: the cache's (confirming an assumed pod, or one bound elsewhere).
            _ = state.queue.delete(uid: facts.uid)
            state.profileOf[facts.uid] = nil
            if reservations.remove(facts.uid) != nil { try? state.cache.forget(uid: facts.uid) }
            if facts.isTerminal {
                if state.cache.podState(facts.uid) == .added || state.cache.podState(facts.uid) == .assumed {
                    try? state.cache.removePod(uid: facts.uid)
                    return .podDelete
                }
                return []
            }
            switch state.cache.podState(facts.uid) {
            case .added:
                try? state.cache.updatePod(uid: facts.uid, json: event.item.bytes)
                return .podUpdate
            default:
                try? state.cache.addPod(
                    uid: facts.uid, namespace: facts.namespace, name: facts.name, node: facts.nodeName,
                    json: event.item.bytes)
                return .podAdd
            }
        }
        // Pending: ours to schedule when its profile is one of ours.
        guard schedulerNames.contains(facts.schedulerName), !facts.isTerminal, !facts.deleting,
            let framework = frameworks[facts.schedulerName]
        else {
            _ = state.queue.delete(uid: facts.uid)
            if reservations.remove(facts.uid) != nil { try? state.cache.forget(uid: facts.uid) }
            return []
        }
        state.profileOf[facts.uid] = facts.schedulerName
        let key = sortKey(framework, event.item.bytes)
        let gated = isGated(framework, event.item.bytes)
        if state.queue.location(of: facts.uid) != nil {
            _ = state.queue.update(uid: facts.uid, json: event.item.bytes, sortKey: key, gated: gated, now: state.now)
        } else {
            let entry = QueueEntry(
                uid: facts.uid, namespace: facts.namespace, name: facts.name, json: event.item.bytes, sortKey: key,
                gated: gated)
            _ = state.queue.add(entry, now: state.now)
        }
        return []
    }

    private func sortKey(_ framework: Framework, _ pod: [UInt8]) -> Int64 {
        guard let ref = framework.profile.plugins(.queueSort).first else { return 0 }
        return framework.sets[ref.plugin.set].queueKey(ref.plugin.index, pod: pod)
    }

    private func isGated(_ framework: Framework, _ pod: [UInt8]) -> Bool {
        for ref in framework.profile.plugins(.preEnqueue) {
            if !framework.sets[ref.plugin.set].preEnqueue(ref.plugin.index, pod: pod).isSuccess { return true }
        }
        return false
    }

    /// The cache's changes since the last cycle, into every framework's sets.
    private func flushChanges() {
        let (changes, ids) = state.condition.withLock { () -> ([CacheChange], [Int32]?) in
            let changes = state.cache.takeChanges()
            let nodesChanged = changes.contains {
                switch $0 {
                case .nodeUpsert, .nodeRemove: true
                case .podUpsert, .podRemove: false
                }
            }
            return (changes, nodesChanged ? state.cache.visibleNodeIDs : nil)
        }
        if let ids { nodeIDs = ids }
        guard !changes.isEmpty else { return }
        for framework in frameworks.values {
            for set in framework.sets {
                for change in changes {
                    switch change {
                    case .nodeUpsert(let id, _, let json): set.upsertNode(id, json: json)
                    case .nodeRemove(let id): set.removeNode(id)
                    case .podUpsert(let node, let uid, let json): set.upsertPod(node: node, uid: uid, json: json)
                    case .podRemove(let uid): set.removePod(uid: uid)
                    }
                }
            }
        }
    }

    private func scheduleOne(_ entry: QueueEntry) {
        let released = state.condition.withLock { () -> Bool in
            guard reservations.remove(entry.uid) != nil else { return false }
            try? state.cache.forget(uid: entry.uid)
            _ = state.queue.moveAll(event: .podDelete, now: state.now)
            return true
        }
        if released { flushChanges() }
        let profile = state.condition.withLock { state.profileOf[entry.uid] } ?? "default-scheduler"
        guard let framework = frameworks[profile] else {
            state.condition.withLock { _ = state.queue.done(uid: entry.uid) }
            return
        }
        let started = ContinuousClock.now
        let nodes = nodeIDs
        let cycle = framework.beginCycle(pod: entry.json)
        let decision: Framework.Decision
        if !cycle.isValid {
            decision = .error("a plugin set could not read the pod")
        } else if nodes.isEmpty {
            decision = .unschedulable(
                failures: [], totalNodes: 0, rejectedBy: [], nominated: nil, postFilterMessage: "")
        } else {
            decision = framework.schedule(cycle, nodes: nodes)
        }
        scheduler.metrics.recordAttempt(ContinuousClock.now - started)
        switch decision {
        case .node(let node, _, _):
            reserve(entry, framework: framework, cycle: cycle, node: node)
        case .unschedulable(let failures, let total, let rejectedBy, let nominated, let postFilter):
            framework.endCycle(cycle)
            let message =
                total == 0
                ? FailureMessage.noNodes
                : FailureMessage.unschedulable(
                    totalNodes: total, reasons: failures.map(\.reason), postFilter: postFilter)
            if let nominated { reserve(entry, nominated: nominated) }
            requeue(entry, rejectedBy: rejectedBy)
            scheduler.metrics.unschedulable.add(1, ordering: .relaxed)
            if nominated != nil { scheduler.metrics.preemptions.add(1, ordering: .relaxed) }
            event(entry, type: "Warning", reason: "FailedScheduling", message: message)
        case .error(let message):
            framework.endCycle(cycle)
            requeue(entry, rejectedBy: [])
            scheduler.metrics.errors.add(1, ordering: .relaxed)
            event(entry, type: "Warning", reason: "FailedScheduling", message: "running the scheduler: \(message)")
        }
    }

    /// Holds a preemptor's room on its nominated node until its next cycle.
    private func reserve(_ entry: QueueEntry, nominated: Int32) {
        state.condition.withLock {
            guard let name = state.cache.nodeName(id: nominated) else { return }
            do {
                try state.cache.assume(
                    uid: entry.uid, namespace: entry.namespace, name: entry.name, node: name, json: entry.json)
                reservations.insert(entry.uid)
            } catch {
                return
            }
        }
    }

    /// Assume, Reserve, Permit; then the binding cycle on a binder thread.
    private func reserve(_ entry: QueueEntry, framework: Framework, cycle: Framework.Cycle, node: Int32) {
        let nodeName: String? = state.condition.withLock {
            guard let name = state.cache.nodeName(id: node) else { return nil }
            do {
                try state.cache.assume(
                    uid: entry.uid, namespace: entry.namespace, name: entry.name, node: name, json: entry.json)
            } catch {
                return nil
            }
            return name
        }
        guard let nodeName else {
            framework.endCycle(cycle)
            requeue(entry, rejectedBy: [])
            return
        }
        var reserved: [PluginRef] = []
        for ref in framework.profile.plugins(.reserve) {
            let verdict = framework.sets[ref.plugin.set].reserve(ref.plugin.index, setCycle(cycle, ref), node: node)
            reserved.append(ref)
            if !verdict.isSuccess {
                undo(entry, framework: framework, cycle: cycle, node: node, reserved: reserved)
                event(entry, type: "Warning", reason: "FailedScheduling", message: "Reserve: \(verdict.reason)")
                return
            }
        }
        for ref in framework.profile.plugins(.permit) {
            let (verdict, _) = framework.sets[ref.plugin.set].permit(ref.plugin.index, setCycle(cycle, ref), node: node)
            // Waiting pods need someone to allow them; no plugin here can, so Wait is a rejection.
            if !verdict.isSuccess {
                undo(entry, framework: framework, cycle: cycle, node: node, reserved: reserved)
                event(
                    entry, type: "Warning", reason: "FailedScheduling",
                    message: "Permit rejected by \(ref.plugin.name): \(verdict.reason)")
                return
            }
        }
        // The pod stays in flight until its binding cycle ends: a deletion or update meanwhile is
        // remembered by the queue.
        bindings.add(
            BindingJob(entry: entry, framework: framework, cycle: cycle, node: node, nodeName: nodeName))
    }

    private func setCycle(_ cycle: Framework.Cycle, _ ref: PluginRef) -> SchedulerPluginSet.Cycle {
        cycle.perSet[ref.plugin.set] ?? .none
    }

    /// Unreserve, forget the assumed pod, requeue with back-off.
    private func undo(
        _ entry: QueueEntry, framework: Framework, cycle: Framework.Cycle, node: Int32, reserved: [PluginRef]
    ) {
        for ref in reserved.reversed() {
            framework.sets[ref.plugin.set].unreserve(ref.plugin.index, setCycle(cycle, ref), node: node)
        }
        state.condition.withLock {
            try? state.cache.forget(uid: entry.uid)
            _ = state.queue.moveAll(event: .podDelete, now: state.now)
        }
        framework.endCycle(cycle)
        requeue(entry, rejectedBy: [])
    }

    /// Hands a failed pod back to the queue (which drops it if it was deleted meanwhile).
    private func requeue(_ entry: QueueEntry, rejectedBy: Set<String>) {
        state.condition.withLock {
            var failed = entry
            failed.attempts += 1
            _ = try? state.queue.addUnschedulable(failed, rejectedBy: rejectedBy, now: state.now)
            state.condition.signal()
        }
    }

    // MARK: The binding cycle

    private func bind(_ job: BindingJob) {
        let framework = job.framework
        var failure: String?
        for ref in framework.profile.plugins(.preBind) {
            let verdict = framework.sets[ref.plugin.set].preBind(
                ref.plugin.index, setCycle(job.cycle, ref), node: job.node)
            if !verdict.isSuccess {
                failure = "PreBind \(ref.plugin.name): \(verdict.reason)"
                break
            }
        }
        if failure == nil {
            var bound = false
            for ref in framework.profile.plugins(.bind) {
                let verdict = framework.sets[ref.plugin.set].bind(
                    ref.plugin.index, setCycle(job.cycle, ref), node: job.node)
                if verdict.isSkip { continue }
                if !verdict.isSuccess { failure = "binding rejected: \(verdict.reason)" }
                bound = verdict.isSuccess
                break
            }
            if !bound, failure == nil { failure = "no bind plugin bound the pod" }
        }
        if let failure {
            let reserved = framework.profile.plugins(.reserve)
            for ref in reserved.reversed() {
                framework.sets[ref.plugin.set].unreserve(ref.plugin.index, setCycle(job.cycle, ref), node: job.node)
            }
            state.condition.withLock {
                try? state.cache.forget(uid: job.entry.uid)
                // Room it held is free again.
                _ = state.queue.moveAll(event: .podDelete, now: state.now)
            }
            framework.endCycle(job.cycle)
            scheduler.metrics.bindFailures.add(1, ordering: .relaxed)
            requeue(job.entry, rejectedBy: [])
            event(job.entry, type: "Warning", reason: "FailedScheduling", message: failure)
            return
        }
        state.condition.withLock {
            try? state.cache.finishBinding(uid: job.entry.uid)
            _ = state.queue.done(uid: job.entry.uid)
        }
        for ref in framework.profile.plugins(.postBind) {
            framework.sets[ref.plugin.set].postBind(ref.plugin.index, setCycle(job.cycle, ref), node: job.node)
        }
        framework.endCycle(job.cycle)
        scheduler.metrics.scheduled.add(1, ordering: .relaxed)
        event(
            job.entry, type: "Normal", reason: "Scheduled",
            message: "Successfully assigned \(job.entry.namespace)/\(job.entry.name) to \(job.nodeName)")
    }

    private func event(_ entry: QueueEntry, type: String, reason: String, message: String) {
        guard scheduler.options.recordEvents else { return }
        let recorder = self.recorder
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(entry.name), "namespace": .string(entry.namespace), "uid": .string(entry.uid),
            ],
        ]
        Task { try? await recorder.record(about: pod, type: type, reason: reason, message: message) }
    }
}

/// A binding cycle waiting for a binder thread.
struct BindingJob: @unchecked Sendable {
    var entry: QueueEntry
    var framework: Framework
    var cycle: Framework.Cycle
    var node: Int32
    var nodeName: String
}

/// The binder threads' work: a blocking FIFO.
final class BindingQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [BindingJob] = []
    private var head = 0
    private var closed = false

    func add(_ job: BindingJob) {
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// The next job; nil once closed and drained.
    func next() -> BindingJob? {
        condition.withLock {
            while head == jobs.count, !closed { condition.wait() }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}
