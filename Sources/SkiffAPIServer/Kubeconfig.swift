import Foundation

/// The kubeconfig files `skiff server` writes (its administrator's, next to its data) and
/// `skiff kubeconfig create` writes for other users: kubectl and the Kubernetes clients use them
/// as they are.
public enum Kubeconfig {
    /// Who the kubeconfig's user is and whom it trusts.
    public struct Credentials: Sendable {
        /// The certificate authorities that sign the server's certificate, as PEM text.
        public var certificateAuthorityPEM: String?
        /// The client certificate, as PEM text.
        public var clientCertificatePEM: String?
        /// Its private key, as PEM text.
        public var clientKeyPEM: String?
        /// A bearer token.
        public var token: String?

        /// Credentials; all optional (none for a plain-HTTP server without authentication).
        public init(
            certificateAuthorityPEM: String? = nil, clientCertificatePEM: String? = nil, clientKeyPEM: String? = nil,
            token: String? = nil
        ) {
            self.certificateAuthorityPEM = certificateAuthorityPEM
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.token = token
        }

        /// Whether the file holds a secret.
        var isSecret: Bool { clientKeyPEM != nil || token != nil }
    }

    /// The YAML text for a server at `url` with `credentials`.
    public static func text(
        server url: String, name: String = "skiff", user: String? = nil, credentials: Credentials = Credentials()
    ) -> String {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        var cluster = "    server: \(url)\n"
        if let authority = credentials.certificateAuthorityPEM {
            cluster += "    certificate-authority-data: \(base64(authority))\n"
        }
        var fields: [String] = []
        if let certificate = credentials.clientCertificatePEM {
            fields.append("    client-certificate-data: \(base64(certificate))")
        }
        if let key = credentials.clientKeyPEM { fields.append("    client-key-data: \(base64(key))") }
        if let token = credentials.token { fields.append("    token: \(token)") }
        let userName = user ?? name
        let userBlock = fields.isEmpty ? "  user: {}\n" : "  user:\n" + fields.joined(separator: "\n") + "\n"
        return
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(name)
              cluster:
            \(cluster)contexts:
            - name: \(name)
              context:
                cluster: \(name)
                user: \(userName)
                namespace: default
            current-context: \(name)
            users:
            - name: \(userName)
            \(userBlock)preferences: {}

            """
    }

    /// Writes the kubeconfig atomically, readable by its owner only when it holds a key or token.
    public static func write(
        server url: String, to path: String, user: String? = nil, credentials: Credentials = Credentials()
    ) throws {
        let text = text(server: url, user: user, credentials: credentials)
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8),
                attributes: [.posixPermissions: credentials.isSecret ? 0o600 : 0o644])
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
