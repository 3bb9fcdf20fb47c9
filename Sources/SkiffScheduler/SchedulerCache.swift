import DequeModule
import HeapModule

/// The scheduler's cache of nodes and of the pods placed on them, after kube-scheduler's `cacheImpl`: a pure
/// state machine.
///
/// Pods move through `CachePodState`: assumed at Reserve (counted on the node at once, before the binding is
/// written), added when the informer confirms the binding, deleted when the informer removes them; `forget`
/// returns an assumed pod to initial. Assumed pods never expire (kube's `durationToExpireAssumedPod` is 0).
/// Illegal transitions throw `CacheError` and change nothing.
///
/// Nodes get dense `Int32` ids from 0, stable while the cache holds the node. A node that the informer removed
/// while pods are still counted on it stays as a ghost (no JSON, invisible to `nodes` and to the change view) until
/// its last pod goes; a pod added for a node not seen yet creates the same kind of JSON-less placeholder, which
/// becomes visible when `upsertNode` arrives. A dropped node's id is reused (smallest first), but only after the
/// `takeChanges()` call that reported its removal, so within one batch an id names one node.
///
/// Every change bumps `generation`; `takeChanges()` returns the coalesced changes since its previous call.
public struct SchedulerCache: Sendable {
    /// A node as the cache holds it.
    struct NodeSlot: Sendable {
        var name: String
        /// nil for a ghost (removed, pods remain) or a placeholder (pods arrived first).
        var json: [UInt8]?
        var pods: Set<String> = []
    }

    /// Nodes by id; nil marks a free id.
    var nodeSlots: [NodeSlot?] = []
    var nodeIDs: [String: Int32] = [:]
    /// Ids free for reuse now.
    var freeIDs = Heap<Int32>()
    /// Ids freed since the last `takeChanges()`; reusable after it.
    var releasedIDs: [Int32] = []

    /// The assumed and added pods by uid.
    var pods: [String: CachedPod] = [:]
    var deletedUIDs: Set<String> = []
    var deletedOrder: Deque<String> = []

    var dirtyNodes: Set<Int32> = []
    var dirtyPods: Set<String> = []
    /// The nodes the consumer's view holds, as of the last `takeChanges()`.
    var viewNodes: Set<Int32> = []
    /// The pods the consumer's view holds and their nodes, as of the last `takeChanges()`.
    var viewPods: [String: Int32] = [:]

    /// How many removed uids are remembered as `.deleted`; older ones fall back to `.initial`.
    public let deletedHistoryLimit: Int
    /// Bumped by every change.
    public internal(set) var generation: UInt64 = 0
    /// `generation` as of the last `takeChanges()`.
    public internal(set) var takenGeneration: UInt64 = 0

    /// Creates an empty cache remembering up to `deletedHistoryLimit` removed uids.
    public init(deletedHistoryLimit: Int = 4096) {
        self.deletedHistoryLimit = max(0, deletedHistoryLimit)
    }

    // MARK: - Nodes

    /// Adds a node or replaces its JSON (informer Add and Update); returns its id. A ghost or placeholder of the
    /// same name becomes visible again with its id and pods. Identical JSON changes nothing.
    @discardableResult
    public mutating func upsertNode(name: String, json: [UInt8]) -> Int32 {
        let id = nodeIDs[name] ?? allocateNode(name: name)
        let index = Int(id)
        let previous = nodeSlots[index]?.json
        if previous == json {
            return id
        }
        nodeSlots[index]?.json = json
        dirtyNodes.insert(id)
        if previous == nil {
            dirtyPods.formUnion(nodeSlots[index]?.pods ?? [])
        }
        generation += 1
        return id
    }

    /// Removes a node (informer Delete); returns its id. If pods are still counted on it, it stays as a ghost
    /// until they go; either way it leaves `nodes` and the change view at once.
    /// - Throws: `CacheError.Code.nodeNotFound` if no visible node has that name.
    @discardableResult
    public mutating func removeNode(name: String) throws(CacheError) -> Int32 {
        guard let id = nodeIDs[name], let slot = nodeSlots[Int(id)], slot.json != nil else {
            throw CacheError(.nodeNotFound, "node \(name) is not in the scheduler cache")
        }
        nodeSlots[Int(id)]?.json = nil
        dirtyNodes.insert(id)
        dirtyPods.formUnion(slot.pods)
        if slot.pods.isEmpty {
            releaseNode(id)
        }
        generation += 1
        return id
    }

    /// The visible nodes (ghosts and placeholders excluded), by id.
    public var nodes: [(id: Int32, name: String)] {
        nodeSlots.indices.compactMap { index in
            guard let slot = nodeSlots[index], slot.json != nil else {
                return nil
            }
            return (Int32(index), slot.name)
        }
    }

    /// The ids of the visible nodes, in id order (``nodes`` without the names).
    public var visibleNodeIDs: [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(nodeSlots.count)
        for index in nodeSlots.indices where nodeSlots[index]?.json != nil { ids.append(Int32(index)) }
        return ids
    }

    /// The number of visible nodes.
    public var nodeCount: Int {
        nodeSlots.reduce(0) { $0 + ($1?.json != nil ? 1 : 0) }
    }

    /// The number of ghost and placeholder nodes: held only for the pods counted on them.
    public var ghostNodeCount: Int {
        nodeSlots.reduce(0) { $0 + ($1 != nil && $1?.json == nil ? 1 : 0) }
    }

    /// The id of the node with this name, visible or ghost.
    public func nodeID(named name: String) -> Int32? {
        nodeIDs[name]
    }

    /// The name of the node with this id, visible or ghost.
    public func nodeName(id: Int32) -> String? {
        slot(id)?.name
    }

    /// The JSON of the node with this id; nil for a ghost, a placeholder or a free id.
    public func nodeJSON(id: Int32) -> [UInt8]? {
        slot(id)?.json
    }

    /// The uids of the pods counted on the node, sorted.
    public func podUIDs(onNode id: Int32) -> [String] {
        (slot(id)?.pods ?? []).sorted()
    }

    func slot(_ id: Int32) -> NodeSlot? {
        nodeSlots.indices.contains(Int(id)) ? nodeSlots[Int(id)] : nil
    }

    /// Gives `name` a slot with no JSON and the smallest free id.
    mutating func allocateNode(name: String) -> Int32 {
        let id = freeIDs.popMin() ?? Int32(nodeSlots.count)
        if Int(id) == nodeSlots.count {
            nodeSlots.append(nil)
        }
        nodeSlots[Int(id)] = NodeSlot(name: name, json: nil)
        nodeIDs[name] = id
        return id
    }

    /// Drops a node slot; its id becomes reusable after the next `takeChanges()`.
    mutating func releaseNode(_ id: Int32) {
        guard let slot = slot(id) else {
            return
        }
        nodeIDs.removeValue(forKey: slot.name)
        nodeSlots[Int(id)] = nil
        releasedIDs.append(id)
        dirtyNodes.insert(id)
    }
}
