import SkiffPluginKit

/// A Filter failure reason: an id whose text is fixed (kube's constant texts, or texts the cluster
/// state registered, like a node's taint message), a text built for one node, or several texts.
enum Reason: Sendable, Equatable {
    case none
    case fixed(UInt32)
    case text(String)
    /// Several of kube's reasons for one node (their text joins them with ", ").
    case multiple([String])

    // Constant reason ids; the texts are kube's.
    static let unschedulable: UInt32 = 1
    static let nodeNameMismatch: UInt32 = 2
    static let nodeAffinityMismatch: UInt32 = 3
    static let enforcedNodeAffinityMismatch: UInt32 = 4
    static let portsInUse: UInt32 = 5
    static let tooManyPods: UInt32 = 6
    static let insufficientCPU: UInt32 = 7
    static let insufficientMemory: UInt32 = 8
    static let insufficientEphemeralStorage: UInt32 = 9
    static let spreadConstraintsMismatch: UInt32 = 10
    static let spreadMissingLabel: UInt32 = 11
    static let affinityRulesMismatch: UInt32 = 12
    static let antiAffinityRulesMismatch: UInt32 = 13
    static let existingAntiAffinityMismatch: UInt32 = 14
    static let nodeNotFound: UInt32 = 15
    static let noVictims: UInt32 = 16
    static let preemptionNotHelpful: UInt32 = 17

    /// The texts of the constant ids (index = id).
    static let constantTexts: [String] = [
        "",
        "node(s) were unschedulable",
        "node(s) didn't match the requested node name",
        "node(s) didn't match Pod's node affinity/selector",
        "node(s) didn't match scheduler-enforced node affinity",
        "node(s) didn't have free ports for the requested pod ports",
        "Too many pods",
        "Insufficient cpu",
        "Insufficient memory",
        "Insufficient ephemeral-storage",
        "node(s) didn't match pod topology spread constraints",
        "node(s) didn't match pod topology spread constraints (missing required label)",
        "node(s) didn't match pod affinity rules",
        "node(s) didn't match pod anti-affinity rules",
        "node(s) didn't satisfy existing pods anti-affinity rules",
        "node not found",
        "No preemption victims found for incoming pod",
        "Preemption is not helpful for scheduling",
    ]

    /// Ids from here are per-cycle texts (`ReasonTable`).
    static let firstCycleID: UInt32 = 1024
    /// Ids from here are texts registered by the cluster state (`ReasonRegistry`).
    static let firstRegisteredID: UInt32 = 1 << 24
}
