import Dispatch
import Foundation
import SkiffAPI
import SkiffPluginKit
import SkiffWorkloads

/// The ReplicaSet controller (kube-controller-manager's `replicaset` controller), as a plugin:
/// keeps `spec.replicas` active pods for every ReplicaSet, adopting matching orphans and
/// releasing pods that stopped matching, creating in slow-start batches and deleting the
/// cheapest pods first, with expectations so that a cache behind its own writes never makes it
/// create or delete twice; and reports status (replicas, fullyLabeled, ready, available,
/// observedGeneration). Sendable: its state is the context and the expectations, both locked.
final class ReplicaSetController: Controller, @unchecked Sendable {
    static let name = "replicaset-controller"
    static let version = "1.0.0"
    static let summary = "Keeps each ReplicaSet's pods (built in)"
    static let watches: [Watch] = [.primary(ReplicaSet.self), .custom(Pod.self)]
    /// kube-controller-manager's default of 5 concurrent syncs; one key is never reconciled twice at once.
    static let workers = 5
    static let concurrent = true

    /// At most this many creates or deletes per sync (`burstReplicas`).
    static let burstReplicas = 500

    let context: ControllerContext
    let expectations = Expectations()

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
    }

    // MARK: Events

    /// Pod events: count expectations down, and wake the owning ReplicaSet (or, for an orphan,
    /// every ReplicaSet whose selector matches it, to adopt it).
    func handle(event: WatchEventType, on watch: Int, object: JSONValue) {
        guard let metadata = try? JSONValueDecoder().decode(ObjectMeta.self, from: object["metadata"] ?? .null) else {
            return
        }
        let namespace = metadata.namespace ?? ""
        if let owner = PodState.controllerReference(metadata) {
            guard owner.kind == "ReplicaSet", owner.apiVersion.hasPrefix("apps/") else { return }
            let key = ObjectKey(namespace: namespace, name: owner.name)
            switch event {
            case .added:
                expectations.creationObserved(key.description)
            case .deleted:
                expectations.deletionObserved(key.description, uid: metadata.uid ?? "")
            case .modified:
                if metadata.deletionTimestamp != nil {
                    expectations.deletionObserved(key.description, uid: metadata.uid ?? "")
                }
            }
            context.enqueue(key)
            return
        }
        guard event != .deleted, metadata.deletionTimestamp == nil else { return }
        let labels = metadata.labels ?? [:]
        for set in (try? context.cachedList(ReplicaSet.self, namespace: namespace)) ?? []
        where Self.selector(set)?.matches(labels) == true {
            context.enqueue(ObjectKey(set.metadata))
        }
    }

    // MARK: Reconcile

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let set = try context.cached(ReplicaSet.self, key) else {
            expectations.forget(key.description)
            return .done
        }
        guard let selector = Self.selector(set) else {
            throw TerminalError("\(key): invalid selector")
        }
        let uid = set.metadata.uid ?? ""
        // Expectations first, then the list (as kube does): an observation arriving between
        // the two must not make a stale list look current.
        let satisfied = expectations.satisfied(key.description)
        var owned: [Pod] = []
        for pod in try podViews(namespace: key.namespace) {
            let labels = pod.metadata.labels ?? [:]
            let controller = PodState.controllerReference(pod.metadata)
            if let controller {
                guard controller.uid == uid else { continue }
                if selector.matches(labels) {
                    owned.append(pod)
                } else {
                    try release(pod, from: set)
                }
            } else if selector.matches(labels), pod.metadata.deletionTimestamp == nil,
                set.metadata.deletionTimestamp == nil,
                PodState.isActive(pod)
            {
                if let adopted = try adopt(pod, into: set) { owned.append(adopted) }
            }
        }
        let active = owned.filter(PodState.isActive)

        var failure: (any Error)?
        var attempted = false
        if satisfied, set.metadata.deletionTimestamp == nil {
            attempted = true
            do {
                try manage(set, key: key, active: active)
            } catch {
                failure = error
            }
        }
        // ReplicaFailure says why pods cannot be created; a sync that managed clears it.
        let replicaFailure: ManageFailure?? = attempted ? .some(failure as? ManageFailure) : .none
        let requeue = try updateStatus(set, owned: owned, active: active, replicaFailure: replicaFailure)
        if let failure { throw failure }
        return requeue.map { .requeue(after: $0) } ?? .done
    }

    /// Creates or deletes pods to reach `spec.replicas`.
    private func manage(_ set: ReplicaSet, key: ObjectKey, active: [Pod]) throws {
        let wanted = set.spec?.replicas ?? 1
        let diff = active.count - wanted
        if diff < 0 {
            let count = min(-diff, Self.burstReplicas)
            expectations.expect(key.description, adds: count)
            let template = try podTemplate(set)
            let firstError = FirstMessage()
            let created = SlowStart.run(count) { size in
                Self.parallel(size) { _ in
                    do {
                        try self.context.create(template)
                        return true
                    } catch {
                        firstError.offer("\(error)")
                        self.context.event(
                            set, type: "Warning", reason: "FailedCreate",
                            message: "Error creating: \(error)")
                        return false
                    }
                }
            }
            // What was never created will never be observed.
            for _ in created..<count { expectations.creationObserved(key.description) }
            if created > 0 {
                context.event(set, reason: "SuccessfulCreate", message: "Created \(created) pod(s)")
            }
            if created < count {
                throw ManageFailure(
                    reason: "FailedCreate",
                    message: firstError.value ?? "created \(created) of \(count) pods for \(key)")
            }
        } else if diff > 0 {
            let victims = Array(PodDeletionRanking.sorted(active).prefix(min(diff, Self.burstReplicas)))
            expectations.expect(key.description, deletes: Set(victims.compactMap(\.metadata.uid)))
            let firstError = FirstMessage()
            let deleted = Self.parallel(victims.count) { index in
                let pod = victims[index]
                do {
                    try self.context.delete(Pod.self, ObjectKey(pod.metadata), preconditionUID: pod.metadata.uid)
                    return true
                } catch {
                    firstError.offer("\(error)")
                    self.expectations.deletionObserved(key.description, uid: pod.metadata.uid ?? "")
                    return false
                }
            }
            if deleted > 0 {
                let names = victims.prefix(5).compactMap(\.metadata.name).joined(separator: ", ")
                context.event(
                    set, reason: "SuccessfulDelete",
                    message: "Deleted \(deleted) pod(s): \(names)\(victims.count > 5 ? ", ..." : "")")
            }
            if deleted < victims.count {
                throw ManageFailure(
                    reason: "FailedDelete",
                    message: firstError.value ?? "deleted \(deleted) of \(victims.count) pods for \(key)")
            }
        }
    }

    /// Writes status when it changed; returns when to look again for pods becoming available.
    private func updateStatus(
        _ set: ReplicaSet, owned: [Pod], active: [Pod], replicaFailure: ManageFailure?? = .none
    ) throws -> Duration? {
        let now = context.now
        let minReady = set.spec?.minReadySeconds ?? 0
        let templateLabels = set.spec?.template?.metadata?.labels ?? [:]
        var status = set.status ?? ReplicaSetStatus()
        status.replicas = active.count
        status.fullyLabeledReplicas =
            active.filter { pod in
                templateLabels.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
            }.count
        status.readyReplicas = active.filter(PodState.isReady).count
        status.availableReplicas = active.filter { PodState.isAvailable($0, minReadySeconds: minReady, now: now) }.count
        status.terminatingReplicas = owned.filter { $0.metadata.deletionTimestamp != nil }.count
        status.observedGeneration = set.metadata.generation
        if case .some(let failure) = replicaFailure {
            var conditions = (status.conditions ?? []).filter { $0.type != "ReplicaFailure" }
            if let failure {
                let previous = set.status?.conditions?.first { $0.type == "ReplicaFailure" }
                var condition = ReplicaSetCondition(
                    type: "ReplicaFailure", status: "True", reason: failure.reason, message: failure.message)
                condition.lastTransitionTime = previous?.status == "True" ? previous?.lastTransitionTime : Time(now)
                conditions.append(condition)
            }
            status.conditions = conditions.isEmpty ? nil : conditions
        }
        if status != set.status {
            var updated = set
            updated.status = status
            do {
                try context.updateStatus(updated)
            } catch {
                // A newer version is on its way; its event brings the key back.
                guard error.isConflict || error.isNotFound else { throw error }
            }
        }
        let next = active.compactMap { PodState.availableAt($0, minReadySeconds: minReady, now: now) }.min()
        return next.map { .milliseconds(Int64(max(0, $0.timeIntervalSince(now)) * 1000) + 10) }
    }

    /// The namespace's pods with what this controller reads: metadata, status, and of the spec
    /// only the node. The containers (the bulk of a pod, with quantities to parse) are not
    /// decoded: with 10,000 pods a full decode per sync dominated the controller's time.
    private func podViews(namespace: String) throws -> [Pod] {
        let decoder = JSONValueDecoder()
        return try context.cachedObjects(ResourceName.of(Pod.self), namespace: namespace).compactMap { object in
            guard case .object(var fields) = object else { return nil }
            let node = fields["spec"]?["nodeName"]
            fields["spec"] = node.map { ["nodeName": $0] } ?? .emptyObject
            return try? decoder.decode(Pod.self, from: .object(fields))
        }
    }

    // MARK: Adoption

    private func adopt(_ pod: Pod, into set: ReplicaSet) throws -> Pod? {
        var references = pod.metadata.ownerReferences ?? []
        references.append(Self.reference(to: set))
        return try patchOwners(pod, references)
    }

    private func release(_ pod: Pod, from set: ReplicaSet) throws {
        let references = (pod.metadata.ownerReferences ?? []).filter { $0.uid != set.metadata.uid }
        _ = try patchOwners(pod, references)
    }

    /// Replaces the pod's ownerReferences, guarded by its uid and resourceVersion; nil when the
    /// pod changed or went meanwhile (the next event brings the key back).
    private func patchOwners(_ pod: Pod, _ references: [OwnerReference]) throws -> Pod? {
        let encoded = (try? JSONValueEncoder().encode(references)) ?? .array([])
        let patch: JSONValue = [
            "metadata": [
                "ownerReferences": encoded, "uid": .string(pod.metadata.uid ?? ""),
                "resourceVersion": .string(pod.metadata.resourceVersion ?? ""),
            ]
        ]
        do {
            return try context.patch(Pod.self, ObjectKey(pod.metadata), .merge, patch)
        } catch {
            guard error.isConflict || error.isNotFound || error.isInvalid else { throw error }
            return nil
        }
    }

    // MARK: Helpers

    static func reference(to set: ReplicaSet) -> OwnerReference {
        var reference = OwnerReference(
            apiVersion: ReplicaSet.apiVersion, kind: ReplicaSet.kind, name: set.metadata.name ?? "",
            uid: set.metadata.uid ?? "")
        reference.controller = true
        reference.blockOwnerDeletion = true
        return reference
    }

    /// The pod the template describes, owned by the set.
    private func podTemplate(_ set: ReplicaSet) throws -> Pod {
        guard let template = set.spec?.template else { throw TerminalError("\(set.metadata.name ?? ""): no template") }
        var metadata = ObjectMeta()
        metadata.generateName = (set.metadata.name ?? "replicaset") + "-"
        metadata.namespace = set.metadata.namespace
        metadata.labels = template.metadata?.labels
        metadata.annotations = template.metadata?.annotations
        metadata.finalizers = template.metadata?.finalizers
        metadata.ownerReferences = [Self.reference(to: set)]
        return Pod(metadata: metadata, spec: template.spec)
    }

    static func selector(_ set: ReplicaSet) -> LabelQuery? {
        Selectors.query(set.spec?.selector)
    }

    /// Runs `work` for 0..<count on up to 64 threads of its own (never on Dispatch's or Swift's
    /// shared pools, which blocked calls would starve); returns how many returned true.
    static func parallel(_ count: Int, _ work: @escaping @Sendable (Int) -> Bool) -> Int {
        guard count > 0 else { return 0 }
        if count == 1 { return work(0) ? 1 : 0 }
        let successes = Counter()
        let next = Counter()
        let finished = DispatchGroup()
        for _ in 0..<min(count, 64) {
            finished.enter()
            let thread = Thread {
                while true {
                    let index = next.takeNext()
                    guard index < count else { break }
                    if work(index) { successes.increment() }
                }
                finished.leave()
            }
            thread.start()
        }
        finished.wait()
        return successes.value
    }
}

/// Why creating or deleting pods failed: the first server error, for the ReplicaFailure
/// condition.
struct ManageFailure: Error, CustomStringConvertible {
    var reason: String
    var message: String
    var description: String { message }
}

/// The first message offered from several threads.
final class FirstMessage: @unchecked Sendable {
    private var first: String?
    private let lock = NSLock()

    func offer(_ message: String) {
        lock.lock()
        if first == nil { first = message }
        lock.unlock()
    }

    var value: String? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    /// The current value, then one more.
    func takeNext() -> Int {
        lock.lock()
        defer {
            count += 1
            lock.unlock()
        }
        return count
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(ReplicaSetController.self, hostABI: major)
}
