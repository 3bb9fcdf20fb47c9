/// Where an ``HTTPTransport`` sends its requests, parsed from a base URL such as
/// `https://127.0.0.1:6443/prefix`: scheme, host, port (80 or 443 when the URL names none) and an
/// optional path prefix that goes before every request path.
struct HTTPEndpoint: Sendable, Equatable {
    /// Whether the connection speaks TLS (`https://`).
    var isSecure = false
    /// The host to connect to: a name or an address, IPv6 without brackets.
    var host: String
    /// The TCP port.
    var port: Int
    /// Goes before every request path: empty, or `/something` without a trailing slash.
    var pathPrefix: String

    /// The `Host` header: `host:port`, or only the host on the scheme's default port; IPv6
    /// addresses in brackets.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// `host:port` as error messages name it.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(name):\(port)"
    }

    /// Parses `http[s]://host[:port][/prefix]`. Fails for other schemes, credentials, queries and
    /// fragments in the URL, and ports out of range.
    static func parse(_ url: String) throws(ClientError) -> HTTPEndpoint {
        let text = url.trimmingWhitespace()
        guard let separator = text.firstRange(of: "://") else {
            throw .transport("invalid base URL \"\(url)\": expected https://host[:port][/prefix]")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .transport(
                "base URL \"\(url)\": unsupported scheme \"\(scheme)\"; only https:// and http:// are supported")
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

        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw .transport("base URL \"\(url)\": invalid port \"\(portText)\"")
            }
            port = value
        }

        while path.hasSuffix("/") { path.removeLast() }
        return HTTPEndpoint(isSecure: scheme == "https", host: String(host), port: port, pathPrefix: path)
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
