import Crypto
import Foundation
import SkiffClient
import SwiftASN1
import X509

/// The cluster's certificate authority and what it signs, kept in `DATA-DIR/pki` as kubeadm
/// keeps `/etc/kubernetes/pki`: `ca.crt`/`ca.key` (made on first start, valid 10 years), the API
/// server's serving certificate `apiserver.crt`/`apiserver.key` (valid a year, made again when a
/// name it must cover is missing or it has less than 30 days left) and client certificates for
/// users (user in CN, groups in O). Keys are ECDSA P-256; key files are readable by their owner
/// only.
public struct ClusterPKI: Sendable {
    /// A problem reading, writing or making certificates.
    public struct PKIError: Error, Sendable, CustomStringConvertible {
        /// What went wrong, naming the file.
        public var description: String
    }

    /// A certificate and its private key, as PEM text.
    public struct KeyPair: Sendable {
        /// The certificate.
        public var certificatePEM: String
        /// Its private key.
        public var keyPEM: String

        /// A pair.
        public init(certificatePEM: String, keyPEM: String) {
            self.certificatePEM = certificatePEM
            self.keyPEM = keyPEM
        }
    }

    /// The folder of the files.
    public let directory: URL
    /// The authority's certificate.
    public let authority: Certificate
    /// The authority's certificate as PEM text (what kubeconfigs trust).
    public let authorityPEM: String
    private let authorityKey: Certificate.PrivateKey

    /// How long the authority is valid.
    static let authorityValidity: TimeInterval = 10 * 365 * 86_400
    /// How long issued certificates are valid.
    public static let leafValidity: TimeInterval = 365 * 86_400
    /// A leaf with less than this left is made again.
    static let renewBefore: TimeInterval = 30 * 86_400

