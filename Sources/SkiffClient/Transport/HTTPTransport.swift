import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ``ClientTransport`` that speaks HTTP/1.1 to an API server over TCP, built on SwiftNIO.
///
/// An `https://` base URL speaks TLS (``ClientTLS``: the trusted authorities and an optional
/// client certificate); `http://` speaks plain HTTP.
///
/// ``send(_:)`` reuses keep-alive connections: up to ``maxIdleConnections`` idle ones wait in a
/// pool; a connection the server closed, or that failed, is dropped. When a request on a reused
/// connection fails before any response arrived (the server closed the idle connection just as
/// it was reused), it is sent once more on a fresh connection. The whole exchange, connecting
/// included, must finish within the request timeout.
///
/// ``stream(_:)`` opens a connection of its own for each stream and returns once the response
/// head arrived; the body's chunks are then read from the socket as the consumer asks for them.
public final class HTTPTransport: ClientTransport {
    /// The most idle keep-alive connections one transport keeps.
    static let maxIdleConnections = 8

    /// The server, or why the base URL is unusable.
    private let endpoint: Result<HTTPEndpoint, ClientError>
    private let bearerToken: String?
    /// TLS for an `https://` server: the given configuration, else the system's roots.
    private let tls: Result<ClientTLS, ClientError>?
    private let group: any EventLoopGroup
    private let requestTimeout: Duration
    private let pool = HTTPConnectionPool(maxIdle: maxIdleConnections)

    /// A transport to the API server at `baseURL` (`https://host[:port][/prefix]`; the port
    /// defaults to 443, or 80 for `http://`, and the prefix goes before every request path).
    /// `bearerToken` goes in an `Authorization: Bearer` header; `tls` says whom an `https://`
    /// server is trusted through (the system's roots when nil); `requestTimeout` bounds each
    /// ``send(_:)`` from connecting to the last body byte, and each ``stream(_:)`` until the
    /// response head arrived.
    ///
    /// An unusable base URL (another scheme, no host, a bad port) does not fail here: every call
    /// then throws a ``ClientError`` with code 0 naming the problem.
    public init(
        baseURL: String, bearerToken: String? = nil, tls: ClientTLS? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        requestTimeout: Duration = .seconds(60)
    ) {
        do throws(ClientError) {
            endpoint = .success(try HTTPEndpoint.parse(baseURL))
        } catch {
            endpoint = .failure(error)
        }
        self.bearerToken = bearerToken
        if case .success(let endpoint) = endpoint, endpoint.isSecure {
            if let tls {
                self.tls = .success(tls)
            } else {
                do throws(ClientTLS.ConfigurationError) {
                    self.tls = .success(try ClientTLS())
                } catch {
                    self.tls = .failure(.transport("\(baseURL): \(error)"))
                }
            }
        } else {
            self.tls = nil
        }
        self.group = eventLoopGroup
        self.requestTimeout = requestTimeout
    }

    deinit {
        pool.shutDown()
    }

    /// How many connections this transport has opened so far (streams included).
    var connectionsOpened: Int { pool.counters.opened.load(ordering: .relaxed) }

    /// How many of them are open now: idle, in use or streaming.
    var connectionsOpen: Int { pool.counters.open.load(ordering: .relaxed) }

    // MARK: - Requests

    /// Sends a request on an idle keep-alive connection, or a new one, and collects the whole
    /// response. Every HTTP status is a response; a ``ClientError`` with code 0 means no complete
    /// response arrived (connection refused, reset or closed, timeout, cancellation).
    public func send(_ request: ClientRequest) async throws(ClientError) -> ClientResponse {
        let endpoint = try endpoint.get()
        let what = "\(request.method) \(request.target) to \(endpoint.authority)"
        let deadline = NIODeadline.now() + TimeAmount(requestTimeout)
        let parts = requestParts(for: request, endpoint: endpoint)

        if let reused = pool.take() {
            do throws(ExchangeFailure) {
                return try await exchange(parts, on: reused, deadline: deadline)
            } catch {
                // A reused connection may have been closed by the server just as it was taken: only
                // then is the request sent again, on a fresh connection.
                guard !error.responseStarted, !error.timedOut, !error.cancelled else {
                    throw clientError(error, what: what)
                }
            }
        }
        let connection = try await connect(to: endpoint, deadline: deadline, what: what)
        do throws(ExchangeFailure) {
            return try await exchange(parts, on: connection, deadline: deadline)
        } catch {
            throw clientError(error, what: what)
        }
    }

