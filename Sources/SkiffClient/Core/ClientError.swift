import SkiffAPI

/// Why a client call failed: the server's `Status` (code, reason, message, causes) or, with code
/// 0, a transport failure (no answer).
public struct ClientError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code; 0 when no response arrived.
    public var code: Int
    /// The `Status` reason (`NotFound`, `Conflict`, `AlreadyExists`, `Invalid`, `Expired`, ...) or
    /// `TransportFailed`.
    public var reason: String
    /// A sentence for people.
    public var message: String
    /// The server's Status object, when it sent one.
    public var status: Status?

    /// An error.
    public init(code: Int, reason: String, message: String, status: Status? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.status = status
    }

    /// No answer from the server.
    public static func transport(_ message: String) -> ClientError {
        ClientError(code: 0, reason: "TransportFailed", message: message)
    }

    /// The error a non-2xx response carries: its `Status` when the body is one.
    public static func from(status code: Int, body: [UInt8]) -> ClientError {
        if let value = try? JSONParser.parse(body), value["kind"]?.stringValue == "Status",
            let status = try? JSONValueDecoder().decode(Status.self, from: value)
        {
            return ClientError(
                code: code, reason: status.reason ?? Self.reason(for: code), message: status.message ?? "",
                status: status)
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return ClientError(code: code, reason: Self.reason(for: code), message: text)
    }

    /// The Kubernetes reason that goes with an HTTP code.
    static func reason(for code: Int) -> String {
        switch code {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 410: "Expired"
        case 413: "RequestEntityTooLarge"
        case 415: "UnsupportedMediaType"
        case 422: "Invalid"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        case 504: "Timeout"
        default: "Unknown"
        }
    }

    /// 404.
    public var isNotFound: Bool { code == 404 }
    /// 409 because the name is taken.
    public var isAlreadyExists: Bool { code == 409 && reason == "AlreadyExists" }
    /// 409 because of a stale resourceVersion or failed precondition.
    public var isConflict: Bool { code == 409 && reason != "AlreadyExists" }
    /// 410: the resourceVersion is older than the server's history.
    public var isGone: Bool { code == 410 }
    /// 422.
    public var isInvalid: Bool { code == 422 }

    public var description: String {
        code == 0 ? "transport: \(message)" : "\(code) \(reason): \(message)"
    }
}
