import Foundation
import SkiffAPI
import SkiffAPIServer
import SkiffTestSupport
import Synchronization
import Testing

@testable import SkiffClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// ``HTTPTransport`` against a real `skiff server` process and against small socket servers that
/// misbehave on purpose (never answer, drop a kept-alive connection, refuse connections).
@Suite struct HTTPTransportTests {
    private static let configMaps = "/api/v1/namespaces/default/configmaps"

    // MARK: - Requests against skiff

    @Test func versionIsJSON() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let response = try await transport.send(ClientRequest(method: "GET", path: "/version"))
            #expect(response.status == 200)
            #expect(response.headers.allSatisfy { $0.name == $0.name.lowercased() })
            #expect(response.headers.first { $0.name == "content-type" }?.value.hasPrefix("application/json") == true)
            let version = try JSONParser.parse(response.body)
            #expect(version["major"]?.stringValue == "1")
            #expect(version["gitVersion"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func createThenGetConfigMap() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"alpha"},"data":{"k":"v"}}"#
            let created = try await transport.send(
                ClientRequest(
                    method: "POST", path: Self.configMaps, contentType: "application/json", body: Array(body.utf8)))
            #expect(created.status == 201)
            #expect(try JSONParser.parse(created.body)["metadata"]?["name"]?.stringValue == "alpha")

