import Hummingbird
import NIOCore
import NIOSSL

/// Hummingbird's request context plus the connection's channel, through which the client
/// certificate of a TLS connection is read.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The DER bytes of the certificate the client presented in the TLS handshake; nil without
    /// TLS or without a certificate.
    func peerCertificate() async -> [UInt8]? {
        let future = channel.nioSSL_peerCertificate().map { certificate in try? certificate?.toDERBytes() }
        return (try? await future.get()) ?? nil
    }
}
