/// A scheduler-cache operation that is illegal in the pod's or node's current state; the cache is left unchanged.
public struct CacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// `assume` of a pod that is already assumed.
        case alreadyAssumed
        /// `assume` or `addPod` of a pod that is already added.
        case alreadyAdded
        /// `forget` or `finishBinding` of a pod that is not assumed.
        case notAssumed
        /// `updatePod` or `removePod` of a pod the cache does not hold.
        case podNotFound
        /// An operation on a pod that was removed.
        case podDeleted
        /// `updatePod` of an assumed pod: the informer must confirm it (`addPod`) first.
        case updateOfAssumedPod
        /// `removeNode` of a node the cache does not hold (or already removed).
        case nodeNotFound
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation naming the pod or node.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String {
        "\(code.rawValue): \(message)"
    }
}
