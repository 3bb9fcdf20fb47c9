// kube-apiserver's defaults for pods and their templates (`pkg/apis/core/v1/defaults.go`), plus the
// priority that its Priority admission plugin fills in.

extension Pod: Defaulting {
    /// The PodSpec defaults (``PodSpec/applyDefaults()``) plus those only pods get: requests
    /// default to limits, `enableServiceLinks: true`, host ports for host-network pods, and the
    /// priority of a pod without a PriorityClass (0) or with a built-in one.
    public mutating func applyDefaults() {
        var spec = self.spec ?? PodSpec()
        spec.applyDefaults()
        spec.containers = spec.containers.map { $0.map(Self.defaultingRequests) }
        spec.initContainers = spec.initContainers.map { $0.map(Self.defaultingRequests) }
        if spec.enableServiceLinks == nil { spec.enableServiceLinks = true }
        if spec.hostNetwork == true {
            spec.containers = spec.containers.map { $0.map(Self.defaultingHostPorts) }
            spec.initContainers = spec.initContainers.map { $0.map(Self.defaultingHostPorts) }
        }
        if spec.priority == nil {
            switch spec.priorityClassName ?? "" {
            case "": spec.priority = 0
            case "system-node-critical": spec.priority = 2_000_001_000
            case "system-cluster-critical": spec.priority = 2_000_000_000
            default: break  // resolved from the PriorityClass at admission
            }
        }
        self.spec = spec
    }

    /// `container` with every limit without a request also requested.
    private static func defaultingRequests(_ container: Container) -> Container {
        guard let limits = container.resources?.limits else { return container }
        var container = container
        var requests = container.resources?.requests ?? [:]
        for (name, quantity) in limits where requests[name] == nil { requests[name] = quantity }
        container.resources?.requests = requests
        return container
    }

    /// `container` with each port's host port defaulting to its container port.
    private static func defaultingHostPorts(_ container: Container) -> Container {
        var container = container
        container.ports = container.ports?.map { port in
            var port = port
            if port.hostPort == nil || port.hostPort == 0 { port.hostPort = port.containerPort }
            return port
        }
        return container
    }
}

extension PodTemplateSpec: Defaulting {
    /// The PodSpec defaults on the template's spec.
    public mutating func applyDefaults() {
        var spec = self.spec ?? PodSpec()
        spec.applyDefaults()
        self.spec = spec
    }
}

extension PodSpec: Defaulting {
    /// `restartPolicy: Always`, `dnsPolicy: ClusterFirst`, `securityContext: {}`,
    /// `terminationGracePeriodSeconds: 30`, `schedulerName: default-scheduler`, and the defaults
    /// of every container and volume.
    public mutating func applyDefaults() {
        if restartPolicy?.isEmpty ?? true { restartPolicy = "Always" }
        if dnsPolicy?.isEmpty ?? true { dnsPolicy = "ClusterFirst" }
        if securityContext == nil { securityContext = PodSecurityContext() }
        if terminationGracePeriodSeconds == nil { terminationGracePeriodSeconds = 30 }
        if schedulerName?.isEmpty ?? true { schedulerName = "default-scheduler" }
        for index in containers?.indices ?? 0..<0 { containers?[index].applyDefaults() }
        for index in initContainers?.indices ?? 0..<0 { initContainers?[index].applyDefaults() }
        for index in ephemeralContainers?.indices ?? 0..<0 { ephemeralContainers?[index].applyDefaults() }
        for index in volumes?.indices ?? 0..<0 { volumes?[index].applyDefaults() }
    }
}

extension Container: Defaulting, ContainerDefaulting {
    /// `imagePullPolicy` from the image tag, `terminationMessagePath: /dev/termination-log`,
    /// `terminationMessagePolicy: File`, port protocol `TCP`, field references at `v1`, probe
    /// timings and HTTP scheme and path.
    public mutating func applyDefaults() { applyContainerDefaults() }
}

extension EphemeralContainer: Defaulting, ContainerDefaulting {
    /// The same defaults as ``Container/applyDefaults()``.
    public mutating func applyDefaults() { applyContainerDefaults() }
}

/// The fields ``Container`` and ``EphemeralContainer`` share that have defaults.
protocol ContainerDefaulting {
    var image: String? { get }
    var imagePullPolicy: String? { get set }
    var terminationMessagePath: String? { get set }
    var terminationMessagePolicy: String? { get set }
    var ports: [ContainerPort]? { get set }
    var env: [EnvVar]? { get set }
    var livenessProbe: Probe? { get set }
    var readinessProbe: Probe? { get set }
    var startupProbe: Probe? { get set }
    var lifecycle: Lifecycle? { get set }
}

