/// A container of a pod (`v1.Container`).
public struct Container: Hashable, Sendable, Codable {
    /// The name, unique within the pod (a DNS label).
    public var name: String?
    /// The image reference, `nginx:1.27`.
    public var image: String?
    /// The entrypoint, replacing the image's `ENTRYPOINT`.
    public var command: [String]?
    /// The arguments, replacing the image's `CMD`.
    public var args: [String]?
    /// The working directory.
    public var workingDir: String?
    /// The ports the container exposes (informational, and named targets for Services).
    public var ports: [ContainerPort]?
    /// Sources that fill environment variables in bulk.
    public var envFrom: [EnvFromSource]?
    /// Environment variables.
    public var env: [EnvVar]?
    /// Compute resources.
    public var resources: ResourceRequirements?
    /// How each resource may be resized in place.
    public var resizePolicy: [ContainerResizePolicy]?
    /// `Always` for a sidecar init container; otherwise unset.
    public var restartPolicy: String?
    /// Exit-code rules overriding ``restartPolicy`` for this container.
    public var restartPolicyRules: [ContainerRestartRule]?
    /// Volumes mounted into the filesystem.
    public var volumeMounts: [VolumeMount]?
    /// Block devices.
    public var volumeDevices: [VolumeDevice]?
    /// Restarts the container when it fails.
    public var livenessProbe: Probe?
    /// Removes the pod from Service endpoints when it fails.
    public var readinessProbe: Probe?
    /// Holds off the other probes until it succeeds.
    public var startupProbe: Probe?
    /// Hooks run after start and before stop.
    public var lifecycle: Lifecycle?
    /// Where the container writes its termination message.
    public var terminationMessagePath: String?
    /// `File` or `FallbackToLogsOnError`.
    public var terminationMessagePolicy: String?
    /// `Always`, `Never` or `IfNotPresent`.
    public var imagePullPolicy: String?
    /// Security options.
    public var securityContext: SecurityContext?
    /// Whether the container has a stdin buffer.
    public var stdin: Bool?
    /// Whether stdin closes after the first attach ends.
    public var stdinOnce: Bool?
    /// Whether the container has a TTY.
    public var tty: Bool?

    /// A container with a name and an image.
    public init(name: String? = nil, image: String? = nil) {
        self.name = name
        self.image = image
    }
}

/// A debugging container added to a running pod (`v1.EphemeralContainer`): a ``Container`` without
/// ports, probes, lifecycle or resources (validation enforces that), plus ``targetContainerName``.
public struct EphemeralContainer: Hashable, Sendable, Codable {
    /// The name, unique within the pod.
    public var name: String?
    /// The image reference.
    public var image: String?
    /// The entrypoint.
    public var command: [String]?
    /// The arguments.
    public var args: [String]?
    /// The working directory.
    public var workingDir: String?
    /// Not allowed for ephemeral containers.
    public var ports: [ContainerPort]?
    /// Sources that fill environment variables in bulk.
    public var envFrom: [EnvFromSource]?
    /// Environment variables.
    public var env: [EnvVar]?
    /// Not allowed for ephemeral containers.
    public var resources: ResourceRequirements?
    /// Not allowed for ephemeral containers.
    public var resizePolicy: [ContainerResizePolicy]?
    /// Not allowed for ephemeral containers.
    public var restartPolicy: String?
    /// Not allowed for ephemeral containers.
    public var restartPolicyRules: [ContainerRestartRule]?
    /// Volumes mounted into the filesystem.
    public var volumeMounts: [VolumeMount]?
    /// Block devices.
    public var volumeDevices: [VolumeDevice]?
    /// Not allowed for ephemeral containers.
    public var livenessProbe: Probe?
    /// Not allowed for ephemeral containers.
    public var readinessProbe: Probe?
    /// Not allowed for ephemeral containers.
    public var startupProbe: Probe?
    /// Not allowed for ephemeral containers.
    public var lifecycle: Lifecycle?
    /// Where the container writes its termination message.
    public var terminationMessagePath: String?
    /// `File` or `FallbackToLogsOnError`.
    public var terminationMessagePolicy: String?
    /// `Always`, `Never` or `IfNotPresent`.
    public var imagePullPolicy: String?
    /// Security options.
    public var securityContext: SecurityContext?
    /// Whether the container has a stdin buffer.
    public var stdin: Bool?
    /// Whether stdin closes after the first attach ends.
    public var stdinOnce: Bool?
    /// Whether the container has a TTY.
    public var tty: Bool?
    /// The container whose namespaces (process, ...) this one joins.
    public var targetContainerName: String?