            let fetched = try await transport.send(ClientRequest(method: "GET", path: Self.configMaps + "/alpha"))
            #expect(fetched.status == 200)
            let object = try JSONParser.parse(fetched.body)
            #expect(object["kind"]?.stringValue == "ConfigMap")
            #expect(object["data"]?["k"]?.stringValue == "v")
            #expect(object["metadata"]?["namespace"]?.stringValue == "default")
        }
    }

    @Test func missingObjectIsA404Response() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let response = try await transport.send(ClientRequest(method: "GET", path: Self.configMaps + "/nope"))
            #expect(response.status == 404)
            let status = try JSONParser.parse(response.body)
            #expect(status["kind"]?.stringValue == "Status")
            #expect(status["reason"]?.stringValue == "NotFound")
            #expect(ClientError.from(status: response.status, body: response.body).isNotFound)
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            for index in 0..<40 {
                let path = index.isMultiple(of: 2) ? "/version" : Self.configMaps + "/missing"
                let response = try await transport.send(ClientRequest(method: "GET", path: path))
                #expect(response.status == (index.isMultiple(of: 2) ? 200 : 404))
            }
            #expect(transport.connectionsOpened <= 2)
            #expect(transport.connectionsOpen <= 1)
        }
    }

    @Test func concurrentRequestsKeepAtMostEightIdleConnections() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        for _ in 0..<5 {
                            let response = try await transport.send(ClientRequest(method: "GET", path: "/version"))
                            #expect(response.status == 200)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(transport.connectionsOpened <= 16 * 5)
            try await eventually { transport.connectionsOpen <= HTTPTransport.maxIdleConnections }
            // The kept connections still serve requests without opening more.
            let opened = transport.connectionsOpened
            _ = try await transport.send(ClientRequest(method: "GET", path: "/version"))
            #expect(transport.connectionsOpened == opened)
        }
    }

    // MARK: - Streams against skiff

    @Test func watchReceivesObjectsCreatedAfterItOpened() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let resourceVersion = try await listResourceVersion(transport)
            let watch = try await transport.stream(
                ClientRequest(
                    method: "GET", path: Self.configMaps,
                    query: [("watch", "true"), ("resourceVersion", resourceVersion)]))
            #expect(watch.status == 200)
            #expect(watch.headers.allSatisfy { $0.name == $0.name.lowercased() })

            for name in ["w1", "w2", "w3"] {
                let created = try await createConfigMap(transport, name: name)
                #expect(created == 201)
            }
            let events = try await withDeadline(.seconds(20)) { try await readLines(of: watch.body, count: 3) }
            #expect(events.map { $0["type"]?.stringValue } == ["ADDED", "ADDED", "ADDED"])
            #expect(events.map { $0["object"]?["metadata"]?["name"]?.stringValue } == ["w1", "w2", "w3"])
        }
    }

    @Test func cancellingTheConsumerEndsTheStreamAndClosesTheConnection() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let resourceVersion = try await listResourceVersion(transport)
            let openBefore = transport.connectionsOpen
            let watch = try await transport.stream(
                ClientRequest(
                    method: "GET", path: Self.configMaps,
                    query: [("watch", "true"), ("resourceVersion", resourceVersion)]))
            #expect(transport.connectionsOpen == openBefore + 1)

            let received = Mutex(0)
            let consumer = Task {
                for try await chunk in watch.body {
                    received.withLock { $0 += chunk.count }
                }
            }
            _ = try await createConfigMap(transport, name: "before-cancel")
            try await eventually { received.withLock { $0 } > 0 }
            consumer.cancel()
            // The iteration ends (quietly) instead of waiting for more events.
            try await withDeadline(.seconds(10)) { try await consumer.value }
            try await eventually { transport.connectionsOpen == openBefore }

            // The transport still works.
            let response = try await transport.send(ClientRequest(method: "GET", path: "/version"))
            #expect(response.status == 200)
        }
    }

    @Test func droppingTheStreamClosesTheConnection() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let resourceVersion = try await listResourceVersion(transport)
            let openBefore = transport.connectionsOpen
            var watch: ClientStream? = try await transport.stream(
                ClientRequest(
                    method: "GET", path: Self.configMaps,
                    query: [("watch", "true"), ("resourceVersion", resourceVersion)]))
            #expect(watch?.status == 200)
            #expect(transport.connectionsOpen == openBefore + 1)
            watch = nil
            try await eventually { transport.connectionsOpen == openBefore }
        }
    }

    @Test func streamOfAWholeResponseEndsCleanly() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let stream = try await transport.stream(ClientRequest(method: "GET", path: "/version"))
            #expect(stream.status == 200)
            let body = try await withDeadline(.seconds(10)) {
                var collected: [UInt8] = []
                for try await chunk in stream.body { collected += chunk }
                return collected
            }
            #expect(try JSONParser.parse(body)["major"]?.stringValue == "1")
            try await eventually { transport.connectionsOpen == 0 }

            let missing = try await transport.stream(ClientRequest(method: "GET", path: Self.configMaps + "/nope"))
            #expect(missing.status == 404)
        }
    }

    @Test func aBrokenConnectionFailsTheStream() async throws {
        try await withSkiffServer { server in
            let transport = try server.transport()
            let resourceVersion = try await listResourceVersion(transport)
            let watch = try await transport.stream(
                ClientRequest(
                    method: "GET", path: Self.configMaps,
                    query: [("watch", "true"), ("resourceVersion", resourceVersion)]))
            server.kill()
            let outcome: Result<Int, ClientError> = try await withDeadline(.seconds(10)) {
                do {
                    var count = 0
                    for try await chunk in watch.body { count += chunk.count }
                    return .success(count)
                } catch let error as ClientError {
                    return .failure(error)
                }
            }
            guard case .failure(let error) = outcome else {
                Issue.record("the stream ended without an error: \(outcome)")
                return
            }
            #expect(error.code == 0)
            #expect(error.reason == "TransportFailed")
        }
    }

    // MARK: - Failures

    @Test func connectionRefusedIsATransportError() async throws {
        // A bound socket that does not listen: connecting to its port is refused, and no other
        // process can take the port meanwhile.
        let socket = try TestSocket(listening: false)
        defer { socket.close() }
        let transport = HTTPTransport(baseURL: "http://127.0.0.1:\(socket.port)")
        let error = await #expect(throws: ClientError.self) {
            try await transport.send(ClientRequest(method: "GET", path: "/version"))
        }
        #expect(error?.code == 0)
        #expect(error?.message.contains("127.0.0.1:\(socket.port)") == true)
        #expect(error?.message.lowercased().contains("refused") == true)

        let streamError = await #expect(throws: ClientError.self) {
            try await transport.stream(ClientRequest(method: "GET", path: "/version"))
        }
        #expect(streamError?.code == 0)
    }

    @Test func aSilentServerTimesOut() async throws {
        // A listening socket that never accepts: the kernel completes the handshake, nobody answers.
        let socket = try TestSocket(listening: true)
        defer { socket.close() }
        let transport = HTTPTransport(baseURL: "http://127.0.0.1:\(socket.port)", requestTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: ClientError.self) {
            try await transport.send(ClientRequest(method: "GET", path: "/version"))
        }
        #expect(error?.code == 0)
        #expect(error?.message.contains("timed out") == true)
        #expect(ContinuousClock.now - started < .seconds(60))

        let streamError = await #expect(throws: ClientError.self) {
            try await transport.stream(ClientRequest(method: "GET", path: "/watch"))
        }
        #expect(streamError?.message.contains("timed out") == true)
    }

    @Test func aDroppedKeepAliveConnectionIsRetriedOnce() async throws {
        let socket = try TestSocket(listening: true)
        defer { socket.close() }
        // First connection: answer one request, read the second and hang up without answering.
        // Second connection: answer.
        let server = Task.detached {
            try await offPool {
                let first = try socket.accept()
                defer { first.close() }
                _ = try first.readRequest()
                try first.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
                _ = try first.readRequest()
                first.hangUp()
                let second = try socket.accept()
                defer { second.close() }
                let request = try second.readRequest()
                try second.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond")
                return request
            }
        }
        let transport = HTTPTransport(baseURL: "http://127.0.0.1:\(socket.port)", requestTimeout: .seconds(120))
        let first = try await transport.send(ClientRequest(method: "GET", path: "/one"))
        #expect(String(decoding: first.body, as: UTF8.self) == "first")
        let second = try await transport.send(ClientRequest(method: "GET", path: "/two"))
        #expect(String(decoding: second.body, as: UTF8.self) == "second")
        #expect(transport.connectionsOpened == 2)
        let retried = try await server.value
        #expect(retried.hasPrefix("GET /two HTTP/1.1\r\n"))
    }

    @Test func aConnectionThatBrokeMidResponseIsNotRetried() async throws {
        let socket = try TestSocket(listening: true)
        defer { socket.close() }
        // Answer one request, then start answering the second and hang up halfway through the head.
        let server = Task.detached {
            try await offPool {
                let connection = try socket.accept()
                defer { connection.close() }
                _ = try connection.readRequest()
                try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
                _ = try connection.readRequest()
                try connection.write("HTTP/1.1 200 OK\r\nContent-Le")
                connection.hangUp()
            }
        }
        let transport = HTTPTransport(baseURL: "http://127.0.0.1:\(socket.port)", requestTimeout: .seconds(120))
        _ = try await transport.send(ClientRequest(method: "GET", path: "/one"))
        let error = await #expect(throws: ClientError.self) {
            try await transport.send(ClientRequest(method: "POST", path: "/two"))
        }
        #expect(error?.code == 0)
        #expect(error?.message.contains("POST /two") == true)
        #expect(transport.connectionsOpened == 1)
        try await server.value
    }

    @Test func requestsCarryTheTransportHeaders() async throws {
        let socket = try TestSocket(listening: true)
        defer { socket.close() }
        let server = Task.detached {
            try await offPool {
                let connection = try socket.accept()
                defer { connection.close() }
                let request = try connection.readRequest()
                try connection.write("HTTP/1.1 201 Created\r\nX-Custom-Header: yes\r\nContent-Length: 2\r\n\r\n{}")
                return request
            }
        }
        let transport = HTTPTransport(
            baseURL: "http://127.0.0.1:\(socket.port)/prefix/", bearerToken: "s3cret", requestTimeout: .seconds(120))
        let response = try await transport.send(
            ClientRequest(
                method: "POST", path: "/api/v1/namespaces/a b/configmaps", query: [("fieldManager", "x&y")],
                contentType: "application/json", body: Array(#"{"a":1}"#.utf8)))
        #expect(response.status == 201)
        #expect(response.headers.contains { $0.name == "x-custom-header" && $0.value == "yes" })
        let request = try await server.value
        let lines = request.components(separatedBy: "\r\n")
        #expect(lines.first == "POST /prefix/api/v1/namespaces/a%20b/configmaps?fieldManager=x%26y HTTP/1.1")
        let headers = Set(lines.dropFirst().prefix { !$0.isEmpty }.map { $0.lowercased() })
        #expect(headers.contains("host: 127.0.0.1:\(socket.port)"))
        #expect(headers.contains("user-agent: skiff-client/1"))
        #expect(headers.contains("authorization: bearer s3cret"))
        #expect(headers.contains("content-type: application/json"))
        #expect(headers.contains("content-length: 7"))
        #expect(headers.contains("accept: application/json"))
        #expect(request.hasSuffix("\r\n\r\n{\"a\":1}"))
    }

    @Test("https: the server's CA is needed, a wrong one fails the handshake clearly, and TLS to plain HTTP too")
    func tlsVerification() async throws {
        try await withSkiffServer { server in
            // The system's roots do not know the cluster CA.
            let untrusted = HTTPTransport(baseURL: server.url)
            let unknown = await #expect(throws: ClientError.self) {
                try await untrusted.send(ClientRequest(method: "GET", path: "/version"))
            }
            #expect(unknown?.code == 0)
            #expect(unknown?.message.contains("TLS") == true, "\(unknown?.message ?? "")")
            // Another cluster's CA neither.
            let foreign = try ClusterPKI.loadOrCreate(
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)"))
            let wrong = HTTPTransport(
                baseURL: server.url, tls: try ClientTLS(certificateAuthorities: Array(foreign.authorityPEM.utf8)))
            await #expect(throws: ClientError.self) {
                try await wrong.send(ClientRequest(method: "GET", path: "/version"))
            }
            // With the cluster's CA and no credentials: the open paths answer, the rest is 401.
            let ca = try #require(FileManager.default.contents(atPath: server.dataDirectory.path + "/pki/ca.crt"))
            let anonymous = HTTPTransport(baseURL: server.url, tls: try ClientTLS(certificateAuthorities: Array(ca)))
            #expect(try await anonymous.send(ClientRequest(method: "GET", path: "/version")).status == 200)
            #expect(try await anonymous.send(ClientRequest(method: "GET", path: "/api/v1/namespaces")).status == 401)
            // By name (localhost is in the certificate) as well as by address.
            let port = try #require(server.url.split(separator: ":").last)
            let byName = HTTPTransport(
                baseURL: "https://localhost:\(port)", tls: try ClientTLS(certificateAuthorities: Array(ca)))
            #expect(try await byName.send(ClientRequest(method: "GET", path: "/version")).status == 200)
        }
        // TLS to a plain HTTP port fails with an error, not a hang.
        let socket = try TestSocket(listening: true)
        defer { socket.close() }
        let served = Task.detached {
            try await offPool {
                let connection = try socket.accept()
                defer { connection.close() }
                try connection.write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
            }
        }
        defer { served.cancel() }
        let transport = HTTPTransport(baseURL: "https://127.0.0.1:\(socket.port)", requestTimeout: .seconds(10))
        let error = await #expect(throws: ClientError.self) {
            try await transport.send(ClientRequest(method: "GET", path: "/version"))
        }
        #expect(error?.code == 0)
    }

    @Test func baseURLs() throws {
        let plain = try HTTPEndpoint.parse("http://example.com")
        #expect(plain == HTTPEndpoint(host: "example.com", port: 80, pathPrefix: ""))
        #expect(plain.hostHeader == "example.com")
        let secure = try HTTPEndpoint.parse("https://example.com")
        #expect(secure == HTTPEndpoint(isSecure: true, host: "example.com", port: 443, pathPrefix: ""))
        #expect(secure.hostHeader == "example.com")
        #expect(try HTTPEndpoint.parse("https://h:6443").hostHeader == "h:6443")
        let prefixed = try HTTPEndpoint.parse(" HTTP://10.0.0.1:8080/api/proxy/ ")
        #expect(prefixed == HTTPEndpoint(host: "10.0.0.1", port: 8080, pathPrefix: "/api/proxy"))
        #expect(prefixed.hostHeader == "10.0.0.1:8080")
        let ipv6 = try HTTPEndpoint.parse("http://[::1]:6443")
        #expect(ipv6 == HTTPEndpoint(host: "::1", port: 6443, pathPrefix: ""))
        #expect(ipv6.hostHeader == "[::1]:6443")
        for bad in [
            "ftp://h", "http://", "https://", "http://h:0", "http://h:x", "h:80", "http://u:p@h", "http://h/?q",
        ] {
            #expect(throws: ClientError.self, "\(bad)") { try HTTPEndpoint.parse(bad) }
        }
    }

    // MARK: - Helpers

    private func listResourceVersion(_ transport: HTTPTransport) async throws -> String {
        let list = try await transport.send(ClientRequest(method: "GET", path: Self.configMaps))
        #expect(list.status == 200)
        let resourceVersion = try JSONParser.parse(list.body)["metadata"]?["resourceVersion"]?.stringValue
        return try #require(resourceVersion)
    }

    private func createConfigMap(_ transport: HTTPTransport, name: String) async throws -> Int {
        let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"}}"#
        let response = try await transport.send(
            ClientRequest(
                method: "POST", path: Self.configMaps, contentType: "application/json", body: Array(body.utf8)))
        return response.status
    }
}

