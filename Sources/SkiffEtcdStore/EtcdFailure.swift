import GRPCCore
import SkiffStore

/// An etcd call's failure, sorted: etcd's errors with a store meaning (compacted, future
/// revision, lease not found, invalid request) become those ``StoreError`` codes; transport
/// failures and elections are retryable and end as ``StoreError/Code/unavailable``.
struct EtcdFailure: Sendable, CustomStringConvertible {
    /// The gRPC status code, when the failure had one.
    var code: RPCError.Code?
    /// What etcd or the transport said.
    var message: String

    init(_ error: any Error) {
        if let rpc = error as? RPCError {
            code = rpc.code
            message = rpc.message
        } else if let store = error as? StoreError {
            code = nil
            message = store.message
        } else {
            code = nil
            message = "\(error)"
        }
    }

    var description: String { "\(code.map { "\($0)" } ?? "error"): \(message)" }

    /// Whether another attempt may succeed: the member was unreachable, the cluster had no
    /// leader or changed it, or the call timed out.
    var retryable: Bool {
        switch code {
        // resourceExhausted: etcd's "too many requests" while it catches up.
        case .unavailable?, .deadlineExceeded?, .aborted?, .resourceExhausted?: return true
        case .unknown?: return message.contains("leader changed") || message.contains("no leader")
        default: return false
        }
    }

    /// The store's form of the failure.
    func storeError(method: String, attempts: Int) -> StoreError {
        switch code {
        case .outOfRange? where message.contains("compacted"):
            return StoreError(.compacted, message)
        case .outOfRange? where message.contains("future revision"):
            return StoreError(.futureRevision, message)
        case .notFound? where message.contains("lease"):
            return StoreError(.leaseNotFound, message)
        case .invalidArgument?, .failedPrecondition?:
            return StoreError(.invalidArgument, message)
        case .cancelled?:
            return StoreError(.closed, "the etcd call \(method) was cancelled")
        default:
            return StoreError(
                .unavailable, "etcd \(method) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(message)")
        }
    }
}