    /// Sends a request on a connection of its own and returns once the response head arrived;
    /// the body follows chunk by chunk as the consumer reads it (see ``HTTPStreamBody``).
    public func stream(_ request: ClientRequest) async throws(ClientError) -> ClientStream {
        let endpoint = try endpoint.get()
        let what = "\(request.method) \(request.target) from \(endpoint.authority)"
        let deadline = NIODeadline.now() + TimeAmount(requestTimeout)
        let parts = requestParts(for: request, endpoint: endpoint)
        let connection = try await connect(to: endpoint, deadline: deadline, what: what)

        let timer = connection.channel.eventLoop.scheduleTask(deadline: deadline) { connection.expire() }
        let head: HTTPResponseHead
        do {
            try await connection.write(parts)
            head = try await Self.readHead(from: connection)
        } catch {
            timer.cancel()
            connection.close()
            throw clientError(
                ExchangeFailure(
                    error: connection.pipelineError ?? error, responseStarted: connection.hasReceivedBytes,
                    timedOut: connection.hasExpired,
                    cancelled: Task.isCancelled),
                what: what)
        }
        timer.cancel()
        if connection.hasExpired {
            throw .transport("\(what) timed out after \(requestTimeout)")
        }
        let body = HTTPStreamBody(connection: connection, what: what)
        return ClientStream(status: Int(head.status.code), headers: Self.headers(of: head), body: body.makeStream())
    }

    // MARK: - Exchanges

    /// Why an exchange failed, and how far it got.
    private struct ExchangeFailure: Error {
        /// What NIO (or the connection) threw.
        var error: any Error
        /// Whether any byte of the response had arrived.
        var responseStarted: Bool
        /// Whether the request deadline closed the connection.
        var timedOut: Bool
        /// Whether the calling task was cancelled.
        var cancelled: Bool
    }

    /// Writes the request and reads the whole response on `connection`, then gives the connection
    /// back to the pool when it can carry another request, or closes it.
    private func exchange(
        _ parts: [HTTPClientRequestPart], on connection: HTTPConnection, deadline: NIODeadline
    ) async throws(ExchangeFailure) -> ClientResponse {
        let timer = connection.channel.eventLoop.scheduleTask(deadline: deadline) { connection.expire() }
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        connection.startExchange()
        do {
            try await connection.write(parts)
            reading: while true {
                switch try await connection.read() {
                case .head(let value): head = value
                case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
                case .end: break reading
                case nil: throw HTTPConnection.Closed()
                }
            }
        } catch {
            timer.cancel()
            connection.close()
            throw ExchangeFailure(
                error: connection.pipelineError ?? error, responseStarted: head != nil || connection.hasReceivedBytes,
                timedOut: connection.hasExpired,
                cancelled: Task.isCancelled)
        }
        timer.cancel()
        guard let head else {
            connection.close()
            throw ExchangeFailure(
                error: HTTPConnection.Closed(), responseStarted: false, timedOut: false, cancelled: false)
        }
        if head.isKeepAlive && !connection.hasExpired {
            pool.give(connection)
        } else {
            connection.close()
        }
        return ClientResponse(status: Int(head.status.code), headers: Self.headers(of: head), body: body)
    }

    /// Reads response parts up to the head.
    private static func readHead(from connection: HTTPConnection) async throws -> HTTPResponseHead {
        while true {
            switch try await connection.read() {
            case .head(let head): return head
            case .body, .end: continue
            case nil: throw HTTPConnection.Closed()
            }
        }
    }

