/// An error of the supervisor: a Kubernetes-style reason code and a human-readable message.
public struct SupervisorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short code such as "CreateContainerError", "RunContainerError", "NotFound" or "InvalidState".
    public var reason: String
    /// A human-readable explanation.
    public var message: String

    /// Creates an error from a reason code and a message.
    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    /// The reason and the message, for logs.
    public var description: String { "\(reason): \(message)" }

    static func notFound(_ id: String) -> SupervisorError {
        SupervisorError(reason: "NotFound", message: "container \"\(id)\" not found")
    }

    static func invalidState(_ message: String) -> SupervisorError {
        SupervisorError(reason: "InvalidState", message: message)
    }

    static func createContainer(_ message: String) -> SupervisorError {
        SupervisorError(reason: "CreateContainerError", message: message)
    }

    static func config(_ message: String) -> SupervisorError {
        SupervisorError(reason: "CreateContainerConfigError", message: message)
    }
}
