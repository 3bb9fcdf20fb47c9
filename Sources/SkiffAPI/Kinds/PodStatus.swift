/// The observed state of a pod (`v1.PodStatus`), written by the kubelet and the scheduler.
public struct PodStatus: Hashable, Sendable, Codable {
    /// The `metadata.generation` the status was written for.
    public var observedGeneration: Int64?
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String?
    /// `PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...
    public var conditions: [PodCondition]?
    /// Why the pod is in this state, for people.
    public var message: String?
    /// Why the pod is in this state, CamelCase (`Evicted`).
    public var reason: String?
    /// The node a preempting pod is expected to run on.
    public var nominatedNodeName: String?
    /// The node's primary IP.
    public var hostIP: String?
    /// The node's IPs, primary first.
    public var hostIPs: [HostIP]?
    /// The pod's primary IP.
    public var podIP: String?
    /// The pod's IPs, primary first.
    public var podIPs: [PodIP]?
    /// When the kubelet acknowledged the pod.
    public var startTime: Time?
    /// The init containers' statuses.
    public var initContainerStatuses: [ContainerStatus]?
    /// The containers' statuses.
    public var containerStatuses: [ContainerStatus]?
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    public var qosClass: String?
    /// The ephemeral containers' statuses.
    public var ephemeralContainerStatuses: [ContainerStatus]?
    /// The state of an in-place resize (deprecated).
    public var resize: String?
    /// The ResourceClaims made for the pod.
    public var resourceClaimStatuses: [PodResourceClaimStatus]?
    /// The claim made for extended resources backed by dynamic resource allocation.
    public var extendedResourceClaimStatus: PodExtendedResourceClaimStatus?

    /// An empty status.
    public init(phase: String? = nil) { self.phase = phase }
}

/// A condition of a pod (`v1.PodCondition`).
public struct PodCondition: Hashable, Sendable, Codable {
    /// `PodScheduled`, `Ready`, ...
    public var type: String?
    /// The `metadata.generation` the condition was set for.
    public var observedGeneration: Int64?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// When the condition was last probed.
    public var lastProbeTime: Time?
    /// When the status last changed.
    public var lastTransitionTime: Time?
    /// A CamelCase reason for the last transition.
    public var reason: String?
    /// For people.
    public var message: String?

    /// A condition.
    public init(type: String? = nil, status: String? = nil) {
        self.type = type
        self.status = status
    }
}

/// An IP address of a pod (`v1.PodIP`).
public struct PodIP: Hashable, Sendable, Codable {
    /// The address.
    public var ip: String?

    /// An address.
    public init(ip: String? = nil) { self.ip = ip }
}

/// An IP address of a pod's node (`v1.HostIP`).
public struct HostIP: Hashable, Sendable, Codable {
    /// The address.
    public var ip: String?

    /// An address.
    public init(ip: String? = nil) { self.ip = ip }
}

/// The status of one container (`v1.ContainerStatus`).
public struct ContainerStatus: Hashable, Sendable, Codable {
    /// The container's name.
    public var name: String?
    /// Its current state.
    public var state: ContainerState?
    /// Its previous state, after a restart.
    public var lastState: ContainerState?
    /// Whether its readiness probe passed.
    public var ready: Bool?
    /// How often it was restarted.
    public var restartCount: Int?
    /// The image it runs, as the runtime names it.
    public var image: String?
    /// The image's ID, `docker.io/library/nginx@sha256:...`.
    public var imageID: String?
    /// `<runtime>://<id>`.
    public var containerID: String?
    /// Whether it started and its startup probe passed.
    public var started: Bool?
    /// The resources allocated to it on the node.
    public var allocatedResources: [String: Quantity]?
    /// The resources it actually runs with.
    public var resources: ResourceRequirements?
    /// Its mounts as applied.
    public var volumeMounts: [VolumeMountStatus]?
    /// The identity its first process runs as.
    public var user: ContainerUser?
    /// The health of the devices allocated to it.
    public var allocatedResourcesStatus: [ResourceStatus]?
    /// The signal that stops it.
    public var stopSignal: String?

    /// A status.
    public init(name: String? = nil) { self.name = name }
}

/// A container's state (`v1.ContainerState`); at most one is set.
public struct ContainerState: Hashable, Sendable, Codable {
    /// Not running yet.
    public var waiting: ContainerStateWaiting?
    /// Running.
    public var running: ContainerStateRunning?
    /// Finished.
    public var terminated: ContainerStateTerminated?

    /// A state.
    public init(
        waiting: ContainerStateWaiting? = nil, running: ContainerStateRunning? = nil,
        terminated: ContainerStateTerminated? = nil
    ) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }
}

