import SkiffAPI

/// The HTTP/1.1 GET request of an httpGet probe: URL, request target and header block, as kubelet builds it.
struct HTTPProbeRequest {
    /// kubelet's probe user agent.
    static let userAgent = "kube-probe/1.35"

    let host: String
    let port: Int
    /// The request target: the probe path with a leading `/`, unsafe bytes percent-encoded.
    let target: String
    let headers: [(String, String)]

    init(host: String, port: Int, path: String, headers: [(String, String)]) {
        var bare = host
        if bare.hasPrefix("["), bare.hasSuffix("]") {
            bare = String(bare.dropFirst().dropLast())
        }
        self.host = bare
        self.port = port
        self.target = Self.escape(path.hasPrefix("/") ? path : "/" + path)
        self.headers = headers
    }

    /// `host:port` with IPv6 literals bracketed.
    var authority: String {
        ProbeSocket.joinHostPort(host, port)
    }

    /// The URL as Go prints it in errors, e.g. `http://127.0.0.1:8080/healthz`.
    var url: String {
        "http://\(authority)\(target)"
    }

    /// The first header name or value that cannot be sent, as Go's message, or `nil` when all are valid.
    var invalidHeader: String? {
        for (name, value) in headers {
            if name.isEmpty || !name.utf8.allSatisfy(Self.isTokenByte) {
                return "net/http: invalid header field name \(GoText.quote(name))"
            }
            if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
                return "net/http: invalid header field value for \(GoText.quote(name))"
            }
        }
        return nil
    }

    /// The request bytes. A `Host` header overrides the host; `User-Agent` and `Accept` headers replace the
    /// defaults (an empty value removes them, as in kubelet); `Connection` is always `close`.
    var bytes: [UInt8] {
        func first(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name }?.1
        }
        var lines = ["GET \(target) HTTP/1.1"]
        lines.append("Host: \(first("host").flatMap { $0.isEmpty ? nil : $0 } ?? authority)")
        let agent = first("user-agent") ?? Self.userAgent
        if !agent.isEmpty {
            lines.append("User-Agent: \(agent)")
        }
        let accept = first("accept") ?? "*/*"
        if !accept.isEmpty {
            lines.append("Accept: \(accept)")
        }
        let replaced: Set = ["host", "user-agent", "accept", "connection"]
        for (name, value) in headers where !replaced.contains(name.lowercased()) {
            lines.append("\(name): \(value)")
        }
        lines.append("Connection: close")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Percent-encodes bytes that may not appear in a request target (controls, space, non-ASCII, `"<>\^`{|}`).
    private static func escape(_ path: String) -> String {
        let unsafe = Array("\"<>\\^`{|}".utf8)
        var result = ""
        for byte in path.utf8 {
            if byte <= 0x20 || byte >= 0x7F || unsafe.contains(byte) {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

}
