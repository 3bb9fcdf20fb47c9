import Foundation
import HTTPTypes
import Hummingbird
import SkiffAPI

/// The parts of an HTTP request the handlers use, read once: query parameters, content and accept
/// types, the body.
struct APIRequest: Sendable {
    /// The method.
    var method: HTTPRequest.Method
    /// The path without the query.
    var path: String
    /// Query parameters (last value wins).
    var query: [String: String]
    /// `Content-Type`, lowercased, parameters dropped.
    var contentType: String
    /// `Accept`, as sent.
    var accept: String
    /// The body, at most ``APIServerOptions/maxBodyBytes``.
    var body: [UInt8]
    /// The API version in the URL (`v1` of `/apis/apps/v1/...`); empty for non-resource requests.
    var version = ""

    /// Whether the client asked for a `meta.k8s.io Table` (kubectl get).
    var wantsTable: Bool { accept.contains("as=Table") }

    /// A boolean query parameter (`true`, `1`).
    func flag(_ name: String) -> Bool {
        guard let value = query[name]?.lowercased() else { return false }
        return value == "true" || value == "1"
    }

    /// An integer query parameter; 400 when it is not one.
    func integer(_ name: String) throws(APIError) -> Int64? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else {
            throw APIError.badRequest("invalid value for \(name): \"\(text)\" is not an integer")
        }
        return value
    }

    /// Parses a query string into decoded name/value pairs.
    static func parseQuery(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            result[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}

/// How strictly a write checks fields the kind does not know (`?fieldValidation=`).
enum FieldValidation: String, Sendable {
    case strict = "Strict"
    case warn = "Warn"
    case ignore = "Ignore"

    init(_ request: APIRequest) throws(APIError) {
        guard let text = request.query["fieldValidation"], !text.isEmpty else {
            self = .warn
            return
        }
        guard let value = FieldValidation(rawValue: text) else {
            throw APIError.badRequest(
                "fieldValidation must be one of \"Ignore\", \"Warn\" or \"Strict\", not \"\(text)\"")
        }
        self = value
    }
}
