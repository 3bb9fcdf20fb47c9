import Foundation
import SkiffEtcdAPI
import SkiffStore
import Testing

@testable import SkiffEtcdServer

/// The endpoint's pure decisions: etcd's key encoding, how a Range or Txn is planned, progress
/// rounds, and the mapping of store errors to etcd's.
struct EtcdPlanTests {
    @Test(arguments: [
        ("a", "", KeyRange.key("a")),
        ("a", "\0", KeyRange(start: Array("a".utf8), end: nil)),
        ("\0", "\0", KeyRange(start: [0], end: nil)),
        ("a", "c", KeyRange(start: Array("a".utf8), end: Array("c".utf8))),
        ("/p/", "/p0", KeyRange.prefix("/p/")),
    ])
    func keyRanges(key: String, end: String, expected: KeyRange) {
        #expect(EtcdKeyRange.range(key: Data(key.utf8), rangeEnd: Data(end.utf8)) == expected)
    }

    /// What the store is asked for: the limit goes to the store only when nothing reorders or
    /// filters afterwards; values are fetched when a value sort needs them.
    @Test(arguments: [
        (EtcdRangeRequest.SortOrder.none, EtcdRangeRequest.SortTarget.key, Int64(0), 10, 10, true, false),
        (.ascend, .key, 0, 10, 10, true, false),
        (.descend, .key, 0, 10, 0, true, true),
        (.none, .mod, 0, 10, 0, true, true),
        (.none, .key, 5, 10, 0, true, false),
        (.ascend, .value, 0, 10, 0, false, true),
    ])
    func rangePlans(
        order: EtcdRangeRequest.SortOrder, target: EtcdRangeRequest.SortTarget, minMod: Int64, limit: Int,
        storeLimit: Int, storeKeysOnly: Bool, sorts: Bool
    ) throws {
        var request = EtcdRangeRequest()
        request.key = Data("a".utf8)
        request.rangeEnd = Data("z".utf8)
        request.sortOrder = order
        request.sortTarget = target
        request.minModRevision = minMod
        request.limit = Int64(limit)
        request.keysOnly = true
        request.revision = -3
        let plan = try RangePlan(request)
        #expect(plan.request.limit == storeLimit)
        #expect(plan.request.keysOnly == storeKeysOnly)
        #expect((plan.sort != nil) == sorts)
        #expect(plan.request.revision == nil)
        #expect(plan.limit == limit)
    }

    @Test func rangePlanTrimsAfterSorting() throws {
        var request = EtcdRangeRequest()
        request.key = Data("a".utf8)
        request.rangeEnd = Data("\0".utf8)
        request.sortOrder = .descend
        request.sortTarget = .version
        request.limit = 2
        request.keysOnly = true
        let plan = try RangePlan(request)
        let kvs = [("a", 1), ("b", 3), ("c", 2), ("d", 3)].map { key, version in
            KeyValue(key: Array(key.utf8), value: [1], createRevision: 1, modRevision: 1, version: Int64(version))
        }
        let response = plan.response(
            RangeResponse(revision: 9, kvs: kvs, more: false, count: 4), header: EtcdResponseHeader())
        // Version 3 twice: the later key first in a descending sort, as the reverse of ascending.
        #expect(response.keys == ["d", "b"])
        #expect(response.more && response.count == 4)
        #expect(response.kvs.allSatisfy { $0.value.isEmpty })
    }

    @Test func txnPlans() throws {
        func op(_ build: (inout EtcdRequestOp) -> Void) -> EtcdRequestOp {
            var op = EtcdRequestOp()
            build(&op)
            return op
        }
        var inner = EtcdTxnRequest()
        inner.success = [op { $0.requestPut.key = Data("x".utf8) }]
        var txn = EtcdTxnRequest()
        txn.success = [
            op { $0.requestRange.key = Data("a".utf8) },
            op { $0.requestTxn = inner },
            op { $0.requestDeleteRange.key = Data("d".utf8) },
        ]
        txn.failure = [EtcdRequestOp()]
        let plan = try TxnPlan(txn)
        #expect(plan.success.count == 3 && plan.failure.count == 1)
        guard case .txn(let nested) = plan.request.success[1] else {
            Issue.record("not a nested transaction: \(plan.request.success[1])")
            return
        }
        #expect(nested.success == [.put(PutRequest(key: Array("x".utf8), value: []))])

        // etcd's limits and checks, nested included.
        var tooMany = EtcdTxnRequest()
        tooMany.compare = Array(repeating: EtcdCompare(), count: 129)
        #expect(throws: EtcdError.tooManyOps) { try TxnPlan(tooMany) }
        var emptyKey = EtcdTxnRequest()
        emptyKey.success = [op { $0.requestTxn.failure = [op { $0.requestPut = EtcdPutRequest() }] }]
        #expect(throws: EtcdError.emptyKey) { try TxnPlan(emptyKey) }
        var leaseGiven = EtcdPutRequest()
        leaseGiven.key = Data("k".utf8)
        leaseGiven.lease = 5
        leaseGiven.ignoreLease = true
        #expect(throws: EtcdError.leaseProvided) { try TxnPlan.put(leaseGiven) }
    }

