import SkiffAPI

/// How a node agent runs.
public struct NodeAgentOptions: Sendable {
    /// The runtime plugin's file (`libProcessRuntime.so`, `libSimulatedRuntime.so`).
    public var runtimePath: String
    /// The runtime's configuration; the agent adds `nodeName`, `nodeIP` and `stateDirectory`
    /// when they are missing.
    public var runtimeConfiguration: JSONValue
    /// The node's name (a single-node runtime's; a simulated runtime names its own nodes).
    public var nodeName: String
    /// The node's address, where the API server reaches the agent's endpoint.
    public var nodeIP: String
    /// Where the agent keeps logs (`ROOT/pods/...`) and the runtime its state (`ROOT/runtime`).
    public var rootDirectory: String
    /// The endpoint's listening address.
    public var listenHost: String = "0.0.0.0"
    /// The endpoint's port (kubelet's 10250; 0 picks a free one).
    public var port: Int = 10250
    /// HTTPS for the endpoint, requiring the API server's client certificate; nil serves plain HTTP.
    public var tls: KubeletTLS?
    /// Pod worker threads.
    public var workers: Int = 8
    /// How often the Leases are renewed (kubelet: a quarter of ``leaseSeconds``).
    public var leaseInterval: Duration = .seconds(10)
    /// The Leases' duration.
    public var leaseSeconds: Int = 40
    /// How often node conditions are rewritten (plus up to 10 % jitter).
    public var statusInterval: Duration = .seconds(300)
    /// How often every pod is synced even without events (0: never).
    public var resyncInterval: Duration = .seconds(60)
    /// How often the runtime's records are listed again, orphans collected and logs rotated.
    public var housekeepingInterval: Duration = .seconds(10)
    /// When container logs rotate (kubelet's `containerLogMaxSize` 10 MiB, `containerLogMaxFiles` 5).
    public var logRotation = LogRotation()

    /// KWOK's pace for simulated nodes: node conditions every 600 s (plus jitter; the Leases carry
    /// liveness) and no periodic resync of every pod.
    public mutating func paceForSimulatedNodes() {
        statusInterval = .seconds(600)
        resyncInterval = .zero
    }

    /// Options for a runtime plugin file.
    public init(
        runtimePath: String, runtimeConfiguration: JSONValue = .emptyObject, nodeName: String, nodeIP: String,
        rootDirectory: String
    ) {
        self.runtimePath = runtimePath
        self.runtimeConfiguration = runtimeConfiguration
        self.nodeName = nodeName
        self.nodeIP = nodeIP
        self.rootDirectory = rootDirectory
    }
}
