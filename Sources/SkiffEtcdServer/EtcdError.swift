import GRPCCore
import SkiffStore

/// An error as etcd's server reports it: a gRPC status code and etcd's exact message. etcd's
/// clients recognise errors by message (`rpctypes.ErrorDesc`), so these strings are protocol, not
/// prose: `etcdctl` prints them, and Go's clientv3 turns them back into its typed errors.
public struct EtcdError: Error, Hashable, Sendable, RPCErrorConvertible, CustomStringConvertible {
    /// The gRPC status code.
    public var rpcErrorCode: RPCError.Code
    /// etcd's message, `etcdserver: ...`.
    public var rpcErrorMessage: String

    /// An error with `code` and etcd's `message`.
    public init(_ code: RPCError.Code, _ message: String) {
        self.rpcErrorCode = code
        self.rpcErrorMessage = message
    }

    public var description: String { "\(rpcErrorCode): \(rpcErrorMessage)" }

    static let emptyKey = EtcdError(.invalidArgument, "etcdserver: key is not provided")
    static let keyNotFound = EtcdError(.invalidArgument, "etcdserver: key not found")
    static let valueProvided = EtcdError(.invalidArgument, "etcdserver: value is provided")
    static let leaseProvided = EtcdError(.invalidArgument, "etcdserver: lease is provided")
    static let tooManyOps = EtcdError(.invalidArgument, "etcdserver: too many operations in txn request")
    static let duplicateKey = EtcdError(.invalidArgument, "etcdserver: duplicate key given in txn request")
    static let compacted = EtcdError(.outOfRange, "etcdserver: mvcc: required revision has been compacted")
    static let futureRevision = EtcdError(.outOfRange, "etcdserver: mvcc: required revision is a future revision")
    static let leaseNotFound = EtcdError(.notFound, "etcdserver: requested lease not found")
    static let leaseExists = EtcdError(.failedPrecondition, "etcdserver: lease already exists")
    static let leaseTTLTooLarge = EtcdError(.outOfRange, "etcdserver: too large lease TTL")
    static let requestTooLarge = EtcdError(.invalidArgument, "etcdserver: request is too large")
    static let stopped = EtcdError(.unavailable, "etcdserver: server stopped")
    static let corrupt = EtcdError(.dataLoss, "etcdserver: corrupt cluster")

    /// etcd's error for a store error. Messages the store shares with etcd (a duplicate key in a
    /// transaction, a lease granted twice) pick the matching etcd error; anything without an etcd
    /// counterpart keeps the store's message under the closest gRPC code.
    public init(_ error: StoreError) {
        switch error.code {
        case .compacted: self = .compacted
        case .futureRevision: self = .futureRevision
        case .leaseNotFound: self = .leaseNotFound
        case .closed: self = .stopped
        case .corrupt: self = .corrupt
        case .invalidArgument where error.message.hasPrefix("duplicate key given in txn request"):
            self = .duplicateKey
        case .invalidArgument where error.message.hasPrefix("key not found"):
            self = .keyNotFound
        case .invalidArgument where error.message.hasSuffix("already exists"):
            self = .leaseExists
        case .invalidArgument where error.message.contains("over the limit"):
            self = .requestTooLarge
        case .invalidArgument: self = EtcdError(.invalidArgument, "etcdserver: \(error.message)")
        case .notFound: self = EtcdError(.notFound, "etcdserver: \(error.message)")
        default: self = EtcdError(.internalError, "etcdserver: \(error.message)")
        }
    }
}

extension EtcdError {
    /// Runs `body`, turning a ``StoreError`` into etcd's error.
    static func mapping<T>(_ body: () async throws(StoreError) -> T) async throws(EtcdError) -> T {
        do { return try await body() } catch { throw EtcdError(error) }
    }
}
