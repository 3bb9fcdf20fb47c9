import Foundation
import SkiffAPI
import Testing

/// One validation case: a change to a valid object and the problems it must give, as
/// `field: phrase` (`spec.replicas: Invalid value`), in order.
struct ValidationCase<Object: Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout Object) -> Void
    let expected: [String]

    var testDescription: String { name }

    init(_ name: String, _ expected: [String], _ change: @escaping @Sendable (inout Object) -> Void) {
        self.name = name
        self.expected = expected
        self.change = change
    }
}

/// The problems of `object` as `field: phrase`.
private func problems<T: Validating>(_ object: T, old: T? = nil) -> [String] {
    object.validate(old: old).map { "\($0.field): \($0.kind.phrase)" }
}

/// `base` changed by the case.
private func changed<T>(_ base: T, _ change: (inout T) -> Void) -> T {
    var copy = base
    change(&copy)
    return copy
}

// MARK: - Fixtures

private enum Valid {
    static let pod: Pod = {
        var container = Container(name: "web", image: "nginx:1.27")
        container.ports = [ContainerPort(name: "http", containerPort: 80, protocol: "TCP")]
        container.env = [
            EnvVar(name: "LOG_LEVEL", value: "info"),
            EnvVar(name: "POD_NAME", valueFrom: fieldRef("metadata.name")),
        ]
        container.resources = ResourceRequirements(
            limits: ["cpu": "1", "memory": "256Mi"], requests: ["cpu": "500m", "memory": "128Mi"])
        container.volumeMounts = [VolumeMount(name: "config", mountPath: "/etc/nginx/conf.d", readOnly: true)]
        var readiness = Probe()
        readiness.httpGet = HTTPGetAction(path: "/healthz", port: .string("http"))
        readiness.periodSeconds = 5
        container.readinessProbe = readiness
        var liveness = Probe()
        liveness.tcpSocket = TCPSocketAction(port: .int(80))
        liveness.initialDelaySeconds = 10
        container.livenessProbe = liveness
        var spec = PodSpec(containers: [container])
        var volume = Volume(name: "config")
        volume.configMap = ConfigMapVolumeSource(name: "nginx-config")
        spec.volumes = [volume]
        spec.restartPolicy = "Always"
        spec.dnsPolicy = "ClusterFirst"
        spec.terminationGracePeriodSeconds = 30
        spec.nodeSelector = ["kubernetes.io/os": "linux"]
        spec.serviceAccountName = "web"
        spec.tolerations = [
            Toleration(
                key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300)
        ]
        return Pod(metadata: ObjectMeta(name: "web-0", namespace: "shop"), spec: spec)
    }()

    static func fieldRef(_ path: String) -> EnvVarSource {
        var source = EnvVarSource()
        source.fieldRef = ObjectFieldSelector(apiVersion: "v1", fieldPath: path)
        return source
    }

    static let template = PodTemplateSpec(
        metadata: ObjectMeta(labels: ["app": "web", "tier": "frontend"]),
        spec: PodSpec(containers: [Container(name: "web", image: "nginx:1.27")]))

    static let deployment: Deployment = {
        var spec = DeploymentSpec(replicas: 3, selector: LabelSelector(matchLabels: ["app": "web"]), template: template)
        spec.strategy = DeploymentStrategy(
            type: "RollingUpdate",
            rollingUpdate: RollingUpdateDeployment(maxUnavailable: .string("25%"), maxSurge: .int(1)))
        spec.revisionHistoryLimit = 10
        spec.progressDeadlineSeconds = 600
        spec.minReadySeconds = 5
        return Deployment(metadata: ObjectMeta(name: "web", namespace: "shop"), spec: spec)
    }()

    static let replicaSet = ReplicaSet(
        metadata: ObjectMeta(name: "web-5d4f8c7b9", namespace: "shop"),
        spec: ReplicaSetSpec(
            replicas: 3,
            selector: LabelSelector(
                matchLabels: ["app": "web"],
                matchExpressions: [LabelSelectorRequirement(key: "tier", operator: "In", values: ["frontend"])]),
            template: template))

    static let service: Service = {
        var spec = ServiceSpec(
            ports: [ServicePort(name: "http", port: 80, targetPort: .string("http"), protocol: "TCP")],
            selector: ["app": "web"], type: "ClusterIP")
        spec.clusterIP = "10.96.12.34"
        spec.clusterIPs = ["10.96.12.34"]
        spec.sessionAffinity = "None"
        return Service(metadata: ObjectMeta(name: "web", namespace: "shop"), spec: spec)
    }()

    static let node: Node = {
        var spec = NodeSpec()
        spec.podCIDR = "10.244.1.0/24"
        spec.podCIDRs = ["10.244.1.0/24", "fd00:10:244:1::/64"]
        spec.providerID = "kind://docker/kind/worker"
        spec.taints = [Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")]
        var node = Node(metadata: ObjectMeta(name: "worker-1"), spec: spec)
        var status = NodeStatus()
        status.capacity = ["cpu": "8", "memory": "32Gi", "pods": "110"]
        node.status = status
        return node
    }()

    static let configMap: ConfigMap = {
        var configMap = ConfigMap(
            metadata: ObjectMeta(name: "nginx-config", namespace: "shop"),
            data: ["default.conf": "server { listen 80; }", "LOG_LEVEL": "info"])
        configMap.binaryData = ["logo.png": "iVBORw0KGgo="]
        return configMap
    }()

    static let secret = Secret(
        metadata: ObjectMeta(name: "db", namespace: "shop"),
        data: ["username": "YWRtaW4=", "password": "czNjcjN0IQ=="], type: "Opaque")

    static let event = Event(
        metadata: ObjectMeta(name: "web-0.17f1c3", namespace: "shop"),
        involvedObject: ObjectReference(kind: "Pod", namespace: "shop", name: "web-0"), reason: "Scheduled",
        message: "Successfully assigned shop/web-0 to worker-1", type: "Normal")

    static let lease = Lease(
        metadata: ObjectMeta(name: "kube-scheduler", namespace: "kube-system"),
        spec: LeaseSpec(holderIdentity: "scheduler-1", leaseDurationSeconds: 15))
}

// MARK: - Pods

@Suite struct ValidationTests {
    @Test func validObjectsHaveNoProblems() {
        #expect(problems(Valid.pod) == [])
        #expect(problems(Valid.deployment) == [])
        #expect(problems(Valid.replicaSet) == [])
        #expect(problems(Valid.service) == [])
        #expect(problems(Valid.node) == [])
        #expect(problems(Valid.configMap) == [])
        #expect(problems(Valid.secret) == [])
        #expect(problems(Valid.event) == [])
        #expect(problems(Valid.lease) == [])
        #expect(problems(Namespace(metadata: ObjectMeta(name: "shop"))) == [])
        #expect(problems(ServiceAccount(metadata: ObjectMeta(name: "web", namespace: "shop"))) == [])
        #expect(problems(Binding(target: ObjectReference(kind: "Node", name: "worker-1"))) == [])
        #expect(problems(Scale(spec: ScaleSpec(replicas: 0))) == [])
    }

