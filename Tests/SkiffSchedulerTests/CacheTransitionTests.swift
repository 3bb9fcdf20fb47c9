import SkiffScheduler
import Testing

@Suite("SchedulerCache pod transitions")
struct CacheTransitionTests {
    enum Operation: String, Sendable, CaseIterable {
        case assume, forget, finishBinding, addSameNode, addOtherNode, update, remove
    }

    enum Outcome: Equatable, Sendable {
        /// The state after the operation and the node the pod is counted on.
        case state(CachePodState, node: String?)
        case error(CacheError.Code)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var from: CachePodState
        var operation: Operation
        var outcome: Outcome
        var testDescription: String {
            "\(from) --\(operation.rawValue)--> \(outcome)"
        }
    }

    /// Every operation from every state.
    static let table: [Case] = [
        Case(from: .initial, operation: .assume, outcome: .state(.assumed, node: "n1")),
        Case(from: .initial, operation: .forget, outcome: .error(.notAssumed)),
        Case(from: .initial, operation: .finishBinding, outcome: .error(.notAssumed)),
        Case(from: .initial, operation: .addSameNode, outcome: .state(.added, node: "n1")),
        Case(from: .initial, operation: .addOtherNode, outcome: .state(.added, node: "n2")),
        Case(from: .initial, operation: .update, outcome: .error(.podNotFound)),
        Case(from: .initial, operation: .remove, outcome: .error(.podNotFound)),

        Case(from: .assumed, operation: .assume, outcome: .error(.alreadyAssumed)),
        Case(from: .assumed, operation: .forget, outcome: .state(.initial, node: nil)),
        Case(from: .assumed, operation: .finishBinding, outcome: .state(.assumed, node: "n1")),
        Case(from: .assumed, operation: .addSameNode, outcome: .state(.added, node: "n1")),
        Case(from: .assumed, operation: .addOtherNode, outcome: .state(.added, node: "n2")),
        Case(from: .assumed, operation: .update, outcome: .error(.updateOfAssumedPod)),
        Case(from: .assumed, operation: .remove, outcome: .state(.deleted, node: nil)),

        Case(from: .added, operation: .assume, outcome: .error(.alreadyAdded)),
        Case(from: .added, operation: .forget, outcome: .error(.notAssumed)),
        Case(from: .added, operation: .finishBinding, outcome: .state(.added, node: "n1")),
        Case(from: .added, operation: .addSameNode, outcome: .error(.alreadyAdded)),
        Case(from: .added, operation: .addOtherNode, outcome: .error(.alreadyAdded)),
        Case(from: .added, operation: .update, outcome: .state(.added, node: "n1")),
        Case(from: .added, operation: .remove, outcome: .state(.deleted, node: nil)),

        Case(from: .deleted, operation: .assume, outcome: .error(.podDeleted)),
        Case(from: .deleted, operation: .forget, outcome: .state(.deleted, node: nil)),
        Case(from: .deleted, operation: .finishBinding, outcome: .state(.deleted, node: nil)),
        Case(from: .deleted, operation: .addSameNode, outcome: .error(.podDeleted)),
        Case(from: .deleted, operation: .addOtherNode, outcome: .error(.podDeleted)),
        Case(from: .deleted, operation: .update, outcome: .error(.podDeleted)),
        Case(from: .deleted, operation: .remove, outcome: .error(.podDeleted)),
    ]

    @Test("the table covers every operation from every state")
    func tableIsComplete() {
        for state in CachePodState.allCases {
            let operations = Self.table.filter { $0.from == state }.map(\.operation)
            #expect(operations == Operation.allCases, "\(state)")
        }
    }

    /// A cache with nodes n1 and n2 and pod p in `state` (on n1 if held).
    static func cache(with state: CachePodState) throws -> SchedulerCache {
        var cache = SchedulerCache()
        cache.upsertNode(name: "n1", json: bytes("n1"))
        cache.upsertNode(name: "n2", json: bytes("n2"))
        switch state {
        case .initial:
            break
        case .assumed:
            try cache.assume(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v1"))
        case .added:
            try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v1"))
        case .deleted:
            try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v1"))
            try cache.removePod(uid: "p")
        }
        #expect(cache.podState("p") == state)
        return cache
    }

    static func apply(_ operation: Operation, to cache: inout SchedulerCache) -> Result<Void, CacheError> {
        Result { () throws(CacheError) in
            switch operation {
            case .assume:
                try cache.assume(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v2"))
            case .forget:
                try cache.forget(uid: "p")
            case .finishBinding:
                try cache.finishBinding(uid: "p")
            case .addSameNode:
                try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v2"))
            case .addOtherNode:
                try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "n2", json: bytes("v2"))
            case .update:
                try cache.updatePod(uid: "p", json: bytes("v2"))
            case .remove:
                try cache.removePod(uid: "p")
            }
        }
    }

    @Test("transition", arguments: table)
    func transition(testCase: Case) throws {
        var cache = try Self.cache(with: testCase.from)
        let generation = cache.generation
        let podCount = cache.podCount
        switch Self.apply(testCase.operation, to: &cache) {
        case .success:
            let node = cache.nodeOf("p").flatMap { cache.nodeName(id: $0) }
            #expect(Outcome.state(cache.podState("p"), node: node) == testCase.outcome)
            #expect(cache.podCount == (node == nil ? 0 : 1))
            if let node, let id = cache.nodeID(named: node) {
                #expect(cache.podUIDs(onNode: id) == ["p"])
            }
        case .failure(let error):
            #expect(Outcome.error(error.code) == testCase.outcome)
            #expect(cache.podState("p") == testCase.from, "an error changes nothing")
            #expect(cache.generation == generation)
            #expect(cache.podCount == podCount)
        }
    }

    @Test("finishBinding marks the assumed pod, which stays assumed and counted")
    func finishBinding() throws {
        var cache = try Self.cache(with: .assumed)
        #expect(cache.pod("p")?.bindingFinished == false)
        try cache.finishBinding(uid: "p")
        #expect(cache.pod("p")?.bindingFinished == true)
        #expect(cache.assumedPodCount == 1)
        try cache.addPod(uid: "p", namespace: "ns", name: "p", node: "n1", json: bytes("v3"))
        #expect(cache.assumedPodCount == 0)
        #expect(cache.pod("p")?.json == bytes("v3"))
    }

    @Test("deleted uids are remembered up to the limit, then fall back to initial")
    func deletedHistory() throws {
        var cache = SchedulerCache(deletedHistoryLimit: 2)
        for uid in ["a", "b", "c"] {
            try cache.addPod(uid: uid, namespace: "ns", name: uid, node: "n", json: [])
            try cache.removePod(uid: uid)
        }
        #expect(["a", "b", "c"].map { cache.podState($0) } == [.initial, .deleted, .deleted])
        try cache.assume(uid: "a", namespace: "ns", name: "a", node: "n", json: [])
        #expect(cache.podState("a") == .assumed)
    }

    @Test("error messages name the pod")
    func errorMessage() throws {
        var cache = try Self.cache(with: .added)
        let error = #expect(throws: CacheError.self) {
            try cache.assume(uid: "p", namespace: "ns", name: "p", node: "n1", json: [])
        }
        #expect(error?.description == "alreadyAdded: pod ns/p (p) is already added")
    }
}
