import NIOCore
import NIOSSL

/// How an ``HTTPTransport`` speaks TLS to an `https://` server: which certificate authorities it
/// trusts, and the client certificate it presents, if any. Built once; its NIO context is shared by
/// every connection of the transport.
public struct ClientTLS: Sendable {
    /// A problem with the certificates or keys given.
    public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The NIO context every connection uses.
    let context: NIOSSLContext

    /// A TLS configuration from PEM text: `certificateAuthorities` (the system's roots when nil),
    /// an optional client certificate chain and its private key, and `insecureSkipVerify` to
    /// accept any server certificate (kubeconfig's `insecure-skip-tls-verify`).
    public init(
        certificateAuthorities: [UInt8]? = nil, clientCertificate: [UInt8]? = nil, clientKey: [UInt8]? = nil,
        insecureSkipVerify: Bool = false
    ) throws(ConfigurationError) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            if let certificateAuthorities {
                let roots = try NIOSSLCertificate.fromPEMBytes(certificateAuthorities)
                guard !roots.isEmpty else {
                    throw ConfigurationError(description: "the certificate authority data holds no certificate")
                }
                configuration.trustRoots = .certificates(roots)
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(description: "cannot read the certificate authority data: \(error)")
        }
        switch (clientCertificate, clientKey) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(certificate)
                guard !chain.isEmpty else {
                    throw ConfigurationError(description: "the client certificate data holds no certificate")
                }
                configuration.certificateChain = chain.map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(description: "cannot read the client certificate or key: \(error)")
            }
        default:
            throw ConfigurationError(description: "a client certificate needs its key, and a key its certificate")
        }
        if insecureSkipVerify { configuration.certificateVerification = .none }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ConfigurationError(description: "cannot set up TLS: \(error)")
        }
    }

    /// The handler that goes first in a connection's pipeline. A name is sent as SNI and checked
    /// against the certificate; for an IP address NIO checks the certificate's IP entries against
    /// the address connected to.
    func handler(host: String) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: IPAddress.bytes(host) == nil ? host : nil)
    }
}