// MARK: - The skiff server

/// Runs `body` with a fresh `skiff server` (the API server alone), stopping it afterwards even
/// when `body` throws.
private func withSkiffServer(_ body: (SkiffServerProcess) async throws -> Void) async throws {
    let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-builtin-plugins"])
    defer { server.stop() }
    try await body(server)
}

// MARK: - Async helpers

/// A test failure with a message.
private struct TestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `body`'s result, or a failure once `limit` has passed, so that a test fails instead of hanging
/// (`body` may go on in the background: it need not respond to cancellation).
private func withDeadline<T: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let waiter = Waiter<T>()
    return try await withCheckedThrowingContinuation { continuation in
        waiter.continuation.withLock { $0 = continuation }
        let work = Task {
            do {
                waiter.resume(with: .success(try await body()))
            } catch {
                waiter.resume(with: .failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            work.cancel()
            waiter.resume(with: .failure(TestError("timed out after \(limit)")))
        }
    }
}

/// A continuation resumed once, by whichever comes first.
private final class Waiter<T: Sendable>: Sendable {
    let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func resume(with result: Result<T, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// Waits until `condition` holds, failing after `limit`.
private func eventually(
    _ limit: Duration = .seconds(10), _ condition: @escaping @Sendable () -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestError("condition not met within \(limit)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The first `count` lines of a chunked body, each parsed as JSON.
private func readLines(of body: AsyncThrowingStream<[UInt8], any Error>, count: Int) async throws -> [JSONValue] {
    var lines: [JSONValue] = []
    var pending: [UInt8] = []
    for try await chunk in body {
        pending += chunk
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[..<newline]
            pending.removeSubrange(...newline)
            if !line.isEmpty { lines.append(try JSONParser.parse(line)) }
            if lines.count == count { return lines }
        }
    }
    throw TestError("the stream ended after \(lines.count) of \(count) lines")
}

// MARK: - Sockets

/// A blocking IPv4 TCP socket on 127.0.0.1, for servers that misbehave on purpose. Reads and
/// accepts give up after 60 seconds, so that a test fails instead of hanging; generously, since a
/// loaded machine can hold the client back for seconds.
private struct TestSocket: Sendable {
    let descriptor: Int32
    let port: Int

    /// A socket bound to a free port on 127.0.0.1, listening or not.
    init(listening: Bool) throws {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw TestError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestError("bind: errno \(errno)") }
        if listening {
            guard listen(descriptor, 16) == 0 else { throw TestError("listen: errno \(errno)") }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.init(descriptor: descriptor, port: Int(UInt16(bigEndian: address.sin_port)))
    }

    private init(descriptor: Int32, port: Int) {
        self.descriptor = descriptor
        self.port = port
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next connection.
    func accept() throws -> TestSocket {
        #if canImport(Glibc)
            let connection = Glibc.accept(descriptor, nil, nil)
        #else
            let connection = Darwin.accept(descriptor, nil, nil)
        #endif
        guard connection >= 0 else { throw TestError("accept: errno \(errno)") }
        return TestSocket(descriptor: connection, port: port)
    }

    /// One request: the head and, after it, as many bytes as its Content-Length says.
    func readRequest() throws -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound].lowercased()
                let length =
                    head.components(separatedBy: "\r\n")
                    .first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text[..<end.upperBound].utf8.count >= length { return text }
            }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { throw TestError("read: \(count == 0 ? "end of input" : "errno \(errno)")") }
            bytes += buffer[..<count]
        }
    }

    /// Writes all of `text`.
    func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            #if canImport(Glibc)
                let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            #else
                let count = bytes.withUnsafeBytes { Darwin.write(descriptor, $0.baseAddress, $0.count) }
            #endif
            guard count > 0 else { throw TestError("write: errno \(errno)") }
            bytes = bytes.dropFirst(count)
        }
    }

    /// Shuts the connection down both ways without releasing the descriptor.
    func hangUp() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Closes the socket.
    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }
}
