import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 keep-alive connection over a TCP socket: the load generator's client.
/// Plain sockets keep the client's own cost small and predictable next to the server's.
final class HTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 65_536)

    /// A response.
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw Failure(description: "connect() failed: \(errno)") }
    }

    deinit { close(socket) }

    /// Sends a request and reads the whole response.
    func request(_ method: String, _ path: String, body: [UInt8] = [], contentType: String = "application/json")
        throws -> Response
    {
        try send(method, path, body: body, contentType: contentType)
        let (status, headers) = try readHead()
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while let chunk = try readChunk() { body += chunk }
            return Response(status: status, body: body)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        return Response(status: status, body: try read(count: length))
    }

    /// Sends a request whose response is a chunked stream; call ``readChunk()`` for its parts.
    func startStream(_ path: String) throws -> Int {
        try send("GET", path, body: [], contentType: "application/json")
        return try readHead().0
    }

    private func send(_ method: String, _ path: String, body: [UInt8], contentType: String) throws {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        if !body.isEmpty { request += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw Failure(description: "send() failed: \(errno)") }
            sent += written
        }
    }

    private func fill() throws {
        if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        let count = scratch.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure(description: "connection closed") }
        buffer += scratch[..<count]
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<index], as: UTF8.self)
                start = index + 1
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            try fill()
        }
    }

    private func read(count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    private func readHead() throws -> (Int, [String: String]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw Failure(description: "bad status line: \(statusLine)")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
        }
        return (status, headers)
    }

    /// The next chunk of a chunked body; nil at its end.
    func readChunk() throws -> [UInt8]? {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw Failure(description: "bad chunk size: \(sizeLine)")
        }
        if size == 0 {
            _ = try readLine()
            return nil
        }
        let chunk = try read(count: size)
        _ = try readLine()
        return chunk
    }
}
