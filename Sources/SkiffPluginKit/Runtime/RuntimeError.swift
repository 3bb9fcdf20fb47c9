import SkiffPluginABI

/// A runtime call that failed: the reason becomes the container's waiting reason
/// ("CreateContainerError", "RunContainerError", "CreateContainerConfigError").
public struct RuntimeError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The Kubernetes-style reason.
    public var reason: String
    /// Why, for people.
    public var message: String

    /// An error.
    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    /// No such container or pod.
    public static func notFound(_ message: String) -> RuntimeError {
        RuntimeError(reason: "NotFound", message: message)
    }

    /// The `SKIFF_ERR_*` status the error crosses the ABI with.
    public var status: Int32 {
        reason == "NotFound" ? Int32(SKIFF_ERR_NOT_FOUND) : Int32(SKIFF_ERR_INTERNAL)
    }

    /// `reason: message`.
    public var description: String { "\(reason): \(message)" }
}
