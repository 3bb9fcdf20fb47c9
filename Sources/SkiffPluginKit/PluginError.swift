import SkiffAPI
import SkiffPluginABI

/// A host call that failed: the ABI status and the server's `Status` (message, reason, causes).
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// The `SKIFF_ERR_*` code.
    public var code: Int32
    /// The server's Status, when there is one.
    public var status: Status?
    /// Why.
    public var message: String

    /// An error.
    public init(code: Int32, message: String, status: Status? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The object does not exist.
    public var isNotFound: Bool { code == Int32(SKIFF_ERR_NOT_FOUND) }
    /// The name is taken.
    public var isAlreadyExists: Bool { code == Int32(SKIFF_ERR_ALREADY_EXISTS) }
    /// A stale resourceVersion: read again and retry.
    public var isConflict: Bool { code == Int32(SKIFF_ERR_CONFLICT) }
    /// The object failed validation.
    public var isInvalid: Bool { code == Int32(SKIFF_ERR_INVALID) }
    /// The host or the server cannot do this (an older host ABI, a resource not served).
    public var isUnsupported: Bool { code == Int32(SKIFF_ERR_UNSUPPORTED) }

    public var description: String { message.isEmpty ? "plugin host error \(code)" : message }
}
