import Foundation
import Yams

/// Where a client reaches its API server and who it is there, read from a kubeconfig file the
/// way kubectl reads it: the current context (or a named one), its cluster's `server`,
/// `certificate-authority[-data]` and `insecure-skip-tls-verify`, and its user's `token`,
/// `tokenFile` and `client-certificate[-data]`/`client-key[-data]`. Relative file paths are
/// relative to the kubeconfig's own folder.
public struct ClientConfiguration: Sendable {
    /// The server's base URL.
    public var server: String
    /// The bearer token, when the user has one.
    public var bearerToken: String?
    /// TLS for an `https://` server.
    public var tls: ClientTLS?
    /// The certificate authorities the kubeconfig trusts, as PEM text (a node agent requires
    /// client certificates of the same cluster CA).
    public var certificateAuthorityPEM: [UInt8]?
    /// The context's namespace, when it names one.
    public var namespace: String?

    /// A configuration for `server` with the given credentials.
    public init(server: String, bearerToken: String? = nil, tls: ClientTLS? = nil, namespace: String? = nil) {
        self.server = server
        self.bearerToken = bearerToken
        self.tls = tls
        self.namespace = namespace
    }

    /// An HTTP transport with this configuration.
    public func transport(requestTimeout: Duration = .seconds(60)) -> HTTPTransport {
        HTTPTransport(baseURL: server, bearerToken: bearerToken, tls: tls, requestTimeout: requestTimeout)
    }

    /// Reads the kubeconfig at `path`; `context` picks a context other than the current one.
    /// Throws a ``ClientError`` (code 0) naming what is missing or unreadable.
    public static func load(kubeconfig path: String, context: String? = nil) throws(ClientError) -> ClientConfiguration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .transport("cannot read the kubeconfig \(path): \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            return try parse(text, context: context, folder: folder)
        } catch {
            throw .transport("the kubeconfig \(path): \(error.message)")
        }
    }

    /// Parses kubeconfig text; file references resolve against `folder`.
    static func parse(_ text: String, context wanted: String?, folder: URL) throws(ClientError) -> ClientConfiguration {
        let root: [String: Any]
        do {
            guard let parsed = try Yams.load(yaml: text) as? [String: Any] else {
                throw ClientError.transport("not a kubeconfig (expected a mapping)")
            }
            root = parsed
        } catch let error as ClientError {
            throw error
        } catch {
            throw .transport("invalid YAML: \(error)")
        }
        func named(_ list: String, _ name: String?, _ field: String) -> [String: Any]? {
            let entries = root[list] as? [[String: Any]] ?? []
            let entry = name.flatMap { name in entries.first { $0["name"] as? String == name } }
            return entry?[field] as? [String: Any]
        }
        let contextName = wanted ?? (root["current-context"] as? String)
        let contexts = root["contexts"] as? [[String: Any]] ?? []
        let context: [String: Any]
        if let contextName, !contextName.isEmpty {
            guard let found = named("contexts", contextName, "context") else {
                throw .transport("context \"\(contextName)\" not found")
            }
            context = found
        } else if contexts.count == 1, let only = contexts[0]["context"] as? [String: Any] {
            context = only
        } else {
            context = [:]
        }
        // A context that names its cluster gets that one (or an error, as from kubectl); only a
        // kubeconfig without a context falls back to its first cluster.
        let clusterName = context["cluster"] as? String
        let cluster =
            clusterName != nil
            ? named("clusters", clusterName, "cluster")
            : ((root["clusters"] as? [[String: Any]])?.first?["cluster"] as? [String: Any])
        guard let cluster, let server = cluster["server"] as? String, !server.isEmpty else {
            throw .transport("no cluster with a server")
        }
        let userName = context["user"] as? String ?? ""
        let user = named("users", userName, "user") ?? [:]

        /// The bytes of a file the kubeconfig names (relative to its folder).
        func contents(_ file: String, _ fileKey: String) throws(ClientError) -> [UInt8] {
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
            guard let contents = FileManager.default.contents(atPath: url.path) else {
                throw .transport("cannot read \(fileKey) \(url.path)")
            }
            return Array(contents)
        }
        func material(_ dataKey: String, _ fileKey: String, from map: [String: Any]) throws(ClientError) -> [UInt8]? {
            if let data = map[dataKey] as? String {
                guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                    throw .transport("\(dataKey) is not base64")
                }
                return Array(decoded)
            }
            if let file = map[fileKey] as? String { return try contents(file, fileKey) }
            return nil
        }
        var configuration = ClientConfiguration(
            server: server, namespace: context["namespace"] as? String)
        if let token = user["token"] as? String, !token.isEmpty {
            configuration.bearerToken = token
        } else if let tokenFile = user["tokenFile"] as? String {
            let token = String(decoding: try contents(tokenFile, "tokenFile"), as: UTF8.self)
            configuration.bearerToken = token.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if server.lowercased().hasPrefix("https://") {
            let authorities = try material("certificate-authority-data", "certificate-authority", from: cluster)
            configuration.certificateAuthorityPEM = authorities
            let certificate = try material("client-certificate-data", "client-certificate", from: user)
            let key = try material("client-key-data", "client-key", from: user)
            let skip = cluster["insecure-skip-tls-verify"] as? Bool ?? false
            do {
                configuration.tls = try ClientTLS(
                    certificateAuthorities: authorities, clientCertificate: certificate, clientKey: key,
                    insecureSkipVerify: skip)
            } catch {
                throw .transport(error.description)
            }
        }
        return configuration
    }
}
