import SkiffAPI
import SkiffClient

/// Settings of the API server.
public struct APIServerOptions: Sendable {
    /// Where to listen.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one.
    public var port = 6443
    /// The largest request body accepted (kube-apiserver's limit is 3 MiB).
    public var maxBodyBytes = 3 << 20
    /// How many recent changes each resource's watch cache keeps for watches that resume.
    public var watchCacheCapacity = 20_000
    /// How often a watch that allows bookmarks receives one.
    public var bookmarkInterval: Duration = .seconds(60)
    /// How long a watch without `timeoutSeconds` stays open.
    public var defaultWatchTimeout: Duration = .seconds(1800)
    /// How many undelivered events a watch may hold before it is ended.
    public var watchBufferLimit = 10_000
    /// The store's database file, which the `/skiff/v1/` history endpoints read (read-only, with
    /// their own connection); nil leaves them without one (they answer 404).
    public var databasePath: String?
    /// Extra Prometheus text appended to `/metrics` (the plugin host's).
    public var extraMetrics: (@Sendable () -> String)?
    /// What `GET /skiff/v1/plugins` answers (the plugin host's inventory); 404 when nil.
    public var pluginInventory: (@Sendable () -> JSONValue)?

    /// Who requests come from: nil serves everyone as a cluster administrator (no
    /// authentication, as kube-apiserver's old insecure port did).
    public var authentication: Authentication?
    /// Where writes and refusals are recorded, with who made them; nil records nothing.
    public var auditLog: AuditLog?
    /// How `pods/log` reaches node agents: HTTPS with this client certificate (agents serve
    /// only `system:masters`); nil speaks plain HTTP to them.
    public var kubeletClient: ClientTLS?
    /// Serve HTTPS with this certificate; nil serves plain HTTP.
    public var tls: ServerTLS?
    /// How authenticated requests are authorized.
    public var authorization: AuthorizationMode = .alwaysAllow
    /// How long Events live: they are stored with a lease of this TTL, as kube-apiserver's
    /// `--event-ttl` (nil: they live until deleted).
    public var eventTTL: Duration? = .seconds(3600)

    /// The defaults.
    public init() {}
}
