import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SkiffAPI
import SkiffStore

/// The one Hummingbird responder: discovery, health, metrics and OpenAPI paths, and every
/// resource request through ``ResourceHandler``. Every failure becomes a `Status` body.
struct APIResponder: HTTPResponder {
    typealias Context = APIRequestContext

    let handler: ResourceHandler
    let ready: @Sendable () -> Bool
    /// The `/skiff/v1/` history queries.
    let history: HistoryEndpoints
    /// Authorization.
    let access: AccessControl

    var scheme: Scheme { handler.scheme }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let path = request.uri.path
        let info = RequestInfo(path: path)
        var verb = request.method.rawValue
        let response: Response
        // Who asked what, for the audit record once the answer is known.
        var asked: (user: UserInfo, request: APIRequest)?
        do {
            // Credentials first: a request that will get 401 is not read.
            let user = try await authenticate(request, context: context, path: path)
            let body = try await readBody(&request)
            var apiRequest = APIRequest(
                method: request.method, path: path, query: APIRequest.parseQuery(request.uri.query),
                contentType: Self.mediaType(request.headers[.contentType]), accept: request.headers[.accept] ?? "",
                body: body)
            if let info {
                apiRequest.version = info.version
                asked = (user, apiRequest)
                verb = Self.verb(request.method, info: info, request: apiRequest)
                try access.authorize(user, request.method, info, path, apiRequest)
                if info.group == "authorization.k8s.io", info.resource == "selfsubjectaccessreviews",
                    request.method == .post
                {
                    response = try selfSubjectAccessReview(user, apiRequest).response()
                } else if info.group == "authentication.k8s.io", info.resource == "selfsubjectreviews",
                    request.method == .post
                {
                    response = Self.selfSubjectReview(user).response()
                } else if info.group == "", info.resource == "serviceaccounts", info.subresource == "token",
                    request.method == .post
                {
                    response = try await tokenRequest(info, apiRequest).response()
                } else {
                    let (answer, warnings) = try await handler.handle(info, apiRequest)
                    access.noteWrite(info, request.method)
                    if case .json(let code, let body, _) = answer {
                        access.audit(user, request.method, info, path, apiRequest, code: code, body: body)
                        asked = nil
                    }
                    response = answer.response(warnings: warnings)
                }
            } else {
                try access.authorize(user, request.method, nil, path, apiRequest)
                response = try await nonResource(path, apiRequest)
            }
        } catch {
            if let asked {
                access.audit(
                    asked.user, request.method, info, path, asked.request, code: error.code, body: nil)
            }
            response = APIResponse.error(error).response()
        }
        // For a watch the duration is until the stream opened.
        ServerMetrics.shared.record(
            verb: verb, resource: info?.resource ?? "", code: response.status.code,
            duration: ContinuousClock.now - started)
        if handler.logger.logLevel <= .debug {
            handler.logger.debug(
                "request",
                metadata: [
                    "http.method": "\(request.method)", "http.path": "\(path)",
                    "http.status": "\(response.status.code)",
                ])
        }
        return response
    }

    /// The paths anyone may read without credentials.
    static let openPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version", "/version/"]

    /// The requester: a cluster administrator without authentication; otherwise the user of the
    /// client certificate or bearer token, anonymous on the open paths, or 401.
    private func authenticate(_ request: Request, context: Context, path: String) async throws(APIError) -> UserInfo {
        guard let authentication = handler.options.authentication else {
            return UserInfo(name: "system:admin", groups: ["system:masters", "system:authenticated"])
        }
        let certificate = authentication.certificates == nil ? nil : await context.peerCertificate()
        let outcome = authentication.authenticate(
            certificate: certificate, authorization: request.headers[.authorization],
            serviceAccountExists: access.serviceAccountExists)
        switch outcome {
        case .user(let user):
            return user
        case .anonymous where Self.openPaths.contains(path):
            return UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
        case .anonymous, .invalid:
            throw APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")
        }
    }

    /// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews` (`kubectl auth can-i`): may
    /// the requester do what the review describes?
    private func selfSubjectAccessReview(_ user: UserInfo, _ request: APIRequest) throws(APIError) -> APIResponse {
        guard var review = try? BodyDecoder.decode(request).value, case .object = review else {
            throw APIError.badRequest("the body is not a SelfSubjectAccessReview")
        }
        let spec = review["spec"] ?? .emptyObject
        let attributes: AuthorizationAttributes
        if let resource = spec["resourceAttributes"], case .object = resource {
            attributes = AuthorizationAttributes(
                user: user, verb: resource["verb"]?.stringValue ?? "",
                namespace: resource["namespace"]?.stringValue ?? "",
                apiGroup: resource["group"]?.stringValue ?? "", resource: resource["resource"]?.stringValue ?? "",
                subresource: resource["subresource"]?.stringValue ?? "", name: resource["name"]?.stringValue ?? "")
        } else if let other = spec["nonResourceAttributes"], case .object = other {
            attributes = AuthorizationAttributes(
                user: user, verb: other["verb"]?.stringValue ?? "", path: other["path"]?.stringValue ?? "")
        } else {
            throw APIError(
                code: 422, reason: "Invalid",
                message: "SelfSubjectAccessReview.authorization.k8s.io is invalid: spec: Invalid value: "
                    + "exactly one of nonResourceAttributes or resourceAttributes must be specified")
        }
        let decision = access.decide(attributes)
        review["status"] = .object(["allowed": .bool(decision.allowed), "reason": .string(decision.reason)])
        review["apiVersion"] = "authorization.k8s.io/v1"
        review["kind"] = "SelfSubjectAccessReview"
        return .json(code: 201, body: review.serialized(), headers: [])
    }

    /// Reads the body, refusing more than the limit with 413 before reading it when the length is declared.
    private func readBody(_ request: inout Request) async throws(APIError) -> [UInt8] {
        let limit = handler.options.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.tooLarge(limit: limit)
        }
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw APIError.tooLarge(limit: limit)
        }
    }

    /// `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ header: String?) -> String {
        guard let header else { return "application/json" }
        return header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? "application/json"
    }

    /// The Kubernetes verb for metrics: GET, LIST, WATCH, POST, PUT, PATCH, DELETE, DELETECOLLECTION.
    static func verb(_ method: HTTPRequest.Method, info: RequestInfo, request: APIRequest) -> String {
        switch method {
        case .get:
            if info.legacyWatch || request.flag("watch") { return "WATCH" }
            return info.name == nil ? "LIST" : "GET"
        case .delete: return info.name == nil ? "DELETECOLLECTION" : "DELETE"
        default: return method.rawValue
        }
    }

    private func nonResource(_ path: String, _ request: APIRequest) async throws(APIError) -> Response {
        if path == "/skiff/v1/compact" {
            return try await compact(request)
        }
        if HistoryEndpoints.handles(path) {
            return await history.respond(path, request)
        }
        guard request.method == .get else {
            throw APIError.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        switch trimmed {
        case "/version":
            return APIResponse.object([
                "major": .string(Version.major), "minor": .string(Version.minor),
                "gitVersion": .string(Version.gitVersion),
                "gitCommit": "", "gitTreeState": "clean", "buildDate": "2026-11-27T00:00:00Z", "goVersion": "swift6",
                "compiler": "swiftc", "platform": "linux/amd64",
            ]).response()
        case "/healthz", "/livez":
            return APIResponse.text(code: 200, body: "ok", contentType: "text/plain; charset=utf-8").response()
        case "/readyz":
            if ready() {
                return APIResponse.text(code: 200, body: "ok", contentType: "text/plain; charset=utf-8").response()
            }
            return APIResponse.text(code: 503, body: "watch cache not ready", contentType: "text/plain; charset=utf-8")
                .response()
        case "/metrics":
            let cached = handler.caches.all.reduce(0) { $0 + $1.count }
            let body = ServerMetrics.shared.exposition(
                storeRevision: handler.store.currentRevision.rawValue,
                compactRevision: handler.store.compactRevision.rawValue, cachedObjects: cached)
            let extra = handler.options.extraMetrics?() ?? ""
            return APIResponse.text(
                code: 200, body: String(decoding: body, as: UTF8.self) + extra, contentType: "text/plain; version=0.0.4"
            ).response()
        case "/skiff/v1/plugins":
            guard let inventory = handler.options.pluginInventory else { throw APIError.notFound(path: path) }
            return APIResponse.object(inventory()).response()
        case "/openapi/v3":
            return APIResponse.object(handler.openAPI.index(handler.registry)).response()
        case "/":
            let paths: [JSONValue] = [
                "/api", "/api/v1", "/apis", "/healthz", "/livez", "/metrics", "/openapi/v3", "/readyz", "/version",
            ]
            return APIResponse.object(["paths": .array(paths)]).response()
        default:
            break
        }
        if let (answer, media) = Discovery.respond(path: trimmed, scheme: scheme, accept: request.accept) {
            return answer.response(contentTypeOverride: media)
        }
        let parts = trimmed.split(separator: "/").map(String.init)
        if parts.count >= 3, parts[0] == "openapi", parts[1] == "v3",
            let document = handler.openAPI.document(handler.registry, path: parts[2...].joined(separator: "/"))
        {
            return APIResponse.object(document).response()
        }
        throw APIError.notFound(path: path)
    }

    /// `POST /skiff/v1/compact?revision=N`: compacts the store's history up to N (default: the
    /// current revision), as `etcdctl compact` does; what `skiff compact --server` calls.
    private func compact(_ request: APIRequest) async throws(APIError) -> Response {
        guard request.method == .post else { throw APIError.methodNotAllowed("compact takes POST") }
        let store = handler.store
        let latest: Int64
        do {
            latest = try await store.latestRevision().rawValue
        } catch {
            throw APIError.from(error)
        }
        let target = try request.integer("revision") ?? latest
        guard target <= latest else { throw APIError.tooLargeResourceVersion(target, current: latest) }
        if target > store.compactRevision.rawValue {
            do {
                try await store.compact(to: Revision(target))
            } catch {
                throw APIError.from(error)
            }
        }
        return APIResponse.object([
            "compactRevision": .int(store.compactRevision.rawValue), "revision": .int(store.currentRevision.rawValue),
        ]).response()
    }
}
