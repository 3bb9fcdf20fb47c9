import SkiffScheduler
import Testing

@Suite("SchedulerCache incremental snapshot")
struct CacheSnapshotTests {
    /// A cache with nodes n0 (id 0) and n1 (id 1) and pod a added on n0, its changes already taken.
    static func base() throws -> SchedulerCache {
        var cache = SchedulerCache()
        cache.upsertNode(name: "n0", json: bytes("n0"))
        cache.upsertNode(name: "n1", json: bytes("n1"))
        try cache.addPod(uid: "a", namespace: "ns", name: "a", node: "n0", json: bytes("a1"))
        #expect(
            cache.takeChanges() == [
                .nodeUpsert(id: 0, name: "n0", json: bytes("n0")),
                .nodeUpsert(id: 1, name: "n1", json: bytes("n1")),
                .podUpsert(node: 0, uid: "a", json: bytes("a1")),
            ])
        #expect(!cache.hasPendingChanges)
        #expect(cache.takeChanges() == [])
        return cache
    }

    @Test("a pod added and removed in one window yields nothing")
    func addThenRemove() throws {
        var cache = try Self.base()
        try cache.assume(uid: "b", namespace: "ns", name: "b", node: "n1", json: bytes("b1"))
        try cache.removePod(uid: "b")
        #expect(cache.hasPendingChanges)
        #expect(cache.takeChanges() == [])
    }

    @Test("a pod assumed and forgotten in one window yields nothing")
    func assumeThenForget() throws {
        var cache = try Self.base()
        try cache.assume(uid: "b", namespace: "ns", name: "b", node: "n1", json: bytes("b1"))
        try cache.forget(uid: "b")
        #expect(cache.takeChanges() == [])
    }

    @Test("a visible pod updated then removed yields just the removal")
    func updateThenRemove() throws {
        var cache = try Self.base()
        try cache.updatePod(uid: "a", json: bytes("a2"))
        try cache.removePod(uid: "a")
        #expect(cache.takeChanges() == [.podRemove(uid: "a")])
    }

    @Test("a pod updated twice yields one upsert with the latest JSON")
    func updateTwice() throws {
        var cache = try Self.base()
        try cache.updatePod(uid: "a", json: bytes("a2"))
        try cache.updatePod(uid: "a", json: bytes("a3"))
        #expect(cache.takeChanges() == [.podUpsert(node: 0, uid: "a", json: bytes("a3"))])
    }

    @Test("a node upserted twice yields one upsert with the latest JSON")
    func nodeUpsertTwice() throws {
        var cache = try Self.base()
        cache.upsertNode(name: "n1", json: bytes("n1-v2"))
        cache.upsertNode(name: "n1", json: bytes("n1-v3"))
        #expect(cache.takeChanges() == [.nodeUpsert(id: 1, name: "n1", json: bytes("n1-v3"))])
    }

    @Test("an upsert with identical JSON is no change at all")
    func identicalUpsert() throws {
        var cache = try Self.base()
        let generation = cache.generation
        #expect(cache.upsertNode(name: "n1", json: bytes("n1")) == 1)
        try cache.updatePod(uid: "a", json: bytes("a1"))
        #expect(cache.generation == generation)
        #expect(!cache.hasPendingChanges)
    }

    @Test("a pod the informer adds on another node than assumed is removed, then upserted on the new node")
    func podMovedBetweenNodes() throws {
        var cache = try Self.base()
        try cache.assume(uid: "b", namespace: "ns", name: "b", node: "n0", json: bytes("b1"))
        #expect(cache.takeChanges() == [.podUpsert(node: 0, uid: "b", json: bytes("b1"))])
        try cache.addPod(uid: "b", namespace: "ns", name: "b", node: "n1", json: bytes("b2"))
        #expect(cache.takeChanges() == [.podRemove(uid: "b"), .podUpsert(node: 1, uid: "b", json: bytes("b2"))])
        #expect(cache.podUIDs(onNode: 0) == ["a"])
        #expect(cache.podUIDs(onNode: 1) == ["b"])
    }

    @Test("a pod assumed on one node and added on another within one window is just upserted there")
    func podMovedWithinWindow() throws {
        var cache = try Self.base()
        try cache.assume(uid: "b", namespace: "ns", name: "b", node: "n0", json: bytes("b1"))
        try cache.addPod(uid: "b", namespace: "ns", name: "b", node: "n1", json: bytes("b2"))
        #expect(cache.takeChanges() == [.podUpsert(node: 1, uid: "b", json: bytes("b2"))])
    }

    @Test("a node removed with pods: pods removed first, then the node; the ghost goes with its last pod")
    func nodeRemovedWithPods() throws {
        var cache = try Self.base()
        try cache.assume(uid: "b", namespace: "ns", name: "b", node: "n0", json: bytes("b1"))
        _ = cache.takeChanges()
        #expect(try cache.removeNode(name: "n0") == 0)
        #expect(cache.takeChanges() == [.podRemove(uid: "a"), .podRemove(uid: "b"), .nodeRemove(id: 0)])
        #expect(cache.nodes.map(\.name) == ["n1"])
        #expect(cache.ghostNodeCount == 1)
        #expect(cache.nodeOf("a") == 0)
        #expect(cache.nodeJSON(id: 0) == nil)

        // Pods leaving the ghost are invisible; the last one drops it.
        try cache.removePod(uid: "a")
        try cache.forget(uid: "b")
        #expect(cache.ghostNodeCount == 0)
        #expect(cache.nodeID(named: "n0") == nil)
        #expect(cache.takeChanges() == [])
        // Its id is free again.
        #expect(cache.upsertNode(name: "n2", json: bytes("n2")) == 0)
    }

    @Test("a ghost upserted again comes back with its id and its pods")
    func ghostComesBack() throws {
        var cache = try Self.base()
        try cache.removeNode(name: "n0")
        cache.upsertNode(name: "n0", json: bytes("n0-v2"))
        #expect(
            cache.takeChanges() == [
                .nodeUpsert(id: 0, name: "n0", json: bytes("n0-v2")),
                .podUpsert(node: 0, uid: "a", json: bytes("a1")),
            ])
    }

    @Test("pods for a node not seen yet appear with it")
    func placeholderNode() throws {
        var cache = try Self.base()
        try cache.addPod(uid: "b", namespace: "ns", name: "b", node: "n9", json: bytes("b1"))
        #expect(cache.nodeOf("b") == 2)
        #expect(cache.nodes.map(\.id) == [0, 1])
        #expect(cache.takeChanges() == [])
        cache.upsertNode(name: "n9", json: bytes("n9"))
        #expect(
            cache.takeChanges() == [
                .nodeUpsert(id: 2, name: "n9", json: bytes("n9")),
                .podUpsert(node: 2, uid: "b", json: bytes("b1")),
            ])
    }

    @Test("a freed id is not reused within the window that reports its removal")
    func idReuseWaitsForTake() throws {
        var cache = try Self.base()
        try cache.removeNode(name: "n1")
        #expect(cache.upsertNode(name: "n2", json: bytes("n2")) == 2)
        #expect(cache.takeChanges() == [.nodeRemove(id: 1), .nodeUpsert(id: 2, name: "n2", json: bytes("n2"))])
        #expect(cache.upsertNode(name: "n3", json: bytes("n3")) == 1)
        #expect(cache.nodes.map(\.name) == ["n0", "n3", "n2"])
    }

    @Test("a node added and removed in one window yields nothing")
    func nodeAddThenRemove() throws {
        var cache = try Self.base()
        cache.upsertNode(name: "n2", json: bytes("n2"))
        try cache.removeNode(name: "n2")
        #expect(cache.takeChanges() == [])
    }

    @Test("a mixed batch is ordered pod removals, node removals, node upserts, pod upserts")
    func batchOrder() throws {
        var cache = try Self.base()
        cache.upsertNode(name: "n2", json: bytes("n2"))
        try cache.assume(uid: "c", namespace: "ns", name: "c", node: "n2", json: bytes("c1"))
        try cache.removeNode(name: "n0")
        cache.upsertNode(name: "n1", json: bytes("n1-v2"))
        #expect(
            cache.takeChanges() == [
                .podRemove(uid: "a"),
                .nodeRemove(id: 0),
                .nodeUpsert(id: 1, name: "n1", json: bytes("n1-v2")),
                .nodeUpsert(id: 2, name: "n2", json: bytes("n2")),
                .podUpsert(node: 2, uid: "c", json: bytes("c1")),
            ])
    }

    @Test("every change bumps the generation; takeChanges records it")
    func generations() throws {
        var cache = SchedulerCache()
        #expect(cache.generation == 0)
        cache.upsertNode(name: "n0", json: bytes("n0"))
        try cache.assume(uid: "a", namespace: "ns", name: "a", node: "n0", json: [])
        try cache.finishBinding(uid: "a")
        try cache.addPod(uid: "a", namespace: "ns", name: "a", node: "n0", json: [1])
        #expect(cache.generation == 4)
        #expect(cache.takenGeneration == 0)
        _ = cache.takeChanges()
        #expect(cache.takenGeneration == 4)
    }
}
