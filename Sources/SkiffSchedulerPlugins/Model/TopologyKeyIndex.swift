import SkiffPluginKit

/// The values one node label key takes across nodes, interned: `nodeValue[id]` is the value id of
/// node `id` (-1 when the node lacks the label or is absent). Topology domains become small integers.
struct TopologyKeyIndex: Sendable {
    let key: String
    private(set) var valueIDs: [String: Int32] = [:]
    private(set) var values: [String] = []
    private(set) var nodeValue: [Int32] = []

    init(key: String, nodes: [NodeRecord]) {
        self.key = key
        nodeValue = Array(repeating: -1, count: nodes.count)
        for id in nodes.indices where nodes[id].present { update(node: id, labels: nodes[id].labels) }
    }

    /// Records the label of node `id` (absent nodes: pass `nil`).
    mutating func update(node id: Int, labels: [String: String]?) {
        if id >= nodeValue.count { nodeValue += repeatElement(-1, count: id + 1 - nodeValue.count) }
        guard let value = labels?[key] else {
            nodeValue[id] = -1
            return
        }
        if let existing = valueIDs[value] {
            nodeValue[id] = existing
        } else {
            let new = Int32(values.count)
            valueIDs[value] = new
            values.append(value)
            nodeValue[id] = new
        }
    }

    /// The value id of node `id`, -1 when it has none.
    @inline(__always)
    func value(of id: Int) -> Int32 {
        id < nodeValue.count ? nodeValue[id] : -1
    }
}
