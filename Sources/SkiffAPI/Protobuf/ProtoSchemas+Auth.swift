// authorization.k8s.io/v1 SelfSubjectAccessReview and authentication.k8s.io/v1 TokenRequest and
// SelfSubjectReview, the review kinds kubectl sends as protobuf (`kubectl auth can-i`,
// `kubectl create token`, `kubectl auth whoami`); from `k8s.io/api/{authorization,authentication}/v1`.

extension ProtoSchemas {
    static let selfSubjectAccessReview = ProtoMessage(
        "SelfSubjectAccessReview",
        [
            1: .message("metadata", objectMeta),
            2: .message(
                "spec",
                ProtoMessage(
                    "SelfSubjectAccessReviewSpec",
                    [
                        1: .message("resourceAttributes", resourceAttributes),
                        2: .message("nonResourceAttributes", nonResourceAttributes),
                    ])),
        ])

    static let resourceAttributes = ProtoMessage(
        "ResourceAttributes",
        [
            1: .string("namespace"),
            2: .string("verb"),
            3: .string("group"),
            4: .string("version"),
            5: .string("resource"),
            6: .string("subresource"),
            7: .string("name"),
        ])

    static let nonResourceAttributes = ProtoMessage(
        "NonResourceAttributes",
        [
            1: .string("path"),
            2: .string("verb"),
        ])

    static let tokenRequest = ProtoMessage(
        "TokenRequest",
        [
            1: .message("metadata", objectMeta),
            2: .message(
                "spec",
                ProtoMessage(
                    "TokenRequestSpec",
                    [
                        1: .strings("audiences"),
                        4: .int64("expirationSeconds", optional: true),
                    ])),
        ])

    static let selfSubjectReview = ProtoMessage("SelfSubjectReview", [1: .message("metadata", objectMeta)])
}
