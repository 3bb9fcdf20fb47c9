import Foundation
import Synchronization
import X509

/// Users from client certificates the cluster CA signed (kube-apiserver's `--client-ca-file`):
/// the user is the subject's CN, the groups its O entries. The TLS layer asks for a certificate
/// but accepts any; this check decides, so that an expired or foreign certificate gets 401 as in
/// Kubernetes instead of a failed handshake.
///
/// Verdicts are remembered per certificate (a client sends the same one with every request on
/// every connection), a good one until the certificate expires: a signature check per request
/// would cost more than the request.
public final class ClientCertificateAuthenticator: Sendable {
    /// The authority client certificates must be signed by.
    let authority: Certificate
    /// Verdicts by certificate, with when they stop holding.
    private let verdicts = Mutex<[[UInt8]: (outcome: TokenAuthenticator.Outcome, until: Date)]>([:])
    /// The most verdicts remembered; past it they are forgotten at once.
    static let rememberedVerdicts = 4096

    /// An authenticator trusting `authority`.
    public init(authority: Certificate) {
        self.authority = authority
    }

    /// The user of a DER-encoded leaf certificate: `.user` when the authority signed it, it is
    /// valid at `now`, allows client authentication and names a user; `.invalid` otherwise.
    public func authenticate(der: [UInt8], now: Date = Date()) -> TokenAuthenticator.Outcome {
        if let known = verdicts.withLock({ $0[der] }), now < known.until { return known.outcome }
        let (outcome, until) = verify(der: der, now: now)
        verdicts.withLock { verdicts in
            if verdicts.count >= Self.rememberedVerdicts { verdicts.removeAll(keepingCapacity: true) }
            verdicts[der] = (outcome, until)
        }
        return outcome
    }

    /// The verdict on a certificate and until when it holds (its expiry when good, a minute when
    /// bad: a certificate not yet valid may become so).
    private func verify(der: [UInt8], now: Date) -> (TokenAuthenticator.Outcome, Date) {
        let retry = now.addingTimeInterval(60)
        guard let certificate = try? Certificate(derEncoded: der) else { return (.invalid, retry) }
        let outcome = check(certificate, now: now)
        guard case .user = outcome else { return (outcome, retry) }
        return (outcome, certificate.notValidAfter)
    }

    private func check(_ certificate: Certificate, now: Date) -> TokenAuthenticator.Outcome {
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
