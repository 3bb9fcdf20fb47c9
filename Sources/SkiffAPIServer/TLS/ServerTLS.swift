import NIOSSL

/// The API server's TLS: its certificate chain and key, and the authority whose client
/// certificates it asks for (any presented certificate is accepted at the TLS layer and judged
/// by ``ClientCertificateAuthenticator``, so a bad one gets 401, not a failed handshake).
public struct ServerTLS: Sendable {
    /// The serving certificate, then any intermediates, as PEM text.
    public var certificateChainPEM: String
    /// The serving certificate's private key, as PEM text.
    public var keyPEM: String
    /// The authority named in the request for a client certificate, as PEM text.
    public var clientAuthorityPEM: String?

    /// A TLS setting.
    public init(certificateChainPEM: String, keyPEM: String, clientAuthorityPEM: String? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.keyPEM = keyPEM
        self.clientAuthorityPEM = clientAuthorityPEM
    }

    /// Checks that the certificates and key can be used, before the server starts.
    public func validate() throws {
        _ = try NIOSSLContext(configuration: try configuration())
    }

    /// NIO's server configuration: TLS 1.2 or later, HTTP/1.1 by ALPN, client certificates asked
    /// for but optional.
    func configuration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        if let clientAuthorityPEM {
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientAuthorityPEM.utf8)))
            configuration.sendCANameList = true
        }
        return configuration
    }
}