/// A container that is not running yet (`v1.ContainerStateWaiting`).
public struct ContainerStateWaiting: Hashable, Sendable, Codable {
    /// `ContainerCreating`, `CrashLoopBackOff`, `ImagePullBackOff`, ...
    public var reason: String?
    /// For people.
    public var message: String?

    /// A waiting state.
    public init(reason: String? = nil, message: String? = nil) {
        self.reason = reason
        self.message = message
    }
}

/// A running container (`v1.ContainerStateRunning`).
public struct ContainerStateRunning: Hashable, Sendable, Codable {
    /// When it started.
    public var startedAt: Time?

    /// A running state.
    public init(startedAt: Time? = nil) { self.startedAt = startedAt }
}

/// A finished container (`v1.ContainerStateTerminated`).
public struct ContainerStateTerminated: Hashable, Sendable, Codable {
    /// Its exit code.
    public var exitCode: Int?
    /// The signal that ended it.
    public var signal: Int?
    /// `Completed`, `Error`, `OOMKilled`, ...
    public var reason: String?
    /// For people (the termination message).
    public var message: String?
    /// When it started.
    public var startedAt: Time?
    /// When it finished.
    public var finishedAt: Time?
    /// `<runtime>://<id>`.
    public var containerID: String?

    /// A terminated state.
    public init(exitCode: Int? = nil, reason: String? = nil) {
        self.exitCode = exitCode
        self.reason = reason
    }
}

/// A mount as applied to a running container (`v1.VolumeMountStatus`).
public struct VolumeMountStatus: Hashable, Sendable, Codable {
    /// The volume's name.
    public var name: String?
    /// Where it is mounted.
    public var mountPath: String?
    /// Whether it is read-only.
    public var readOnly: Bool?
    /// `Disabled` or `Enabled`.
    public var recursiveReadOnly: String?

    /// A mount status.
    public init(name: String? = nil, mountPath: String? = nil) {
        self.name = name
        self.mountPath = mountPath
    }
}

/// The identity a container's first process runs as (`v1.ContainerUser`).
public struct ContainerUser: Hashable, Sendable, Codable {
    /// The Linux identity.
    public var linux: LinuxContainerUser?

    /// A user.
    public init(linux: LinuxContainerUser? = nil) { self.linux = linux }
}

/// A Linux identity (`v1.LinuxContainerUser`).
public struct LinuxContainerUser: Hashable, Sendable, Codable {
    /// The UID.
    public var uid: Int64?
    /// The GID.
    public var gid: Int64?
    /// The supplemental groups.
    public var supplementalGroups: [Int64]?

    /// An identity.
    public init(uid: Int64? = nil, gid: Int64? = nil, supplementalGroups: [Int64]? = nil) {
        self.uid = uid
        self.gid = gid
        self.supplementalGroups = supplementalGroups
    }
}

/// The health of the devices of one resource (`v1.ResourceStatus`).
public struct ResourceStatus: Hashable, Sendable, Codable {
    /// The resource's name.
    public var name: String?
    /// One entry per device.
    public var resources: [ResourceHealth]?

    /// A status.
    public init(name: String? = nil, resources: [ResourceHealth]? = nil) {
        self.name = name
        self.resources = resources
    }
}

/// The health of one device (`v1.ResourceHealth`).
public struct ResourceHealth: Hashable, Sendable, Codable {
    /// The device's ID.
    public var resourceID: String?
    /// `Healthy`, `Unhealthy` or `Unknown`.
    public var health: String?

    /// A device's health.
    public init(resourceID: String? = nil, health: String? = nil) {
        self.resourceID = resourceID
        self.health = health
    }
}

/// A ResourceClaim made for a pod (`v1.PodResourceClaimStatus`).
public struct PodResourceClaimStatus: Hashable, Sendable, Codable {
    /// The entry's name in `spec.resourceClaims`.
    public var name: String?
    /// The claim made.
    public var resourceClaimName: String?

    /// A claim status.
    public init(name: String? = nil, resourceClaimName: String? = nil) {
        self.name = name
        self.resourceClaimName = resourceClaimName
    }
}

/// The claim made for a pod's extended resources (`v1.PodExtendedResourceClaimStatus`).
public struct PodExtendedResourceClaimStatus: Hashable, Sendable, Codable {
    /// Which claim request serves which container resource.
    public var requestMappings: [ContainerExtendedResourceRequest]?
    /// The claim's name.
    public var resourceClaimName: String?

    /// An empty status.
    public init() {}
}

/// One container resource served by a claim request (`v1.ContainerExtendedResourceRequest`).
public struct ContainerExtendedResourceRequest: Hashable, Sendable, Codable {
    /// The container.
    public var containerName: String?
    /// The extended resource.
    public var resourceName: String?
    /// The request in the claim.
    public var requestName: String?

    /// An empty mapping.
    public init() {}
}
