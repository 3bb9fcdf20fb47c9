import SkiffPluginKit

/// What InterPodAffinity's PreScore computes: per topology key, the score of each domain.
struct InterPodAffinityScoreState: Sendable {
    struct Entry: Sendable {
        let topology: TopologyKeyIndex
        /// By value id.
        let weights: [Int64]
    }

    let entries: [Entry]

    /// The sum of the weights of the node's domains.
    func score(node id: Int) -> Int64 {
        var total: Int64 = 0
        for index in entries.indices {
            let value = Int(entries[index].topology.value(of: id))
            if value >= 0 { total += entries[index].weights[value] }
        }
        return total
    }
}
