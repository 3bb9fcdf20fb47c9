import Foundation
import SkiffAPI
import SkiffWorkloads
import Testing

@Suite("Rolling update arithmetic")
struct RollingUpdateTests {
    struct Limits: Sendable, CustomStringConvertible {
        var surge: IntOrString?
        var unavailable: IntOrString?
        var replicas: Int
        var expected: (Int, Int)
        var description: String { "\(surge?.description ?? "-")/\(unavailable?.description ?? "-") of \(replicas)" }
    }

    static let limits: [Limits] = [
        Limits(surge: nil, unavailable: nil, replicas: 10, expected: (3, 2)),  // 25% up, 25% down
        Limits(surge: nil, unavailable: nil, replicas: 1, expected: (1, 0)),
        Limits(surge: .int(1), unavailable: .int(0), replicas: 3, expected: (1, 0)),
        Limits(surge: .int(0), unavailable: .int(0), replicas: 3, expected: (0, 1)),  // cannot both be 0
        Limits(surge: .string("0%"), unavailable: .string("10%"), replicas: 5, expected: (0, 1)),
        Limits(surge: .string("50%"), unavailable: .string("50%"), replicas: 5, expected: (3, 2)),
        Limits(surge: .int(2), unavailable: .int(5), replicas: 3, expected: (2, 3)),  // capped at replicas
    ]

    @Test("maxSurge rounds up, maxUnavailable rounds down", arguments: limits)
    func resolves(_ test: Limits) {
        let strategy = RollingUpdateDeployment(maxUnavailable: test.unavailable, maxSurge: test.surge)
        let (surge, unavailable) = RollingUpdate.limits(strategy, replicas: test.replicas)
        #expect(surge == test.expected.0)
        #expect(unavailable == test.expected.1)
    }

    @Test(
        "the new set grows within replicas + maxSurge",
        arguments: [
            // replicas, surge, new, total → next new size
            (3, 1, 0, 3, 1), (3, 1, 1, 4, 1), (3, 1, 1, 3, 2), (3, 0, 0, 3, 0), (10, 3, 0, 10, 3), (3, 1, 5, 5, 3),
            (3, 1, 3, 6, 3),
        ])
    func newSize(_ replicas: Int, _ surge: Int, _ new: Int, _ total: Int, _ expected: Int) {
        #expect(
            RollingUpdate.newReplicaSetSize(replicas: replicas, surge: surge, newSize: new, totalSize: total)
                == expected)
    }

    @Test("old pods go only while enough stay available; unhealthy ones first")
    func oldScaleDown() {
        // 3 replicas, maxUnavailable 0, new set of 1 not yet available: nothing may go.
        let none = RollingUpdate.oldScaleDownLimit(
            replicas: 3, unavailable: 0, totalSize: 4, newSize: 1, newAvailable: 0)
        #expect(none == 0)
        // The new pod became available: one old pod may go.
        let one = RollingUpdate.oldScaleDownLimit(
            replicas: 3, unavailable: 0, totalSize: 4, newSize: 1, newAvailable: 1)
        #expect(one == 1)
        #expect(
            RollingUpdate.oldScaleDowns(old: [(3, 3)], limit: one, totalAvailable: 4, replicas: 3, unavailable: 0) == [
                1
            ])
        // Unhealthy pods of the oldest set go first, without spending availability.
        #expect(
            RollingUpdate.oldScaleDowns(
                old: [(2, 0), (3, 3)], limit: 2, totalAvailable: 3, replicas: 3, unavailable: 0) == [2, 0])
        // With maxUnavailable 1, one available pod may go too.
        #expect(
            RollingUpdate.oldScaleDowns(old: [(3, 3)], limit: 1, totalAvailable: 3, replicas: 3, unavailable: 1) == [1])
        #expect(
            RollingUpdate.oldScaleDowns(old: [(3, 3)], limit: 0, totalAvailable: 3, replicas: 3, unavailable: 1) == [0])
    }

    @Test("template hashes are stable, differ by template and collision count, and ignore the hash label")
    func templateHash() {
        let template = PodTemplateSpec(
            metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [Container(name: "c", image: "a")]))
        var other = template
        other.spec?.containers?[0].image = "b"
        #expect(TemplateHash.of(template) == TemplateHash.of(template))
        #expect(TemplateHash.of(template) != TemplateHash.of(other))
        #expect(TemplateHash.of(template) != TemplateHash.of(template, collisionCount: 1))
        #expect(TemplateHash.of(template).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        var labelled = template
        labelled.metadata?.labels?[TemplateHash.label] = "x"
        #expect(TemplateHash.equal(template, labelled))
        #expect(!TemplateHash.equal(template, other))
    }
}
