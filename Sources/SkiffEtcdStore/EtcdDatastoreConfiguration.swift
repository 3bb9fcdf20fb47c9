/// Where an etcd cluster is and how to talk to it: `skiff server --datastore etcd://...` and
/// the `--etcd-*` flags, checked before anything connects.
public struct EtcdDatastoreConfiguration: Sendable, Hashable {
    /// One member's client address.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// A host name or an IPv4 address.
        public var host: String
        /// The client port.
        public var port: Int

        /// The member at `host:port`.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { "\(host):\(port)" }
    }

    /// The files of a TLS client: the authority that signed the members' certificates and,
    /// for clusters that require client certificates (`--client-cert-auth`), this client's
    /// certificate and key. PEM.
    public struct TLSFiles: Sendable, Hashable {
        /// The certificate authority to verify members with.
        public var certificateAuthority: String
        /// The client certificate chain (nil: no client certificate).
        public var certificate: String?
        /// The client certificate's private key.
        public var key: String?

        /// TLS files; `certificate` and `key` go together.
        public init(certificateAuthority: String, certificate: String? = nil, key: String? = nil) {
            self.certificateAuthority = certificateAuthority
            self.certificate = certificate
            self.key = key
        }
    }

    /// A malformed `--datastore` value or a bad combination of flags.
    public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, for people.
        public var message: String
        public var description: String { message }
    }

    /// The members to connect to (any of them answers; requests go round the healthy ones).
    public var endpoints: [Endpoint]
    /// TLS, or nil for plain text.
    public var tls: TLSFiles?
    /// How often the compactor runs; each run compacts to the revision seen one interval
    /// earlier (kube-apiserver's `--etcd-compaction-interval`). nil: never compact.
    public var compactionInterval: Duration?
    /// How long one request may take, retries included, before it fails as unavailable.
    public var requestTimeout: Duration = .seconds(10)
    /// The key whose version elects which server compacts (kube-apiserver's).
    public var compactionKey = "compact_rev_key"

    /// A configuration for `endpoints`.
    public init(endpoints: [Endpoint], tls: TLSFiles? = nil, compactionInterval: Duration? = .seconds(300)) {
        self.endpoints = endpoints
        self.tls = tls
        self.compactionInterval = compactionInterval
    }

    /// Parses `etcd://HOST:PORT[,HOST:PORT...]` (or `https://...`, which needs `tls`).
    ///
    /// Each member may also be written with its own scheme, as etcdctl's `--endpoints` are:
    /// `etcd://127.0.0.1:2379,etcd://127.0.0.1:22379`.
    public static func parse(
        _ text: String, tls: TLSFiles? = nil, compactionInterval: Duration? = .seconds(300)
    ) throws(ConfigurationError) -> EtcdDatastoreConfiguration {
        let schemes = ["etcd://", "https://", "http://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw ConfigurationError(
                message: "an etcd datastore is written etcd://HOST:PORT[,HOST:PORT...], not \"\(text)\"")
        }
        if scheme == "https://", tls == nil {
            throw ConfigurationError(message: "an https:// datastore needs --etcd-cafile")
        }
        if scheme == "http://", tls != nil {
            throw ConfigurationError(message: "an http:// datastore takes no TLS files; use https:// or etcd://")
        }
        if let tls, (tls.certificate == nil) != (tls.key == nil) {
            throw ConfigurationError(message: "--etcd-certfile and --etcd-keyfile go together")
        }
        var endpoints: [Endpoint] = []
        for var part in text.dropFirst(scheme.count).split(separator: ",", omittingEmptySubsequences: false) {
            if let other = schemes.first(where: { part.hasPrefix($0) }) { part = part.dropFirst(other.count) }
            if part.hasSuffix("/") { part = part.dropLast() }
            guard let colon = part.lastIndex(of: ":"), let port = Int(part[part.index(after: colon)...]),
                (1...65535).contains(port), colon > part.startIndex,
                !part[..<colon].contains("/"), !part[..<colon].contains(":")
            else {
                throw ConfigurationError(
                    message: "an etcd member is HOST:PORT with a port from 1 to 65535, not \"\(part)\" in \"\(text)\"")
            }
            endpoints.append(Endpoint(host: String(part[..<colon]), port: port))
        }
        guard !endpoints.isEmpty else {
            throw ConfigurationError(message: "an etcd datastore needs at least one member: \"\(text)\"")
        }
        return EtcdDatastoreConfiguration(endpoints: endpoints, tls: tls, compactionInterval: compactionInterval)
    }
}
