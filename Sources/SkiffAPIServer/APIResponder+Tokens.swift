import Foundation
import SkiffAPI

extension APIResponder {
    /// `POST /api/v1/namespaces/NS/serviceaccounts/NAME/token` (`kubectl create token NAME`): a
    /// signed token for the ServiceAccount, bound to its uid, for `spec.expirationSeconds`
    /// (default one hour, at least ten minutes, at most a day).
    func tokenRequest(_ info: RequestInfo, _ request: APIRequest) async throws(APIError) -> APIResponse {
        guard let tokens = handler.options.authentication?.serviceAccounts else {
            throw APIError(
                code: 404, reason: "NotFound",
                message: "ServiceAccount tokens are not issued: the server runs without authentication")
        }
        guard let namespace = info.namespace, let name = info.name,
            let resource = scheme.resource(group: "", version: "v1", plural: "serviceaccounts")
        else {
            throw APIError.notFound(path: request.path)
        }
        guard let account = access.serviceAccount(namespace, name) else {
            throw APIError.notFound(resource, name: name)
        }
        let body = request.body.isEmpty ? .emptyObject : ((try? BodyDecoder.decode(request).value) ?? .emptyObject)
        let spec = body["spec"] ?? .emptyObject
        let lifetime = spec["expirationSeconds"]?.intValue ?? 3600
        guard lifetime >= 600 else {
            throw APIError(
                code: 422, reason: "Invalid",
                message: "TokenRequest.authentication.k8s.io \"\(name)\" is invalid: spec.expirationSeconds: "
                    + "Invalid value: \(lifetime): may not specify a duration less than 10 minutes")
        }
        let audiences =
            spec["audiences"]?.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty } ?? []
        let chosen = audiences.isEmpty ? [ServiceAccountTokens.defaultAudience] : audiences
        let (token, expires) = tokens.issue(
            namespace: namespace, name: name, uid: account["metadata"]?["uid"]?.stringValue ?? "",
            audiences: chosen, lifetime: min(lifetime, 86_400))
        let answer: JSONValue = [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "creationTimestamp": .string(RFC3339.format(Date(), fractionDigits: 0)),
            ],
            "spec": [
                "audiences": .array(chosen.map { .string($0) }), "expirationSeconds": .int(min(lifetime, 86_400)),
                "boundObjectRef": .null,
            ],
            "status": [
                "token": .string(token), "expirationTimestamp": .string(RFC3339.format(expires, fractionDigits: 0)),
            ],
        ]
        return .json(code: 201, body: answer.serialized(), headers: [])
    }

    /// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews` (`kubectl auth whoami`): who the
    /// server takes the requester for.
    static func selfSubjectReview(_ user: UserInfo) -> APIResponse {
        var info: JSONValue = ["username": .string(user.name), "groups": .array(user.groups.map { .string($0) })]
        if !user.uid.isEmpty { info["uid"] = .string(user.uid) }
        let review: JSONValue = [
            "apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview",
            "metadata": ["creationTimestamp": .string(RFC3339.format(Date(), fractionDigits: 0))],
            "status": ["userInfo": info],
        ]
        return .json(code: 201, body: review.serialized(), headers: [])
    }
}