    @Test func validObjectsStayValidWhenDefaulted() {
        var pod = Valid.pod
        pod.applyDefaults()
        #expect(problems(pod) == [])
        var deployment = Valid.deployment
        deployment.applyDefaults()
        #expect(problems(deployment) == [])
        var service = Valid.service
        service.applyDefaults()
        #expect(problems(service) == [])
    }

    static let podCases: [ValidationCase<Pod>] = [
        .init("no containers", ["spec.containers: Required value"]) { $0.spec?.containers = [] },
        .init("container without name", ["spec.containers[0].name: Required value"]) {
            $0.spec?.containers?[0].name = nil
        },
        .init("container name not a DNS label", ["spec.containers[0].name: Invalid value"]) {
            $0.spec?.containers?[0].name = "Web_1"
        },
        .init("duplicate container name", ["spec.containers[1].name: Duplicate value"]) {
            $0.spec?.containers?.append(Container(name: "web", image: "busybox:1.36"))
        },
        .init("init container named like a container", ["spec.initContainers[0].name: Duplicate value"]) {
            $0.spec?.initContainers = [Container(name: "web", image: "busybox:1.36")]
        },
        .init("container without image", ["spec.containers[0].image: Required value"]) {
            $0.spec?.containers?[0].image = ""
        },
        .init("image with spaces around", ["spec.containers[0].image: Invalid value"]) {
            $0.spec?.containers?[0].image = " nginx "
        },
        .init("container port zero", ["spec.containers[0].ports[0].containerPort: Required value"]) {
            $0.spec?.containers?[0].ports?[0].containerPort = 0
        },
        .init("container port too large", ["spec.containers[0].ports[0].containerPort: Invalid value"]) {
            $0.spec?.containers?[0].ports?[0].containerPort = 70000
        },
        .init("host port too large", ["spec.containers[0].ports[0].hostPort: Invalid value"]) {
            $0.spec?.containers?[0].ports?[0].hostPort = 65536
        },
        .init("port name longer than 15", ["spec.containers[0].ports[0].name: Invalid value"]) {
            $0.spec?.containers?[0].ports?[0].name = "http-metrics-port"
        },
        .init("duplicate port name", ["spec.containers[0].ports[1].name: Duplicate value"]) {
            $0.spec?.containers?[0].ports?.append(ContainerPort(name: "http", containerPort: 8080, protocol: "TCP"))
        },
        .init("unsupported protocol", ["spec.containers[0].ports[0].protocol: Unsupported value"]) {
            $0.spec?.containers?[0].ports?[0].protocol = "HTTP"
        },
        .init("env without name", ["spec.containers[0].env[0].name: Required value"]) {
            $0.spec?.containers?[0].env?[0].name = ""
        },
        .init("env name with =", ["spec.containers[0].env[0].name: Invalid value"]) {
            $0.spec?.containers?[0].env?[0].name = "A=B"
        },
        .init("env with value and valueFrom", ["spec.containers[0].env[1].valueFrom: Invalid value"]) {
            $0.spec?.containers?[0].env?[1].value = "web-0"
        },
        .init(
            "env from unsupported field", ["spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value"]
        ) {
            $0.spec?.containers?[0].env?[1].valueFrom = Valid.fieldRef("spec.containers")
        },
        .init("unparsable quantity", ["spec.containers[0].resources.limits[cpu]: Invalid value"]) {
            $0.spec?.containers?[0].resources?.limits?["cpu"] = "1 core"
        },
        .init("request above limit", ["spec.containers[0].resources.requests: Invalid value"]) {
            $0.spec?.containers?[0].resources?.requests?["cpu"] = "2"
        },
        .init("negative request", ["spec.containers[0].resources.requests[memory]: Invalid value"]) {
            $0.spec?.containers?[0].resources?.requests?["memory"] = "-128Mi"
        },
        .init("non-standard resource", ["spec.containers[0].resources.limits[gpu]: Invalid value"]) {
            $0.spec?.containers?[0].resources?.limits?["gpu"] = "1"
        },
        .init("extended request without limit", ["spec.containers[0].resources.limits: Required value"]) {
            $0.spec?.containers?[0].resources?.requests?["example.com/gpu"] = "1"
        },
        .init("mount of a missing volume", ["spec.containers[0].volumeMounts[0].name: Not found"]) {
            $0.spec?.containers?[0].volumeMounts?[0].name = "data"
        },
        .init("duplicate mount path", ["spec.containers[0].volumeMounts[1].mountPath: Invalid value"]) {
            $0.spec?.containers?[0].volumeMounts?.append(VolumeMount(name: "config", mountPath: "/etc/nginx/conf.d"))
        },
        .init("sub-path with ..", ["spec.containers[0].volumeMounts[0].subPath: Invalid value"]) {
            $0.spec?.containers?[0].volumeMounts?[0].subPath = "../etc"
        },
        .init(
            "volume name not a DNS label",
            ["spec.volumes[0].name: Invalid value", "spec.containers[0].volumeMounts[0].name: Not found"]
        ) {
            $0.spec?.volumes?[0].name = "Config"
        },
        .init("duplicate volume name", ["spec.volumes[1].name: Duplicate value"]) {
            var volume = Volume(name: "config")
            volume.emptyDir = EmptyDirVolumeSource()
            $0.spec?.volumes?.append(volume)
        },
        .init("volume without source", ["spec.volumes[1]: Required value"]) {
            $0.spec?.volumes?.append(Volume(name: "scratch"))
        },
        .init(
            "volume with two sources",
            ["spec.volumes[0].configMap: Forbidden", "spec.containers[0].volumeMounts[0].name: Not found"]
        ) {
            $0.spec?.volumes?[0].emptyDir = EmptyDirVolumeSource()
        },
        .init("host path without path", ["spec.volumes[1].hostPath.path: Required value"]) {
            var volume = Volume(name: "logs")
            volume.hostPath = HostPathVolumeSource(path: "", type: "Directory")
            $0.spec?.volumes?.append(volume)
        },
        .init("secret volume mode too large", ["spec.volumes[1].secret.defaultMode: Invalid value"]) {
            var volume = Volume(name: "tls")
            volume.secret = SecretVolumeSource(secretName: "web-tls")
            volume.secret?.defaultMode = 0o1000
            $0.spec?.volumes?.append(volume)
        },
        .init("unsupported restart policy", ["spec.restartPolicy: Unsupported value"]) {
            $0.spec?.restartPolicy = "Sometimes"
        },
        .init("unsupported DNS policy", ["spec.dnsPolicy: Unsupported value"]) { $0.spec?.dnsPolicy = "Custom" },
        .init("DNS policy None without config", ["spec.dnsConfig: Required value"]) { $0.spec?.dnsPolicy = "None" },
        .init("negative grace period", ["spec.terminationGracePeriodSeconds: Invalid value"]) {
            $0.spec?.terminationGracePeriodSeconds = -1
        },
        .init("zero active deadline", ["spec.activeDeadlineSeconds: Invalid value"]) {
            $0.spec?.activeDeadlineSeconds = 0
        },
        .init("probe period zero", ["spec.containers[0].readinessProbe.periodSeconds: Invalid value"]) {
            $0.spec?.containers?[0].readinessProbe?.periodSeconds = 0
        },
        .init("probe failure threshold zero", ["spec.containers[0].readinessProbe.failureThreshold: Invalid value"]) {
            $0.spec?.containers?[0].readinessProbe?.failureThreshold = 0
        },
        .init("probe timeout negative", ["spec.containers[0].livenessProbe.timeoutSeconds: Invalid value"]) {
            $0.spec?.containers?[0].livenessProbe?.timeoutSeconds = -1
        },
        .init("probe with two handlers", ["spec.containers[0].readinessProbe.httpGet: Forbidden"]) {
            $0.spec?.containers?[0].readinessProbe?.exec = ExecAction(command: ["cat", "/tmp/ready"])
        },
        .init("probe without handler", ["spec.containers[0].livenessProbe: Required value"]) {
            $0.spec?.containers?[0].livenessProbe = Probe()
        },
        .init("liveness success threshold not 1", ["spec.containers[0].livenessProbe.successThreshold: Invalid value"])
        {
            $0.spec?.containers?[0].livenessProbe?.successThreshold = 2
        },
        .init("probe port out of range", ["spec.containers[0].livenessProbe.tcpSocket.port: Invalid value"]) {
            $0.spec?.containers?[0].livenessProbe?.tcpSocket?.port = .int(0)
        },
        .init("exec probe without command", ["spec.containers[0].livenessProbe.exec.command: Required value"]) {
            $0.spec?.containers?[0].livenessProbe = Probe()
            $0.spec?.containers?[0].livenessProbe?.exec = ExecAction(command: [])
        },
        .init("probe on plain init container", ["spec.initContainers[0].livenessProbe: Forbidden"]) {
            var initContainer = Container(name: "migrate", image: "migrate:2")
            initContainer.livenessProbe = Valid.pod.spec?.containers?[0].livenessProbe
            $0.spec?.initContainers = [initContainer]
        },
        .init("sidecar may have probes", []) {
            var sidecar = Container(name: "proxy", image: "envoy:1.30")
            sidecar.restartPolicy = "Always"
            sidecar.readinessProbe = Valid.pod.spec?.containers?[0].livenessProbe
            $0.spec?.initContainers = [sidecar]
        },
        .init("restart policy on regular container", ["spec.containers[0].restartPolicy: Forbidden"]) {
            $0.spec?.containers?[0].restartPolicy = "Always"
        },
        .init("unsupported toleration operator", ["spec.tolerations[0].operator: Unsupported value"]) {
            $0.spec?.tolerations?[0].operator = "Matches"
        },
        .init("unsupported toleration effect", ["spec.tolerations[0].effect: Unsupported value"]) {
            $0.spec?.tolerations?.append(Toleration(key: "dedicated", operator: "Equal", value: "gpu", effect: "NoRun"))
            $0.spec?.tolerations?.removeFirst()
        },
        .init("toleration seconds without NoExecute", ["spec.tolerations[0].effect: Invalid value"]) {
            $0.spec?.tolerations?[0].effect = "NoSchedule"
        },
        .init("empty key needs Exists", ["spec.tolerations[0].operator: Invalid value"]) {
            $0.spec?.tolerations = [Toleration(operator: "Equal", value: "x")]
        },
        .init("node selector value invalid", ["spec.nodeSelector: Invalid value"]) {
            $0.spec?.nodeSelector = ["kubernetes.io/os": "linux os"]
        },
        .init("service account name invalid", ["spec.serviceAccountName: Invalid value"]) {
            $0.spec?.serviceAccountName = "Web"
        },
        .init("host network port mismatch", ["spec.containers[0].ports[0].hostPort: Invalid value"]) {
            $0.spec?.hostNetwork = true
            $0.spec?.containers?[0].ports?[0].hostPort = 8080
        },
        .init("ephemeral container on create", ["spec.ephemeralContainers: Forbidden"]) {
            $0.spec?.ephemeralContainers = [
                EphemeralContainer(name: "debug", image: "busybox", targetContainerName: "web")
            ]
        },
    ]