    /// An ephemeral container with a name and an image.
    public init(name: String? = nil, image: String? = nil, targetContainerName: String? = nil) {
        self.name = name
        self.image = image
        self.targetContainerName = targetContainerName
    }
}

/// A port a container exposes (`v1.ContainerPort`).
public struct ContainerPort: Hashable, Sendable, Codable {
    /// A name Services can target (an IANA service name).
    public var name: String?
    /// The port on the host, for host-port pods.
    public var hostPort: Int?
    /// The port in the pod's network namespace.
    public var containerPort: Int?
    /// `TCP`, `UDP` or `SCTP`.
    public var `protocol`: String?
    /// The host IP the host port binds.
    public var hostIP: String?

    /// A port.
    public init(name: String? = nil, containerPort: Int? = nil, protocol: String? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.protocol = `protocol`
    }
}

/// A source of environment variables in bulk (`v1.EnvFromSource`).
public struct EnvFromSource: Hashable, Sendable, Codable {
    /// A prefix prepended to every key.
    public var prefix: String?
    /// A ConfigMap whose keys become variables.
    public var configMapRef: ConfigMapEnvSource?
    /// A Secret whose keys become variables.
    public var secretRef: SecretEnvSource?

    /// An empty source.
    public init() {}
}

/// A ConfigMap used by ``EnvFromSource`` (`v1.ConfigMapEnvSource`).
public struct ConfigMapEnvSource: Hashable, Sendable, Codable {
    /// The ConfigMap's name.
    public var name: String?
    /// Whether the ConfigMap may be missing.
    public var optional: Bool?

    /// A reference to a ConfigMap.
    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
}

/// A Secret used by ``EnvFromSource`` (`v1.SecretEnvSource`).
public struct SecretEnvSource: Hashable, Sendable, Codable {
    /// The Secret's name.
    public var name: String?
    /// Whether the Secret may be missing.
    public var optional: Bool?

    /// A reference to a Secret.
    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
}

/// An environment variable (`v1.EnvVar`).
public struct EnvVar: Hashable, Sendable, Codable {
    /// The variable's name.
    public var name: String?
    /// A literal value, with `$(VAR)` references expanded.
    public var value: String?
    /// Where the value comes from, when not literal.
    public var valueFrom: EnvVarSource?

