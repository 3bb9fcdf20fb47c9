// kube-apiserver's validation of pods and pod templates (`ValidatePodSpec`, `ValidatePodUpdate` and the
// container, volume, probe and toleration rules of `pkg/apis/core/validation`), with its field paths and
// messages. Fields with defaults are checked only when set: the API server defaults before it validates.

extension Pod: Validating {
    /// The spec's rules (images required); on update, that only images, `activeDeadlineSeconds`
    /// (lowered), added tolerations, removed scheduling gates and a negative grace period set to 1
    /// change.
    public func validate(old: Pod?) -> [FieldError] {
        let spec = self.spec ?? PodSpec()
        var errors = validatePodSpec(spec, path: FieldPath("spec"))
        if let old {
            errors += PodUpdateRules.validate(spec, old: old.spec ?? PodSpec())
        } else if !(spec.ephemeralContainers ?? []).isEmpty {
            errors.append(.forbidden("spec.ephemeralContainers", "cannot be set on create"))
        }
        return errors
    }
}

/// The checks of a pod spec (`ValidatePodSpec`), for pods and, with `isTemplate`, for the templates of
/// workloads: containers (names, images, ports, environment, resources, mounts, probes), volumes,
/// policies, tolerations and the node selector. Templates may leave images empty, as Kubernetes
/// allows (a tool fills them in later); pods may not.
public func validatePodSpec(_ spec: PodSpec, path: FieldPath, isTemplate: Bool = false) -> [FieldError] {
    var errors: [FieldError] = []
    let (volumeErrors, volumes) = PodSpecRules.volumes(spec.volumes ?? [], path.child("volumes"))
    errors += volumeErrors
    let gracePeriod = spec.terminationGracePeriodSeconds ?? 30
    let rules = PodSpecRules(volumes: volumes, requireImage: !isTemplate, gracePeriod: gracePeriod)
    errors += rules.containers(spec.containers ?? [], path.child("containers"))
    errors += rules.initContainers(
        spec.initContainers ?? [], others: spec.containers ?? [], path.child("initContainers"))
    errors += rules.ephemeralContainers(
        spec.ephemeralContainers ?? [],
        others: (spec.containers ?? []).map { $0.name ?? "" } + (spec.initContainers ?? []).map { $0.name ?? "" },
        path.child("ephemeralContainers"))
    errors += FieldRules.oneOf(spec.restartPolicy, ["Always", "OnFailure", "Never"], path("restartPolicy"))
    errors += FieldRules.oneOf(
        spec.dnsPolicy, ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"], path("dnsPolicy"))
    if spec.dnsPolicy == "None" {
        if let config = spec.dnsConfig {
            if (config.nameservers ?? []).isEmpty {
                errors.append(
                    .required(
                        path.child("dnsConfig")("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None"))
            }
        } else {
            errors.append(.required(path("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"))
        }
    }
    for (index, server) in (spec.dnsConfig?.nameservers ?? []).enumerated() {
        errors += FieldRules.name(
            server, path.child("dnsConfig").child("nameservers").index(index).description, NameValidation.isValidIP)
    }
    errors += NameValidation.validateLabels(spec.nodeSelector ?? [:], path: path.child("nodeSelector"))
    if let name = spec.serviceAccountName, !name.isEmpty {
        errors += FieldRules.name(name, path("serviceAccountName"), NameValidation.isDNS1123Subdomain)
    }
    if let name = spec.nodeName, !name.isEmpty {
        errors += FieldRules.name(name, path("nodeName"), NameValidation.isDNS1123Subdomain)
    }
    if let hostname = spec.hostname, !hostname.isEmpty {
        errors += FieldRules.name(hostname, path("hostname"), NameValidation.isDNS1123Label)
    }
    if let subdomain = spec.subdomain, !subdomain.isEmpty {
        errors += FieldRules.name(subdomain, path("subdomain"), NameValidation.isDNS1123Label)
    }
    errors += FieldRules.nonNegative(spec.terminationGracePeriodSeconds, path("terminationGracePeriodSeconds"))
    if let deadline = spec.activeDeadlineSeconds, !(1...Int64(Int32.max)).contains(deadline) {
        errors.append(
            .invalid(
                path("activeDeadlineSeconds"), deadline,
                NameValidation.inclusiveRangeMessage(1, Int(Int32.max))))
    }
    errors += PodSpecRules.tolerations(spec.tolerations ?? [], path.child("tolerations"))
    errors += FieldRules.oneOf(spec.preemptionPolicy, ["Never", "PreemptLowerPriority"], path("preemptionPolicy"))
    errors += PodSpecRules.securityIDs(
        runAsUser: spec.securityContext?.runAsUser, runAsGroup: spec.securityContext?.runAsGroup,
        path.child("securityContext"))
    if spec.hostNetwork == true {
        errors += PodSpecRules.hostNetworkPorts(spec.containers ?? [], path.child("containers"))
        errors += PodSpecRules.hostNetworkPorts(spec.initContainers ?? [], path.child("initContainers"))
    }
    return errors
}

/// The checks of a workload's pod template (`ValidatePodTemplateSpec`): its labels and annotations
/// and its spec, images optional.
public func validatePodTemplateSpec(_ template: PodTemplateSpec, path: FieldPath) -> [FieldError] {
    let metadata = path.child("metadata")
    var errors = NameValidation.validateLabels(template.metadata?.labels ?? [:], path: metadata.child("labels"))
    errors += NameValidation.validateAnnotations(
        template.metadata?.annotations ?? [:], path: metadata.child("annotations"))
    let spec = template.spec ?? PodSpec()
    errors += validatePodSpec(spec, path: path.child("spec"), isTemplate: true)
    if !(spec.ephemeralContainers ?? []).isEmpty {
        errors.append(
            .forbidden(path.child("spec")("ephemeralContainers"), "ephemeral containers not allowed in pod template"))
    }
    return errors
}

/// The fields regular and ephemeral containers share that validation looks at.
private protocol ValidatedContainer {
    var name: String? { get }
    var image: String? { get }
    var ports: [ContainerPort]? { get }
    var env: [EnvVar]? { get }
    var envFrom: [EnvFromSource]? { get }
    var resources: ResourceRequirements? { get }
    var volumeMounts: [VolumeMount]? { get }
    var imagePullPolicy: String? { get }
    var terminationMessagePolicy: String? { get }
    var securityContext: SecurityContext? { get }
}

extension Container: ValidatedContainer {}
extension EphemeralContainer: ValidatedContainer {}

/// The container and volume rules, with what they need to know of the rest of the spec.
private struct PodSpecRules {
    /// Names of the volumes that passed validation (mounts must name one).
    let volumes: Set<String>
    /// Whether an empty image is an error (pods, not templates).
    let requireImage: Bool
    /// The pod's termination grace period, the bound of a sleep action.
    let gracePeriod: Int64

    static let protocols = ["SCTP", "TCP", "UDP"]
    static let quantityFormatMessage =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    static let fileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive"
    static let initContainerOnlyMessage = "may not be set for init containers without restartPolicy=Always"
    static let ephemeralMessage = "cannot be set for an Ephemeral Container"

    // MARK: - Containers

    /// `validateContainers`: at least one, unique names, probes and lifecycle, no restart policy.
    func containers(_ containers: [Container], _ path: FieldPath) -> [FieldError] {
        if containers.isEmpty { return [.required(path.description)] }
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, container) in containers.enumerated() {
            let containerPath = path.index(index)
            errors += common(container, containerPath)
            let name = container.name ?? ""
            if !name.isEmpty, !names.insert(name).inserted {
                errors.append(.duplicate(containerPath("name"), name))
            }
            errors += probesAndLifecycle(container, containerPath)
            if container.restartPolicy != nil {
                errors.append(.forbidden(containerPath("restartPolicy"), "may not be set for non-init containers"))
            }
        }
        return errors
    }

    /// `validateInitContainers`: names unique across all containers, restart policy `Always` only
    /// (sidecars), probes and lifecycle only for sidecars.
    func initContainers(_ containers: [Container], others: [Container], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set(others.compactMap(\.name))
        for (index, container) in containers.enumerated() {
            let containerPath = path.index(index)
            errors += common(container, containerPath)
            let name = container.name ?? ""
            if !name.isEmpty, !names.insert(name).inserted {
                errors.append(.duplicate(containerPath("name"), name))
            }
            errors += FieldRules.oneOf(container.restartPolicy, ["Always"], containerPath("restartPolicy"))
            if container.restartPolicy == "Always" {
                errors += probesAndLifecycle(container, containerPath)
            } else {
                let present: [(String, Bool)] = [
                    ("lifecycle", container.lifecycle != nil), ("livenessProbe", container.livenessProbe != nil),
                    ("readinessProbe", container.readinessProbe != nil),
                    ("startupProbe", container.startupProbe != nil),
                ]
                for (field, isSet) in present where isSet {
                    errors.append(.forbidden(containerPath(field), Self.initContainerOnlyMessage))
                }
            }
        }
        return errors
    }

    /// `validateEphemeralContainers`: unique names, an existing target, no ports, probes, lifecycle
    /// or resources.
    func ephemeralContainers(_ containers: [EphemeralContainer], others: [String], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set(others)
        for (index, container) in containers.enumerated() {
            let containerPath = path.index(index)
            errors += common(container, containerPath, requireImage: true)
            let name = container.name ?? ""
            if !name.isEmpty, !names.insert(name).inserted {
                errors.append(.duplicate(containerPath("name"), name))
            }
            if let target = container.targetContainerName, !target.isEmpty, !others.contains(target) {
                errors.append(.notFound(containerPath("targetContainerName"), target))
            }
            let resources = container.resources
            let hasResources = !(resources?.limits ?? [:]).isEmpty || !(resources?.requests ?? [:]).isEmpty
            let forbidden: [(String, Bool)] = [
                ("ports", !(container.ports ?? []).isEmpty), ("lifecycle", container.lifecycle != nil),
                ("livenessProbe", container.livenessProbe != nil), ("readinessProbe", container.readinessProbe != nil),
                ("startupProbe", container.startupProbe != nil), ("resources", hasResources),
            ]
            for (field, isSet) in forbidden where isSet {
                errors.append(.forbidden(containerPath(field), Self.ephemeralMessage))
            }
        }
        return errors
    }

    /// `validateContainerCommon` and `validateContainerOnlyForPod`.
    func common(_ container: some ValidatedContainer, _ path: FieldPath, requireImage: Bool? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        let name = container.name ?? ""
        if name.isEmpty {
            errors.append(.required(path("name")))
        } else {
            errors += FieldRules.name(name, path("name"), NameValidation.isDNS1123Label)
        }
        let image = container.image ?? ""
        if image.isEmpty {
            if requireImage ?? self.requireImage { errors.append(.required(path("image"))) }
        } else if image != image.trimmingCharacters(in: .whitespacesAndNewlines) {
            errors.append(.invalid(path("image"), image, "must not have leading or trailing whitespace"))
        }
        errors += Self.ports(container.ports ?? [], path.child("ports"))
        errors += Self.env(container.env ?? [], path.child("env"))
        errors += Self.envFrom(container.envFrom ?? [], path.child("envFrom"))
        errors += mounts(container.volumeMounts ?? [], path.child("volumeMounts"))
        errors += FieldRules.oneOf(
            container.imagePullPolicy, ["Always", "IfNotPresent", "Never"], path("imagePullPolicy"))
        errors += FieldRules.oneOf(
            container.terminationMessagePolicy, ["FallbackToLogsOnError", "File"], path("terminationMessagePolicy"))
        errors += Self.resources(container.resources, path.child("resources"))
        errors += Self.securityIDs(
            runAsUser: container.securityContext?.runAsUser, runAsGroup: container.securityContext?.runAsGroup,
            path.child("securityContext"))
        return errors
    }

    /// The probes and lifecycle hooks of a regular container or sidecar.
    private func probesAndLifecycle(_ container: Container, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let probe = container.livenessProbe { errors += self.probe(probe, path.child("livenessProbe"), .liveness) }
        if let probe = container.readinessProbe {
            errors += self.probe(probe, path.child("readinessProbe"), .readiness)
        }
        if let probe = container.startupProbe { errors += self.probe(probe, path.child("startupProbe"), .startup) }
        if let lifecycle = container.lifecycle {
            let lifecyclePath = path.child("lifecycle")
            if let hook = lifecycle.postStart {
                errors += handler(
                    exec: hook.exec, httpGet: hook.httpGet, tcpSocket: hook.tcpSocket, grpc: nil, sleep: hook.sleep,
                    lifecyclePath.child("postStart"))
            }
            if let hook = lifecycle.preStop {
                errors += handler(
                    exec: hook.exec, httpGet: hook.httpGet, tcpSocket: hook.tcpSocket, grpc: nil, sleep: hook.sleep,
                    lifecyclePath.child("preStop"))
            }
        }
        return errors
    }

    /// `validateContainerPorts`: names valid and unique, numbers in range, a supported protocol.
    static func ports(_ ports: [ContainerPort], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            let portPath = path.index(index)
            if let name = port.name, !name.isEmpty {
                let problems = NameValidation.isValidPortName(name)
                if !problems.isEmpty {
                    errors += problems.map { .invalid(portPath("name"), name, $0) }
                } else if !names.insert(name).inserted {
                    errors.append(.duplicate(portPath("name"), name))
                }
            }
            switch port.containerPort {
            case nil, 0?:
                errors.append(.required(portPath("containerPort")))
            case let number?:
                errors += NameValidation.isValidPortNumber(number).map {
                    .invalid(portPath("containerPort"), number, $0)
                }
            }
            if let hostPort = port.hostPort, hostPort != 0 {
                errors += NameValidation.isValidPortNumber(hostPort).map {
                    .invalid(portPath("hostPort"), hostPort, $0)
                }
            }
            errors += FieldRules.oneOf(port.protocol, protocols, portPath("protocol"))
        }
        return errors
    }

    /// `ValidateEnv`: names required and printable, one value source.
    static func env(_ variables: [EnvVar], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, variable) in variables.enumerated() {
            let variablePath = path.index(index)
            let name = variable.name ?? ""
            if name.isEmpty {
                errors.append(.required(variablePath("name")))
            } else {
                errors += FieldRules.name(name, variablePath("name"), NameValidation.isEnvVarName)
            }
            if let source = variable.valueFrom {
                errors += valueFrom(source, value: variable.value ?? "", variablePath.child("valueFrom"))
            }
        }
        return errors
    }

    static let fieldRefPaths = [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ]
    static let resourceFieldRefs = [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage",
        "requests.memory",
    ]

    /// `validateEnvVarValueFrom`.
    private static func valueFrom(_ source: EnvVarSource, value: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var sources = 0
        if let reference = source.fieldRef {
            sources += 1
            let referencePath = path.child("fieldRef")
            if reference.apiVersion == "" { errors.append(.required(referencePath("apiVersion"))) }
            let fieldPath = reference.fieldPath ?? ""
            if fieldPath.isEmpty {
                errors.append(.required(referencePath("fieldPath")))
            } else if let bracket = fieldPath.firstIndex(of: "[") {
                let base = String(fieldPath[..<bracket])
                if base != "metadata.annotations", base != "metadata.labels" {
                    errors.append(.invalid(referencePath.description, base, "does not support subscript"))
                }
            } else if !fieldRefPaths.contains(fieldPath) {
                errors.append(.notSupported(referencePath("fieldPath"), fieldPath, supported: fieldRefPaths))
            }
        }
        if let reference = source.resourceFieldRef {
            sources += 1
            let referencePath = path.child("resourceFieldRef")
            let resource = reference.resource ?? ""
            if resource.isEmpty {
                errors.append(.required(referencePath("resource")))
            } else if !resourceFieldRefs.contains(resource), !resource.hasPrefix("limits.hugepages-"),
                !resource.hasPrefix("requests.hugepages-")
            {
                errors.append(.notSupported(referencePath("resource"), resource, supported: resourceFieldRefs))
            }
        }
        if let reference = source.configMapKeyRef {
            sources += 1
            errors += keySelector(name: reference.name, key: reference.key, path.child("configMapKeyRef"))
        }
        if let reference = source.secretKeyRef {
            sources += 1
            errors += keySelector(name: reference.name, key: reference.key, path.child("secretKeyRef"))
        }
        if source.fileKeyRef != nil { sources += 1 }
        if sources == 0 {
            errors.append(
                .invalid(
                    path.description, "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        } else if !value.isEmpty {
            errors.append(.invalid(path.description, "", "may not be specified when `value` is not empty"))
        } else if sources > 1 {
            errors.append(.invalid(path.description, "", "may not have more than one field specified at a time"))
        }
        return errors
    }

    /// A ConfigMap or Secret key reference: both name and key, the key a valid config key.
    private static func keySelector(name: String?, key: String?, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if name?.isEmpty ?? true { errors.append(.required(path("name"))) }
        let key = key ?? ""
        if key.isEmpty {
            errors.append(.required(path("key")))
        } else {
            errors += FieldRules.name(key, path("key"), NameValidation.isConfigMapKey)
        }
        return errors
    }

    /// `ValidateEnvFrom`: a valid prefix and exactly one named source.
    static func envFrom(_ sources: [EnvFromSource], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, source) in sources.enumerated() {
            let sourcePath = path.index(index)
            if let prefix = source.prefix, !prefix.isEmpty {
                errors += FieldRules.name(prefix, sourcePath("prefix"), NameValidation.isEnvVarName)
            }
            var count = 0
            if let reference = source.configMapRef {
                count += 1
                if reference.name?.isEmpty ?? true {
                    errors.append(.required(sourcePath.child("configMapRef")("name")))
                }
            }
            if let reference = source.secretRef {
                count += 1
                if reference.name?.isEmpty ?? true { errors.append(.required(sourcePath.child("secretRef")("name"))) }
            }
            if count == 0 {
                errors.append(
                    .invalid(sourcePath.description, "", "must specify one of: `configMapRef` or `secretRef`"))
            } else if count > 1 {
                errors.append(
                    .invalid(sourcePath.description, "", "may not have more than one field specified at a time"))
            }
        }
        return errors
    }

    /// `ValidateVolumeMounts`: a volume of the pod, a unique mount path, a relative sub-path.
    func mounts(_ mounts: [VolumeMount], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var mountPaths: Set<String> = []
        for (index, mount) in mounts.enumerated() {
            let mountPath = path.index(index)
            let name = mount.name ?? ""
            if name.isEmpty { errors.append(.required(mountPath("name"))) }
            if !volumes.contains(name) { errors.append(.notFound(mountPath("name"), name)) }
            let target = mount.mountPath ?? ""
            if target.isEmpty { errors.append(.required(mountPath("mountPath"))) }
            if !mountPaths.insert(target).inserted {
                errors.append(.invalid(mountPath("mountPath"), target, "must be unique"))
            }
            if let subPath = mount.subPath, !subPath.isEmpty {
                errors += Self.localDescendingPath(subPath, mountPath("subPath"))
            }
            if let expression = mount.subPathExpr, !expression.isEmpty {
                if !(mount.subPath ?? "").isEmpty {
                    errors.append(
                        .invalid(mountPath("subPathExpr"), expression, "subPathExpr and subPath are mutually exclusive")
                    )
                }
                errors += Self.localDescendingPath(expression, mountPath("subPathExpr"))
            }
            errors += FieldRules.oneOf(
                mount.mountPropagation, ["Bidirectional", "HostToContainer", "None"], mountPath("mountPropagation"))
        }
        return errors
    }

    /// `validateLocalDescendingPath`: relative, without `..` elements.
    static func localDescendingPath(_ value: String, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if value.hasPrefix("/") { errors.append(.invalid(path, value, "must be a relative path")) }
        if value.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            errors.append(.invalid(path, value, "must not contain '..'"))
        }
        return errors
    }

    // MARK: - Resources

    static let containerResources: Set<String> = ["cpu", "memory", "ephemeral-storage"]

    /// `ValidateResourceRequirements`: standard or qualified names, valid non-negative quantities,
    /// requests at most the limits (equal for extended resources), whole extended resources.
    static func resources(_ requirements: ResourceRequirements?, _ path: FieldPath) -> [FieldError] {
        guard let requirements else { return [] }
        var errors: [FieldError] = []
        let limitsPath = path.child("limits")
        let requestsPath = path.child("requests")
        let limits = requirements.limits ?? [:]
        for name in limits.keys.sorted() {
            errors += resourceName(name, limitsPath.key(name).description)
            errors += quantity(limits[name]!, name: name, limitsPath.key(name).description)
        }
        let requests = requirements.requests ?? [:]
        for name in requests.keys.sorted() {
            let request = requests[name]!
            errors += resourceName(name, requestsPath.key(name).description)
            let problems = quantity(request, name: name, requestsPath.key(name).description)
            errors += problems
            if let limit = limits[name] {
                guard problems.isEmpty, let order = request.compare(limit) else { continue }
                if order != .orderedSame, !isOvercommitAllowed(name) {
                    errors.append(
                        .invalid(requestsPath.description, request.string, "must be equal to \(name) limit of \(limit)")
                    )
                } else if order == .orderedDescending {
                    errors.append(
                        .invalid(
                            requestsPath.description, request.string,
                            "must be less than or equal to \(name) limit of \(limit)"))
                }
            } else if !isOvercommitAllowed(name) {
                errors.append(.required(limitsPath.description, "Limit must be set for non overcommitable resources"))
            }
        }
        return errors
    }

    /// `validateContainerResourceName`.
    private static func resourceName(_ name: String, _ path: String) -> [FieldError] {
        let problems = FieldRules.name(name, path, NameValidation.isQualifiedName)
        if !problems.isEmpty { return problems }
        if !name.contains("/"), !containerResources.contains(name), !name.hasPrefix("hugepages-") {
            return [.invalid(path, name, "must be a standard resource for containers")]
        }
        return []
    }

    /// `ValidateResourceQuantityValue`: parses, is not negative, is whole for extended resources.
    private static func quantity(_ quantity: Quantity, name: String, _ path: String) -> [FieldError] {
        guard let negative = quantity.isNegative else {
            return [.invalid(path, quantity.string, quantityFormatMessage)]
        }
        if negative { return [.invalid(path, quantity.string, FieldRules.negativeMessage)] }
        if isExtended(name), let milli = quantity.milliValue, milli % 1000 != 0 {
            return [.invalid(path, quantity.string, "must be an integer")]
        }
        return []
    }

    /// A resource outside `kubernetes.io` (`example.com/gpu`).
    private static func isExtended(_ name: String) -> Bool {
        name.contains("/") && !name.contains("kubernetes.io/")
    }

    /// Whether requests may be below limits: native resources other than huge pages.
    private static func isOvercommitAllowed(_ name: String) -> Bool {
        !isExtended(name) && !name.hasPrefix("hugepages-")
    }

    /// User and group IDs of a security context: 0 to 2147483647.
    static func securityIDs(runAsUser: Int64?, runAsGroup: Int64?, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (field, id) in [("runAsUser", runAsUser), ("runAsGroup", runAsGroup)] {
            guard let id, !(0...Int64(Int32.max)).contains(id) else { continue }
            errors.append(.invalid(path(field), id, NameValidation.inclusiveRangeMessage(0, Int(Int32.max))))
        }
        return errors
    }

    /// With `hostNetwork`, a host port must equal its container port (`validateHostNetwork`).
    static func hostNetworkPorts(_ containers: [Container], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, container) in containers.enumerated() {
            for (portIndex, port) in (container.ports ?? []).enumerated() {
                guard let hostPort = port.hostPort, hostPort != 0, hostPort != port.containerPort else { continue }
                errors.append(
                    .invalid(
                        path.index(index).child("ports").index(portIndex)("hostPort"), hostPort,
                        "must match `containerPort` when `hostNetwork` is true"))
            }
        }
        return errors
    }

    // MARK: - Probes

    enum ProbeKind {
        case liveness
        case readiness
        case startup
    }

    /// `validateProbe` and the liveness, readiness and startup specifics.
    func probe(_ probe: Probe, _ path: FieldPath, _ kind: ProbeKind) -> [FieldError] {
        var errors = handler(
            exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc, sleep: nil, path)
        errors += FieldRules.nonNegative(probe.initialDelaySeconds, path("initialDelaySeconds"))
        let counts = [
            ("timeoutSeconds", probe.timeoutSeconds), ("periodSeconds", probe.periodSeconds),
            ("successThreshold", probe.successThreshold), ("failureThreshold", probe.failureThreshold),
        ]
        for (field, value) in counts {
            if let value, value < 1 {
                errors.append(.invalid(path(field), value, "must be greater than or equal to 1"))
            }
        }
        switch kind {
        case .liveness, .startup:
            if let threshold = probe.successThreshold, threshold >= 1, threshold != 1 {
                errors.append(.invalid(path("successThreshold"), threshold, "must be 1"))
            }
            if let seconds = probe.terminationGracePeriodSeconds, seconds <= 0 {
                errors.append(.invalid(path("terminationGracePeriodSeconds"), seconds, "must be greater than 0"))
            }
        case .readiness:
            if let seconds = probe.terminationGracePeriodSeconds {
                errors.append(
                    .invalid(path("terminationGracePeriodSeconds"), seconds, "must not be set for readinessProbes"))
            }
        }
        return errors
    }

    /// `validateHandler`: exactly one action, each valid.
    func handler(
        exec: ExecAction?, httpGet: HTTPGetAction?, tcpSocket: TCPSocketAction?, grpc: GRPCAction?,
        sleep: SleepAction?, _ path: FieldPath
    ) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        func claim(_ field: String) -> Bool {
            count += 1
            if count > 1 { errors.append(.forbidden(path(field), "may not specify more than 1 handler type")) }
            return count == 1
        }
        if let exec, claim("exec"), (exec.command ?? []).isEmpty {
            errors.append(.required(path.child("exec")("command")))
        }
        if let httpGet, claim("httpGet") {
            let actionPath = path.child("httpGet")
            if httpGet.path == "" { errors.append(.required(actionPath("path"))) }
            errors += FieldRules.portNumberOrName(httpGet.port, actionPath("port"))
            errors += FieldRules.oneOf(httpGet.scheme, ["HTTP", "HTTPS"], actionPath("scheme"))
            for header in httpGet.httpHeaders ?? [] {
                let name = header.name ?? ""
                let valid =
                    !name.isEmpty
                    && name.utf8.allSatisfy { byte in
                        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                            || (byte >= 0x61 && byte <= 0x7A)
                            || byte == UInt8(ascii: "-")
                    }
                if !valid {
                    errors.append(
                        .invalid(
                            actionPath("httpHeaders"), name,
                            "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
                                + "regex used for validation is '[-A-Za-z0-9]+')"))
                }
            }
        }
        if let tcpSocket, claim("tcpSocket") {
            errors += FieldRules.portNumberOrName(tcpSocket.port, path.child("tcpSocket")("port"))
        }
        if let grpc, claim("grpc") {
            let port = grpc.port ?? 0
            errors += NameValidation.isValidPortNumber(port).map { .invalid(path.child("grpc")("port"), port, $0) }
        }
        if let sleep, claim("sleep") {
            let seconds = sleep.seconds ?? 0
            if seconds < 0 || seconds > gracePeriod {
                errors.append(
                    .invalid(
                        path.child("sleep")("seconds"), seconds,
                        "must be non-negative and less than terminationGracePeriodSeconds (\(gracePeriod))"))
            }
        }
        if count == 0 { errors.append(.required(path.description, "must specify a handler type")) }
        return errors
    }

    // MARK: - Volumes

    /// `ValidateVolumes`: names required, DNS labels and unique, exactly one source, each valid. Returns the
    /// names of the volumes without problems.
    static func volumes(_ volumes: [Volume], _ path: FieldPath) -> ([FieldError], Set<String>) {
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, volume) in volumes.enumerated() {
            let volumePath = path.index(index)
            var volumeErrors = source(volume, volumePath)
            let name = volume.name ?? ""
            if name.isEmpty {
                volumeErrors.append(.required(volumePath("name")))
            } else {
                volumeErrors += FieldRules.name(name, volumePath("name"), NameValidation.isDNS1123Label)
            }
            if names.contains(name) { volumeErrors.append(.duplicate(volumePath("name"), name)) }
            if volumeErrors.isEmpty { names.insert(name) }
            errors += volumeErrors
        }
        return (errors, names)
    }

    /// `validateVolumeSource`: one source, the common ones checked.
    private static func source(_ volume: Volume, _ path: FieldPath) -> [FieldError] {
        let sources: [(String, Bool)] = [
            ("emptyDir", volume.emptyDir != nil), ("hostPath", volume.hostPath != nil),
            ("gitRepo", volume.gitRepo != nil), ("gcePersistentDisk", volume.gcePersistentDisk != nil),
            ("awsElasticBlockStore", volume.awsElasticBlockStore != nil), ("secret", volume.secret != nil),
            ("nfs", volume.nfs != nil), ("iscsi", volume.iscsi != nil), ("glusterfs", volume.glusterfs != nil),
            ("persistentVolumeClaim", volume.persistentVolumeClaim != nil), ("rbd", volume.rbd != nil),
            ("flexVolume", volume.flexVolume != nil), ("cinder", volume.cinder != nil),
            ("cephfs", volume.cephfs != nil),
            ("flocker", volume.flocker != nil), ("downwardAPI", volume.downwardAPI != nil), ("fc", volume.fc != nil),
            ("azureFile", volume.azureFile != nil), ("configMap", volume.configMap != nil),
            ("vsphereVolume", volume.vsphereVolume != nil), ("quobyte", volume.quobyte != nil),
            ("azureDisk", volume.azureDisk != nil), ("photonPersistentDisk", volume.photonPersistentDisk != nil),
            ("projected", volume.projected != nil), ("portworxVolume", volume.portworxVolume != nil),
            ("scaleIO", volume.scaleIO != nil), ("storageos", volume.storageos != nil), ("csi", volume.csi != nil),
            ("ephemeral", volume.ephemeral != nil), ("image", volume.image != nil),
        ]
        let present = sources.filter(\.1).map(\.0)
        guard let first = present.first else { return [.required(path.description, "must specify a volume type")] }
        var errors = present.dropFirst().map {
            FieldError.forbidden(path($0), "may not specify more than 1 volume type")
        }
        switch first {
        case "emptyDir":
            if let limit = volume.emptyDir?.sizeLimit, limit.isNegative ?? true {
                errors.append(
                    .forbidden(path.child("emptyDir")("sizeLimit"), "SizeLimit field must be a valid resource quantity")
                )
            }
        case "hostPath":
            let hostPath = path.child("hostPath")
            let target = volume.hostPath?.path ?? ""
            if target.isEmpty {
                errors.append(.required(hostPath("path")))
            } else if target.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
                errors.append(.invalid(hostPath("path"), target, "must not contain '..'"))
            }
            let types = [
                "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket",
            ]
            errors += FieldRules.oneOf(volume.hostPath?.type, types, hostPath("type"))
        case "secret":
            let secretPath = path.child("secret")
            if volume.secret?.secretName?.isEmpty ?? true { errors.append(.required(secretPath("secretName"))) }
            errors += fileMode(volume.secret?.defaultMode, secretPath("defaultMode"))
            errors += items(volume.secret?.items ?? [], secretPath.child("items"))
        case "configMap":
            let configMapPath = path.child("configMap")
            if volume.configMap?.name?.isEmpty ?? true { errors.append(.required(configMapPath("name"))) }
            errors += fileMode(volume.configMap?.defaultMode, configMapPath("defaultMode"))
            errors += items(volume.configMap?.items ?? [], configMapPath.child("items"))
        case "persistentVolumeClaim":
            if volume.persistentVolumeClaim?.claimName?.isEmpty ?? true {
                errors.append(.required(path.child("persistentVolumeClaim")("claimName")))
            }
        case "downwardAPI":
            errors += fileMode(volume.downwardAPI?.defaultMode, path.child("downwardAPI")("defaultMode"))
        case "projected":
            errors += fileMode(volume.projected?.defaultMode, path.child("projected")("defaultMode"))
        default:
            break
        }
        return errors
    }

    /// File mode bits, 0 to 0777.
    private static func fileMode(_ mode: Int?, _ path: String) -> [FieldError] {
        guard let mode, !(0...0o777).contains(mode) else { return [] }
        return [.invalid(path, mode, fileModeMessage)]
    }

    /// `validateKeyToPath`: a key and a relative path that does not start with `..`.
    private static func items(_ items: [KeyToPath], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            if item.key?.isEmpty ?? true { errors.append(.required(itemPath("key"))) }
            let target = item.path ?? ""
            if target.isEmpty {
                errors.append(.required(itemPath("path")))
            } else {
                errors += localDescendingPath(target, itemPath("path"))
                if target.hasPrefix("..") {
                    errors.append(.invalid(itemPath("path"), target, "must not start with '..'"))
                }
            }
            errors += fileMode(item.mode, itemPath("mode"))
        }
        return errors
    }

    // MARK: - Tolerations

    /// `ValidateTolerations`.
    static func tolerations(_ tolerations: [Toleration], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, toleration) in tolerations.enumerated() {
            let tolerationPath = path.index(index)
            let key = toleration.key ?? ""
            let op = toleration.operator ?? ""
            let effect = toleration.effect ?? ""
            let value = toleration.value ?? ""
            if !key.isEmpty { errors += FieldRules.name(key, tolerationPath("key"), NameValidation.isQualifiedName) }
            if key.isEmpty, op != "Exists" {
                errors.append(
                    .invalid(
                        tolerationPath("operator"), op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
            }
            if toleration.tolerationSeconds != nil, effect != "NoExecute" {
                errors.append(
                    .invalid(
                        tolerationPath("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
            }
            switch op {
            case "Equal", "":
                let problems = NameValidation.isValidLabelValue(value)
                if !problems.isEmpty {
                    errors.append(.invalid(tolerationPath("operator"), value, problems.joined(separator: ";")))
                }
            case "Exists":
                if !value.isEmpty {
                    errors.append(
                        .invalid(tolerationPath("operator"), value, "value must be empty when `operator` is 'Exists'"))
                }
            default:
                errors.append(.notSupported(tolerationPath("operator"), op, supported: ["Equal", "Exists"]))
            }
            errors += FieldRules.oneOf(toleration.effect, taintEffects, tolerationPath("effect"))
        }
        return errors
    }

    static let taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
}

/// `ValidatePodUpdate`: what may change in a pod's spec.
private enum PodUpdateRules {
    static let updatableFields =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
        + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

    static func validate(_ new: PodSpec, old: PodSpec) -> [FieldError] {
        var errors: [FieldError] = []
        let path = FieldPath("spec")
        if let deadline = new.activeDeadlineSeconds {
            if let previous = old.activeDeadlineSeconds, previous < deadline {
                errors.append(
                    .invalid(path("activeDeadlineSeconds"), deadline, "must be less than or equal to previous value"))
            }
        } else if old.activeDeadlineSeconds != nil {
            errors.append(
                FieldRules.invalidRaw(
                    path("activeDeadlineSeconds"), "null", "must not update from a positive integer to nil value"))
        }
        errors += addedTolerations(new.tolerations ?? [], old: old.tolerations ?? [], path("tolerations"))
        let oldGates = Set((old.schedulingGates ?? []).compactMap(\.name))
        for gate in new.schedulingGates ?? [] where !oldGates.contains(gate.name ?? "") {
            errors.append(
                .forbidden(
                    path("schedulingGates"),
                    "only deletion is allowed, but found new scheduling gate '\(gate.name ?? "")'"))
        }

        var munged = new
        if let containers = munged.containers, let previous = old.containers, containers.count == previous.count {
            for index in containers.indices { munged.containers?[index].image = previous[index].image }
        }
        if let containers = munged.initContainers, let previous = old.initContainers, containers.count == previous.count
        {
            for index in containers.indices { munged.initContainers?[index].image = previous[index].image }
        }
        munged.activeDeadlineSeconds = old.activeDeadlineSeconds
        munged.tolerations = old.tolerations
        munged.schedulingGates = old.schedulingGates
        if let previous = old.terminationGracePeriodSeconds, previous < 0, new.terminationGracePeriodSeconds == 1 {
            munged.terminationGracePeriodSeconds = previous
        }
        if munged != old {
            errors.append(.forbidden(path.description, updatableFields + "\n" + difference(old: old, new: munged)))
        }
        return errors
    }

    /// `validateOnlyAddedTolerations`: every old toleration is still there, its seconds aside.
    private static func addedTolerations(_ new: [Toleration], old: [Toleration], _ path: String) -> [FieldError] {
        for previous in old {
            let kept = new.contains { toleration in
                var clone = previous
                clone.tolerationSeconds = toleration.tolerationSeconds
                return clone == toleration
            }
            if !kept {
                return [.forbidden(path, "existing toleration can not be modified except its tolerationSeconds")]
            }
        }
        return []
    }

    /// The changed fields, one per line: `  spec.restartPolicy: "Always" -> "Never"` (at most eight).
    private static func difference(old: PodSpec, new: PodSpec) -> String {
        var lines: [String] = []
        collect(KindStrategy.encodeTyped(old), KindStrategy.encodeTyped(new), path: "spec", into: &lines)
        if lines.count > 8 { lines = Array(lines.prefix(8)) + ["  ..."] }
        return lines.joined(separator: "\n")
    }

    private static func collect(_ old: JSONValue?, _ new: JSONValue?, path: String, into lines: inout [String]) {
        if old == new { return }
        switch (old, new) {
        case (.object(let before)?, .object(let after)?):
            for key in Set(before.keys).union(after.keys).sorted() {
                collect(before[key], after[key], path: path + "." + key, into: &lines)
            }
        case (.array(let before)?, .array(let after)?) where before.count == after.count:
            for index in before.indices {
                collect(before[index], after[index], path: path + "[\(index)]", into: &lines)
            }
        default:
            func text(_ value: JSONValue?) -> String {
                let full = value?.serializedString() ?? "null"
                return full.count > 100 ? String(full.prefix(100)) + "..." : full
            }
            lines.append("  \(path): \(text(old)) -> \(text(new))")
        }
    }
}
