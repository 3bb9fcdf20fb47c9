import GRPCCore
import SkiffEtcdAPI
import SkiffStore

/// etcd's KV service over the store: Range, Put, DeleteRange, Txn and Compact.
struct KVService: EtcdKV.SimpleServiceProtocol {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics

    func range(request: EtcdRangeRequest, context: ServerContext) async throws -> EtcdRangeResponse {
        try await metrics.measure(.range) {
            let plan = try RangePlan(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.range(plan.request)
            }
            return plan.response(answer, header: identity.header(answer.revision))
        }
    }

    func put(request: EtcdPutRequest, context: ServerContext) async throws -> EtcdPutResponse {
        try await metrics.measure(.put) {
            let put = try TxnPlan.put(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.txn(TxnRequest(success: [.put(put)]))
            }
            guard case .put(let response) = answer.responses.first else {
                preconditionFailure("a put answered \(answer)")
            }
            return TxnPlan.response(response, identity: identity)
        }
    }

    func deleteRange(request: EtcdDeleteRangeRequest, context: ServerContext) async throws -> EtcdDeleteRangeResponse {
        try await metrics.measure(.deleteRange) {
            let delete = try TxnPlan.delete(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.txn(TxnRequest(success: [.delete(delete)]))
            }
            guard case .delete(let response) = answer.responses.first else {
                preconditionFailure("a delete answered \(answer)")
            }
            return TxnPlan.response(response, identity: identity)
        }
    }

    func txn(request: EtcdTxnRequest, context: ServerContext) async throws -> EtcdTxnResponse {
        try await metrics.measure(.txn) {
            let plan = try TxnPlan(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in try await store.txn(plan.request)
            }
            return plan.response(answer, identity: identity)
        }
    }

    func compact(request: EtcdCompactionRequest, context: ServerContext) async throws -> EtcdCompactionResponse {
        try await metrics.measure(.compact) {
            try await EtcdError.mapping { () async throws(StoreError) in
                try await store.compact(to: Revision(request.revision))
            }
            var response = EtcdCompactionResponse()
            response.header = identity.header(store.currentRevision)
            return response
        }
    }
}
