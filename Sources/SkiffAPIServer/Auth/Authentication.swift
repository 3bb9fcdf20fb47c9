import Foundation

/// Who a request comes from, asked of each authenticator in kube-apiserver's order: the client
/// certificate, then the bearer token (the token file and the server's own tokens, then
/// ServiceAccount tokens). The first that knows the requester wins; credentials that nobody
/// accepts make the request `.invalid` (401), and no credentials at all `.anonymous`.
public struct Authentication: Sendable {
    /// Client certificates signed by the cluster CA; nil when the server does not speak TLS.
    public var certificates: ClientCertificateAuthenticator?
    /// Static bearer tokens.
    public var tokens: TokenAuthenticator?
    /// ServiceAccount tokens.
    public var serviceAccounts: ServiceAccountTokens?

    /// An authentication chain.
    public init(
        certificates: ClientCertificateAuthenticator? = nil, tokens: TokenAuthenticator? = nil,
        serviceAccounts: ServiceAccountTokens? = nil
    ) {
        self.certificates = certificates
        self.tokens = tokens
        self.serviceAccounts = serviceAccounts
    }

    /// The requester of a request that presented `certificate` (DER, nil for none) and the
    /// `Authorization` header `authorization`; `serviceAccountExists` says whether a token's
    /// ServiceAccount (namespace, name, uid) still exists.
    func authenticate(
        certificate: [UInt8]?, authorization: String?,
        serviceAccountExists: (_ namespace: String, _ name: String, _ uid: String) -> Bool
    ) -> TokenAuthenticator.Outcome {
        var presented = false
        if let certificate, let certificates {
            presented = true
            if case .user(let user) = certificates.authenticate(der: certificate) { return .user(user) }
        }
        if let authorization, !authorization.isEmpty {
            presented = true
            if let tokens, case .user(let user) = tokens.authenticate(authorization: authorization) {
                return .user(user)
            }
            if let serviceAccounts,
                case .user(let user) = serviceAccounts.authenticate(
                    authorization: authorization, exists: serviceAccountExists)
            {
                return .user(user)
            }
        }
        return presented ? .invalid : .anonymous
    }
}
