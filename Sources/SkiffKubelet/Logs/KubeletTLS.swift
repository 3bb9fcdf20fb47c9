import Crypto
import Foundation
import NIOSSL
import SkiffClient
import SwiftASN1
import X509

/// The agent endpoint's TLS, kubelet's model: a self-signed serving certificate made at each start
/// (the API server does not check it, as kube-apiserver does not without
/// `--kubelet-certificate-authority`), and a client certificate required of every caller,
/// signed by the cluster CA. Only callers in `system:masters` (the API server's kubelet client,
/// `skiff-apiserver`) are served: another user's certificate gets 403, so the logs are read
/// through `pods/log` and its RBAC.
public struct KubeletTLS: Sendable {
    /// The cluster CA, as PEM text.
    public var clusterAuthorityPEM: [UInt8]

    /// TLS for an endpoint trusting client certificates of `clusterAuthorityPEM`.
    public init(clusterAuthorityPEM: [UInt8]) {
        self.clusterAuthorityPEM = clusterAuthorityPEM
    }

    /// The group a caller must be in.
    static let callerGroup = "system:masters"

    /// NIO's configuration: a new self-signed certificate for `hosts`, client certificates
    /// required and verified against the cluster CA.
    func configuration(hosts: [String], now: Date = Date()) throws -> TLSConfiguration {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("skiff-agent@\(Int(now.timeIntervalSince1970))") }
        let names: [GeneralName] = hosts.map { host in
            if let bytes = IPAddress.bytes(host) {
                return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
            }
            return .dnsName(host)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                if !names.isEmpty { SubjectAlternativeNames(names) }
            },
            issuerPrivateKey: .init(key))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.derRepresentation), format: .der)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(clusterAuthorityPEM))
        configuration.sendCANameList = true
        return configuration
    }

    /// Whether the (already verified) client certificate's subject is in ``callerGroup``.
    static func allowed(der: [UInt8]) -> Bool {
        guard let certificate = try? Certificate(derEncoded: der) else { return false }
        for name in certificate.subject {
            for attribute in name where attribute.type == .RDNAttributeType.organizationName {
                if String(attribute.value) == callerGroup { return true }
            }
        }
        return false
    }
}
