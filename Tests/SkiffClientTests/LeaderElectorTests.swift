import Foundation
import Logging
import SkiffAPI
import SkiffTestSupport
import Synchronization
import Testing

@testable import SkiffClient

@Suite("Leader election on a Lease", .serialized)
struct LeaderElectorTests {
    static func configuration(_ identity: String, lease: Duration = .seconds(2)) -> LeaderElector.Configuration {
        var configuration = LeaderElector.Configuration(namespace: "kube-system", name: "test-lock", identity: identity)
        configuration.leaseDuration = lease
        configuration.renewDeadline = lease * 0.75
        configuration.retryPeriod = .milliseconds(100)
        return configuration
    }

    /// Timings as client-go's `NewLeaderElector` checks them: (lease, renew, retry, problem).
    @Test(
        arguments: [
            (Duration.seconds(15), Duration.seconds(10), Duration.seconds(2), nil),
            (.seconds(2), .milliseconds(1500), .milliseconds(500), nil),
            (.seconds(1), .milliseconds(600), .milliseconds(100), nil),
            (.milliseconds(1500), .seconds(1), .milliseconds(100), "whole number of seconds"),
            (.zero, .seconds(1), .milliseconds(100), "whole number of seconds"),
            (.seconds(10), .seconds(10), .seconds(2), "longer than the renew deadline"),
            (.seconds(10), .seconds(12), .seconds(2), "longer than the renew deadline"),
            (.seconds(15), .milliseconds(2400), .seconds(2), "longer than 1.2 × the retry period"),
            (.seconds(15), .seconds(10), .zero, "retry period must be positive"),
            (.seconds(15), .seconds(-1), .seconds(2), "renew deadline must be positive"),
        ] as [(Duration, Duration, Duration, String?)])
    func timings(lease: Duration, renew: Duration, retry: Duration, problem: String?) {
        var configuration = LeaderElector.Configuration(namespace: "kube-system", name: "lock", identity: "me")
        configuration.leaseDuration = lease
        configuration.renewDeadline = renew
        configuration.retryPeriod = retry
        let found = configuration.timingProblem
        if let problem {
            #expect(found?.contains(problem) == true, "\(found ?? "no problem")")
        } else {
            #expect(found == nil)
        }
    }

    @Test("one leader at a time; a leader that stops hands over at once through release")
    func handover() async throws {
        try await TestCluster.with { cluster in
            final class Record: Sendable {
                let leading = Mutex<[String]>([])
                let overlaps = Mutex(0)
            }
            let record = Record()
            func candidate(_ name: String) -> (LeaderElector, Task<Void, Never>) {
                let elector = LeaderElector(
                    client: cluster.client, configuration: Self.configuration(name, lease: .seconds(30)),
                    logger: TestCluster.quietLogger)
                let task = Task {
                    await elector.run {
                        record.leading.withLock { current in
                            if !current.isEmpty { record.overlaps.withLock { $0 += 1 } }
                            current.append(name)
                        }
                        defer { record.leading.withLock { $0.removeAll { $0 == name } } }
                        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                    }
                }
                return (elector, task)
            }
            let (a, taskA) = candidate("a")
            let first = await TestCluster.eventually { a.isLeader }
            #expect(first)
            let (b, taskB) = candidate("b")
            try await Task.sleep(for: .milliseconds(500))
            #expect(!b.isLeader)
            let lease = try await cluster.client.typed(Lease.self).get(namespace: "kube-system", name: "test-lock")
            #expect(lease.spec?.holderIdentity == "a")

            let started = ContinuousClock.now
            taskA.cancel()
            await taskA.value
            let tookOver = await TestCluster.eventually { b.isLeader }
            #expect(tookOver)
            // Released, so well before the 30 s lease would have expired.
            #expect(ContinuousClock.now - started < .seconds(15))
            let after = try await cluster.client.typed(Lease.self).get(namespace: "kube-system", name: "test-lock")
            #expect(after.spec?.holderIdentity == "b")
            #expect(after.spec?.leaseTransitions == 1)
            #expect(record.overlaps.withLock { $0 } == 0)
            taskB.cancel()
            await taskB.value
        }
    }

    @Test("a lease whose holder stopped renewing is taken after its duration")
    func expiry() async throws {
        try await TestCluster.with { cluster in
            // A holder that vanished without releasing (a crashed process).
            var spec = LeaseSpec(holderIdentity: "crashed", leaseDurationSeconds: 1, renewTime: MicroTime.now())
            spec.acquireTime = MicroTime.now()
            _ = try await cluster.client.typed(Lease.self).create(
                Lease(metadata: ObjectMeta(name: "test-lock", namespace: "kube-system"), spec: spec))
            let elector = LeaderElector(
                client: cluster.client, configuration: Self.configuration("c"), logger: TestCluster.quietLogger)
            let started = ContinuousClock.now
            let task = Task {
                await elector.run { while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) } }
            }
            let led = await TestCluster.eventually { elector.isLeader }
            #expect(led)
            // Not before the holder's 1 s had passed on the candidate's own clock.
            #expect(ContinuousClock.now - started >= .seconds(1))
            task.cancel()
            await task.value
        }
    }
}

@Suite("Deadlines on renewals")
struct DeadlineTests {
    @Test("a renewal that hangs counts as failed once the deadline passes")
    func hangingAttempt() async {
        let started = ContinuousClock.now
        let result = await LeaderElector.within(.milliseconds(100)) { () async -> Bool in
            try? await Task.sleep(for: .seconds(600))
            return true
        }
        #expect(result == nil)
        // Far sooner than the attempt would have taken (generous: a loaded machine delays tasks).
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    @Test("a prompt renewal returns its answer")
    func promptAttempt() async {
        #expect(await LeaderElector.within(.seconds(30)) { true } == true)
        #expect(await LeaderElector.within(.seconds(30)) { false } == false)
    }
}