    @Test(arguments: podCases)
    func pod(_ testCase: ValidationCase<Pod>) {
        #expect(problems(changed(Valid.pod, testCase.change)) == testCase.expected)
    }

    @Test func podMessagesReadAsKubernetes() {
        var pod = Valid.pod
        pod.spec?.containers?[0].resources?.requests?["cpu"] = "2"
        pod.spec?.containers?[0].volumeMounts?[0].name = "data"
        pod.spec?.containers?[0].ports?[0].containerPort = 0
        pod.spec?.containers?[0].ports?[0].protocol = "HTTP"
        #expect(
            pod.validate(old: nil).map(\.description) == [
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", "
                    + "\"UDP\"",
                "spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
            ])
        let notFound = pod.validate(old: nil)[2]
        #expect(notFound.kind == .notFound)
        #expect(notFound.statusCause.reason == "FieldValueNotFound")
    }

    static let podUpdateCases: [ValidationCase<Pod>] = [
        .init("image change", []) { $0.spec?.containers?[0].image = "nginx:1.28" },
        .init("added toleration", []) {
            $0.spec?.tolerations?.append(
                Toleration(key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule"))
        },
        .init("changed toleration seconds", []) { $0.spec?.tolerations?[0].tolerationSeconds = 60 },
        .init("removed toleration", ["spec.tolerations: Forbidden"]) { $0.spec?.tolerations = [] },
        .init("set active deadline", []) { $0.spec?.activeDeadlineSeconds = 600 },
        .init("restart policy change", ["spec: Forbidden"]) { $0.spec?.restartPolicy = "Never" },
        .init("env change", ["spec: Forbidden"]) { $0.spec?.containers?[0].env = [] },
        .init("node name change", ["spec: Forbidden"]) { $0.spec?.nodeName = "worker-2" },
        .init("added scheduling gate", ["spec.schedulingGates: Forbidden"]) {
            $0.spec?.schedulingGates = [PodSchedulingGate(name: "example.com/quota")]
        },
    ]

    @Test(arguments: podUpdateCases)
    func podUpdate(_ testCase: ValidationCase<Pod>) {
        #expect(problems(changed(Valid.pod, testCase.change), old: Valid.pod) == testCase.expected)
    }

    @Test func podUpdateLimits() {
        var old = Valid.pod
        old.spec?.activeDeadlineSeconds = 600
        old.spec?.schedulingGates = [PodSchedulingGate(name: "example.com/quota")]
        var lowered = old
        lowered.spec?.activeDeadlineSeconds = 300
        lowered.spec?.schedulingGates = []
        #expect(problems(lowered, old: old) == [])
        var raised = old
        raised.spec?.activeDeadlineSeconds = 900
        #expect(problems(raised, old: old) == ["spec.activeDeadlineSeconds: Invalid value"])
        var removed = old
        removed.spec?.activeDeadlineSeconds = nil
        #expect(problems(removed, old: old) == ["spec.activeDeadlineSeconds: Invalid value"])

        var changedPolicy = Valid.pod
        changedPolicy.spec?.restartPolicy = "Never"
        let error = changedPolicy.validate(old: Valid.pod)[0]
        #expect(
            error.description.hasPrefix(
                "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                    + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
                    + "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                    + "previously negative)\n"))
        #expect(error.description.hasSuffix("\n  spec.restartPolicy: \"Always\" -> \"Never\""))
    }

    // MARK: - Workloads

    static let deploymentCases: [ValidationCase<Deployment>] = [
        .init("negative replicas", ["spec.replicas: Invalid value"]) { $0.spec?.replicas = -1 },
        .init("no selector", ["spec.selector: Required value"]) { $0.spec?.selector = nil },
        .init("empty selector", ["spec.selector: Invalid value"]) { $0.spec?.selector = LabelSelector() },
        .init("selector not matching template", ["spec.template.metadata.labels: Invalid value"]) {
            $0.spec?.selector = LabelSelector(matchLabels: ["app": "api"])
        },
        .init(
            "unknown selector operator",
            ["spec.selector.matchExpressions[0].operator: Invalid value", "spec.selector: Invalid value"]
        ) {
            $0.spec?.selector?.matchExpressions = [LabelSelectorRequirement(key: "tier", operator: "Has")]
        },
        .init(
            "In without values",
            ["spec.selector.matchExpressions[0].values: Required value", "spec.selector: Invalid value"]
        ) {
            $0.spec?.selector?.matchExpressions = [LabelSelectorRequirement(key: "tier", operator: "In", values: [])]
        },
        .init("invalid match label", ["spec.selector.matchLabels: Invalid value", "spec.selector: Invalid value"]) {
            $0.spec?.selector?.matchLabels = ["app": "web app"]
        },
        .init("template container without name", ["spec.template.spec.containers[0].name: Required value"]) {
            $0.spec?.template?.spec?.containers?[0].name = nil
        },
        .init("template without image is allowed", []) { $0.spec?.template?.spec?.containers?[0].image = nil },
        .init("template restart policy Never", ["spec.template.spec.restartPolicy: Unsupported value"]) {
            $0.spec?.template?.spec?.restartPolicy = "Never"
        },
        .init("template active deadline", ["spec.template.spec.activeDeadlineSeconds: Forbidden"]) {
            $0.spec?.template?.spec?.activeDeadlineSeconds = 60
        },
        .init("unknown strategy", ["spec.strategy.type: Unsupported value"]) {
            $0.spec?.strategy = DeploymentStrategy(type: "BlueGreen")
        },
        .init("Recreate with rolling update", ["spec.strategy.rollingUpdate: Forbidden"]) {
            $0.spec?.strategy?.type = "Recreate"
        },
        .init("max unavailable above 100%", ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value"]) {
            $0.spec?.strategy?.rollingUpdate?.maxUnavailable = .string("150%")
        },
        .init("max surge not a percentage", ["spec.strategy.rollingUpdate.maxSurge: Invalid value"]) {
            $0.spec?.strategy?.rollingUpdate?.maxSurge = .string("25")
        },
        .init("negative max surge", ["spec.strategy.rollingUpdate.maxSurge: Invalid value"]) {
            $0.spec?.strategy?.rollingUpdate?.maxSurge = .int(-1)
        },
        .init("both zero", ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value"]) {
            $0.spec?.strategy?.rollingUpdate = RollingUpdateDeployment(maxUnavailable: .int(0), maxSurge: .string("0%"))
        },
        .init("negative revision history", ["spec.revisionHistoryLimit: Invalid value"]) {
            $0.spec?.revisionHistoryLimit = -1
        },
        .init("negative min ready", ["spec.minReadySeconds: Invalid value"]) { $0.spec?.minReadySeconds = -1 },
        .init("deadline below min ready", ["spec.progressDeadlineSeconds: Invalid value"]) {
            $0.spec?.progressDeadlineSeconds = 5
        },
    ]

    @Test(arguments: deploymentCases)
    func deployment(_ testCase: ValidationCase<Deployment>) {
        #expect(problems(changed(Valid.deployment, testCase.change)) == testCase.expected)
    }

    @Test func deploymentMessagesAndUpdates() {
        var negative = Valid.deployment
        negative.spec?.replicas = -1
        #expect(
            negative.validate(old: nil).map(\.description) == [
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
            ])
        var mismatch = Valid.deployment
        mismatch.spec?.selector = LabelSelector(matchLabels: ["app": "api"])
        #expect(
            mismatch.validate(old: nil).map(\.description) == [
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"frontend\"}: "
                    + "`selector` does not match template `labels`"
            ])
        var scaled = Valid.deployment
        scaled.spec?.replicas = 10
        scaled.spec?.template?.spec?.containers?[0].image = "nginx:1.28"
        #expect(problems(scaled, old: Valid.deployment) == [])
        var reselected = Valid.deployment
        reselected.spec?.selector = LabelSelector(matchLabels: ["app": "web", "tier": "frontend"])
        let errors = reselected.validate(old: Valid.deployment)
        #expect(errors.map { "\($0.field): \($0.kind.phrase)" } == ["spec.selector: Invalid value"])
        #expect(errors.first?.detail == "field is immutable")
    }

