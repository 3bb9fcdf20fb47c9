import Foundation
import SkiffAPIServer
import SkiffClient

/// How `skiff server` secures its API, decided once at start: HTTPS with the cluster CA's serving
/// certificate (or the user's own), client certificates, tokens and ServiceAccount tokens, and
/// RBAC; or, with `--insecure-http` on a loopback address only, plain HTTP where every request is
/// an administrator's (kube-apiserver's old insecure port).
struct ServerSecurity {
    /// The TLS the API serves; nil for plain HTTP.
    var tls: ServerTLS?
    /// Who requests come from; nil when nobody is asked.
    var authentication: Authentication?
    /// How requests are authorized.
    var authorization: AuthorizationMode
    /// The administrator's credentials for the kubeconfig the server writes.
    var administrator: Kubeconfig.Credentials
    /// The cluster CA (with TLS made by the server).
    var pki: ClusterPKI?
    /// How `pods/log` reaches node agents: the API server's kubelet client certificate
    /// (`skiff-apiserver` in `system:masters`); nil for plain HTTP.
    var kubeletClient: ClientTLS?

    /// The administrator the server's kubeconfig names: CN `skiff-admin`, O `system:masters`.
    static let administratorName = "skiff-admin"

    /// The scheme of the API's URL.
    var scheme: String { tls == nil ? "http" : "https" }

    /// The security for `host` from the server's flags.
    static func make(
        directory: URL, host: String, insecureHTTP: Bool, certificateFile: String?, keyFile: String?,
        extraNames: [String], tokenFile: String?, authorization mode: AuthorizationMode
    ) throws -> ServerSecurity {
        if insecureHTTP {
            guard isLoopback(host) else {
                throw CLIError(
                    "--insecure-http serves without TLS and authentication, so only on a loopback address (127.0.0.1, ::1, localhost), not \(host)"
                )
            }
            return ServerSecurity(
                tls: nil, authentication: nil, authorization: .alwaysAllow, administrator: .init(), pki: nil)
        }
        let pki: ClusterPKI
        do {
            pki = try ClusterPKI.loadOrCreate(directory: directory.appendingPathComponent("pki"))
        } catch {
            throw CLIError("\(error)")
        }
        var authorities = pki.authorityPEM
        let serving: ClusterPKI.KeyPair
        if let certificateFile, let keyFile {
            guard let certificate = try? String(contentsOfFile: certificateFile, encoding: .utf8),
                let key = try? String(contentsOfFile: keyFile, encoding: .utf8)
            else {
                throw CLIError("cannot read --tls-cert \(certificateFile) or --tls-key \(keyFile)")
            }
            serving = ClusterPKI.KeyPair(certificatePEM: certificate, keyPEM: key)
            // The kubeconfig trusts the user's chain too (a self-signed certificate, or one whose
            // file ends in its root).
            authorities += "\n" + certificate
        } else {
            do {
                serving = try pki.servingCertificate(hosts: servingNames(listenHost: host, extra: extraNames))
            } catch {
                throw CLIError("\(error)")
            }
        }
        let administrator: ClusterPKI.KeyPair
        do {
            administrator = try pki.clientCertificate(
                name: "admin", user: administratorName, groups: ["system:masters"])
        } catch {
            throw CLIError("\(error)")
        }
        var authentication = Authentication(certificates: ClientCertificateAuthenticator(authority: pki.authority))
        if let tokenFile {
            do {
                authentication.tokens = try TokenAuthenticator(path: tokenFile)
            } catch {
                throw CLIError("\(error)")
            }
        }
        do {
            authentication.serviceAccounts = try ServiceAccountTokens(
                keyFile: directory.appendingPathComponent("pki/sa.key"))
        } catch {
            throw CLIError("\(error)")
        }
        let tls = ServerTLS(
            certificateChainPEM: serving.certificatePEM, keyPEM: serving.keyPEM, clientAuthorityPEM: pki.authorityPEM)
        do {
            try tls.validate()
        } catch {
            let source =
                certificateFile.map { "--tls-cert \($0) and --tls-key \(keyFile ?? "")" } ?? "the serving certificate"
            throw CLIError("cannot serve TLS with \(source): \(error)")
        }
        // Agents' serving certificates are their own, self-signed: not checked, as kube-apiserver
        // does not check kubelets' without --kubelet-certificate-authority.
        let kubeletClient: ClientTLS
        do {
            let pair = try pki.clientCertificate(
                name: "apiserver-kubelet-client", user: "skiff-apiserver", groups: ["system:masters"])
            kubeletClient = try ClientTLS(
                clientCertificate: Array(pair.certificatePEM.utf8), clientKey: Array(pair.keyPEM.utf8),
                insecureSkipVerify: true)
        } catch {
            throw CLIError("cannot make the API server's kubelet client certificate: \(error)")
        }
        return ServerSecurity(
            tls: tls, authentication: authentication, authorization: mode,
            administrator: Kubeconfig.Credentials(
                certificateAuthorityPEM: authorities, clientCertificatePEM: administrator.certificatePEM,
                clientKeyPEM: administrator.keyPEM),
            pki: pki, kubeletClient: kubeletClient)
    }

    /// Whether `host` is a loopback address or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Whether `host` listens on every interface.
    static func isWildcard(_ host: String) -> Bool { host == "0.0.0.0" || host == "::" || host == "[::]" }

    /// The host a kubeconfig names for a server listening on `host`.
    static func clientHost(_ host: String) -> String {
        if isWildcard(host) { return "127.0.0.1" }
        return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    /// The names and addresses the serving certificate covers: localhost and the loopback
    /// addresses, the host's names, the listen address (every interface's when it is a wildcard)
    /// and `--tls-san`.
    static func servingNames(listenHost: String, extra: [String]) -> [String] {
        var names = ["localhost", "127.0.0.1", "::1", "kubernetes", "kubernetes.default", "kubernetes.default.svc"]
        let hostName = ProcessInfo.processInfo.hostName
        for name in [hostName, String(hostName.split(separator: ".").first ?? "")] where !name.isEmpty {
            names.append(name)
        }
        if isWildcard(listenHost) {
            names += HostAddress.ipv4Addresses()
        } else {
            names.append(listenHost)
        }
        names += extra
        var seen: Set<String> = []
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
