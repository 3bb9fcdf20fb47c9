/// A group of containers scheduled together onto one node (`v1.Pod`).
public struct Pod: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Pod`.
    public static let kind = "Pod"

    /// The schema version as written; ``Pod/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Pod/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: PodSpec?
    /// The observed state, written by the kubelet.
    public var status: PodStatus?

    /// A pod.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec? = nil, status: PodStatus? = nil) {
        self.apiVersion = Pod.apiVersion
        self.kind = Pod.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a pod (`v1.PodSpec`).
public struct PodSpec: Hashable, Sendable, Codable {
    /// Volumes the containers may mount.
    public var volumes: [Volume]?
    /// Containers run to completion, in order, before the others start (or sidecars, with
    /// `restartPolicy: Always`).
    public var initContainers: [Container]?
    /// The containers.
    public var containers: [Container]?
    /// Debugging containers added to the running pod.
    public var ephemeralContainers: [EphemeralContainer]?
    /// `Always`, `OnFailure` or `Never`; defaults to `Always`.
    public var restartPolicy: String?
    /// Seconds between the stop signal and the kill; defaults to 30.
    public var terminationGracePeriodSeconds: Int64?
    /// Seconds the pod may be active before it is failed.
    public var activeDeadlineSeconds: Int64?
    /// `ClusterFirst` (the default), `ClusterFirstWithHostNet`, `Default` or `None`.
    public var dnsPolicy: String?
    /// Labels a node must have.
    public var nodeSelector: [String: String]?
    /// The service account the pod runs as.
    public var serviceAccountName: String?
    /// Deprecated alias of ``serviceAccountName``.
    public var serviceAccount: String?
    /// Whether a service account token is mounted.
    public var automountServiceAccountToken: Bool?
    /// The node the pod is bound to.
    public var nodeName: String?
    /// Whether the pod uses the node's network namespace.
    public var hostNetwork: Bool?
    /// Whether the pod uses the node's PID namespace.
    public var hostPID: Bool?
    /// Whether the pod uses the node's IPC namespace.
    public var hostIPC: Bool?
    /// Whether the containers share one PID namespace.
    public var shareProcessNamespace: Bool?
    /// Pod-wide security options; defaults to `{}`.
    public var securityContext: PodSecurityContext?
    /// Secrets used to pull the images.
    public var imagePullSecrets: [LocalObjectReference]?
    /// The pod's hostname; defaults to its name.
    public var hostname: String?
    /// With ``hostname``, makes the FQDN `hostname.subdomain.namespace.svc.cluster-domain`.
    public var subdomain: String?
    /// Scheduling constraints.
    public var affinity: Affinity?
    /// The scheduler that places the pod; defaults to `default-scheduler`.
    public var schedulerName: String?
    /// Taints the pod tolerates.
    public var tolerations: [Toleration]?
    /// Extra `/etc/hosts` entries.
    public var hostAliases: [HostAlias]?
    /// The PriorityClass the pod's priority comes from.
    public var priorityClassName: String?
    /// The priority, filled in from ``priorityClassName`` at admission.
    public var priority: Int?
    /// DNS settings merged with those from ``dnsPolicy``.
    public var dnsConfig: PodDNSConfig?
    /// Extra conditions that must be true for the pod to be ready.
    public var readinessGates: [PodReadinessGate]?
    /// The RuntimeClass that runs the pod.
    public var runtimeClassName: String?
    /// Whether Service environment variables are injected; defaults to true.
    public var enableServiceLinks: Bool?
    /// `PreemptLowerPriority` or `Never`.
    public var preemptionPolicy: String?
    /// Resources the pod's sandbox uses on top of its containers, from the RuntimeClass.
    public var overhead: [String: Quantity]?
    /// How the pod is spread across topology domains.
    public var topologySpreadConstraints: [TopologySpreadConstraint]?
    /// Whether the hostname is the FQDN.
    public var setHostnameAsFQDN: Bool?
    /// The operating system the pod needs.
    public var os: PodOS?
    /// Whether the pod uses the host's user namespace; a new one when false.
    public var hostUsers: Bool?
    /// Gates that hold the pod back from scheduling while present.
    public var schedulingGates: [PodSchedulingGate]?
    /// Dynamic resource claims the containers may use.
    public var resourceClaims: [PodResourceClaim]?
    /// Pod-level compute resources.
    public var resources: ResourceRequirements?
    /// A hostname that replaces the pod's, when set.
    public var hostnameOverride: String?

    /// A spec with containers.
    public init(containers: [Container]? = nil) { self.containers = containers }
}

/// Pod-wide security options (`v1.PodSecurityContext`).
public struct PodSecurityContext: Hashable, Sendable, Codable {
    /// The SELinux context of all containers.
    public var seLinuxOptions: SELinuxOptions?
    /// Windows options of all containers.
    public var windowsOptions: WindowsSecurityContextOptions?
    /// The UID the entrypoints run as.
    public var runAsUser: Int64?
    /// The GID the entrypoints run as.
    public var runAsGroup: Int64?
    /// Whether the kubelet refuses to start containers as root.
    public var runAsNonRoot: Bool?
    /// Extra groups of the first process of every container.
    public var supplementalGroups: [Int64]?
    /// `Merge` or `Strict`: whether the image's groups are added.
    public var supplementalGroupsPolicy: String?
    /// The group that owns supporting volumes.
    public var fsGroup: Int64?
    /// Namespaced sysctls.
    public var sysctls: [Sysctl]?
    /// `OnRootMismatch` or `Always`.
    public var fsGroupChangePolicy: String?
    /// The seccomp profile of all containers.
    public var seccompProfile: SeccompProfile?
    /// The AppArmor profile of all containers.
    public var appArmorProfile: AppArmorProfile?
    /// `MountOption` or `Recursive`.
    public var seLinuxChangePolicy: String?

    /// No options.
    public init() {}
}

/// A kernel parameter (`v1.Sysctl`).
public struct Sysctl: Hashable, Sendable, Codable {
    /// The parameter's name.
    public var name: String?
    /// Its value.
    public var value: String?

    /// A sysctl.
    public init(name: String? = nil, value: String? = nil) {
        self.name = name
        self.value = value
    }
}

/// An `/etc/hosts` entry (`v1.HostAlias`).
public struct HostAlias: Hashable, Sendable, Codable {
    /// The IP address.
    public var ip: String?
    /// The hostnames.
    public var hostnames: [String]?

    /// An entry.
    public init(ip: String? = nil, hostnames: [String]? = nil) {
        self.ip = ip
        self.hostnames = hostnames
    }
}

/// DNS settings of a pod (`v1.PodDNSConfig`).
public struct PodDNSConfig: Hashable, Sendable, Codable {
    /// Name server IPs.
    public var nameservers: [String]?
    /// Search domains.
    public var searches: [String]?
    /// Resolver options.
    public var options: [PodDNSConfigOption]?

    /// No settings.
    public init() {}
}

/// A resolver option (`v1.PodDNSConfigOption`).
public struct PodDNSConfigOption: Hashable, Sendable, Codable {
    /// The option's name, `ndots`.
    public var name: String?
    /// Its value.
    public var value: String?

    /// An option.
    public init(name: String? = nil, value: String? = nil) {
        self.name = name
        self.value = value
    }
}

/// An extra readiness condition (`v1.PodReadinessGate`).
public struct PodReadinessGate: Hashable, Sendable, Codable {
    /// The condition type in the pod's status.
    public var conditionType: String?

    /// A gate on `conditionType`.
    public init(conditionType: String? = nil) { self.conditionType = conditionType }
}

/// The operating system a pod needs (`v1.PodOS`).
public struct PodOS: Hashable, Sendable, Codable {
    /// `linux` or `windows`.
    public var name: String?

    /// An OS.
    public init(name: String? = nil) { self.name = name }
}

/// A gate that holds a pod back from scheduling (`v1.PodSchedulingGate`).
public struct PodSchedulingGate: Hashable, Sendable, Codable {
    /// The gate's name.
    public var name: String?

    /// A gate.
    public init(name: String? = nil) { self.name = name }
}

/// A dynamic resource claim of a pod (`v1.PodResourceClaim`).
public struct PodResourceClaim: Hashable, Sendable, Codable {
    /// The name containers use for the claim.
    public var name: String?
    /// An existing ResourceClaim.
    public var resourceClaimName: String?
    /// A ResourceClaimTemplate a claim is made from for the pod.
    public var resourceClaimTemplateName: String?

    /// A claim.
    public init(name: String? = nil) { self.name = name }
}

/// The pod a workload controller creates (`v1.PodTemplateSpec`).
public struct PodTemplateSpec: Hashable, Sendable, Codable {
    /// The pods' metadata (labels, annotations).
    public var metadata: ObjectMeta?
    /// The pods' spec.
    public var spec: PodSpec?

    /// A template.
    public init(metadata: ObjectMeta? = nil, spec: PodSpec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }
}

extension Pod {
    /// The init container or container named `name`.
    public func container(named name: String) -> Container? {
        spec?.initContainers?.first { $0.name == name } ?? spec?.containers?.first { $0.name == name }
    }
}
