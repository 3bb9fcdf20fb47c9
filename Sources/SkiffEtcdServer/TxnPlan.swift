import Foundation
import SkiffEtcdAPI
import SkiffStore

/// How one etcd `Txn` is served by the store: the store transaction, checked as etcd checks it
/// (`checkTxnRequest`), and for each operation how its answer becomes etcd's (ranges keep their
/// ``RangePlan`` for sorting and filtering). A pure value.
struct TxnPlan: Sendable, Hashable {
    /// etcd's default `--max-txn-ops`.
    static let maxOperations = 128

    /// The store transaction.
    var request: TxnRequest
    /// One plan per operation of each branch.
    var success: [Step], failure: [Step]

    /// How one operation's answer is turned into etcd's.
    indirect enum Step: Sendable, Hashable {
        case range(RangePlan)
        case put
        case delete
        case txn(TxnPlan)
    }

    /// The plan for `request`; fails with etcd's errors for too many operations or an empty key.
    init(_ request: EtcdTxnRequest) throws(EtcdError) {
        try self.init(request, budget: Self.maxOperations)
    }

    private init(_ request: EtcdTxnRequest, budget: Int) throws(EtcdError) {
        let operations = max(request.compare.count, request.success.count, request.failure.count)
        guard operations <= budget else { throw EtcdError.tooManyOps }
        for compare in request.compare where compare.key.isEmpty { throw EtcdError.emptyKey }
        var success: [Step] = []
        var failure: [Step] = []
        var successOps: [SkiffStore.Operation] = []
        var failureOps: [SkiffStore.Operation] = []
        for op in request.success {
            let (step, operation) = try Self.plan(op, budget: budget - operations)
            success.append(step)
            successOps.append(operation)
        }
        for op in request.failure {
            let (step, operation) = try Self.plan(op, budget: budget - operations)
            failure.append(step)
            failureOps.append(operation)
        }
        self.success = success
        self.failure = failure
        self.request = TxnRequest(compares: request.compare.map(Compare.init), success: successOps, failure: failureOps)
    }

    /// The store operation and answer plan for one etcd operation.
    private static func plan(_ op: EtcdRequestOp, budget: Int) throws(EtcdError) -> (Step, SkiffStore.Operation) {
        switch op.request {
        case .requestRange(let range):
            let plan = try RangePlan(range)
            return (.range(plan), .range(plan.request))
        case .requestPut(let put):
            return (.put, .put(try Self.put(put)))
        case .requestDeleteRange(let delete):
            return (.delete, .delete(try Self.delete(delete)))
        case .requestTxn(let txn):
            let plan = try TxnPlan(txn, budget: budget)
            return (.txn(plan), .txn(plan.request))
        case nil:
            // etcd answers an empty operation with an empty response; a range of nothing does.
            let nothing = RangeRequest(KeyRange(start: [0], end: [0]))
            var empty = EtcdRangeRequest()
            empty.key = Data([0])
            return (.range(try RangePlan(empty)), .range(nothing))
        }
    }

    /// The store put for etcd's, checked as etcd's `checkPutRequest` does.
    static func put(_ put: EtcdPutRequest) throws(EtcdError) -> PutRequest {
        guard !put.key.isEmpty else { throw EtcdError.emptyKey }
        if put.ignoreValue && !put.value.isEmpty { throw EtcdError.valueProvided }
        if put.ignoreLease && put.lease != 0 { throw EtcdError.leaseProvided }
        return PutRequest(
            key: [UInt8](put.key), value: [UInt8](put.value), lease: LeaseID(put.lease), prevKV: put.prevKv,
            ignoreValue: put.ignoreValue, ignoreLease: put.ignoreLease)
    }

    /// The store delete for etcd's.
    static func delete(_ delete: EtcdDeleteRangeRequest) throws(EtcdError) -> DeleteRequest {
        guard !delete.key.isEmpty else { throw EtcdError.emptyKey }
        return DeleteRequest(EtcdKeyRange.range(key: delete.key, rangeEnd: delete.rangeEnd), prevKV: delete.prevKv)
    }

    /// etcd's response for the store's answer to ``request``.
    func response(_ answer: TxnResponse, identity: EtcdIdentity) -> EtcdTxnResponse {
        var response = EtcdTxnResponse()
        response.header = identity.header(answer.revision)
        response.succeeded = answer.succeeded
        let steps = answer.succeeded ? success : failure
        response.responses = zip(steps, answer.responses).map { step, answer in
            var op = EtcdResponseOp()
            switch (step, answer) {
            case (.range(let plan), .range(let range)):
                op.responseRange = plan.response(range, header: identity.header(range.revision))
            case (.put, .put(let put)):
                op.responsePut = Self.response(put, identity: identity)
            case (.delete, .delete(let delete)):
                op.responseDeleteRange = Self.response(delete, identity: identity)
            case (.txn(let plan), .txn(let txn)):
                op.responseTxn = plan.response(txn, identity: identity)
            default:
                preconditionFailure("a transaction answered \(answer) to \(step)")
            }
            return op
        }
        return response
    }

    /// etcd's response for a store put.
    static func response(_ put: PutResponse, identity: EtcdIdentity) -> EtcdPutResponse {
        var response = EtcdPutResponse()
        response.header = identity.header(put.revision)
        if let previous = put.prevKV { response.prevKv = EtcdKeyValue(previous) }
        return response
    }

    /// etcd's response for a store delete.
    static func response(_ delete: DeleteResponse, identity: EtcdIdentity) -> EtcdDeleteRangeResponse {
        var response = EtcdDeleteRangeResponse()
        response.header = identity.header(delete.revision)
        response.deleted = Int64(delete.deleted)
        response.prevKvs = delete.prevKVs.map { EtcdKeyValue($0) }
        return response
    }
}