extension ContainerDefaulting {
    /// Fills in the container defaults.
    mutating func applyContainerDefaults() {
        if imagePullPolicy?.isEmpty ?? true { imagePullPolicy = ImageReference.defaultPullPolicy(for: image) }
        if terminationMessagePath?.isEmpty ?? true { terminationMessagePath = "/dev/termination-log" }
        if terminationMessagePolicy?.isEmpty ?? true { terminationMessagePolicy = "File" }
        for index in ports?.indices ?? 0..<0 where ports?[index].protocol?.isEmpty ?? true {
            ports?[index].protocol = "TCP"
        }
        for index in env?.indices ?? 0..<0 { env?[index].valueFrom?.fieldRef?.applyDefaults() }
        livenessProbe?.applyDefaults()
        readinessProbe?.applyDefaults()
        startupProbe?.applyDefaults()
        lifecycle?.postStart?.httpGet?.applyDefaults()
        lifecycle?.preStop?.httpGet?.applyDefaults()
    }
}

/// The pull policy kube-apiserver gives a container without one.
enum ImageReference {
    /// `Always` when the image's tag is `latest` or it has neither tag nor digest; `IfNotPresent`
    /// otherwise, also for a missing image (which validation rejects).
    static func defaultPullPolicy(for image: String?) -> String {
        guard let image, !image.isEmpty else { return "IfNotPresent" }
        return tag(of: image) == "latest" ? "Always" : "IfNotPresent"
    }

    /// The tag of `image`: `1.27` in `nginx:1.27`, `latest` when neither tag nor digest is given,
    /// `nil` for a reference by digest only. A registry port (`host:5000/nginx`) is no tag.
    static func tag(of image: String) -> String? {
        var name = Substring(image)
        var hasDigest = false
        if let at = name.firstIndex(of: "@") {
            name = name[..<at]
            hasDigest = true
        }
        let lastComponent = name.split(separator: "/", omittingEmptySubsequences: false).last ?? name
        if let colon = lastComponent.firstIndex(of: ":") {
            return String(lastComponent[lastComponent.index(after: colon)...])
        }
        return hasDigest ? nil : "latest"
    }
}

extension Probe {
    /// `timeoutSeconds: 1`, `periodSeconds: 10`, `successThreshold: 1`, `failureThreshold: 3`, and
    /// the HTTP and gRPC action defaults.
    mutating func applyDefaults() {
        if timeoutSeconds == nil || timeoutSeconds == 0 { timeoutSeconds = 1 }
        if periodSeconds == nil || periodSeconds == 0 { periodSeconds = 10 }
        if successThreshold == nil || successThreshold == 0 { successThreshold = 1 }
        if failureThreshold == nil || failureThreshold == 0 { failureThreshold = 3 }
        httpGet?.applyDefaults()
        if grpc != nil, grpc?.service == nil { grpc?.service = "" }
    }
}

extension HTTPGetAction {
    /// `path: /`, `scheme: HTTP`.
    mutating func applyDefaults() {
        if path?.isEmpty ?? true { path = "/" }
        if scheme?.isEmpty ?? true { scheme = "HTTP" }
    }
}

extension ObjectFieldSelector {
    /// `apiVersion: v1`.
    mutating func applyDefaults() {
        if apiVersion?.isEmpty ?? true { apiVersion = "v1" }
    }
}

extension Volume {
    /// A volume without a source becomes an emptyDir; file modes default to 0644, host path types to
    /// `""`, token lifetimes to an hour, field references to `v1`.
    mutating func applyDefaults() {
        if !hasSource { emptyDir = EmptyDirVolumeSource() }
        if hostPath != nil, hostPath?.type == nil { hostPath?.type = "" }
        if secret != nil, secret?.defaultMode == nil { secret?.defaultMode = 0o644 }
        if configMap != nil, configMap?.defaultMode == nil { configMap?.defaultMode = 0o644 }
        if downwardAPI != nil, downwardAPI?.defaultMode == nil { downwardAPI?.defaultMode = 0o644 }
        for index in downwardAPI?.items?.indices ?? 0..<0 { downwardAPI?.items?[index].fieldRef?.applyDefaults() }
        if projected != nil, projected?.defaultMode == nil { projected?.defaultMode = 0o644 }
        for index in projected?.sources?.indices ?? 0..<0 {
            if projected?.sources?[index].serviceAccountToken != nil,
                projected?.sources?[index].serviceAccountToken?.expirationSeconds == nil
            {
                projected?.sources?[index].serviceAccountToken?.expirationSeconds = 3600
            }
            for item in projected?.sources?[index].downwardAPI?.items?.indices ?? 0..<0 {
                projected?.sources?[index].downwardAPI?.items?[item].fieldRef?.applyDefaults()
            }
        }
    }

    /// Whether any source is set.
    private var hasSource: Bool {
        let typed: [Bool] = [
            hostPath != nil, emptyDir != nil, secret != nil, persistentVolumeClaim != nil, downwardAPI != nil,
            configMap != nil, projected != nil, image != nil,
        ]
        let verbatim: [JSONValue?] = [
            gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd, flexVolume, cinder,
            cephfs, flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk, photonPersistentDisk,
            portworxVolume, scaleIO, storageos, csi, ephemeral,
        ]
        return typed.contains(true) || verbatim.contains { $0 != nil }
    }
}
