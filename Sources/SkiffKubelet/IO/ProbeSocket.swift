import Glibc

/// A connected non-blocking TCP socket whose every operation honours a ``ProbeDeadline``.
final class ProbeSocket {
    let descriptor: Int32
    /// The peer as `host:port` (`[v6]:port` for IPv6).
    let remote: String
    private init(descriptor: Int32, remote: String) {
        self.descriptor = descriptor
        self.remote = remote
    }

    /// The local end as `host:port` (only needed for error messages).
    var local: String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                getsockname(descriptor, address, &length) == 0 ? Self.describe(address, length) : "?"
            }
        }
    }

    deinit {
        close(descriptor)
    }

    /// `host:port` with IPv6 addresses in brackets, as Go's `net.JoinHostPort`.
    static func joinHostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Resolves `host` (a name or an IPv4/IPv6 literal, optionally in brackets) and connects to the first
    /// address that accepts, trying them in resolver order. Name resolution itself is not bounded by the deadline.
    /// - Throws: the first address's error, or ``ProbeSocketError/dialTimeout(address:)`` once the deadline passes.
    static func dial(host: String, port: Int, deadline: ProbeDeadline) throws(ProbeSocketError) -> ProbeSocket {
        guard (1...65535).contains(port) else { throw .invalidPort(port) }
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, list != nil else {
            throw .lookup(host: name, reason: lookupReason(status))
        }
        var firstError: ProbeSocketError?
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            let address = describe(info.ai_addr, info.ai_addrlen)
            do {
                return try connect(info, address: address, deadline: deadline)
            } catch {
                if error.isTimeout { throw error }
                firstError = firstError ?? error
            }
        }
        throw firstError ?? .lookup(host: name, reason: "no such host")
    }

    private static func connect(
        _ info: addrinfo, address: String, deadline: ProbeDeadline
    ) throws(ProbeSocketError) -> ProbeSocket {
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = Glibc.socket(info.ai_family, info.ai_socktype | flags, info.ai_protocol)
        guard descriptor >= 0 else { throw .socket(address: address, code: errno) }
        let socket = ProbeSocket(descriptor: descriptor, remote: address)
        if Glibc.connect(descriptor, info.ai_addr, info.ai_addrlen) == 0 {
            return socket
        }
        let code = errno
        guard code == EINPROGRESS || code == EINTR else { throw .connect(address: address, code: code) }
        guard socket.wait(for: Int16(POLLOUT), deadline: deadline) else { throw .dialTimeout(address: address) }
        var pending: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 else {
            throw .connect(address: address, code: errno)
        }
        guard pending == 0 else { throw .connect(address: address, code: pending) }
        return socket
    }

    /// Sends all of `bytes` (without raising `SIGPIPE`).
    func send(_ bytes: [UInt8], deadline: ProbeDeadline) throws(ProbeSocketError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                sent += n
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else {
                throw .write(local: local, remote: remote, code: code)
            }
            guard wait(for: Int16(POLLOUT), deadline: deadline) else { throw .timeout }
        }
    }

    /// Receives up to `maxCount` bytes; an empty result means the peer closed the connection.
    func receive(maxCount: Int, deadline: ProbeDeadline) throws(ProbeSocketError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: maxCount)
        while true {
            let n = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, maxCount, 0) }
            if n >= 0 {
                bytes.removeLast(maxCount - n)
                return bytes
            }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else {
                throw .read(local: local, remote: remote, code: code)
            }
            guard wait(for: Int16(POLLIN), deadline: deadline) else { throw .timeout }
        }
    }

    /// Polls for `events` until the deadline; `false` when it passed first. Errors and hang-ups count as ready,
    /// so that the following system call reports them.
    private func wait(for events: Int16, deadline: ProbeDeadline) -> Bool {
        while true {
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, deadline.remainingMilliseconds)
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { return true }
        }
    }

    private static func lookupReason(_ status: Int32) -> String {
        // -5 is EAI_NODATA, which only GNU defines.
        switch status {
        case EAI_NONAME, -5: "no such host"
        case EAI_SYSTEM: ProbeSocketError.describe(errno)
        default: String(cString: gai_strerror(status)).lowercased()
        }
    }

    /// A numeric `host:port` for a socket address.
    private static func describe(_ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> String {
        guard let address else { return "?" }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let status = getnameinfo(
            address, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
            NI_NUMERICHOST | NI_NUMERICSERV
        )
        guard status == 0 else { return "?" }
        let hostText = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let serviceText = String(decoding: service.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return joinHostPort(hostText, Int(serviceText) ?? 0)
    }
}
