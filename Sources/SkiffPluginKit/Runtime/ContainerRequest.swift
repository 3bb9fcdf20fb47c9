import SkiffAPI

/// What a node agent asks a runtime to start: one container of one pod, with everything resolved
/// (environment values, limits, the log file) so that the runtime needs no API access.
public struct ContainerRequest: Codable, Sendable, Hashable {
    /// One environment variable.
    public struct Variable: Codable, Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Its value, resolved.
        public var value: String

        /// A variable.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The node the pod is bound to (a runtime may play several).
    public var node: String
    /// The pod's uid.
    public var podUID: String
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var pod: String
    /// The container's name.
    public var container: String
    /// Restarts before this start.
    public var attempt: Int
    /// Whether it is an init container.
    public var initContainer: Bool
    /// The image the spec names.
    public var image: String
    /// The spec's `command` (empty when the spec gives none).
    public var command: [String]
    /// The spec's `args`.
    public var args: [String]
    /// The environment, in the spec's order, values resolved.
    public var env: [Variable]
    /// The spec's `workingDir`.
    public var workingDir: String?
    /// Where stdout and stderr go (open for appending).
    public var logPath: String
    /// `resources.limits.cpu` in millicores.
    public var cpuLimitMillis: Int?
    /// `resources.limits.memory` in bytes.
    public var memoryLimitBytes: Int64?
    /// The pod's annotations (a simulated runtime reads its instructions there).
    public var annotations: [String: String]

    /// A request.
    public init(
        node: String, podUID: String, namespace: String, pod: String, container: String, attempt: Int,
        initContainer: Bool, image: String, command: [String], args: [String], env: [Variable],
        workingDir: String?, logPath: String, cpuLimitMillis: Int?, memoryLimitBytes: Int64?,
        annotations: [String: String]
    ) {
        self.node = node
        self.podUID = podUID
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.attempt = attempt
        self.initContainer = initContainer
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.workingDir = workingDir
        self.logPath = logPath
        self.cpuLimitMillis = cpuLimitMillis
        self.memoryLimitBytes = memoryLimitBytes
        self.annotations = annotations
    }

    private enum CodingKeys: String, CodingKey {
        case node, podUID, namespace, pod, container, attempt, image, command, args, env, workingDir
        case logPath, cpuLimitMillis, memoryLimitBytes, annotations
        case initContainer = "init"
    }
}
