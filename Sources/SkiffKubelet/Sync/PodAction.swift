import Foundation
import SkiffPluginKit

/// One thing the agent does for a pod, in the order a plan lists them.
public enum PodAction: Sendable, Hashable {
    /// Prepare the pod in the runtime (its addresses).
    case runPod
    /// Start a container.
    case start(name: String, initContainer: Bool, attempt: Int)
    /// Run a container's preStop hook (it precedes the SIGTERM that follows it in the plan).
    case preStop(id: String)
    /// Send a signal to a running container.
    case kill(id: String, signal: Int32)
    /// Forget an exited container (and its log).
    case remove(id: String)
    /// Release the pod in the runtime.
    case stopPod
    /// Delete the pod object for good (grace 0, with its uid as a precondition).
    case deletePod
}

/// What the agent knows of a probe of one running container.
public struct ProbeVerdicts: Sendable, Hashable {
    /// The startup probe succeeded (true when there is none).
    public var started: Bool
    /// The readiness probe succeeds (true when there is none).
    public var ready: Bool
    /// The liveness probe failed its threshold.
    public var livenessFailed: Bool

    /// Verdicts.
    public init(started: Bool, ready: Bool, livenessFailed: Bool = false) {
        self.started = started
        self.ready = ready
        self.livenessFailed = livenessFailed
    }
}

/// A start that failed: the waiting reason until the next attempt.
public struct StartFailure: Sendable, Hashable {
    /// A token unique to this failure (for the back-off).
    public var token: String
    /// The runtime's reason ("RunContainerError").
    public var reason: String
    /// The runtime's message.
    public var message: String
    /// When it failed.
    public var at: Date

    /// A failure.
    public init(token: String, reason: String, message: String, at: Date) {
        self.token = token
        self.reason = reason
        self.message = message
        self.at = at
    }
}

/// A container the agent is stopping.
public struct Stopping: Sendable, Hashable {
    /// When SIGKILL follows.
    public var deadline: Date
    /// Whether SIGKILL went out.
    public var killed: Bool
}

/// What the agent remembers of a pod between syncs. The planner takes it and returns it changed.
public struct PodWorkerState: Sendable, Hashable {
    /// The uid of the pod it is about.
    public var uid: String
    /// The runtime's sandbox, once run.
    public var sandbox: PodSandbox?
    /// Back-off per container name.
    public var backoff: [String: RestartBackoff] = [:]
    /// The last failed start per container name (cleared by a successful start).
    public var startFailures: [String: StartFailure] = [:]
    /// Containers being stopped, by record id.
    public var stopping: [String: Stopping] = [:]
    /// When the agent started stopping the whole pod.
    public var terminationStarted: Date?
    /// When the agent first saw the pod (the status's startTime).
    public var firstSeen: Date
    /// Whether the runtime released the pod.
    public var stopped = false

    /// Fresh state.
    public init(uid: String, firstSeen: Date) {
        self.uid = uid
        self.firstSeen = firstSeen
    }
}
