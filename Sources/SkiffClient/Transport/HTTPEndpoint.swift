/// Where an ``HTTPTransport`` sends its requests, parsed from a base URL such as
/// `http://127.0.0.1:6443/prefix`: host, port (80 when the URL names none) and an optional path
/// prefix that goes before every request path.
struct HTTPEndpoint: Sendable, Equatable {
    /// The host to connect to: a name or an address, IPv6 without brackets.
    var host: String
    /// The TCP port.
    var port: Int
    /// Goes before every request path: empty, or `/something` without a trailing slash.
    var pathPrefix: String

    /// The `Host` header: `host:port`, or only the host for port 80; IPv6 addresses in brackets.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// `host:port` as error messages name it.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(name):\(port)"
    }

    /// Parses `http://host[:port][/prefix]`. Fails for `https://` (no TLS yet), other schemes,
    /// credentials, queries and fragments in the URL, and ports out of range.
    static func parse(_ url: String) throws(ClientError) -> HTTPEndpoint {
        let text = url.trimmingWhitespace()
        guard let separator = text.firstRange(of: "://") else {
            throw .transport("invalid base URL \"\(url)\": expected http://host[:port][/prefix]")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        if scheme == "https" {
            throw .transport(
                "base URL \"\(url)\": TLS (https://) is not supported yet by HTTPTransport; use an http:// URL")
        }
        guard scheme == "http" else {
            throw .transport("base URL \"\(url)\": unsupported scheme \"\(scheme)\"; only http:// is supported")
        }
        let rest = text[separator.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw .transport("base URL \"\(url)\": a query or fragment is not allowed")
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if authority.contains("@") {
            throw .transport("base URL \"\(url)\": credentials in the URL are not supported; use a bearer token")
        }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .transport("base URL \"\(url)\": unterminated IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw .transport("base URL \"\(url)\": unexpected text after the IPv6 address")
                }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
            if portText?.contains(":") == true {
                throw .transport("base URL \"\(url)\": IPv6 addresses must be written in brackets")
            }
        } else {
            host = authority
        }
        guard !host.isEmpty else {
            throw .transport("base URL \"\(url)\": no host")
        }

        var port = 80
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw .transport("base URL \"\(url)\": invalid port \"\(portText)\"")
            }
            port = value
        }

        while path.hasSuffix("/") { path.removeLast() }
        return HTTPEndpoint(host: String(host), port: port, pathPrefix: path)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