    static let replicaSetCases: [ValidationCase<ReplicaSet>] = [
        .init("negative replicas", ["spec.replicas: Invalid value"]) { $0.spec?.replicas = -2 },
        .init("no selector", ["spec.selector: Required value"]) { $0.spec?.selector = nil },
        .init("selector not matching template", ["spec.template.metadata.labels: Invalid value"]) {
            $0.spec?.selector?.matchExpressions = [
                LabelSelectorRequirement(key: "tier", operator: "NotIn", values: ["frontend"])
            ]
        },
        .init("template without containers", ["spec.template.spec.containers: Required value"]) {
            $0.spec?.template?.spec?.containers = []
        },
        .init("template label invalid", ["spec.template.metadata.labels: Invalid value"]) {
            $0.spec?.template?.metadata?.labels?["version"] = "v1 beta"
        },
    ]

    @Test(arguments: replicaSetCases)
    func replicaSet(_ testCase: ValidationCase<ReplicaSet>) {
        #expect(problems(changed(Valid.replicaSet, testCase.change)) == testCase.expected)
    }

    @Test func replicaSetSelectorIsImmutable() {
        var scaled = Valid.replicaSet
        scaled.spec?.replicas = 0
        #expect(problems(scaled, old: Valid.replicaSet) == [])
        var reselected = Valid.replicaSet
        reselected.spec?.selector?.matchExpressions = nil
        #expect(problems(reselected, old: Valid.replicaSet) == ["spec.selector: Invalid value"])
        #expect(problems(Scale(spec: ScaleSpec(replicas: -1))) == ["spec.replicas: Invalid value"])
    }

