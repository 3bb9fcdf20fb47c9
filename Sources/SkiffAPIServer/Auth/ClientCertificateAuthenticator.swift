import Foundation
import X509

/// Users from client certificates the cluster CA signed (kube-apiserver's `--client-ca-file`):
/// the user is the subject's CN, the groups its O entries. The TLS layer asks for a certificate
/// but accepts any; this check decides, so that an expired or foreign certificate gets 401 as in
/// Kubernetes instead of a failed handshake.
public struct ClientCertificateAuthenticator: Sendable {
    /// The authority client certificates must be signed by.
    let authority: Certificate

    /// An authenticator trusting `authority`.
    public init(authority: Certificate) {
        self.authority = authority
    }

    /// The user of a DER-encoded leaf certificate: `.user` when the authority signed it, it is
    /// valid at `now`, allows client authentication and names a user; `.invalid` otherwise.
    public func authenticate(der: [UInt8], now: Date = Date()) -> TokenAuthenticator.Outcome {
        guard let certificate = try? Certificate(derEncoded: der) else { return .invalid }
        guard certificate.issuer == authority.subject,
            authority.publicKey.isValidSignature(certificate.signature, for: certificate),
            certificate.notValidBefore <= now, now <= certificate.notValidAfter
        else { return .invalid }
        if let usage = try? certificate.extensions.extendedKeyUsage,
            !usage.contains(.clientAuth), !usage.contains(.any)
        {
            return .invalid
        }
        if let constraints = try? certificate.extensions.basicConstraints,
            case .isCertificateAuthority = constraints
        {
            return .invalid
        }
        let (user, groups) = ClusterPKI.identity(of: certificate)
        guard !user.isEmpty else { return .invalid }
        return .user(UserInfo(name: user, groups: groups + ["system:authenticated"]))
    }
}
