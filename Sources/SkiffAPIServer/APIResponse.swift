import HTTPTypes
import Hummingbird
import NIOCore
import SkiffAPI

/// What a handler answers: JSON bytes with a code, or a stream of watch lines.
enum APIResponse: Sendable {
    /// A JSON body.
    case json(code: Int, body: [UInt8], headers: [(String, String)])
    /// A plain-text body.
    case text(code: Int, body: String, contentType: String)
    /// A chunked stream; the closure writes lines until it returns.
    case stream(contentType: String, write: @Sendable (inout any ResponseBodyWriter) async throws -> Void)

    /// A JSON body from a value.
    static func object(_ value: JSONValue, code: Int = 200, headers: [(String, String)] = []) -> APIResponse {
        .json(code: code, body: value.serialized(), headers: headers)
    }

    /// The ``Status`` of an error.
    static func error(_ error: APIError) -> APIResponse {
        .json(code: error.code, body: KindStrategy.encodeTyped(error.status).serialized(), headers: error.headers)
    }

    /// The Hummingbird response.
    func response(warnings: [String] = [], contentTypeOverride: String? = nil) -> Response {
        switch self {
        case .json(let code, let body, let headers):
            var fields = HTTPFields()
            fields[.contentType] = contentTypeOverride ?? "application/json"
            for (name, value) in headers {
                if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
            }
            for warning in warnings {
                // RFC 7234 warn-text is a quoted string: backslashes and quotes are escaped.
                let text = warning.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"")
                fields.append(HTTPField(name: HTTPField.Name("Warning")!, value: "299 - \"\(text)\""))
            }
            var buffer = ByteBufferAllocator().buffer(capacity: body.count)
            buffer.writeBytes(body)
            return Response(status: .init(code: code), headers: fields, body: ResponseBody(byteBuffer: buffer))
        case .text(let code, let body, let contentType):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            return Response(
                status: .init(code: code), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .stream(let contentType, let write):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            fields[.cacheControl] = "no-cache, private"
            return Response(status: .ok, headers: fields, body: ResponseBody(write))
        }
    }
}
