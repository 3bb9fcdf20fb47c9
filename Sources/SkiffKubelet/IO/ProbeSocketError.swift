import Glibc

/// A failure of a probe's TCP connection, described like Go's `net` package errors.
enum ProbeSocketError: Error, Equatable {
    /// The port is outside 1...65535.
    case invalidPort(Int)
    /// Name resolution failed; `reason` is e.g. `no such host`.
    case lookup(host: String, reason: String)
    /// `socket(2)` failed for the address.
    case socket(address: String, code: Int32)
    /// The connection attempt was rejected, e.g. `ECONNREFUSED`.
    case connect(address: String, code: Int32)
    /// The deadline passed while connecting.
    case dialTimeout(address: String)
    /// The deadline passed while reading or writing an established connection.
    case timeout
    /// Reading from the established connection failed.
    case read(local: String, remote: String, code: Int32)
    /// Writing to the established connection failed.
    case write(local: String, remote: String, code: Int32)

    /// Whether the deadline caused the failure.
    var isTimeout: Bool {
        switch self {
        case .dialTimeout, .timeout: true
        default: false
        }
    }

    /// The Go-style message, e.g. `dial tcp 127.0.0.1:9: connect: connection refused`.
    var message: String {
        switch self {
        case .invalidPort(let port):
            "dial tcp: address \(port): invalid port"
        case .lookup(let host, let reason):
            "dial tcp: lookup \(host): \(reason)"
        case .socket(let address, let code):
            "dial tcp \(address): socket: \(Self.describe(code))"
        case .connect(let address, let code):
            "dial tcp \(address): connect: \(Self.describe(code))"
        case .dialTimeout(let address):
            "dial tcp \(address): i/o timeout"
        case .timeout:
            "i/o timeout"
        case .read(let local, let remote, let code):
            "read tcp \(local)->\(remote): read: \(Self.describe(code))"
        case .write(let local, let remote, let code):
            "write tcp \(local)->\(remote): write: \(Self.describe(code))"
        }
    }

    /// `strerror` with a lower-case first letter, as Go spells errno texts (`connection refused`).
    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
