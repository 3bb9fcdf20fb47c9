import Testing

@testable import SkiffEtcdStore

@Suite("etcd compactor plan")
struct CompactorPlanTests {
    /// One round as a server sees it: whether its compare held, the header revision, the key's
    /// version read when it did not, and what the plan should do.
    struct Round: Sendable, CustomTestStringConvertible {
        var succeeded: Bool
        var revision: Int64
        var observedVersion: Int64 = 0
        var expected: CompactorPlan.Action
        var testDescription: String { "\(succeeded ? "won" : "lost") at \(revision) → \(expected)" }
    }

    @Test(
        "a lone server compacts to the revision it saw one round earlier",
        arguments: [
            [
                Round(succeeded: true, revision: 10, expected: .wait),
                Round(succeeded: true, revision: 25, expected: .compact(10)),
                Round(succeeded: true, revision: 40, expected: .compact(25)),
            ],
            [
                // Another server won the first round: this one adopts the key's version and
                // competes again with it.
                Round(succeeded: false, revision: 12, observedVersion: 3, expected: .wait),
                Round(succeeded: true, revision: 30, expected: .compact(12)),
            ],
        ])
    func rounds(_ rounds: [Round]) {
        var plan = CompactorPlan()
        for round in rounds {
            let action = plan.apply(
                succeeded: round.succeeded, revision: round.revision, observedVersion: round.observedVersion)
            #expect(action == round.expected, "\(round.testDescription)")
        }
    }

    @Test("the compare carries the version last seen and the value the revision last seen")
    func transactionParts() {
        var plan = CompactorPlan()
        #expect(plan.expectedVersion == 0)
        #expect(plan.proposedValue == "0")
        _ = plan.apply(succeeded: false, revision: 77, observedVersion: 5)
        #expect(plan.expectedVersion == 5)
        #expect(plan.proposedValue == "77")
        _ = plan.apply(succeeded: true, revision: 90, observedVersion: 0)
        #expect(plan.expectedVersion == 6)
        #expect(plan.proposedValue == "90")
    }

    @Test(
        "two servers sharing the key: exactly one compacts per round",
        arguments: [3, 7])
    func twoServers(rounds: Int) {
        var plans = [CompactorPlan(), CompactorPlan()]
        var keyVersion: Int64 = 0
        var revision: Int64 = 100
        var compactions: [Int64] = []
        for _ in 0..<rounds {
            for index in plans.indices {
                revision += 10
                let wins = plans[index].expectedVersion == keyVersion
                if wins { keyVersion += 1 }
                let action = plans[index].apply(succeeded: wins, revision: revision, observedVersion: keyVersion)
                if case .compact(let target) = action { compactions.append(target) }
            }
        }
        // Round one elects a server without compacting; each later round compacts once.
        #expect(compactions.count == rounds - 1)
        #expect(compactions == compactions.sorted())
    }
}