    /// Opens and counts a connection, with what is left of the deadline as the connect timeout.
    private func connect(
        to endpoint: HTTPEndpoint, deadline: NIODeadline, what: String
    ) async throws(ClientError) -> HTTPConnection {
        let remaining = deadline - .now()
        guard remaining > .zero else {
            throw .transport("\(what) timed out after \(requestTimeout)")
        }
        let tls = try self.tls?.get()
        do {
            let connection = try await HTTPConnection.connect(
                host: endpoint.host, port: endpoint.port, tls: tls, group: group, connectTimeout: remaining)
            pool.track(connection)
            return connection
        } catch {
            throw Self.connectFailure(error, endpoint: endpoint, what: what)
        }
    }

    /// The request head, body and end, with the transport's headers.
    func requestParts(for request: ClientRequest, endpoint: HTTPEndpoint) -> [HTTPClientRequestPart] {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "User-Agent", value: "skiff-client/1")
        if !request.accept.isEmpty {
            headers.add(name: "Accept", value: request.accept)
        }
        if let bearerToken {
            headers.add(name: "Authorization", value: "Bearer \(bearerToken)")
        }
        // Methods that usually carry a body say how long it is even when it is empty, so that NIO
        // does not switch the request to chunked encoding.
        let bodyless: Set<String> = ["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
        if !request.body.isEmpty || !bodyless.contains(request.method.uppercased()) {
            if !request.contentType.isEmpty {
                headers.add(name: "Content-Type", value: request.contentType)
            }
            headers.add(name: "Content-Length", value: String(request.body.count))
        }
        // `target` is the path followed by the encoded query.
        let query = request.target.utf8.dropFirst(request.path.utf8.count)
        let head = HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: request.method.uppercased()),
            uri: endpoint.pathPrefix + Self.escapePath(request.path) + String(decoding: query, as: UTF8.self),
            headers: headers)
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if !request.body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: request.body))))
        }
        parts.append(.end(nil))
        return parts
    }

    /// The path with every byte that may not appear in a URI path percent-encoded (spaces,
    /// controls, non-ASCII, `?`, `#`, ...); `%` stays, so an already encoded path is unchanged.
    static func escapePath(_ path: String) -> String {
        func allowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._~!$&'()*+,;=:@/%".utf8.contains(byte)
            }
        }
        guard !path.utf8.allSatisfy(allowed) else { return path }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count + 8)
        for byte in path.utf8 {
            if allowed(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The response headers with lowercased names, in order.
    static func headers(of head: HTTPResponseHead) -> [(name: String, value: String)] {
        head.headers.map { (name: $0.name.lowercased(), value: $0.value) }
    }

    // MARK: - Errors

    /// The error for a failed exchange.
    private func clientError(_ failure: ExchangeFailure, what: String) -> ClientError {
        if failure.timedOut {
            return .transport("\(what) timed out after \(requestTimeout)")
        }
        if failure.cancelled {
            return .transport("\(what) was cancelled")
        }
        return .transport("\(what) failed: \(Self.describe(failure.error))")
    }

    /// The error for a connection that could not be opened, naming host and port.
    static func connectFailure(_ error: any Error, endpoint: HTTPEndpoint, what: String) -> ClientError {
        if let error = error as? NIOConnectionError {
            if let failure = error.connectionErrors.first {
                return .transport("cannot connect to \(endpoint.authority): \(describe(failure.error)) (\(what))")
            }
            if let dnsError = error.dnsAError ?? error.dnsAAAAError {
                return .transport(
                    "cannot connect to \(endpoint.authority): cannot resolve \"\(endpoint.host)\": \(dnsError)"
                        + " (\(what))")
            }
        }
        if case ChannelError.connectTimeout(let timeout) = error {
            return .transport("connecting to \(endpoint.authority) timed out after \(timeout) (\(what))")
        }
        return .transport("cannot connect to \(endpoint.authority): \(describe(error)) (\(what))")
    }

    /// A short description of a NIO or connection error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case is HTTPConnection.Closed:
            return "the connection closed before the response ended"
        case HTTPParserError.invalidEOFState:
            return "the connection closed before the response ended"
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return "the connection is closed"
        case let error as IOError:
            return "\(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))"
        case let error as NIOSSLError:
            return "TLS: \(error)"
        default:
            return "\(error)"
        }
    }
}
