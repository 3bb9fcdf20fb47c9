import SkiffAPI

/// kubelet's `httpGet` and `tcpSocket` probes as blocking calls with a timeout, run on the caller's thread.
///
/// Both use non-blocking POSIX sockets and `poll(2)` with the time left before the deadline for the connect and
/// every read and write. Host names are resolved with `getaddrinfo(3)`, which is not bounded by the timeout.
public enum NetworkProbe {
    /// The most response body bytes read and reported, as kubelet (10 KiB).
    public static let maxBodyBytes = 10 << 10

    /// Sends `GET http://host:port/path` over HTTP/1.1 and judges the status, like kubelet's `httpGet` probe.
    ///
    /// The request carries `headers` plus `Host`, `User-Agent: kube-probe/1.35`, `Accept: */*` (a `Host`,
    /// `User-Agent` or `Accept` entry in `headers` replaces the default) and `Connection: close`.
    /// Redirects are not followed.
    ///
    /// - Returns: ``ProbeOutcome/success(_:)`` with the body (at most ``maxBodyBytes``) when
    ///   `200 <= status < 400`; for a 3xx the output is `Probe terminated redirects, Response body: …` as kubelet
    ///   reports its warning. Otherwise ``ProbeOutcome/failure(_:)``: `HTTP probe failed with statuscode: 503`;
    ///   `Get "http://…": dial tcp 127.0.0.1:8080: connect: connection refused`;
    ///   `Get "http://…": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` when the
    ///   timeout passes before the response head is complete (including while connecting), and
    ///   `context deadline exceeded (Client.Timeout or context cancellation while reading body)` after it.
    ///   Scheme `HTTPS` is reported as not supported.
    public static func http(
        scheme: String = "HTTP",
        host: String,
        port: Int,
        path: String,
        headers: [(String, String)] = [],
        timeout: Duration
    ) -> ProbeOutcome {
        switch scheme.uppercased() {
        case "HTTP":
            break
        case "HTTPS":
            return .failure("HTTPS probes are not supported by this node agent")
        default:
            return .failure("unsupported probe scheme \(GoText.quote(scheme))")
        }
        let deadline = ProbeDeadline(timeout: timeout)
        let request = HTTPProbeRequest(host: host, port: port, path: path, headers: headers)
        let prefix = "Get \"\(request.url)\": "
        let awaitingHeaders = prefix + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        if let invalid = request.invalidHeader {
            return .failure(prefix + invalid)
        }

        let socket: ProbeSocket
        do {
            socket = try ProbeSocket.dial(host: request.host, port: port, deadline: deadline)
            try socket.send(request.bytes, deadline: deadline)
        } catch {
            return .failure(error.isTimeout ? awaitingHeaders : prefix + error.message)
        }

        var reader = HTTPResponseReader(socket: socket, deadline: deadline)
        let head: HTTPResponseHead
        do {
            head = try reader.readHead()
        } catch {
            switch error {
            case .socket(let failure):
                return .failure(failure.isTimeout ? awaitingHeaders : prefix + failure.message)
            case .endOfStream:
                return .failure(prefix + "EOF")
            case .malformedResponse(let line):
                return .failure(
                    prefix + "net/http: HTTP/1.x transport connection broken: malformed HTTP response "
                        + GoText.quote(line))
            case .headersTooLarge(let limit):
                return .failure(prefix + "net/http: server response headers exceeded \(limit) bytes; aborted")
            default:
                return .failure(prefix + "net/http: HTTP/1.x transport connection broken")
            }
        }

        let body: [UInt8]
        do {
            body = try reader.readBody(of: head, limit: maxBodyBytes)
        } catch {
            switch error {
            case .socket(let failure) where failure.isTimeout:
                return .failure("context deadline exceeded (Client.Timeout or context cancellation while reading body)")
            case .socket(let failure):
                return .failure(failure.message)
            case .badContentLength(let value):
                return .failure(
                    prefix + "net/http: HTTP/1.x transport connection broken: bad Content-Length "
                        + GoText.quote(value))
            case .malformedChunk:
                return .failure("malformed chunked encoding")
            default:
                return .failure("unexpected EOF")
            }
        }

        let text = String(decoding: body, as: UTF8.self)
        switch head.statusCode {
        case 200..<300:
            return .success(text)
        case 300..<400:
            return .success("Probe terminated redirects, Response body: \(text)")
        default:
            return .failure("HTTP probe failed with statuscode: \(head.statusCode)")
        }
    }

    /// Opens a TCP connection to `host:port` within `timeout` and closes it, like kubelet's `tcpSocket` probe.
    ///
    /// - Returns: ``ProbeOutcome/success(_:)`` with empty output when the connection is established; otherwise
    ///   ``ProbeOutcome/failure(_:)`` such as `dial tcp 127.0.0.1:9: connect: connection refused` or
    ///   `dial tcp 10.0.0.1:80: i/o timeout`.
    public static func tcp(host: String, port: Int, timeout: Duration) -> ProbeOutcome {
        do {
            _ = try ProbeSocket.dial(host: host, port: port, deadline: ProbeDeadline(timeout: timeout))
            return .success("")
        } catch {
            return .failure(error.message)
        }
    }
}
