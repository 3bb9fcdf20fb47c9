/// A stable address for a set of pods (`v1.Service`).
public struct Service: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Service`.
    public static let kind = "Service"

    /// The schema version as written; ``Service/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Service/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ServiceSpec?
    /// The observed state.
    public var status: ServiceStatus?

    /// A service.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: ServiceSpec? = nil, status: ServiceStatus? = nil) {
        self.apiVersion = Service.apiVersion
        self.kind = Service.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a service (`v1.ServiceSpec`).
public struct ServiceSpec: Hashable, Sendable, Codable {
    /// The ports exposed.
    public var ports: [ServicePort]?
    /// Labels of the pods traffic goes to.
    public var selector: [String: String]?
    /// The primary cluster IP, `None` for a headless service; allocated when empty.
    public var clusterIP: String?
    /// The cluster IPs, primary first.
    public var clusterIPs: [String]?
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String?
    /// IPs outside the cluster that route to the service.
    public var externalIPs: [String]?
    /// `None` (the default) or `ClientIP`.
    public var sessionAffinity: String?
    /// Deprecated: the load balancer IP asked for.
    public var loadBalancerIP: String?
    /// Client CIDRs a load balancer admits.
    public var loadBalancerSourceRanges: [String]?
    /// The DNS name an `ExternalName` service aliases.
    public var externalName: String?
    /// `Cluster` or `Local`: how external traffic is routed.
    public var externalTrafficPolicy: String?
    /// The node port for health checks of `Local` load balancers.
    public var healthCheckNodePort: Int?
    /// Whether DNS publishes pods that are not ready.
    public var publishNotReadyAddresses: Bool?
    /// Session affinity settings.
    public var sessionAffinityConfig: SessionAffinityConfig?
    /// `IPv4` and/or `IPv6`, primary first.
    public var ipFamilies: [String]?
    /// `SingleStack`, `PreferDualStack` or `RequireDualStack`.
    public var ipFamilyPolicy: String?
    /// Whether a `LoadBalancer` service gets node ports; defaults to true.
    public var allocateLoadBalancerNodePorts: Bool?
    /// The load balancer implementation.
    public var loadBalancerClass: String?
    /// `Cluster` (the default) or `Local`: how in-cluster traffic is routed.
    public var internalTrafficPolicy: String?
    /// A routing preference, `PreferClose`.
    public var trafficDistribution: String?

    /// A spec.
    public init(ports: [ServicePort]? = nil, selector: [String: String]? = nil, type: String? = nil) {
        self.ports = ports
        self.selector = selector
        self.type = type
    }
}

/// A port of a service (`v1.ServicePort`).
public struct ServicePort: Hashable, Sendable, Codable {
    /// The name, required when there are several ports.
    public var name: String?
    /// `TCP` (the default), `UDP` or `SCTP`.
    public var `protocol`: String?
    /// The application protocol, `http`, `kubernetes.io/h2c`.
    public var appProtocol: String?
    /// The port the service listens on.
    public var port: Int?
    /// The pods' port number or name; defaults to ``port``.
    public var targetPort: IntOrString?
    /// The port on every node, for `NodePort` and `LoadBalancer` services.
    public var nodePort: Int?

    /// A port.
    public init(name: String? = nil, port: Int? = nil, targetPort: IntOrString? = nil, protocol: String? = nil) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.protocol = `protocol`
    }
}

/// Session affinity settings (`v1.SessionAffinityConfig`).
public struct SessionAffinityConfig: Hashable, Sendable, Codable {
    /// Settings of `ClientIP` affinity.
    public var clientIP: ClientIPConfig?

    /// Settings.
    public init(clientIP: ClientIPConfig? = nil) { self.clientIP = clientIP }
}

/// Settings of `ClientIP` session affinity (`v1.ClientIPConfig`).
public struct ClientIPConfig: Hashable, Sendable, Codable {
    /// How long a session sticks; defaults to 10800.
    public var timeoutSeconds: Int?

    /// Settings.
    public init(timeoutSeconds: Int? = nil) { self.timeoutSeconds = timeoutSeconds }
}

/// The observed state of a service (`v1.ServiceStatus`).
public struct ServiceStatus: Hashable, Sendable, Codable {
    /// The load balancer's state.
    public var loadBalancer: LoadBalancerStatus?
    /// Conditions of the service.
    public var conditions: [Condition]?

    /// A status.
    public init(loadBalancer: LoadBalancerStatus? = nil, conditions: [Condition]? = nil) {
        self.loadBalancer = loadBalancer
        self.conditions = conditions
    }
}

/// A load balancer's state (`v1.LoadBalancerStatus`).
public struct LoadBalancerStatus: Hashable, Sendable, Codable {
    /// Its ingress points.
    public var ingress: [LoadBalancerIngress]?

    /// A status.
    public init(ingress: [LoadBalancerIngress]? = nil) { self.ingress = ingress }
}

/// An ingress point of a load balancer (`v1.LoadBalancerIngress`).
public struct LoadBalancerIngress: Hashable, Sendable, Codable {
    /// An IP.
    public var ip: String?
    /// A DNS name.
    public var hostname: String?
    /// `VIP` or `Proxy`.
    public var ipMode: String?
    /// The state of each port.
    public var ports: [PortStatus]?

    /// An ingress point.
    public init(ip: String? = nil, hostname: String? = nil) {
        self.ip = ip
        self.hostname = hostname
    }
}

/// The state of a load balancer port (`v1.PortStatus`).
public struct PortStatus: Hashable, Sendable, Codable {
    /// The port number.
    public var port: Int?
    /// `TCP`, `UDP` or `SCTP`.
    public var `protocol`: String?
    /// A CamelCase problem, when there is one.
    public var error: String?

    /// A port state.
    public init(port: Int? = nil, protocol: String? = nil, error: String? = nil) {
        self.port = port
        self.protocol = `protocol`
        self.error = error
    }
}
