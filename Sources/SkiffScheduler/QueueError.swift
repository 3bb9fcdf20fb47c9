/// An operation the scheduling queue refused; the queue is left unchanged.
public struct QueueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The pod is already waiting in activeQ, backoffQ, unschedulablePods or the gated set.
        case alreadyQueued
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation naming the pod.
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
