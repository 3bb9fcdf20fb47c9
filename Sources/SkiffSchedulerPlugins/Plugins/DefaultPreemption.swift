import SkiffPluginKit

/// `DefaultPreemption`: when no node fits, finds a node where evicting lower-priority pods would
/// let the pod fit, evicts the fewest/least important ones and nominates the node.
struct DefaultPreemption: Sendable {
    let minCandidateNodesPercentage: Int
    let minCandidateNodesAbsolute: Int

    /// A node and the pods to evict there, most important first.
    struct Candidate {
        let node: Int32
        let victims: [PodInfo]
    }

    init(_ configuration: PluginConfiguration) {
        minCandidateNodesPercentage = configuration.minCandidateNodesPercentage
        minCandidateNodesAbsolute = configuration.minCandidateNodesAbsolute
    }

    /// How many candidates the dry run looks for (`calculateNumCandidates`).
    func numCandidates(_ nodes: Int) -> Int {
        min(max(nodes * minCandidateNodesPercentage / 100, minCandidateNodesAbsolute), nodes)
    }

    /// Why the pod may not preempt (`PodEligibleToPreemptOthers`), `nil` when it may.
    func ineligibility(
        _ pod: PodInfo, cluster: ClusterState, nominatedCode: PluginCode?
    ) -> String? {
        if pod.preemptNever { return "not eligible due to preemptionPolicy=Never." }
        guard !pod.nominatedNodeName.isEmpty, nominatedCode != .unschedulableAndUnresolvable,
            let id = cluster.nodeIDsByName[pod.nominatedNodeName]
        else { return nil }
        for existing in cluster.nodes[Int(id)].pods where existing.priority < pod.priority && existing.terminating {
            return "not eligible due to a terminating pod on the nominated node."
        }
        return nil
    }

    /// The victims on one node (`SelectVictimsOnNode`): all lower-priority pods removed, then as
    /// many as possible put back, most important first, while the pod still fits.
    /// `fits` runs every active Filter against the node with the overlay's pods removed.
    func selectVictims(
        _ pod: PodInfo, node: Int, cluster: ClusterState, fits: (NodeOverlay) -> FilterStatus
    ) -> (victims: [PodInfo], status: FilterStatus) {
        var overlay = NodeOverlay(node: node)
        var potential: [PodInfo] = []
        for existing in cluster.nodes[node].pods where existing.priority < pod.priority {
            potential.append(existing)
            overlay.remove(existing)
        }
        if potential.isEmpty { return ([], .unresolvable(Reason.noVictims)) }
        let status = fits(overlay)
        if !status.isSuccess { return ([], status) }
        potential.sort { $0.isMoreImportant(than: $1) }
        var victims: [PodInfo] = []
        for candidate in potential {
            overlay.restore(candidate)
            if !fits(overlay).isSuccess {
                overlay.remove(candidate)
                victims.append(candidate)
            }
        }
        return (victims, .success)
    }

    /// The best candidate (`pickOneNodeForPreemption` without PDBs): lowest highest victim
    /// priority, smallest priority sum, fewest victims, latest start of the most important
    /// victims, then the first.
    func pick(_ candidates: [Candidate]) -> Candidate? {
        var remaining = candidates
        let scores: [(Candidate) -> Int64] = [
            { -Int64($0.victims.first?.priority ?? 0) },
            { -$0.victims.reduce(0) { $0 + Int64($1.priority) + Int64(Int32.max) + 1 } },
            { -Int64($0.victims.count) },
        ]
        for score in scores {
            let best = remaining.map(score).max() ?? 0
            remaining = remaining.filter { score($0) == best }
            if remaining.count == 1 { return remaining[0] }
        }
        // The latest "earliest start time" among each node's most important victims; a pod that
        // has not started counts as starting now (after any start time).
        func earliestStart(_ candidate: Candidate) -> String {
            guard let top = candidate.victims.first else { return "" }
            let notStarted = "~"
            return candidate.victims.filter { $0.priority == top.priority }.map { $0.startTime ?? notStarted }.min()
                ?? notStarted
        }
        let latest = remaining.map(earliestStart).max() ?? ""
        return remaining.first { earliestStart($0) == latest }
    }

    /// kube's `FitError` text: `0/N nodes are available: 2 reason, 1 other reason.`
    static func fitError(nodeCount: Int, reasons: [String: Int]) -> String {
        let histogram = reasons.map { "\($0.value) \($0.key)" }.sorted()
        var message = "0/\(nodeCount) nodes are available:"
        if !histogram.isEmpty { message += " " + histogram.joined(separator: ", ") + "." }
        return message
    }
}
