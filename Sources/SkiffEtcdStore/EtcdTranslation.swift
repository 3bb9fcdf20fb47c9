import Foundation
import SkiffEtcdAPI
import SkiffStore

/// Store requests as etcd's messages and etcd's answers as store values: the one place the two
/// vocabularies meet on the client side.
enum EtcdTranslation {
    /// etcd's `key` and `range_end` for a store range: an empty `range_end` names one key,
    /// `"\0"` every key from `key` on. etcd has no empty key, so "from the first key" is `"\0"`.
    static func keys(_ range: KeyRange) -> (key: Data, rangeEnd: Data) {
        let start = range.start.isEmpty ? [0] : range.start
        if range.isSingleKey { return (Data(start), Data()) }
        guard let end = range.end else { return (Data(start), Data([0])) }
        return (Data(start), Data(end))
    }

    static func request(_ request: RangeRequest) -> EtcdRangeRequest {
        var message = EtcdRangeRequest()
        (message.key, message.rangeEnd) = keys(request.range)
        message.revision = request.revision?.rawValue ?? 0
        message.limit = Int64(request.limit)
        message.keysOnly = request.keysOnly
        message.countOnly = request.countOnly
        return message
    }

    static func request(_ request: PutRequest) -> EtcdPutRequest {
        var message = EtcdPutRequest()
        message.key = Data(request.key)
        message.value = Data(request.value)
        message.lease = request.lease.rawValue
        message.prevKv = request.prevKV
        message.ignoreValue = request.ignoreValue
        message.ignoreLease = request.ignoreLease
        return message
    }

    static func request(_ request: DeleteRequest) -> EtcdDeleteRangeRequest {
        var message = EtcdDeleteRangeRequest()
        (message.key, message.rangeEnd) = keys(request.range)
        message.prevKv = request.prevKV
        return message
    }

    static func request(_ request: TxnRequest) -> EtcdTxnRequest {
        var message = EtcdTxnRequest()
        message.compare = request.compares.map(compare)
        message.success = request.success.map(operation)
        message.failure = request.failure.map(operation)
        return message
    }

    static func operation(_ operation: SkiffStore.Operation) -> EtcdRequestOp {
        var message = EtcdRequestOp()
        switch operation {
        case .range(let range): message.requestRange = request(range)
        case .put(let put): message.requestPut = request(put)
        case .delete(let delete): message.requestDeleteRange = request(delete)
        case .txn(let txn): message.requestTxn = request(txn)
        }
        return message
    }

    static func compare(_ compare: Compare) -> EtcdCompare {
        var message = EtcdCompare()
        message.key = Data(compare.key.isEmpty ? [0] : compare.key)
        if let rangeEnd = compare.rangeEnd { message.rangeEnd = rangeEnd.isEmpty ? Data([0]) : Data(rangeEnd) }
        message.result =
            switch compare.op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .greater: .greater
            }
        switch compare.target {
        case .version(let version):
            message.target = .version
            message.version = version
        case .createRevision(let revision):
            message.target = .create
            message.createRevision = revision.rawValue
        case .modRevision(let revision):
            message.target = .mod
            message.modRevision = revision.rawValue
        case .value(let value):
            message.target = .value
            message.value = Data(value)
        case .lease(let lease):
            message.target = .lease
            message.lease = lease.rawValue
        }
        return message
    }

    static func keyValue(_ kv: EtcdKeyValue) -> KeyValue {
        KeyValue(
            key: [UInt8](kv.key), value: [UInt8](kv.value), createRevision: Revision(kv.createRevision),
            modRevision: Revision(kv.modRevision), version: kv.version, lease: LeaseID(kv.lease))
    }

    static func response(_ message: EtcdRangeResponse) -> RangeResponse {
        RangeResponse(
            revision: Revision(message.header.revision), kvs: message.kvs.map(keyValue), more: message.more,
            count: Int(message.count))
    }

    static func response(_ message: EtcdTxnResponse) -> TxnResponse {
        TxnResponse(
            revision: Revision(message.header.revision), succeeded: message.succeeded,
            responses: message.responses.map(operationResponse))
    }

    static func operationResponse(_ message: EtcdResponseOp) -> OperationResponse {
        switch message.response {
        case .responseRange(let range):
            return .range(response(range))
        case .responsePut(let put):
            return .put(
                PutResponse(
                    revision: Revision(put.header.revision), prevKV: put.hasPrevKv ? keyValue(put.prevKv) : nil))
        case .responseDeleteRange(let delete):
            return .delete(
                DeleteResponse(
                    revision: Revision(delete.header.revision), deleted: Int(delete.deleted),
                    prevKVs: delete.prevKvs.map(keyValue)))
        case .responseTxn(let txn):
            return .txn(response(txn))
        case nil:
            return .range(RangeResponse(revision: .zero, kvs: [], more: false, count: 0))
        }
    }

    static func event(_ event: EtcdEvent) -> WatchEvent {
        WatchEvent(
            kind: event.type == .delete ? .delete : .put, kv: keyValue(event.kv),
            prevKV: event.hasPrevKv ? keyValue(event.prevKv) : nil)
    }
}