    // MARK: - Services

    static let serviceCases: [ValidationCase<Service>] = [
        .init("no ports", ["spec.ports: Required value"]) { $0.spec?.ports = [] },
        .init("headless without ports", []) {
            $0.spec?.ports = []
            $0.spec?.clusterIP = "None"
            $0.spec?.clusterIPs = ["None"]
        },
        .init("port zero", ["spec.ports[0].port: Invalid value"]) { $0.spec?.ports?[0].port = 0 },
        .init("target port too large", ["spec.ports[0].targetPort: Invalid value"]) {
            $0.spec?.ports?[0].targetPort = .int(70000)
        },
        .init("target port name invalid", ["spec.ports[0].targetPort: Invalid value"]) {
            $0.spec?.ports?[0].targetPort = .string("web_port")
        },
        .init("unsupported protocol", ["spec.ports[0].protocol: Unsupported value"]) {
            $0.spec?.ports?[0].protocol = "ICMP"
        },
        .init("unnamed second port", ["spec.ports[1].name: Required value"]) {
            $0.spec?.ports?.append(ServicePort(port: 443, targetPort: .int(8443), protocol: "TCP"))
        },
        .init("duplicate port name", ["spec.ports[1].name: Duplicate value"]) {
            $0.spec?.ports?.append(ServicePort(name: "http", port: 8080, protocol: "TCP"))
        },
        .init("duplicate port and protocol", ["spec.ports[1]: Duplicate value"]) {
            $0.spec?.ports?.append(ServicePort(name: "alt", port: 80, protocol: "TCP"))
        },
        .init("same port, other protocol", []) {
            $0.spec?.ports?.append(ServicePort(name: "dns", port: 80, protocol: "UDP"))
        },
        .init("node port on ClusterIP", ["spec.ports[0].nodePort: Forbidden"]) { $0.spec?.ports?[0].nodePort = 30080 },
        .init("node port in range", []) {
            $0.spec?.type = "NodePort"
            $0.spec?.ports?[0].nodePort = 30080
        },
        .init("node port out of range", ["spec.ports[0].nodePort: Invalid value"]) {
            $0.spec?.type = "NodePort"
            $0.spec?.ports?[0].nodePort = 80
        },
        .init("unknown type", ["spec.type: Unsupported value"]) { $0.spec?.type = "Internal" },
        .init("ExternalName without name", ["spec.externalName: Required value"]) {
            $0.spec = ServiceSpec(type: "ExternalName")
        },
        .init("ExternalName with invalid name", ["spec.externalName: Invalid value"]) {
            $0.spec = ServiceSpec(type: "ExternalName")
            $0.spec?.externalName = "my_db.example.com"
        },
        .init("ExternalName with a trailing dot", []) {
            $0.spec = ServiceSpec(type: "ExternalName")
            $0.spec?.externalName = "db.example.com."
        },
        .init("cluster IP not an address", ["spec.clusterIP: Invalid value", "spec.clusterIPs[0]: Invalid value"]) {
            $0.spec?.clusterIP = "10.96.0.300"
        },
        .init("IPv6 cluster IP", []) {
            $0.spec?.clusterIP = "fd00:10:96::a"
            $0.spec?.clusterIPs = ["fd00:10:96::a"]
        },
        .init("unsupported session affinity", ["spec.sessionAffinity: Unsupported value"]) {
            $0.spec?.sessionAffinity = "Cookie"
        },
        .init("invalid selector", ["spec.selector: Invalid value"]) { $0.spec?.selector = ["app": "web app"] },
    ]