    /// Loads the authority from `directory`, or makes one when neither of its files exists.
    public static func loadOrCreate(directory: URL, now: Date = Date()) throws(PKIError) -> ClusterPKI {
        let certificateFile = directory.appendingPathComponent("ca.crt")
        let keyFile = directory.appendingPathComponent("ca.key")
        let manager = FileManager.default
        if manager.fileExists(atPath: certificateFile.path) || manager.fileExists(atPath: keyFile.path) {
            let certificatePEM = try read(certificateFile)
            let keyPEM = try read(keyFile)
            do {
                let certificate = try Certificate(pemEncoded: certificatePEM)
                let key = try Certificate.PrivateKey(pemEncoded: keyPEM)
                guard key.publicKey == certificate.publicKey else {
                    throw PKIError(description: "\(keyFile.path) is not the key of \(certificateFile.path)")
                }
                return ClusterPKI(directory: directory, authority: certificate, authorityPEM: certificatePEM, key: key)
            } catch let error as PKIError {
                throw error
            } catch {
                throw PKIError(description: "cannot read the cluster CA in \(directory.path): \(error)")
            }
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            let key = P256.Signing.PrivateKey()
            // Named with its moment of birth, as kube-apiserver's self-signed CAs are, so that two
            // clusters' CAs are told apart in messages.
            let name = try DistinguishedName { CommonName("skiff-ca@\(Int(now.timeIntervalSince1970))") }
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(authorityValidity),
                issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: .init(key.publicKey))
                },
                issuerPrivateKey: .init(key))
            let certificatePEM = try certificate.serializeAsPEM().pemString
            try write(key.pemRepresentation, to: keyFile, secret: true)
            try write(certificatePEM, to: certificateFile, secret: false)
            return ClusterPKI(
                directory: directory, authority: certificate, authorityPEM: certificatePEM, key: .init(key))
        } catch let error as PKIError {
            throw error
        } catch {
            throw PKIError(description: "cannot make the cluster CA in \(directory.path): \(error)")
        }
    }

    private init(directory: URL, authority: Certificate, authorityPEM: String, key: Certificate.PrivateKey) {
        self.directory = directory
        self.authority = authority
        self.authorityPEM = authorityPEM
        self.authorityKey = key
    }

    /// The API server's serving certificate for `hosts` (names and IP addresses): the one in
    /// `apiserver.crt` when this authority signed it, it covers every host and has more than 30
    /// days left; otherwise a new one, written there.
    public func servingCertificate(hosts: [String], now: Date = Date()) throws(PKIError) -> KeyPair {
        try stored(name: "apiserver", now: now, covers: hosts) { () throws(PKIError) -> KeyPair in
            try issue(commonName: "skiff-apiserver", organizations: [], hosts: hosts, server: true, now: now)
        }
    }

    /// A client certificate for `user` in `groups` from `name.crt`/`name.key`, made again when
    /// missing, for someone else, or near its end.
    public func clientCertificate(
        name: String, user: String, groups: [String], now: Date = Date()
    ) throws(PKIError) -> KeyPair {
        try stored(name: name, now: now, user: user, groups: groups) { () throws(PKIError) -> KeyPair in
            try issue(commonName: user, organizations: groups, hosts: [], server: false, now: now)
        }
    }

    /// Signs a new key pair: a serving certificate for `hosts`, or a client certificate whose
    /// CN is the user and whose O entries are the groups.
    public func issue(
        commonName: String, organizations: [String], hosts: [String], server: Bool, now: Date = Date(),
        validity: TimeInterval = leafValidity
    ) throws(PKIError) -> KeyPair {
        do {
            let key = P256.Signing.PrivateKey()
            let subject = try DistinguishedName {
                for organization in organizations { OrganizationName(organization) }
                CommonName(commonName)
            }
            let names = hosts.map { host -> GeneralName in
                if let address = IPAddress.bytes(host) {
                    return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address)))
                }
                return .dnsName(host)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(validity),
                issuer: authority.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    try ExtendedKeyUsage([server ? .serverAuth : .clientAuth])
                    if !names.isEmpty { SubjectAlternativeNames(names) }
                },
                issuerPrivateKey: authorityKey)
            return KeyPair(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
        } catch {
            throw PKIError(description: "cannot issue a certificate for \(commonName): \(error)")
        }
    }

    /// The pair in `name.crt`/`name.key` when it still fits, else `make()`'s, written there.
    private func stored(
        name: String, now: Date, covers hosts: [String] = [], user: String? = nil, groups: [String] = [],
        make: () throws(PKIError) -> KeyPair
    ) throws(PKIError) -> KeyPair {
        let certificateFile = directory.appendingPathComponent("\(name).crt")
        let keyFile = directory.appendingPathComponent("\(name).key")
        if let certificatePEM = try? Self.read(certificateFile), let keyPEM = try? Self.read(keyFile),
            let certificate = try? Certificate(pemEncoded: certificatePEM),
            let key = try? Certificate.PrivateKey(pemEncoded: keyPEM), key.publicKey == certificate.publicKey,
            certificate.issuer == authority.subject,
            authority.publicKey.isValidSignature(certificate.signature, for: certificate),
            certificate.notValidAfter.timeIntervalSince(now) > Self.renewBefore,
            Self.covers(certificate, hosts),
            user == nil || Self.identity(of: certificate) == (user ?? "", groups)
        {
            return KeyPair(certificatePEM: certificatePEM, keyPEM: keyPEM)
        }
        let pair = try make()
        try Self.write(pair.keyPEM, to: keyFile, secret: true)
        try Self.write(pair.certificatePEM, to: certificateFile, secret: false)
        return pair
    }

    /// Whether the certificate's subject alternative names include every host.
    static func covers(_ certificate: Certificate, _ hosts: [String]) -> Bool {
        guard !hosts.isEmpty else { return true }
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return false }
        var dns: Set<String> = []
        var addresses: Set<[UInt8]> = []
        for name in names {
            switch name {
            case .dnsName(let value): dns.insert(value.lowercased())
            case .ipAddress(let bytes): addresses.insert(Array(bytes.bytes))
            default: continue
            }
        }
        return hosts.allSatisfy { host in
            if let bytes = IPAddress.bytes(host) { return addresses.contains(bytes) }
            return dns.contains(host.lowercased())
        }
    }

    /// The user (CN) and groups (O) a client certificate names.
    static func identity(of certificate: Certificate) -> (user: String, groups: [String]) {
        var user = ""
        var groups: [String] = []
        for name in certificate.subject {
            for attribute in name {
                if attribute.type == .RDNAttributeType.commonName, let value = String(attribute.value) {
                    user = value
                } else if attribute.type == .RDNAttributeType.organizationName, let value = String(attribute.value) {
                    groups.append(value)
                }
            }
        }
        return (user, groups)
    }

    private static func read(_ file: URL) throws(PKIError) -> String {
        do {
            return try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw PKIError(description: "cannot read \(file.path): \(error.localizedDescription)")
        }
    }

    /// Writes atomically; a secret is readable by its owner only from the moment it exists.
    private static func write(_ text: String, to file: URL, secret: Bool) throws(PKIError) {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
        let manager = FileManager.default
        try? manager.removeItem(at: temporary)
        guard
            manager.createFile(
                atPath: temporary.path, contents: Data(text.utf8),
                attributes: [.posixPermissions: secret ? 0o600 : 0o644])
        else {
            throw PKIError(description: "cannot write \(file.path)")
        }
        guard rename(temporary.path, file.path) == 0 else {
            throw PKIError(description: "cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
    }
}
