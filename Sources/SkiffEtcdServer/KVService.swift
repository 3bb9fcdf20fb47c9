import GRPCCore
import GRPCProtobuf
import SkiffEtcdAPI
import SkiffStore

/// etcd's KV service over the store: Range, Put, DeleteRange, Txn and Compact.
///
/// Registered by hand rather than through the generated service protocol so that Range answers
/// go through ``RangeResponseEncoder`` (large ranges are its reason to exist); the other methods
/// use SwiftProtobuf as generated.
struct KVService: RegistrableRPCService {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: EtcdKV.Method.Range.descriptor, deserializer: ProtobufDeserializer<EtcdRangeRequest>(),
            serializer: RangeResponseEncoder(), handler: Self.unary { try await range(request: $0) })
        router.registerHandler(
            forMethod: EtcdKV.Method.Put.descriptor, deserializer: ProtobufDeserializer<EtcdPutRequest>(),
            serializer: ProtobufSerializer<EtcdPutResponse>(), handler: Self.unary { try await put(request: $0) })
        router.registerHandler(
            forMethod: EtcdKV.Method.DeleteRange.descriptor,
            deserializer: ProtobufDeserializer<EtcdDeleteRangeRequest>(),
            serializer: ProtobufSerializer<EtcdDeleteRangeResponse>(),
            handler: Self.unary { try await deleteRange(request: $0) })
        router.registerHandler(
            forMethod: EtcdKV.Method.Txn.descriptor, deserializer: ProtobufDeserializer<EtcdTxnRequest>(),
            serializer: ProtobufSerializer<EtcdTxnResponse>(), handler: Self.unary { try await txn(request: $0) })
        router.registerHandler(
            forMethod: EtcdKV.Method.Compact.descriptor, deserializer: ProtobufDeserializer<EtcdCompactionRequest>(),
            serializer: ProtobufSerializer<EtcdCompactionResponse>(),
            handler: Self.unary { try await compact(request: $0) })
    }

    /// A unary handler: one request message in, one response message out.
    private static func unary<Input: Sendable, Output: Sendable>(
        _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output> {
        { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: try await body(single.message)))
        }
    }

    func range(request: EtcdRangeRequest) async throws -> EncodedRangeResponse {
        try await metrics.measure(.range) {
            let plan = try RangePlan(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.range(plan.request)
            }
            return plan.encoded(answer, header: identity.header(answer.revision))
        }
    }

    func put(request: EtcdPutRequest) async throws -> EtcdPutResponse {
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

    func deleteRange(request: EtcdDeleteRangeRequest) async throws -> EtcdDeleteRangeResponse {
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

    func txn(request: EtcdTxnRequest) async throws -> EtcdTxnResponse {
        try await metrics.measure(.txn) {
            let plan = try TxnPlan(request)
            let answer = try await EtcdError.mapping { () async throws(StoreError) in try await store.txn(plan.request)
            }
            return plan.response(answer, identity: identity)
        }
    }

    func compact(request: EtcdCompactionRequest) async throws -> EtcdCompactionResponse {
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