    @Test(arguments: serviceCases)
    func service(_ testCase: ValidationCase<Service>) {
        #expect(problems(changed(Valid.service, testCase.change)) == testCase.expected)
    }

    @Test func serviceClusterIPIsImmutable() {
        var moved = Valid.service
        moved.spec?.clusterIP = "10.96.12.35"
        moved.spec?.clusterIPs = ["10.96.12.35"]
        let errors = moved.validate(old: Valid.service)
        #expect(
            errors.map(\.description) == [
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.12.35\"}: may not change once set"
            ])
        var omitted = Valid.service
        omitted.spec?.clusterIP = nil
        omitted.spec?.clusterIPs = nil
        #expect(problems(omitted, old: Valid.service) == [])
        var retargeted = Valid.service
        retargeted.spec?.ports?[0].targetPort = .int(8080)
        #expect(problems(retargeted, old: Valid.service) == [])
    }

    // MARK: - Core kinds

    static let nodeCases: [ValidationCase<Node>] = [
        .init("unsupported taint effect", ["spec.taints[0].effect: Unsupported value"]) {
            $0.spec?.taints?[0].effect = "Never"
        },
        .init("taint without effect", ["spec.taints[0].effect: Required value"]) { $0.spec?.taints?[0].effect = nil },
        .init("taint key invalid", ["spec.taints[0].key: Invalid value"]) { $0.spec?.taints?[0].key = "gpu node" },
        .init("duplicate taint", ["spec.taints[1]: Duplicate value"]) {
            $0.spec?.taints?.append(Taint(key: "dedicated", value: "db", effect: "NoSchedule"))
        },
        .init("same key, other effect", []) {
            $0.spec?.taints?.append(Taint(key: "dedicated", value: "gpu", effect: "NoExecute"))
        },
        .init("pod CIDR invalid", ["spec.podCIDRs[0]: Invalid value"]) { $0.spec?.podCIDRs?[0] = "10.244.1.0/33" },
        .init("two IPv4 pod CIDRs", ["spec.podCIDRs: Invalid value"]) {
            $0.spec?.podCIDRs = ["10.244.1.0/24", "10.245.1.0/24"]
        },
        .init("negative capacity", ["status.capacity[cpu]: Invalid value"]) { $0.status?.capacity?["cpu"] = "-8" },
    ]

    @Test(arguments: nodeCases)
    func node(_ testCase: ValidationCase<Node>) {
        #expect(problems(changed(Valid.node, testCase.change)) == testCase.expected)
    }

    @Test func nodeUpdates() {
        var cordoned = Valid.node
        cordoned.spec?.unschedulable = true
        #expect(problems(cordoned, old: Valid.node) == [])
        var recidr = Valid.node
        recidr.spec?.podCIDRs = ["10.244.2.0/24"]
        #expect(problems(recidr, old: Valid.node) == ["spec.podCIDRs: Forbidden"])
        var reprovided = Valid.node
        reprovided.spec?.providerID = "aws:///eu-west-1a/i-0abc"
        #expect(problems(reprovided, old: Valid.node) == ["spec.providerID: Forbidden"])
        var unassigned = Valid.node
        unassigned.spec?.podCIDRs = nil
        unassigned.spec?.providerID = nil
        #expect(problems(Valid.node, old: unassigned) == [])
    }

    static let configMapCases: [ValidationCase<ConfigMap>] = [
        .init("key with space", ["data[bad key]: Invalid value"]) { $0.data?["bad key"] = "x" },
        .init("key ..", ["data[..]: Invalid value"]) { $0.data?[".."] = "x" },
        .init("key in data and binaryData", ["data[logo.png]: Invalid value", "binaryData[logo.png]: Invalid value"]) {
            $0.data?["logo.png"] = "x"
        },
        .init("binary data not base64", ["binaryData[logo.png]: Invalid value"]) {
            $0.binaryData?["logo.png"] = "not base64!"
        },
        .init("too large", [": Too long"]) { $0.data?["big"] = String(repeating: "x", count: ConfigMap.maxSize) },
    ]

    @Test(arguments: configMapCases)
    func configMap(_ testCase: ValidationCase<ConfigMap>) {
        #expect(problems(changed(Valid.configMap, testCase.change)) == testCase.expected)
    }

    @Test func immutableConfigMapsAndSecrets() {
        var frozen = Valid.configMap
        frozen.immutable = true
        var edited = frozen
        edited.data?["LOG_LEVEL"] = "debug"
        #expect(problems(edited, old: frozen) == ["data: Forbidden"])
        #expect(edited.validate(old: frozen)[0].detail == "field is immutable when `immutable` is set")
        var thawed = frozen
        thawed.immutable = false
        #expect(problems(thawed, old: frozen) == ["immutable: Forbidden"])
        #expect(problems(edited, old: Valid.configMap) == [])
        var relabeled = frozen
        relabeled.metadata.labels = ["team": "web"]
        #expect(problems(relabeled, old: frozen) == [])

        var frozenSecret = Valid.secret
        frozenSecret.immutable = true
        var editedSecret = frozenSecret
        editedSecret.stringData = ["password": "hunter2"]
        #expect(problems(editedSecret, old: frozenSecret) == ["data: Forbidden"])
        var retyped = Valid.secret
        retyped.type = "kubernetes.io/basic-auth"
        #expect(problems(retyped, old: Valid.secret) == ["type: Invalid value"])
    }

    static let secretCases: [ValidationCase<Secret>] = [
        .init("key with slash", ["data[db/password]: Invalid value"]) { $0.data?["db/password"] = "eA==" },
        .init("value not base64", ["data[password]: Invalid value"]) { $0.data?["password"] = "s3cr3t!" },
        .init("string data key invalid", ["stringData[bad key]: Invalid value"]) { $0.stringData = ["bad key": "x"] },
        .init("TLS without key", ["data[tls.key]: Required value"]) {
            $0.type = "kubernetes.io/tls"
            $0.data = ["tls.crt": "LS0tLS1CRUdJTg=="]
        },
        .init("TLS complete", []) {
            $0.type = "kubernetes.io/tls"
            $0.data = ["tls.crt": "LS0tLS1CRUdJTg==", "tls.key": "LS0tLS1CRUdJTg=="]
        },
        .init("basic auth from string data", []) {
            $0.type = "kubernetes.io/basic-auth"
            $0.data = nil
            $0.stringData = ["username": "admin"]
        },
        .init(
            "service account token without annotation",
            ["metadata.annotations[kubernetes.io/service-account.name]: Required value"]
        ) {
            $0.type = "kubernetes.io/service-account-token"
        },
        .init("docker config not JSON", ["data[.dockerconfigjson]: Invalid value"]) {
            $0.type = "kubernetes.io/dockerconfigjson"
            $0.data = [".dockerconfigjson": "e2F1dGhz"]  // `{auths`
        },
    ]

    @Test(arguments: secretCases)
    func secret(_ testCase: ValidationCase<Secret>) {
        #expect(problems(changed(Valid.secret, testCase.change)) == testCase.expected)
    }

    @Test func base64Errors() {
        var secret = Valid.secret
        secret.data = ["a": "YWJj", "b": "YW==", "c": "YWJjZA", "d": "YW$j"]
        #expect(
            secret.validate(old: nil).map(\.description) == [
                "data[c]: Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 4",
                "data[d]: Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 2",
            ])
    }

    static let eventCases: [ValidationCase<Event>] = [
        .init("reason too long", ["reason: Invalid value"]) { $0.reason = String(repeating: "r", count: 129) },
        .init("unsupported type", ["type: Unsupported value"]) { $0.type = "Error" },
        .init("involved object in another namespace", ["involvedObject.namespace: Invalid value"]) {
            $0.involvedObject?.namespace = "other"
        },
        .init("cluster-scoped object in default", []) {
            $0.metadata.namespace = "default"
            $0.involvedObject = ObjectReference(kind: "Node", name: "worker-1")
        },
        .init(
            "new-style event without reporter",
            ["reportingComponent: Required value", "reportingInstance: Required value", "action: Required value"]
        ) {
            $0.eventTime = MicroTime(Date(timeIntervalSince1970: 1_740_823_200))
        },
    ]

    @Test(arguments: eventCases)
    func event(_ testCase: ValidationCase<Event>) {
        #expect(problems(changed(Valid.event, testCase.change)) == testCase.expected)
    }

    static let leaseCases: [ValidationCase<Lease>] = [
        .init("zero duration", ["spec.leaseDurationSeconds: Invalid value"]) { $0.spec?.leaseDurationSeconds = 0 },
        .init("negative transitions", ["spec.leaseTransitions: Invalid value"]) { $0.spec?.leaseTransitions = -1 },
        .init("unknown strategy", ["spec.strategy: Unsupported value"]) { $0.spec?.strategy = "Newest" },
        .init("preferred holder without strategy", ["spec.preferredHolder: Forbidden"]) {
            $0.spec?.preferredHolder = "scheduler-2"
        },
        .init("preferred holder with strategy", []) {
            $0.spec?.strategy = "OldestEmulationVersion"
            $0.spec?.preferredHolder = "scheduler-2"
        },
    ]

    @Test(arguments: leaseCases)
    func lease(_ testCase: ValidationCase<Lease>) {
        #expect(problems(changed(Valid.lease, testCase.change)) == testCase.expected)
    }

    @Test func smallKinds() {
        #expect(problems(Binding(target: ObjectReference(kind: "Node"))) == ["target.name: Required value"])
        #expect(problems(Binding()) == ["target.name: Required value"])
        #expect(
            problems(Binding(target: ObjectReference(kind: "Pod", name: "web-0"))) == ["target.kind: Unsupported value"]
        )
        var namespace = Namespace(metadata: ObjectMeta(name: "shop"))
        namespace.spec = NamespaceSpec(finalizers: ["kubernetes", "example.com/cleanup"])
        #expect(problems(namespace) == [])
        namespace.spec = NamespaceSpec(finalizers: ["cleanup"])
        #expect(problems(namespace) == ["spec.finalizers: Invalid value"])
    }

    // MARK: - Value rules

    @Test(
        arguments: [
            ("http", [String]()),
            ("metrics-1", []),
            ("http-metrics-port", ["must be no more than 15 characters"]),
            (
                "HTTP",
                [
                    "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                    "must contain at least one letter (a-z)",
                ]
            ),
            ("8080", ["must contain at least one letter (a-z)"]),
            ("a--b", ["must not contain consecutive hyphens"]),
            ("-a", ["must not begin or end with a hyphen"]),
        ] as [(String, [String])])
    func portNames(name: String, expected: [String]) {
        #expect(NameValidation.isValidPortName(name) == expected)
    }

    @Test(
        arguments: [
            ("10.0.0.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("::", true), ("::1", true),
            ("2001:db8::ffff", true), ("fe80::1:2:3:4", true), ("::ffff:10.0.0.1", true),
            ("1:2:3:4:5:6:7:8", true), ("10.0.0", false), ("10.0.0.256", false), ("010.0.0.1", false), ("", false),
            ("1:2:3:4:5:6:7:8:9", false), ("1::2::3", false), ("12345::", false), ("10.0.0.1::", false),
            ("fe80::1%eth0", false), ("example.com", false),
        ] as [(String, Bool)])
    func ipAddresses(text: String, valid: Bool) {
        #expect(NameValidation.isValidIP(text).isEmpty == valid)
    }

    @Test func cidrsAndKeys() {
        #expect(NameValidation.isValidCIDR("10.244.0.0/16").isEmpty)
        #expect(NameValidation.isValidCIDR("fd00::/8").isEmpty)
        #expect(!NameValidation.isValidCIDR("10.244.0.0").isEmpty)
        #expect(!NameValidation.isValidCIDR("fd00::/129").isEmpty)
        #expect(NameValidation.isConfigMapKey("app.properties").isEmpty)
        #expect(NameValidation.isConfigMapKey("..data") == ["must not start with '..'"])
        #expect(NameValidation.isValidPercent("25%").isEmpty)
        #expect(!NameValidation.isValidPercent("%").isEmpty)
    }

    // MARK: - Stored manifests

    /// Problems of a manifest decoded as `type`, defaulted or not.
    private static func manifestProblems<T: APIObject & Defaulting & Validating>(
        _ type: T.Type, _ json: String
    ) throws -> [String] {
        var object: T = try KindStrategy.decodeTyped(try JSONParser.parse(json))
        let plain = problems(object)
        object.applyDefaults()
        return plain + problems(object)
    }

    @Test func storedManifestsAreValid() throws {
        #expect(try Self.manifestProblems(Deployment.self, KindsFixtures.deployment) == [])
        #expect(try Self.manifestProblems(Pod.self, KindsFixtures.runningPod) == [])
        // The kitchen-sink pending pod uses alpha features kube-apiserver refuses by default (a restart
        // policy on a regular container) and `dnsPolicy: None` without `dnsConfig`; its ephemeral
        // container is refused only on create.
        let pending: Pod = try KindStrategy.decodeTyped(try JSONParser.parse(KindsFixtures.pendingPod))
        let known = ["spec.containers[0].restartPolicy: Forbidden", "spec.dnsConfig: Required value"]
        #expect(problems(pending) == known + ["spec.ephemeralContainers: Forbidden"])
        #expect(problems(pending, old: pending) == known)
        #expect(try Self.manifestProblems(Node.self, KindsFixtures.node) == [])
        #expect(try Self.manifestProblems(Service.self, KindsFixtures.service) == [])
        #expect(try Self.manifestProblems(Service.self, KindsFixtures.externalNameService) == [])
        #expect(try Self.manifestProblems(Lease.self, KindsFixtures.lease) == [])
        #expect(try Self.manifestProblems(Event.self, KindsFixtures.event) == [])
        #expect(try Self.manifestProblems(ConfigMap.self, KindsFixtures.configMap) == [])
        #expect(try Self.manifestProblems(Secret.self, KindsFixtures.secret) == [])
        #expect(try Self.manifestProblems(Namespace.self, KindsFixtures.namespace) == [])
        #expect(try Self.manifestProblems(ReplicaSet.self, KindsFixtures.replicaSet) == [])
        #expect(try Self.manifestProblems(ServiceAccount.self, KindsFixtures.serviceAccount) == [])
        #expect(try Self.manifestProblems(Binding.self, KindsFixtures.binding) == [])
        #expect(try Self.manifestProblems(Scale.self, KindsFixtures.scale) == [])
    }

    @Test func everyBuiltInKindValidates() {
        let kinds: [Any.Type] = [
            Pod.self, Deployment.self, ReplicaSet.self, Service.self, Node.self, Namespace.self, ConfigMap.self,
            Secret.self, ServiceAccount.self, Event.self, Lease.self, Binding.self, Scale.self,
        ]
        for kind in kinds { #expect(KindStrategy.isValidating(kind), "\(kind)") }
    }

    @Test func strategyReportsProblemsOfJSON() throws {
        let strategy = KindStrategy.typed(Deployment.self)
        var object = try JSONParser.parse(KindsFixtures.deployment)
        object[path: ["spec", "replicas"]] = .int(-1)
        #expect(try strategy.prepare(object, nil, "v1").errors.map(\.field) == ["spec.replicas"])
    }
}
