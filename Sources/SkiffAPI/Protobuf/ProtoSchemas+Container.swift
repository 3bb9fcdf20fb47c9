// core/v1 Container and what it holds: ports, env, resources, mounts, probes, lifecycle, security contexts.
extension ProtoSchemas {
    /// The fields of `Container`, which `EphemeralContainerCommon` repeats with the same numbers.
    private static let containerFields: [Int: ProtoField] = [
        1: .string("name"),
        2: .string("image"),
        3: .strings("command"),
        4: .strings("args"),
        5: .string("workingDir"),
        6: .messages("ports", containerPort),
        19: .messages("envFrom", envFromSource),
        7: .messages("env", envVar),
        8: .message("resources", resourceRequirements),
        23: .messages("resizePolicy", containerResizePolicy),
        24: .string("restartPolicy", optional: true),
        25: .messages("restartPolicyRules", containerRestartRule),
        9: .messages("volumeMounts", volumeMount),
        21: .messages("volumeDevices", ProtoMessage("VolumeDevice", [1: .string("name"), 2: .string("devicePath")])),
        10: .message("livenessProbe", probe),
        11: .message("readinessProbe", probe),
        22: .message("startupProbe", probe),
        12: .message("lifecycle", lifecycle),
        13: .string("terminationMessagePath"),
        20: .string("terminationMessagePolicy"),
        14: .string("imagePullPolicy"),
        15: .message("securityContext", securityContext),
        16: .bool("stdin"),
        17: .bool("stdinOnce"),
        18: .bool("tty"),
    ]

    static let container = ProtoMessage("Container", containerFields)

    static let ephemeralContainer = ProtoMessage(
        "EphemeralContainer",
        [
            1: .inline(ProtoMessage("EphemeralContainerCommon", containerFields)),
            2: .string("targetContainerName"),
        ])

    static let containerPort = ProtoMessage(
        "ContainerPort",
        [
            1: .string("name"),
            2: .int32("hostPort"),
            3: .int32("containerPort"),
            4: .string("protocol"),
            5: .string("hostIP"),
        ])

    static let containerResizePolicy = ProtoMessage(
        "ContainerResizePolicy",
        [
            1: .string("resourceName"),
            2: .string("restartPolicy"),
        ])

    static let containerRestartRule = ProtoMessage(
        "ContainerRestartRule",
        [
            1: .string("action"),
            2: .message(
                "exitCodes",
                ProtoMessage(
                    "ContainerRestartRuleOnExitCodes", [1: .string("operator"), 2: .repeated("values", .int32)])),
        ])

    // MARK: - Environment

    static let envVar = ProtoMessage(
        "EnvVar",
        [
            1: .string("name"),
            2: .string("value"),
            3: .message("valueFrom", envVarSource),
        ])

    static let envVarSource = ProtoMessage(
        "EnvVarSource",
        [
            1: .message("fieldRef", objectFieldSelector),
            2: .message("resourceFieldRef", resourceFieldSelector),
            3: .message("configMapKeyRef", keySelector(named: "ConfigMapKeySelector")),
            4: .message("secretKeyRef", keySelector(named: "SecretKeySelector")),
            5: .message("fileKeyRef", fileKeySelector),
        ])

    static let objectFieldSelector = ProtoMessage(
        "ObjectFieldSelector",
        [
            1: .string("apiVersion"),
            2: .string("fieldPath"),
        ])

    static let resourceFieldSelector = ProtoMessage(
        "ResourceFieldSelector",
        [
            1: .string("containerName"),
            2: .string("resource"),
            3: .quantity("divisor"),
        ])

    /// `ConfigMapKeySelector` and `SecretKeySelector`, which have the same fields.
    private static func keySelector(named name: String) -> ProtoMessage {
        ProtoMessage(
            name,
            [
                1: .inline(localObjectReference),
                2: .string("key"),
                3: .bool("optional", optional: true),
            ])
    }

    static let fileKeySelector = ProtoMessage(
        "FileKeySelector",
        [
            1: .string("volumeName"),
            2: .string("path"),
            3: .string("key"),
            4: .bool("optional", optional: true),
        ])

    static let envFromSource = ProtoMessage(
        "EnvFromSource",
        [
            1: .string("prefix"),
            2: .message("configMapRef", envSource(named: "ConfigMapEnvSource")),
            3: .message("secretRef", envSource(named: "SecretEnvSource")),
        ])

    /// `ConfigMapEnvSource` and `SecretEnvSource`, which have the same fields.
    private static func envSource(named name: String) -> ProtoMessage {
        ProtoMessage(name, [1: .inline(localObjectReference), 2: .bool("optional", optional: true)])
    }

    // MARK: - Resources and mounts

    static let resourceRequirements = ProtoMessage(
        "ResourceRequirements",
        [
            1: .map("limits", .quantity),
            2: .map("requests", .quantity),
            3: .messages("claims", ProtoMessage("ResourceClaim", [1: .string("name"), 2: .string("request")])),
        ])

