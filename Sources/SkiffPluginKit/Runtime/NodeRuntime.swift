import SkiffAPI

/// A node runtime plugin (`SKIFF_KIND_NODE_RUNTIME`): runs the containers a node agent asks for and
/// reports what happens to them, the way a CRI runtime serves a kubelet. The agent decides
/// everything else (restarts, probes, back-off, status). Export one with
/// `SkiffPlugin.export(runtime:hostABI:)`.
///
/// Calls come from several host threads at once and may block (a runtime is always concurrent);
/// report exits with ``RuntimeContext/report(_:)`` from any thread.
public protocol NodeRuntime: AnyObject, Sendable {
    /// The plugin's unique name ("process-runtime").
    static var name: String { get }
    /// The plugin's own version.
    static var version: String { get }
    /// One line for `skiff plugins list`.
    static var summary: String { get }
    /// Whether it only plays containers (`SKIFF_RUNTIME_SIMULATED`): the agent then skips probes.
    static var simulated: Bool { get }

    /// Creates the runtime from its JSON configuration.
    init(context: RuntimeContext, configuration: JSONValue) throws

    /// The nodes it plays, as Node objects for the agent to register.
    func nodes() throws -> [JSONValue]
    /// Prepares a pod (idempotent): its addresses.
    func runPod(_ pod: JSONValue) throws -> PodSandbox
    /// Releases what `runPod` prepared.
    func stopPod(uid: String) throws
    /// Starts a container; its record.
    func startContainer(_ request: ContainerRequest) throws -> ContainerRecord
    /// Sends SIGTERM (15) or SIGKILL (9) to a container.
    func killContainer(id: String, signal: Int32) throws
    /// Forgets an exited container.
    func removeContainer(id: String) throws
    /// Every record, running and exited.
    func listContainers() throws -> [ContainerRecord]
    /// Runs a command in a container and waits.
    func execSync(_ request: ExecRequest) throws -> ExecResponse
    /// Stops the runtime's own threads (containers keep running).
    func shutdown()
}

extension NodeRuntime {
    /// "1.0.0".
    public static var version: String { "1.0.0" }
    /// Not simulated.
    public static var simulated: Bool { false }
    /// Nothing to stop.
    public func shutdown() {}
}
