/// Reads an HTTP/1.x response head and up to a limit of its body from a ``ProbeSocket``.
struct HTTPResponseReader {
    /// The most bytes of response head accepted.
    static let maxHeadBytes = 64 << 10
    /// The longest chunk-size line accepted.
    static let maxChunkLineBytes = 4 << 10

    private let socket: ProbeSocket
    private let deadline: ProbeDeadline
    private var buffer: [UInt8] = []
    private var position = 0
    private var closed = false

    init(socket: ProbeSocket, deadline: ProbeDeadline) {
        self.socket = socket
        self.deadline = deadline
    }

    /// Reads the final response head, skipping interim 1xx responses other than 101.
    mutating func readHead() throws(HTTPProbeError) -> HTTPResponseHead {
        while true {
            let head = try readOneHead()
            if (100..<200).contains(head.statusCode), head.statusCode != 101 {
                continue
            }
            return head
        }
    }

    /// Reads at most `limit` body bytes as framed by `head`: chunked, Content-Length, or until close.
    mutating func readBody(of head: HTTPResponseHead, limit: Int) throws(HTTPProbeError) -> [UInt8] {
        if head.hasNoBody {
            return []
        }
        if head.isChunked {
            return try readChunked(limit: limit)
        }
        if let text = head.value(of: "Content-Length") {
            let trimmed = Substring(text).trimmingSpaces
            guard let length = Int(trimmed), length >= 0 else { throw .badContentLength(text) }
            let body = try read(count: min(length, limit))
            guard body.count == min(length, limit) else { throw .unexpectedEndOfBody }
            return body
        }
        return try read(count: limit)
    }

    private mutating func readOneHead() throws(HTTPProbeError) -> HTTPResponseHead {
        var budget = Self.maxHeadBytes
        guard let statusLine = try readLine(limit: budget) else { throw .endOfStream }
        budget -= statusLine.count
        let status = String(decoding: statusLine, as: UTF8.self)
        guard let code = HTTPResponseHead.statusCode(ofLine: status) else { throw .malformedResponse(status) }
        var head = HTTPResponseHead(statusCode: code, fields: [])
        while true {
            guard let line = try readLine(limit: budget) else { throw .endOfStream }
            budget -= line.count + 2
            if line.isEmpty {
                return head
            }
            let text = String(decoding: line, as: UTF8.self)
            if let first = text.first, first == " " || first == "\t", !head.fields.isEmpty {
                head.fields[head.fields.count - 1].value += " " + Substring(text).trimmingSpaces
                continue
            }
            guard let colon = text.firstIndex(of: ":") else { continue }
            let name = String(text[..<colon])
            let value = String(text[text.index(after: colon)...].trimmingSpaces)
            head.fields.append(HTTPResponseHead.Field(name: name, value: value))
        }
    }

    private mutating func readChunked(limit: Int) throws(HTTPProbeError) -> [UInt8] {
        var body: [UInt8] = []
        while body.count < limit {
            guard let line = try readLine(limit: Self.maxChunkLineBytes, overflow: .malformedChunk) else {
                throw .unexpectedEndOfBody
            }
            let text = String(decoding: line, as: UTF8.self)
            let sizeText = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let size = Int(sizeText.trimmingSpaces, radix: 16), size >= 0 else { throw .malformedChunk }
            if size == 0 {
                break
            }
            let wanted = min(size, limit - body.count)
            let data = try read(count: wanted)
            guard data.count == wanted else { throw .unexpectedEndOfBody }
            body += data
            if wanted < size {
                break
            }
            guard try readLine(limit: Self.maxChunkLineBytes, overflow: .malformedChunk) != nil else {
                throw .unexpectedEndOfBody
            }
        }
        return body
    }

    /// Reads up to `count` bytes; fewer only when the server closed the connection.
    private mutating func read(count: Int) throws(HTTPProbeError) -> [UInt8] {
        while buffer.count - position < count, try fill() {}
        let end = min(buffer.count, position + count)
        let bytes = Array(buffer[position..<end])
        position = end
        return bytes
    }

    /// Reads one line without its `\n` or `\r\n`; `nil` at end of stream (also mid-line).
    private mutating func readLine(
        limit: Int, overflow: HTTPProbeError? = nil
    ) throws(HTTPProbeError) -> [UInt8]? {
        var scanned = 0
        while true {
            if let newline = buffer[(position + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position, buffer[end - 1] == UInt8(ascii: "\r") {
                    end -= 1
                }
                let line = Array(buffer[position..<end])
                position = newline + 1
                return line
            }
            scanned = buffer.count - position
            if buffer.count - position > limit {
                throw overflow ?? .headersTooLarge(Self.maxHeadBytes)
            }
            guard try fill() else { return nil }
        }
    }

    /// Receives more bytes into the buffer; `false` once the server closed the connection.
    private mutating func fill() throws(HTTPProbeError) -> Bool {
        guard !closed else { return false }
        if position > 64 << 10 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let bytes: [UInt8]
        do {
            bytes = try socket.receive(maxCount: 16 << 10, deadline: deadline)
        } catch {
            throw .socket(error)
        }
        if bytes.isEmpty {
            closed = true
            return false
        }
        buffer += bytes
        return true
    }
}