    static let volumeMount = ProtoMessage(
        "VolumeMount",
        [
            1: .string("name"),
            2: .bool("readOnly"),
            7: .string("recursiveReadOnly", optional: true),
            3: .string("mountPath"),
            4: .string("subPath"),
            5: .string("mountPropagation", optional: true),
            6: .string("subPathExpr"),
        ])

    // MARK: - Probes and lifecycle

    static let probe = ProtoMessage(
        "Probe",
        [
            1: .inline(probeHandler),
            2: .int32("initialDelaySeconds"),
            3: .int32("timeoutSeconds"),
            4: .int32("periodSeconds"),
            5: .int32("successThreshold"),
            6: .int32("failureThreshold"),
            7: .int64("terminationGracePeriodSeconds", optional: true),
        ])

    static let probeHandler = ProtoMessage(
        "ProbeHandler",
        [
            1: .message("exec", execAction),
            2: .message("httpGet", httpGetAction),
            3: .message("tcpSocket", tcpSocketAction),
            4: .message(
                "grpc",
                ProtoMessage("GRPCAction", [1: .int32("port", optional: true), 2: .string("service", optional: true)])),
        ])

    static let execAction = ProtoMessage("ExecAction", [1: .strings("command")])

    static let httpGetAction = ProtoMessage(
        "HTTPGetAction",
        [
            1: .string("path"),
            2: .intOrString("port"),
            3: .string("host"),
            4: .string("scheme"),
            5: .messages("httpHeaders", ProtoMessage("HTTPHeader", [1: .string("name"), 2: .string("value")])),
        ])

    static let tcpSocketAction = ProtoMessage(
        "TCPSocketAction",
        [
            1: .intOrString("port"),
            2: .string("host"),
        ])

    static let lifecycle = ProtoMessage(
        "Lifecycle",
        [
            1: .message("postStart", lifecycleHandler),
            2: .message("preStop", lifecycleHandler),
            3: .string("stopSignal", optional: true),
        ])

    static let lifecycleHandler = ProtoMessage(
        "LifecycleHandler",
        [
            1: .message("exec", execAction),
            2: .message("httpGet", httpGetAction),
            3: .message("tcpSocket", tcpSocketAction),
            4: .message("sleep", ProtoMessage("SleepAction", [1: .int64("seconds", optional: true)])),
        ])

    // MARK: - Security contexts

    static let securityContext = ProtoMessage(
        "SecurityContext",
        [
            1: .message("capabilities", ProtoMessage("Capabilities", [1: .strings("add"), 2: .strings("drop")])),
            2: .bool("privileged", optional: true),
            3: .message("seLinuxOptions", seLinuxOptions),
            10: .message("windowsOptions", windowsSecurityContextOptions),
            4: .int64("runAsUser", optional: true),
            8: .int64("runAsGroup", optional: true),
            5: .bool("runAsNonRoot", optional: true),
            6: .bool("readOnlyRootFilesystem", optional: true),
            7: .bool("allowPrivilegeEscalation", optional: true),
            9: .string("procMount", optional: true),
            11: .message("seccompProfile", profile(named: "SeccompProfile")),
            12: .message("appArmorProfile", profile(named: "AppArmorProfile")),
            13: .messages(
                "ulimits",
                ProtoMessage(
                    "Ulimit",
                    [1: .string("name"), 2: .int64("hard", optional: true), 3: .int64("soft", optional: true)])),
        ])

    static let podSecurityContext = ProtoMessage(
        "PodSecurityContext",
        [
            1: .message("seLinuxOptions", seLinuxOptions),
            8: .message("windowsOptions", windowsSecurityContextOptions),
            2: .int64("runAsUser", optional: true),
            6: .int64("runAsGroup", optional: true),
            3: .bool("runAsNonRoot", optional: true),
            4: .repeated("supplementalGroups", .int64),
            12: .string("supplementalGroupsPolicy", optional: true),
            5: .int64("fsGroup", optional: true),
            7: .messages("sysctls", ProtoMessage("Sysctl", [1: .string("name"), 2: .string("value")])),
            9: .string("fsGroupChangePolicy", optional: true),
            10: .message("seccompProfile", profile(named: "SeccompProfile")),
            11: .message("appArmorProfile", profile(named: "AppArmorProfile")),
            13: .string("seLinuxChangePolicy", optional: true),
        ])

    static let seLinuxOptions = ProtoMessage(
        "SELinuxOptions",
        [
            1: .string("user"),
            2: .string("role"),
            3: .string("type"),
            4: .string("level"),
        ])

    /// `SeccompProfile` and `AppArmorProfile`, which have the same fields.
    private static func profile(named name: String) -> ProtoMessage {
        ProtoMessage(name, [1: .string("type"), 2: .string("localhostProfile", optional: true)])
    }

    static let windowsSecurityContextOptions = ProtoMessage(
        "WindowsSecurityContextOptions",
        [
            1: .string("gmsaCredentialSpecName", optional: true),
            2: .string("gmsaCredentialSpec", optional: true),
            3: .string("runAsUserName", optional: true),
            4: .bool("hostProcess", optional: true),
        ])
}
