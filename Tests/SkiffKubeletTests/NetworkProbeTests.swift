import Glibc
import SkiffTestSupport
import Testing

@testable import SkiffKubelet

@Suite("NetworkProbe")
struct NetworkProbeTests {
    private static let timeout = Duration.seconds(3)
    private static let awaitingHeaders = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ProbeOutcome.success("ok")),
        (
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom",
            .failure(
                "HTTP probe failed with statuscode: 500")
        ),
        ("HTTP/1.1 503 Service Unavailable\r\n\r\n", .failure("HTTP probe failed with statuscode: 503")),
        ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", .failure("HTTP probe failed with statuscode: 404")),
        (
            "HTTP/1.1 301 Moved Permanently\r\nLocation: http://elsewhere/\r\nContent-Length: 5\r\n\r\nmoved",
            .success("Probe terminated redirects, Response body: moved")
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            .success("hello world")
        ),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", .success("until close")),
        ("HTTP/1.0 200\n\nbare newlines", .success("bare newlines")),
        ("HTTP/1.1 204 No Content\r\n\r\n", .success("")),
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes", .success("yes")),
        ("HTTP/1.1 399 Odd\r\nContent-Length: 0\r\n\r\n", .success("Probe terminated redirects, Response body: ")),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", .failure("HTTP probe failed with statuscode: 101")),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", .failure("unexpected EOF")),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .failure("malformed chunked encoding")),
    ])
    func cannedResponses(response: String, expected: ProbeOutcome) {
        let server = TestHTTPServer(response: response)
        defer { server.stop() }
        let outcome = NetworkProbe.http(host: "127.0.0.1", port: server.port, path: "/healthz", timeout: Self.timeout)
        #expect(outcome == expected)
    }

    @Test(arguments: [
        ("garbage\r\n\r\n", "net/http: HTTP/1.x transport connection broken: malformed HTTP response \"garbage\""),
        ("", "EOF"),
        ("HTTP/1.1 199 Interim\r\n\r\n", "EOF"),  // 1xx is skipped like 100 Continue; then the server closed
        (
            "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            "net/http: HTTP/1.x transport connection broken: bad Content-Length \"x\""
        ),
    ])
    func brokenResponsesFailLikeGo(response: String, message: String) {
        let server = TestHTTPServer(response: response)
        defer { server.stop() }
        let outcome = NetworkProbe.http(host: "127.0.0.1", port: server.port, path: "/healthz", timeout: Self.timeout)
        #expect(outcome == .failure("Get \"http://127.0.0.1:\(server.port)/healthz\": \(message)"))
    }

    @Test func readsAtMostTenKiBOfBody() {
        let body = String(repeating: "b", count: 20_000)
        let server = TestHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n" + body)
        defer { server.stop() }
        let outcome = NetworkProbe.http(host: "127.0.0.1", port: server.port, path: "/", timeout: Self.timeout)
        #expect(outcome == .success(String(repeating: "b", count: 10 << 10)))
    }

    @Test func sendsKubeletHeaders() throws {
        let server = TestHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        defer { server.stop() }
        let outcome = NetworkProbe.http(
            host: "127.0.0.1", port: server.port, path: "ready?full=1",
            headers: [("X-Custom", "yes"), ("X-Custom", "again")], timeout: Self.timeout)
        #expect(outcome == .success(""))
        let request = try #require(server.receivedRequests.first)
        let lines = request.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "GET /ready?full=1 HTTP/1.1")
        #expect(lines.contains("Host: 127.0.0.1:\(server.port)"))
        #expect(lines.contains("User-Agent: kube-probe/1.35"))
        #expect(lines.contains("Accept: */*"))
        #expect(lines.contains("Connection: close"))
        #expect(lines.contains("X-Custom: yes"))
        #expect(lines.contains("X-Custom: again"))
    }

    @Test func headersOverrideHostUserAgentAndAccept() throws {
        let server = TestHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        defer { server.stop() }
        _ = NetworkProbe.http(
            host: "127.0.0.1", port: server.port, path: "/",
            headers: [("host", "example.test"), ("User-Agent", "custom/1"), ("Accept", "")], timeout: Self.timeout)
        let lines = try #require(server.receivedRequests.first).split(separator: "\r\n").map(String.init)
        #expect(lines.contains("Host: example.test"))
        #expect(lines.contains("User-Agent: custom/1"))
        #expect(!lines.contains { $0.lowercased().hasPrefix("accept:") })
        #expect(lines.filter { $0.lowercased().hasPrefix("host:") }.count == 1)
    }

    @Test func invalidHeaderIsRejectedBeforeConnecting() {
        let outcome = NetworkProbe.http(
            host: "127.0.0.1", port: 1, path: "/", headers: [("X-Bad", "a\r\nInjected: 1")], timeout: Self.timeout)
        #expect(outcome == .failure("Get \"http://127.0.0.1:1/\": net/http: invalid header field value for \"X-Bad\""))
    }

    @Test func resolvesHostNames() {
        let server = TestHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
        defer { server.stop() }
        let outcome = NetworkProbe.http(host: "localhost", port: server.port, path: "/", timeout: Self.timeout)
        #expect(outcome == .success("hi"))
    }

    @Test func serverThatNeverAnswersTimesOut() {
        let server = TestHTTPServer { _ in .hold([]) }
        defer { server.stop() }
        let outcome = NetworkProbe.http(
            host: "127.0.0.1", port: server.port, path: "/healthz", timeout: .milliseconds(400))
        #expect(outcome == .failure("Get \"http://127.0.0.1:\(server.port)/healthz\": \(Self.awaitingHeaders)"))
    }

    @Test func bodyThatStallsTimesOutWhileReadingBody() async throws {
        let server = TestHTTPServer { _ in .hold(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial".utf8)) }
        defer { server.stop() }
        // Long enough for the head to arrive on a loaded machine; the probe waits it out either way,
        // on a thread of its own.
        let port = server.port
        let outcome = try await offPool {
            NetworkProbe.http(host: "127.0.0.1", port: port, path: "/", timeout: .seconds(3))
        }
        #expect(
            outcome
                == .failure(
                    "context deadline exceeded (Client.Timeout or context cancellation while reading body)"))
    }

    @Test func connectionRefused() {
        let port = closedLoopbackPort()
        let outcome = NetworkProbe.http(host: "127.0.0.1", port: port, path: "/healthz", timeout: Self.timeout)
        #expect(
            outcome
                == .failure(
                    "Get \"http://127.0.0.1:\(port)/healthz\": dial tcp 127.0.0.1:\(port): connect: connection refused")
        )
    }

    @Test(arguments: ["HTTPS", "https"])
    func httpsIsNotSupported(scheme: String) {
        let outcome = NetworkProbe.http(scheme: scheme, host: "127.0.0.1", port: 443, path: "/", timeout: Self.timeout)
        #expect(outcome == .failure("HTTPS probes are not supported by this node agent"))
    }

    @Test(arguments: [
        ("::1", 8080, "/healthz", "http://[::1]:8080/healthz", "[::1]:8080"),
        ("[fd00::5]", 80, "", "http://[fd00::5]:80/", "[fd00::5]:80"),
        ("10.1.2.3", 8080, "a b", "http://10.1.2.3:8080/a%20b", "10.1.2.3:8080"),
    ])
    func formatsURLsAndHostHeaders(host: String, port: Int, path: String, url: String, authority: String) {
        let request = HTTPProbeRequest(host: host, port: port, path: path, headers: [])
        #expect(request.url == url)
        let text = String(decoding: request.bytes, as: UTF8.self)
        #expect(text.contains("\r\nHost: \(authority)\r\n"))
        #expect(text.hasSuffix("Connection: close\r\n\r\n"))
    }

    @Test func tcpToAListeningPortSucceeds() {
        let (descriptor, port) = loopbackSocket()
        defer { Glibc.close(descriptor) }
        #expect(NetworkProbe.tcp(host: "127.0.0.1", port: port, timeout: Self.timeout) == .success(""))
    }

    @Test func tcpToAClosedPortIsRefused() {
        let port = closedLoopbackPort()
        #expect(
            NetworkProbe.tcp(host: "127.0.0.1", port: port, timeout: Self.timeout)
                == .failure("dial tcp 127.0.0.1:\(port): connect: connection refused"))
    }

    @Test(arguments: [0, 70_000, -1])
    func tcpRejectsInvalidPorts(port: Int) {
        #expect(
            NetworkProbe.tcp(host: "127.0.0.1", port: port, timeout: Self.timeout)
                == .failure("dial tcp: address \(port): invalid port"))
    }
}
