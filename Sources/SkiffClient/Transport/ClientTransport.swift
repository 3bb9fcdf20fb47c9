/// How a ``Client`` reaches an API server: in-process (straight into the server's handlers) or
/// over HTTP. A transport moves requests and bytes; it knows nothing of kinds.
///
/// A transport answers every HTTP status as a ``ClientResponse`` (a 404 is a response, not an
/// error); it throws ``ClientError`` only when no answer arrived (connection refused or reset,
/// the server shutting down).
public protocol ClientTransport: Sendable {
    /// Sends a request and returns the whole response.
    func send(_ request: ClientRequest) async throws(ClientError) -> ClientResponse

    /// Sends a request whose answer is a stream (a watch): the status and headers arrive first,
    /// then the body in chunks as the server writes them. Chunks need not align with lines.
    /// Cancelling the consuming task, or dropping the stream, closes it.
    func stream(_ request: ClientRequest) async throws(ClientError) -> ClientStream
}

/// One request: method, path, query, headers and body.
public struct ClientRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path without the query: `/api/v1/namespaces/default/pods`.
    public var path: String
    /// Query parameters in order, not yet percent-encoded.
    public var query: [(name: String, value: String)]
    /// `Content-Type` of the body; empty when there is none.
    public var contentType: String
    /// `Accept`.
    public var accept: String
    /// The body.
    public var body: [UInt8]

    /// A request.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        contentType: String = "", accept: String = "application/json", body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.accept = accept
        self.body = body
    }

    /// The path with the percent-encoded query, as it goes on an HTTP request line.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes a query component (RFC 3986 unreserved characters stay).
    public static func encode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}

/// A whole response.
public struct ClientResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers, names lowercased (`warning` may repeat).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A streamed response: status and headers, then body chunks until the server ends it.
public struct ClientStream: Sendable {
    /// The HTTP status code. When it is not 200 the body holds a `Status` object.
    public var status: Int
    /// Response headers, names lowercased.
    public var headers: [(name: String, value: String)]
    /// Body chunks as they arrive; finishes when the server ends the response and throws a
    /// ``ClientError`` when the connection breaks.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// A stream.
    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: AsyncThrowingStream<[UInt8], any Error>
    ) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
