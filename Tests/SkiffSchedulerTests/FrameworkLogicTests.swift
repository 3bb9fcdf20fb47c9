import Testing

@testable import SkiffScheduler

/// The framework's pure rules: how many feasible nodes to look for, and kube's failure message.
@Suite("Framework rules")
struct FrameworkLogicTests {
    @Test(arguments: [
        (50, 0, 50), (99, 0, 99), (100, 0, 100), (1_000, 0, 420), (5_000, 0, 500), (6_000, 0, 300),
        (10_000, 0, 500), (15_000, 0, 750), (1_000, 30, 300), (1_000, 5, 100), (300, 100, 300),
    ])
    func feasibleToFind(_ nodes: Int, _ percentage: Int, _ expected: Int) {
        #expect(Framework.feasibleToFind(totalNodes: nodes, percentage: percentage) == expected)
    }

    @Test func failureMessages() {
        #expect(
            FailureMessage.unschedulable(
                totalNodes: 5,
                reasons: [
                    "Insufficient cpu", "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
                    "Insufficient cpu", "Insufficient cpu",
                    "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
                ])
                == "0/5 nodes are available: 2 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.")
        #expect(
            FailureMessage.unschedulable(
                totalNodes: 2, reasons: ["Insufficient memory", "Insufficient memory"],
                postFilter: "0/2 nodes are available: 2 No preemption victims found for incoming pod.")
                == "0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: "
                + "2 No preemption victims found for incoming pod.")
        #expect(FailureMessage.unschedulable(totalNodes: 3, reasons: []) == "0/3 nodes are available:")
    }
}