    /// A variable.
    public init(name: String? = nil, value: String? = nil, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from (`v1.EnvVarSource`); exactly one is set.
public struct EnvVarSource: Hashable, Sendable, Codable {
    /// A field of the pod, `metadata.name`.
    public var fieldRef: ObjectFieldSelector?
    /// A resource limit or request of a container.
    public var resourceFieldRef: ResourceFieldSelector?
    /// A key of a ConfigMap.
    public var configMapKeyRef: ConfigMapKeySelector?
    /// A key of a Secret.
    public var secretKeyRef: SecretKeySelector?
    /// A key of an env file in a volume.
    public var fileKeyRef: FileKeySelector?

    /// An empty source.
    public init() {}
}

/// A field of an object (`v1.ObjectFieldSelector`).
public struct ObjectFieldSelector: Hashable, Sendable, Codable {
    /// The schema version `fieldPath` is written in; defaults to `v1`.
    public var apiVersion: String?
    /// The field's path, `status.podIP`.
    public var fieldPath: String?

    /// A field selector.
    public init(apiVersion: String? = nil, fieldPath: String? = nil) {
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
}

/// A container resource (`v1.ResourceFieldSelector`).
public struct ResourceFieldSelector: Hashable, Sendable, Codable {
    /// The container, required for volumes, optional for env.
    public var containerName: String?
    /// The resource, `limits.cpu`.
    public var resource: String?
    /// The unit the value is expressed in; defaults to `1`.
    public var divisor: Quantity?

    /// A resource selector.
    public init(containerName: String? = nil, resource: String? = nil, divisor: Quantity? = nil) {
        self.containerName = containerName
        self.resource = resource
        self.divisor = divisor
    }
}

/// A key of a ConfigMap (`v1.ConfigMapKeySelector`).
public struct ConfigMapKeySelector: Hashable, Sendable, Codable {
    /// The ConfigMap's name.
    public var name: String?
    /// The key.
    public var key: String?
    /// Whether the ConfigMap or key may be missing.
    public var optional: Bool?

    /// A key selector.
    public init(name: String? = nil, key: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
}

/// A key of a Secret (`v1.SecretKeySelector`).
public struct SecretKeySelector: Hashable, Sendable, Codable {
    /// The Secret's name.
    public var name: String?
    /// The key.
    public var key: String?
    /// Whether the Secret or key may be missing.
    public var optional: Bool?

    /// A key selector.
    public init(name: String? = nil, key: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
}

/// A key of an env file in an emptyDir volume (`v1.FileKeySelector`).
public struct FileKeySelector: Hashable, Sendable, Codable {
    /// The volume holding the file.
    public var volumeName: String?
    /// The file's path within the volume.
    public var path: String?
    /// The key.
    public var key: String?
    /// Whether the file or key may be missing.
    public var optional: Bool?

    /// An empty selector.
    public init() {}
}

/// Compute resources (`v1.ResourceRequirements`).
public struct ResourceRequirements: Hashable, Sendable, Codable {
    /// The most of each resource that may be used, `cpu: 500m`.
    public var limits: [String: Quantity]?
    /// The amount of each resource reserved; defaults to the limits.
    public var requests: [String: Quantity]?
    /// Dynamic resource claims of the pod this container uses.
    public var claims: [ContainerResourceClaim]?

    /// Requirements from limits and requests.
    public init(limits: [String: Quantity]? = nil, requests: [String: Quantity]? = nil) {
        self.limits = limits
        self.requests = requests
    }
}

/// One of the pod's resource claims used by a container (`v1.ResourceClaim` in Go; renamed here so
/// as not to clash with the `resource.k8s.io` kind).
public struct ContainerResourceClaim: Hashable, Sendable, Codable {
    /// The name of an entry in `spec.resourceClaims`.
    public var name: String?
    /// A request within the claim, when only one is meant.
    public var request: String?

    /// A claim reference.
    public init(name: String? = nil, request: String? = nil) {
        self.name = name
        self.request = request
    }
}

/// How a resource of a container is resized in place (`v1.ContainerResizePolicy`).
public struct ContainerResizePolicy: Hashable, Sendable, Codable {
    /// `cpu` or `memory`.
    public var resourceName: String?
    /// `NotRequired` or `RestartContainer`.
    public var restartPolicy: String?

    /// A policy.
    public init(resourceName: String? = nil, restartPolicy: String? = nil) {
        self.resourceName = resourceName
        self.restartPolicy = restartPolicy
    }
}

/// A rule that decides a container's restart from its exit code (`v1.ContainerRestartRule`).
public struct ContainerRestartRule: Hashable, Sendable, Codable {
    /// `Restart`.
    public var action: String?
    /// The exit codes the rule applies to.
    public var exitCodes: ContainerRestartRuleOnExitCodes?

    /// An empty rule.
    public init() {}
}

/// The exit codes of a ``ContainerRestartRule`` (`v1.ContainerRestartRuleOnExitCodes`).
public struct ContainerRestartRuleOnExitCodes: Hashable, Sendable, Codable {
    /// `In` or `NotIn`.
    public var `operator`: String?
    /// The exit codes.
    public var values: [Int]?

    /// An empty set.
    public init() {}
}

/// A volume mounted into a container (`v1.VolumeMount`).
public struct VolumeMount: Hashable, Sendable, Codable {
    /// The volume's name.
    public var name: String?
    /// Whether the mount is read-only.
    public var readOnly: Bool?
    /// `Disabled`, `IfPossible` or `Enabled`.
    public var recursiveReadOnly: String?
    /// Where the volume is mounted.
    public var mountPath: String?
    /// A path within the volume to mount instead of its root.
    public var subPath: String?
    /// `None`, `HostToContainer` or `Bidirectional`.
    public var mountPropagation: String?
    /// Like ``subPath`` with `$(VAR)` references expanded.
    public var subPathExpr: String?

    /// A mount.
    public init(name: String? = nil, mountPath: String? = nil, readOnly: Bool? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.readOnly = readOnly
    }
}

/// A raw block volume mapped into a container (`v1.VolumeDevice`).
public struct VolumeDevice: Hashable, Sendable, Codable {
    /// The volume's name.
    public var name: String?
    /// The device path in the container.
    public var devicePath: String?

    /// A device.
    public init(name: String? = nil, devicePath: String? = nil) {
        self.name = name
        self.devicePath = devicePath
    }
}

/// A health check of a container (`v1.Probe`); exactly one action is set.
public struct Probe: Hashable, Sendable, Codable {
    /// Runs a command; success is exit code 0.
    public var exec: ExecAction?
    /// An HTTP GET; success is a status in 200..<400.
    public var httpGet: HTTPGetAction?
    /// A TCP connection; success is that it opens.
    public var tcpSocket: TCPSocketAction?
    /// A gRPC health check.
    public var grpc: GRPCAction?
    /// Seconds after start before the first probe.
    public var initialDelaySeconds: Int?
    /// Seconds before a probe times out; defaults to 1.
    public var timeoutSeconds: Int?
    /// Seconds between probes; defaults to 10.
    public var periodSeconds: Int?
    /// Consecutive successes that count as success; defaults to 1.
    public var successThreshold: Int?
    /// Consecutive failures that count as failure; defaults to 3.
    public var failureThreshold: Int?
    /// A grace period for the kill after a failed liveness or startup probe.
    public var terminationGracePeriodSeconds: Int64?

    /// An empty probe.
    public init() {}
}

/// A command run in the container (`v1.ExecAction`).
public struct ExecAction: Hashable, Sendable, Codable {
    /// The command and its arguments; not run in a shell.
    public var command: [String]?

    /// An action running `command`.
    public init(command: [String]? = nil) { self.command = command }
}

/// An HTTP GET request (`v1.HTTPGetAction`).
public struct HTTPGetAction: Hashable, Sendable, Codable {
    /// The path; defaults to `/`.
    public var path: String?
    /// The port number or name.
    public var port: IntOrString?
    /// The host; defaults to the pod IP.
    public var host: String?
    /// `HTTP` or `HTTPS`; defaults to `HTTP`.
    public var scheme: String?
    /// Extra request headers.
    public var httpHeaders: [HTTPHeader]?

    /// A request.
    public init(path: String? = nil, port: IntOrString? = nil) {
        self.path = path
        self.port = port
    }
}

/// A request header (`v1.HTTPHeader`).
public struct HTTPHeader: Hashable, Sendable, Codable {
    /// The header name.
    public var name: String?
    /// The header value.
    public var value: String?

    /// A header.
    public init(name: String? = nil, value: String? = nil) {
        self.name = name
        self.value = value
    }
}

/// A TCP connection attempt (`v1.TCPSocketAction`).
public struct TCPSocketAction: Hashable, Sendable, Codable {
    /// The port number or name.
    public var port: IntOrString?
    /// The host; defaults to the pod IP.
    public var host: String?

    /// An action on `port`.
    public init(port: IntOrString? = nil) { self.port = port }
}

/// A gRPC health check (`v1.GRPCAction`).
public struct GRPCAction: Hashable, Sendable, Codable {
    /// The port number.
    public var port: Int?
    /// The service name sent in the health check request.
    public var service: String?

    /// An action on `port`.
    public init(port: Int? = nil) { self.port = port }
}

/// Hooks around a container's life (`v1.Lifecycle`).
public struct Lifecycle: Hashable, Sendable, Codable {
    /// Run right after the container starts.
    public var postStart: LifecycleHandler?
    /// Run before the container is stopped.
    public var preStop: LifecycleHandler?
    /// The signal that stops the container, overriding the image's.
    public var stopSignal: String?

    /// No hooks.
    public init() {}
}

/// One lifecycle hook (`v1.LifecycleHandler`); exactly one action is set.
public struct LifecycleHandler: Hashable, Sendable, Codable {
    /// Runs a command.
    public var exec: ExecAction?
    /// An HTTP GET.
    public var httpGet: HTTPGetAction?
    /// Deprecated; kept for old manifests.
    public var tcpSocket: TCPSocketAction?
    /// Waits.
    public var sleep: SleepAction?

    /// An empty handler.
    public init() {}
}

/// A pause (`v1.SleepAction`).
public struct SleepAction: Hashable, Sendable, Codable {
    /// Seconds to sleep.
    public var seconds: Int64?

    /// A sleep of `seconds`.
    public init(seconds: Int64? = nil) { self.seconds = seconds }
}

/// Security options of a container (`v1.SecurityContext`); they override the pod's.
public struct SecurityContext: Hashable, Sendable, Codable {
    /// Capabilities added and dropped.
    public var capabilities: Capabilities?
    /// Whether the container runs privileged.
    public var privileged: Bool?
    /// The SELinux context.
    public var seLinuxOptions: SELinuxOptions?
    /// Windows options.
    public var windowsOptions: WindowsSecurityContextOptions?
    /// The UID the entrypoint runs as.
    public var runAsUser: Int64?
    /// The GID the entrypoint runs as.
    public var runAsGroup: Int64?
    /// Whether the kubelet refuses to start the container as root.
    public var runAsNonRoot: Bool?
    /// Whether the root filesystem is read-only.
    public var readOnlyRootFilesystem: Bool?
    /// Whether a process may gain more privileges than its parent.
    public var allowPrivilegeEscalation: Bool?
    /// `Default` or `Unmasked`.
    public var procMount: String?
    /// The seccomp profile.
    public var seccompProfile: SeccompProfile?
    /// The AppArmor profile.
    public var appArmorProfile: AppArmorProfile?

    /// No options.
    public init() {}
}

/// Linux capabilities (`v1.Capabilities`).
public struct Capabilities: Hashable, Sendable, Codable {
    /// Capabilities added, `NET_ADMIN`.
    public var add: [String]?
    /// Capabilities dropped, `ALL`.
    public var drop: [String]?

    /// Capability changes.
    public init(add: [String]? = nil, drop: [String]? = nil) {
        self.add = add
        self.drop = drop
    }
}

/// An SELinux context (`v1.SELinuxOptions`).
public struct SELinuxOptions: Hashable, Sendable, Codable {
    /// The SELinux user.
    public var user: String?
    /// The SELinux role.
    public var role: String?
    /// The SELinux type.
    public var type: String?
    /// The SELinux level.
    public var level: String?

    /// An empty context.
    public init() {}
}

/// Windows-specific security options (`v1.WindowsSecurityContextOptions`).
public struct WindowsSecurityContextOptions: Hashable, Sendable, Codable {
    /// The GMSA credential spec resource's name.
    public var gmsaCredentialSpecName: String?
    /// The GMSA credential spec's contents.
    public var gmsaCredentialSpec: String?
    /// The Windows user name the entrypoint runs as.
    public var runAsUserName: String?
    /// Whether the container is a host process container.
    public var hostProcess: Bool?

    /// No options.
    public init() {}
}

/// A seccomp profile (`v1.SeccompProfile`).
public struct SeccompProfile: Hashable, Sendable, Codable {
    /// `RuntimeDefault`, `Unconfined` or `Localhost`.
    public var type: String?
    /// The profile file, for `Localhost`.
    public var localhostProfile: String?

    /// A profile.
    public init(type: String? = nil, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
}

/// An AppArmor profile (`v1.AppArmorProfile`).
public struct AppArmorProfile: Hashable, Sendable, Codable {
    /// `RuntimeDefault`, `Unconfined` or `Localhost`.
    public var type: String?
    /// The loaded profile's name, for `Localhost`.
    public var localhostProfile: String?

    /// A profile.
    public init(type: String? = nil, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
}
