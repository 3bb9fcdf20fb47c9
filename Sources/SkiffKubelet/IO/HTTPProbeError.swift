/// Why reading an HTTP probe's response failed.
enum HTTPProbeError: Error, Equatable {
    /// The connection failed or the deadline passed.
    case socket(ProbeSocketError)
    /// The server closed the connection before or within the response head.
    case endOfStream
    /// The status line was not `HTTP/x.y ddd ...`; carries the line.
    case malformedResponse(String)
    /// The response head exceeded the limit (bytes).
    case headersTooLarge(Int)
    /// The Content-Length header was not a non-negative integer.
    case badContentLength(String)
    /// The server closed the connection before the announced body was complete.
    case unexpectedEndOfBody
    /// A chunk size line of a chunked body could not be parsed.
    case malformedChunk
}
