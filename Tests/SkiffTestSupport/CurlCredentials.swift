import Foundation
import Synchronization

/// curl's TLS and client-certificate flags for the test servers: a server registers its URL and
/// its `pki` folder, and a curl command aimed at it gets `--cacert` (the cluster CA) and, unless
/// it sends an `Authorization:` header of its own (a token, or an empty one for no credentials),
/// the administrator's client certificate.
public enum CurlCredentials {
    private static let servers = Mutex<[String: URL]>([:])

    /// Notes that `url` is served with the CA and admin certificate of `pki`.
    public static func register(url: String, pki: URL) {
        servers.withLock { $0[url] = pki }
    }

    /// `arguments` of a curl command with the credentials of the server it names put in front.
    public static func arguments(_ arguments: [String]) -> [String] {
        let known = servers.withLock { $0 }
        guard
            let pki = known.first(where: { server in arguments.contains { $0.hasPrefix(server.key) } })?.value
        else { return arguments }
        var extra = ["--cacert", pki.appendingPathComponent("ca.crt").path]
        if !arguments.contains(where: { $0.lowercased().hasPrefix("authorization:") }) {
            extra += [
                "--cert", pki.appendingPathComponent("admin.crt").path, "--key",
                pki.appendingPathComponent("admin.key").path,
            ]
        }
        return extra + arguments
    }
}
