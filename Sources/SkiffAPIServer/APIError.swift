import SkiffAPI
import SkiffStore

/// A request failed: the ``Status`` body and HTTP code kube-apiserver would send, plus headers
/// (`Retry-After`).
struct APIError: Error, Sendable {
    /// The body.
    var status: Status
    /// Extra response headers.
    var headers: [(String, String)] = []

    /// The HTTP status code.
    var code: Int { status.code ?? 500 }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        status = Status(code: code, reason: reason, message: message, details: details)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func notFound(_ resource: ResourceType, name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(resource.qualifiedName) \"\(name)\" not found",
            details: StatusDetails(name: name, group: resource.group, kind: resource.plural))
    }

    static func notFound(path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource (\(path))")
    }

    static func namespaceNotFound(_ namespace: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
            details: StatusDetails(name: namespace, kind: "namespaces"))
    }

    static func alreadyExists(_ resource: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedName) \"\(name)\" already exists",
            details: StatusDetails(name: name, group: resource.group, kind: resource.plural))
    }

    static func conflict(_ resource: ResourceType, name: String, _ why: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource.qualifiedName) \"\(name)\": \(why)",
            details: StatusDetails(name: name, group: resource.group, kind: resource.plural))
    }

    static func staleObject(_ resource: ResourceType, name: String) -> APIError {
        conflict(
            resource, name: name,
            "the object has been modified; please apply your changes to the latest version and try again")
    }

    static func invalid(_ resource: ResourceType, name: String, _ errors: [FieldError]) -> APIError {
        let kind = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        let summary =
            errors.count == 1
            ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: StatusDetails(
                name: name, group: resource.group, kind: resource.kind, causes: errors.map(\.statusCause)))
    }

    static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func tooLargeResourceVersion(_ requested: Int64, current: Int64) -> APIError {
        var error = APIError(
            code: 504, reason: "Timeout",
            message: "Too large resource version: \(requested), current: \(current)",
            details: StatusDetails(
                causes: [
                    StatusCause(
                        reason: "ResourceVersionTooLarge", message: "Too large resource version", field: nil)
                ], retryAfterSeconds: 1))
        error.headers = [("Retry-After", "1")]
        return error
    }

    static func methodNotAllowed(_ message: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: message)
    }

    static func notAcceptable(_ message: String) -> APIError {
        APIError(code: 406, reason: "NotAcceptable", message: message)
    }

    static func tooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "the request body is larger than \(limit) bytes")
    }

    static func forbidden(_ resource: ResourceType, name: String, _ why: String) -> APIError {
        APIError(
            code: 403, reason: "Forbidden", message: "\(resource.qualifiedName) \"\(name)\" is forbidden: \(why)",
            details: StatusDetails(name: name, group: resource.group, kind: resource.plural))
    }

    static func `internal`(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    /// The answer to a store failure: compaction is 410, a future revision 504, anything else is the
    /// server's fault (500).
    static func from(_ error: StoreError) -> APIError {
        if error.code == .compacted {
            let compacted = error.compactRevision?.rawValue ?? 0
            return .expired("too old resource version: requested revision is compacted (\(compacted))")
        }
        if error.code == .futureRevision {
            return .tooLargeResourceVersion(0, current: error.currentRevision?.rawValue ?? 0)
        }
        if error.code == .unavailable {
            // kube-apiserver answers an etcd that does not respond with 504 Timeout; a client retries.
            return APIError(code: 504, reason: "Timeout", message: "the datastore did not answer: \(error.message)")
        }
        return .internal(error.message)
    }
}
