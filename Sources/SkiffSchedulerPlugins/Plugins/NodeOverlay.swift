import SkiffPluginKit

/// A node with some of its pods taken away: how preemption asks "would the pod fit if these
/// victims were gone?" without touching the cluster state.
struct NodeOverlay: Sendable {
    let node: Int
    private(set) var removed: [PodInfo] = []
    private(set) var removedSerials: Set<Int> = []
    /// The sum of the removed pods' requests.
    private(set) var removedRequests = ResourceAmounts()

    init(node: Int) { self.node = node }

    mutating func remove(_ pod: PodInfo) {
        removed.append(pod)
        removedSerials.insert(pod.serial)
        removedRequests.add(pod.requests)
    }

    mutating func restore(_ pod: PodInfo) {
        guard let index = removed.firstIndex(where: { $0 === pod }) else { return }
        removed.remove(at: index)
        removedSerials.remove(pod.serial)
        removedRequests.add(pod.requests, times: -1)
    }

    func isRemoved(_ pod: PodInfo) -> Bool { removedSerials.contains(pod.serial) }
}
