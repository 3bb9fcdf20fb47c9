import Foundation
import Logging
import SkiffAPI
import Synchronization

/// Leader election on a `coordination.k8s.io/v1 Lease`, as client-go's `leaderelection`: a
/// candidate takes the lease when it is free or its holder has not renewed it for
/// ``Configuration/leaseDuration`` (measured on the candidate's own clock from when it last saw
/// the lease change, so clocks need not agree), the leader renews every
/// ``Configuration/retryPeriod``, and gives up leading when it cannot renew within
/// ``Configuration/renewDeadline``. On cancellation a leader releases the lease so that another
/// candidate takes over at once.
public final class LeaderElector: Sendable {
    /// Timings and names.
    public struct Configuration: Sendable {
        /// The lease's namespace.
        public var namespace: String
        /// The lease's name.
        public var name: String
        /// This candidate's identity (unique among candidates).
        public var identity: String
        /// How long a claim lasts without renewal.
        public var leaseDuration: Duration = .seconds(15)
        /// How long a leader keeps trying to renew before it stops leading.
        public var renewDeadline: Duration = .seconds(10)
        /// How often candidates retry and leaders renew.
        public var retryPeriod: Duration = .seconds(2)

        /// A configuration with client-go's default timings (15 s, 10 s, 2 s).
        public init(namespace: String, name: String, identity: String) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let leases: TypedClient<Lease>
    private let logger: Logger
    private let leading = Atomic<Bool>(false)
    private let observed = Mutex<(record: LeaseSpec?, at: ContinuousClock.Instant)>((nil, .now))

    /// An elector.
    public init(client: Client, configuration: Configuration, logger: Logger = Logger(label: "skiff.leader")) {
        self.configuration = configuration
        self.leases = client.typed(Lease.self)
        self.logger = logger
    }

    /// Whether this candidate leads right now.
    public var isLeader: Bool { leading.load(ordering: .relaxed) }

    /// Campaigns, runs `work` while leading, and campaigns again when leadership is lost (after
    /// cancelling `work`). Returns when the calling task is cancelled, releasing the lease if held.
    public func run(_ work: @escaping @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            guard await acquire() else { break }
            logger.info(
                "became leader",
                metadata: [
                    "lease.name": "\(configuration.namespace)/\(configuration.name)",
                    "leader.identity": "\(configuration.identity)",
                ])
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do { try await work() } catch {
                        self.logger.error("leader work failed", metadata: ["error.message": "\(error)"])
                    }
                }
                group.addTask { await self.renewWhileLeading() }
                // Whichever ends first (lost the lease, work returned, cancelled) ends both.
                _ = await group.next()
                group.cancelAll()
            }
            leading.store(false, ordering: .relaxed)
            if Task.isCancelled { break }
            logger.warning("lost leadership", metadata: ["lease.name": "\(configuration.name)"])
        }
        if await Task(operation: { await self.release() }).value {
            logger.info("released the lease", metadata: ["lease.name": "\(configuration.name)"])
        }
    }

    /// Retries until the lease is ours; false when cancelled first.
    private func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() {
                leading.store(true, ordering: .relaxed)
                return true
            }
            do { try await Task.sleep(for: jittered(configuration.retryPeriod)) } catch { return false }
        }
        return false
    }

    /// Renews every retry period; returns when a renewal could not succeed within the deadline
    /// (an attempt that hangs counts as failed once the deadline passes, as in client-go).
    private func renewWhileLeading() async {
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { return }
            let remaining = configuration.renewDeadline - (ContinuousClock.now - lastRenewal)
            guard remaining > .zero else { return }
            if await Self.within(remaining, { await self.tryAcquireOrRenew() }) == true {
                lastRenewal = .now
            } else if ContinuousClock.now - lastRenewal >= configuration.renewDeadline {
                return
            }
        }
    }

    /// The operation's result, or nil when `limit` passes first (the operation is then cancelled
    /// and left to finish on its own).
    static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let race = FirstOf<T>()
        let work = Task {
            let value = await operation()
            race.finish(value)
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            race.finish(nil)
        }
        let result = await race.wait()
        work.cancel()
        timer.cancel()
        return result
    }

    /// One attempt: creates the lease, renews ours, or takes an expired one.
    func tryAcquireOrRenew() async -> Bool {
        let now = MicroTime.now()
        let seconds = Int(configuration.leaseDuration.components.seconds)
        let lease: Lease
        do {
            lease = try await leases.get(namespace: configuration.namespace, name: configuration.name)
        } catch let error where error.isNotFound {
            var spec = LeaseSpec(holderIdentity: configuration.identity, leaseDurationSeconds: seconds, renewTime: now)
            spec.acquireTime = now
            spec.leaseTransitions = 0
            let fresh = Lease(
                metadata: ObjectMeta(name: configuration.name, namespace: configuration.namespace), spec: spec)
            do {
                _ = try await leases.create(fresh)
                observe(spec)
                return true
            } catch {
                return false
            }
        } catch {
            logger.debug("cannot read the lease", metadata: ["error.message": "\(error)"])
            return false
        }
        let spec = lease.spec ?? LeaseSpec()
        observe(spec)
        let holder = spec.holderIdentity ?? ""
        if !holder.isEmpty, holder != configuration.identity {
            let duration = Duration.seconds(spec.leaseDurationSeconds ?? seconds)
            let seenAt = observed.withLock { $0.at }
            if ContinuousClock.now - seenAt < duration { return false }
        }
        var updated = lease
        var next = spec
        if holder != configuration.identity {
            next.acquireTime = now
            next.leaseTransitions = (spec.leaseTransitions ?? 0) + 1
        }
        next.holderIdentity = configuration.identity
        next.leaseDurationSeconds = seconds
        next.renewTime = now
        updated.spec = next
        do {
            _ = try await leases.update(updated)
            observe(next)
            return true
        } catch {
            return false
        }
    }

    /// Gives the lease up if we hold it (holder cleared), so the next candidate need not wait.
    private func release() async -> Bool {
        guard
            let lease = try? await leases.get(namespace: configuration.namespace, name: configuration.name),
            lease.spec?.holderIdentity == configuration.identity
        else { return false }
        var updated = lease
        updated.spec?.holderIdentity = nil
        updated.spec?.leaseDurationSeconds = 1
        updated.spec?.renewTime = MicroTime.now()
        return (try? await leases.update(updated)) != nil
    }

    private func observe(_ spec: LeaseSpec) {
        observed.withLock { state in
            if state.record != spec {
                state.record = spec
                state.at = .now
            }
        }
    }

    private func jittered(_ duration: Duration) -> Duration { duration * Double.random(in: 1.0...1.2) }
}

/// Resumes one waiter with the first value offered (later offers are ignored).
private final class FirstOf<T: Sendable>: Sendable {
    private let state = Mutex<(value: T??, waiter: CheckedContinuation<T?, Never>?)>((nil, nil))

    func finish(_ value: T?) {
        let waiter = state.withLock { state -> CheckedContinuation<T?, Never>? in
            guard state.value == nil else { return nil }
            state.value = .some(value)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    func wait() async -> T? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> T?? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