    @Test func progressRounds() {
        var round = ProgressRound(waitingFor: [1, 2, 3])
        #expect(round.confirm(1, at: 9) == nil)
        #expect(round.confirm(1, at: 4) == nil)  // already counted
        #expect(round.drop(2) == nil)
        #expect(round.isWaiting(for: 3) && !round.isWaiting(for: 1))
        #expect(round.confirm(3, at: 7) == 7)

        var abandoned = ProgressRound(waitingFor: [1])
        #expect(abandoned.drop(1) == nil)
        #expect(abandoned.isAbandoned)

        var lastDropped = ProgressRound(waitingFor: [1, 2])
        #expect(lastDropped.confirm(1, at: 5) == nil)
        #expect(lastDropped.drop(2) == 5)
    }

    @Test(arguments: [
        (StoreError.compacted(3, requested: 2), EtcdError.compacted),
        (StoreError.futureRevision(3, requested: 9), .futureRevision),
        (StoreError(.leaseNotFound, "lease 5 not found"), .leaseNotFound),
        (StoreError(.invalidArgument, "duplicate key given in txn request: k"), .duplicateKey),
        (StoreError(.invalidArgument, "lease 5 already exists"), .leaseExists),
        (StoreError(.invalidArgument, "key not found: k"), .keyNotFound),
        (StoreError(.invalidArgument, "value of 2000000 bytes is over the limit of 1572864 bytes"), .requestTooLarge),
        (StoreError(.closed, "the store is closed"), .stopped),
        (StoreError(.sqlite, "disk I/O error"), EtcdError(.internalError, "etcdserver: disk I/O error")),
    ])
    func storeErrors(store: StoreError, etcd: EtcdError) {
        #expect(EtcdError(store) == etcd)
    }

    /// The hand-written Range encoder writes exactly SwiftProtobuf's bytes.
    @Test(arguments: [
        (0, false, false, Int64(0)),
        (1, false, false, 1),
        (3, true, false, 3),
        (5, false, true, 300),
        (2, true, true, Int64.max),
    ])
    func rangeEncoderMatchesSwiftProtobuf(keys: Int, keysOnly: Bool, more: Bool, count: Int64) throws {
        var header = EtcdResponseHeader()
        header.clusterID = UInt64.max
        header.memberID = 1
        header.revision = 1 << 40
        header.raftTerm = 0
        var kvs: [KeyValue] = []
        for index in 0..<keys {
            let number = Int64(index)
            let value: [UInt8] = index == 1 ? [] : Array(repeating: UInt8(index), count: 100 * index + 1)
            let lease: Int64 = index == 2 ? 0x694d_7a2f_1e3b_0c11 : 0
            kvs.append(
                KeyValue(
                    key: Array("/registry/pods/\(index)".utf8), value: value, createRevision: Revision(number * 1_000),
                    modRevision: Revision(number << 35), version: number, lease: LeaseID(lease)))
        }
        let response = EncodedRangeResponse(header: header, kvs: kvs, keysOnly: keysOnly, more: more, count: count)
        let encoded: [UInt8] = try RangeResponseEncoder().serialize(response)
        let expected: [UInt8] = try response.message.serializedBytes()
        #expect(encoded == expected)
        #expect(try EtcdRangeResponse(serializedBytes: encoded) == response.message)
    }

    @Test func identityIsStablePerStore() {
        let first = EtcdIdentity(name: "n", seed: "/data/a/skiff.db")
        #expect(first == EtcdIdentity(name: "n", seed: "/data/a/skiff.db"))
        #expect(first.memberID != EtcdIdentity(name: "n", seed: "/data/b/skiff.db").memberID)
        #expect(first.memberID != 0 && first.clusterID != first.memberID)
    }
}
