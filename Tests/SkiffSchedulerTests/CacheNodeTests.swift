import SkiffScheduler
import Testing

@Suite("SchedulerCache nodes and replay")
struct CacheNodeTests {
    @Test("node ids are dense from 0 and stable across updates")
    func denseIDs() throws {
        var cache = SchedulerCache()
        #expect(["a", "b", "c"].map { cache.upsertNode(name: $0, json: bytes($0)) } == [0, 1, 2])
        #expect(cache.upsertNode(name: "b", json: bytes("b2")) == 1)
        #expect(cache.nodes.map(\.id) == [0, 1, 2])
        #expect(cache.nodes.map(\.name) == ["a", "b", "c"])
        #expect(cache.nodeCount == 3)
        #expect(cache.nodeJSON(id: 1) == bytes("b2"))
        #expect(cache.nodeName(id: 7) == nil)
        #expect(cache.nodeJSON(id: -1) == nil)
    }

    @Test("removing an unknown or already removed node is an error")
    func removeUnknownNode() throws {
        var cache = SchedulerCache()
        cache.upsertNode(name: "a", json: [])
        try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "a", json: [])
        #expect(try cache.removeNode(name: "a") == 0)
        for name in ["a", "zzz"] {
            let error = #expect(throws: CacheError.self) { try cache.removeNode(name: name) }
            #expect(error?.code == .nodeNotFound)
        }
        #expect(cache.nodeCount == 0)
        #expect(cache.ghostNodeCount == 1)
    }

    /// The host's incremental view, checking every change is safe to apply.
    struct View {
        struct Node: Equatable {
            var name: String
            var json: [UInt8]
        }

        struct Pod: Equatable {
            var node: Int32
            var json: [UInt8]
        }

        var nodes: [Int32: Node] = [:]
        var pods: [String: Pod] = [:]

        mutating func apply(_ change: CacheChange) {
            switch change {
            case .nodeUpsert(let id, let name, let json):
                if let existing = nodes[id] {
                    #expect(existing.name == name, "an id names one node while the view holds it")
                }
                nodes[id] = Node(name: name, json: json)
            case .nodeRemove(let id):
                #expect(nodes[id] != nil, "node \(id) removed but not held")
                #expect(!pods.values.contains { $0.node == id }, "node \(id) removed before its pods")
                nodes.removeValue(forKey: id)
            case .podUpsert(let node, let uid, let json):
                #expect(nodes[node] != nil, "pod \(uid) upserted before its node \(node)")
                if let existing = pods[uid] {
                    #expect(existing.node == node, "pod \(uid) upserted on another node without a removal")
                }
                pods[uid] = Pod(node: node, json: json)
            case .podRemove(let uid):
                #expect(pods[uid] != nil, "pod \(uid) removed but not held")
                pods.removeValue(forKey: uid)
            }
        }

        /// What the view should hold according to the cache's queries.
        static func expected(from cache: SchedulerCache, uids: [String]) -> View {
            var view = View()
            for (id, name) in cache.nodes {
                view.nodes[id] = Node(name: name, json: cache.nodeJSON(id: id) ?? [])
            }
            for uid in uids {
                if let pod = cache.pod(uid), cache.nodeJSON(id: pod.nodeID) != nil {
                    view.pods[uid] = Pod(node: pod.nodeID, json: pod.json)
                }
            }
            return view
        }
    }

    /// A small deterministic generator (64-bit LCG).
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("applying the changes after random operations reproduces the cache", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func replay(seed: UInt64) {
        var generator = Generator(state: seed)
        var cache = SchedulerCache(deletedHistoryLimit: Int(seed % 3))
        var view = View()
        let names = (0..<5).map { "n\($0)" }
        let uids = (0..<10).map { "p\($0)" }
        var succeeded = 0
        for step in 0..<600 {
            let uid = uids[generator.next(uids.count)]
            let node = names[generator.next(names.count)]
            let json = bytes("v\(generator.next(3))")
            let result = Result { () throws(CacheError) in
                switch generator.next(9) {
                case 0, 1:
                    cache.upsertNode(name: node, json: json)
                case 2:
                    try cache.removeNode(name: node)
                case 3:
                    try cache.assume(uid: uid, namespace: "ns", name: uid, node: node, json: json)
                case 4:
                    try cache.forget(uid: uid)
                case 5:
                    try cache.finishBinding(uid: uid)
                case 6:
                    try cache.addPod(uid: uid, namespace: "ns", name: uid, node: node, json: json)
                case 7:
                    try cache.updatePod(uid: uid, json: json)
                default:
                    try cache.removePod(uid: uid)
                }
            }
            if case .success = result {
                succeeded += 1
            }
            if generator.next(4) == 0 || step == 599 {
                for change in cache.takeChanges() {
                    view.apply(change)
                }
                let expected = View.expected(from: cache, uids: uids)
                #expect(view.nodes == expected.nodes, "step \(step)")
                #expect(view.pods == expected.pods, "step \(step)")
            }
        }
        #expect(succeeded > 200)
        let counted = names.compactMap { cache.nodeID(named: $0) }.map { cache.podUIDs(onNode: $0).count }
        #expect(counted.reduce(0, +) == cache.podCount)
    }
}
