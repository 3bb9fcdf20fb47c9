import Glibc

/// A failed file-system operation on a container log file.
public struct LogFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call or step that failed, e.g. `"rename"`.
    public let operation: String
    /// The path the operation was applied to.
    public let path: String
    /// The `errno` value reported by the system.
    public let code: Int32

    /// Creates an error for `operation` on `path` with the given `errno` value.
    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// A message such as `rename /var/log/c.log: No such file or directory`.
    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}
