import Foundation
import SkiffAPI
import SkiffWorkloads
import Testing

@Suite("Workload decisions (pure)")
struct WorkloadLogicTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A pod described by the fields the ranking reads.
    static func pod(
        _ name: String, node: String? = nil, phase: String = "Running", readyFor: TimeInterval? = nil,
        restarts: Int = 0, age: TimeInterval = 100
    ) -> Pod {
        var metadata = ObjectMeta(name: name, namespace: "d")
        metadata.creationTimestamp = Time(now.addingTimeInterval(-age))
        var spec = PodSpec(containers: [Container(name: "c", image: "i")])
        spec.nodeName = node
        var status = PodStatus()
        status.phase = phase
        var ready = PodCondition()
        ready.type = "Ready"
        ready.status = readyFor == nil ? "False" : "True"
        if let readyFor { ready.lastTransitionTime = Time(now.addingTimeInterval(-readyFor)) }
        status.conditions = [ready]
        var container = ContainerStatus()
        container.name = "c"
        container.restartCount = restarts
        status.containerStatuses = [container]
        return Pod(metadata: metadata, spec: spec, status: status)
    }

    struct Ranking: Sendable, CustomStringConvertible {
        var description: String
        var first: Pod
        var second: Pod
    }

    static let rankings: [Ranking] = [
        Ranking(description: "unscheduled before scheduled", first: pod("a"), second: pod("b", node: "n1")),
        Ranking(
            description: "pending before running", first: pod("a", node: "n1", phase: "Pending"),
            second: pod("b", node: "n1")),
        Ranking(
            description: "unknown before running", first: pod("a", node: "n1", phase: "Unknown"),
            second: pod("b", node: "n1")),
        Ranking(
            description: "not ready before ready", first: pod("a", node: "n1"),
            second: pod("b", node: "n1", readyFor: 10)),
        Ranking(
            description: "ready briefly before ready long", first: pod("a", node: "n1", readyFor: 10),
            second: pod("b", node: "n1", readyFor: 1000)),
        Ranking(
            description: "more restarts first", first: pod("a", node: "n1", readyFor: 10, restarts: 3),
            second: pod("b", node: "n1", readyFor: 10)),
        Ranking(
            description: "newer before older", first: pod("a", node: "n1", readyFor: 10, age: 10),
            second: pod("b", node: "n1", readyFor: 10, age: 1000)),
        Ranking(
            description: "then by name", first: pod("a", node: "n1", readyFor: 10),
            second: pod("b", node: "n1", readyFor: 10)),
    ]

    @Test("deletion ranking: the cheapest pod goes first", arguments: rankings)
    func ranks(_ ranking: Ranking) {
        #expect(PodDeletionRanking.deleteFirst(ranking.first, ranking.second))
        #expect(!PodDeletionRanking.deleteFirst(ranking.second, ranking.first))
        #expect(PodDeletionRanking.sorted([ranking.second, ranking.first]).map(\.metadata.name) == ["a", "b"])
    }

    @Test(
        "slow start: batches of 1, 2, 4, ... stopping after a failing batch",
        arguments: [
            (0, [Int]()), (1, [1]), (3, [1, 2]), (10, [1, 2, 4, 3]), (16, [1, 2, 4, 8, 1]),
        ])
    func slowStart(_ count: Int, _ batches: [Int]) {
        #expect(SlowStart.batches(count) == batches)
    }

    @Test("slow start stops after the first batch that fails")
    func slowStartStops() {
        var asked: [Int] = []
        let done = SlowStart.run(20) { size in
            asked.append(size)
            return size == 4 ? 3 : size
        }
        #expect(asked == [1, 2, 4])
        #expect(done == 6)
    }

    @Test("expectations: met when creations are seen and deleted uids struck off, or after the timeout")
    func expectations() {
        let expectations = Expectations(timeout: 300)
        #expect(expectations.satisfied("d/rs"))
        expectations.expect("d/rs", adds: 2, now: Self.now)
        #expect(!expectations.satisfied("d/rs", now: Self.now))
        expectations.creationObserved("d/rs")
        #expect(!expectations.satisfied("d/rs", now: Self.now))
        expectations.creationObserved("d/rs")
        #expect(expectations.satisfied("d/rs", now: Self.now))

        expectations.expect("d/rs", deletes: ["u1", "u2"], now: Self.now)
        expectations.deletionObserved("d/rs", uid: "u1")
        expectations.deletionObserved("d/rs", uid: "u1")
        #expect(!expectations.satisfied("d/rs", now: Self.now))
        #expect(expectations.pending("d/rs") == (0, 1))
        #expect(expectations.satisfied("d/rs", now: Self.now.addingTimeInterval(301)))
        expectations.deletionObserved("d/rs", uid: "u2")
        #expect(expectations.satisfied("d/rs", now: Self.now))
    }

    @Test("availability waits minReadySeconds after Ready")
    func availability() {
        let ready = Self.pod("a", node: "n", readyFor: 5)
        #expect(PodState.isAvailable(ready, minReadySeconds: 0, now: Self.now))
        #expect(!PodState.isAvailable(ready, minReadySeconds: 10, now: Self.now))
        #expect(PodState.isAvailable(ready, minReadySeconds: 5, now: Self.now))
        #expect(PodState.availableAt(ready, minReadySeconds: 10, now: Self.now) == Self.now.addingTimeInterval(5))
        #expect(!PodState.isAvailable(Self.pod("b"), minReadySeconds: 0, now: Self.now))
    }
}
