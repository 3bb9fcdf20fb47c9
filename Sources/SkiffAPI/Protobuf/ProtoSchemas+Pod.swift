// core/v1 Pod: PodSpec, scheduling (affinity, tolerations, spread), PodStatus, PodTemplateSpec.
extension ProtoSchemas {
    static let pod = ProtoMessage(
        "Pod",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", podSpec),
            3: .message("status", podStatus),
        ])

    static let podTemplateSpec = ProtoMessage(
        "PodTemplateSpec",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", podSpec),
        ])

    static let podSpec = ProtoMessage(
        "PodSpec",
        [
            1: .messages("volumes", volume),
            20: .messages("initContainers", container),
            2: .messages("containers", container),
            34: .messages("ephemeralContainers", ephemeralContainer),
            3: .string("restartPolicy"),
            4: .int64("terminationGracePeriodSeconds", optional: true),
            5: .int64("activeDeadlineSeconds", optional: true),
            6: .string("dnsPolicy"),
            7: .map("nodeSelector", .string),
            8: .string("serviceAccountName"),
            9: .string("serviceAccount"),
            21: .bool("automountServiceAccountToken", optional: true),
            10: .string("nodeName"),
            11: .bool("hostNetwork"),
            12: .bool("hostPID"),
            13: .bool("hostIPC"),
            27: .bool("shareProcessNamespace", optional: true),
            14: .message("securityContext", podSecurityContext),
            15: .messages("imagePullSecrets", localObjectReference),
            16: .string("hostname"),
            17: .string("subdomain"),
            18: .message("affinity", affinity),
            19: .string("schedulerName"),
            22: .messages("tolerations", toleration),
            23: .messages("hostAliases", hostAlias),
            24: .string("priorityClassName"),
            25: .int32("priority", optional: true),
            26: .message("dnsConfig", podDNSConfig),
            28: .messages("readinessGates", ProtoMessage("PodReadinessGate", [1: .string("conditionType")])),
            29: .string("runtimeClassName", optional: true),
            30: .bool("enableServiceLinks", optional: true),
            31: .string("preemptionPolicy", optional: true),
            32: .map("overhead", .quantity),
            33: .messages("topologySpreadConstraints", topologySpreadConstraint),
            35: .bool("setHostnameAsFQDN", optional: true),
            36: .message("os", ProtoMessage("PodOS", [1: .string("name")])),
            37: .bool("hostUsers", optional: true),
            38: .messages("schedulingGates", ProtoMessage("PodSchedulingGate", [1: .string("name")])),
            39: .messages("resourceClaims", podResourceClaim),
            40: .message("resources", resourceRequirements),
            41: .string("hostnameOverride", optional: true),
            42: .message("workloadRef", workloadReference),
        ])

    static let podResourceClaim = ProtoMessage(
        "PodResourceClaim",
        [
            1: .string("name"),
            3: .string("resourceClaimName", optional: true),
            4: .string("resourceClaimTemplateName", optional: true),
        ])

    static let workloadReference = ProtoMessage(
        "WorkloadReference",
        [
            1: .string("name"),
            2: .string("podGroup"),
            3: .string("podGroupReplicaKey"),
        ])

    static let hostAlias = ProtoMessage(
        "HostAlias",
        [
            1: .string("ip"),
            2: .strings("hostnames"),
        ])

    static let podDNSConfig = ProtoMessage(
        "PodDNSConfig",
        [
            1: .strings("nameservers"),
            2: .strings("searches"),
            3: .messages(
                "options",
                ProtoMessage("PodDNSConfigOption", [1: .string("name"), 2: .string("value", optional: true)])),
        ])

    // MARK: - Scheduling

    static let toleration = ProtoMessage(
        "Toleration",
        [
            1: .string("key"),
            2: .string("operator"),
            3: .string("value"),
            4: .string("effect"),
            5: .int64("tolerationSeconds", optional: true),
        ])

    static let topologySpreadConstraint = ProtoMessage(
        "TopologySpreadConstraint",
        [
            1: .int32("maxSkew"),
            2: .string("topologyKey"),
            3: .string("whenUnsatisfiable"),
            4: .message("labelSelector", labelSelector),
            5: .int32("minDomains", optional: true),
            6: .string("nodeAffinityPolicy", optional: true),
            7: .string("nodeTaintsPolicy", optional: true),
            8: .strings("matchLabelKeys"),
        ])

    static let affinity = ProtoMessage(
        "Affinity",
        [
            1: .message("nodeAffinity", nodeAffinity),
            2: .message("podAffinity", podAffinity(named: "PodAffinity")),
            3: .message("podAntiAffinity", podAffinity(named: "PodAntiAffinity")),
        ])

    static let nodeAffinity = ProtoMessage(
        "NodeAffinity",
        [
            1: .message("requiredDuringSchedulingIgnoredDuringExecution", nodeSelector),
            2: .messages("preferredDuringSchedulingIgnoredDuringExecution", preferredSchedulingTerm),
        ])

    static let nodeSelector = ProtoMessage("NodeSelector", [1: .messages("nodeSelectorTerms", nodeSelectorTerm)])

    static let nodeSelectorTerm = ProtoMessage(
        "NodeSelectorTerm",
        [
            1: .messages("matchExpressions", nodeSelectorRequirement),
            2: .messages("matchFields", nodeSelectorRequirement),
        ])

    static let nodeSelectorRequirement = ProtoMessage(
        "NodeSelectorRequirement",
        [
            1: .string("key"),
            2: .string("operator"),
            3: .strings("values"),
        ])

    static let preferredSchedulingTerm = ProtoMessage(
        "PreferredSchedulingTerm",
        [
            1: .int32("weight"),
            2: .message("preference", nodeSelectorTerm),
        ])

    /// `PodAffinity` and `PodAntiAffinity`, which have the same fields.
    private static func podAffinity(named name: String) -> ProtoMessage {
        ProtoMessage(
            name,
            [
                1: .messages("requiredDuringSchedulingIgnoredDuringExecution", podAffinityTerm),
                2: .messages("preferredDuringSchedulingIgnoredDuringExecution", weightedPodAffinityTerm),
            ])
    }

    static let podAffinityTerm = ProtoMessage(
        "PodAffinityTerm",
        [
            1: .message("labelSelector", labelSelector),
            2: .strings("namespaces"),
            3: .string("topologyKey"),
            4: .message("namespaceSelector", labelSelector),
            5: .strings("matchLabelKeys"),
            6: .strings("mismatchLabelKeys"),
        ])

    static let weightedPodAffinityTerm = ProtoMessage(
        "WeightedPodAffinityTerm",
        [
            1: .int32("weight"),
            2: .message("podAffinityTerm", podAffinityTerm),
        ])

    // MARK: - PodStatus

    static let podStatus = ProtoMessage(
        "PodStatus",
        [
            17: .int64("observedGeneration"),
            1: .string("phase"),
            2: .messages("conditions", podCondition),
            3: .string("message"),
            4: .string("reason"),
            11: .string("nominatedNodeName"),
            5: .string("hostIP"),
            16: .messages("hostIPs", ProtoMessage("HostIP", [1: .string("ip")])),
            6: .string("podIP"),
            12: .messages("podIPs", ProtoMessage("PodIP", [1: .string("ip")])),
            7: .time("startTime"),
            10: .messages("initContainerStatuses", containerStatus),
            8: .messages("containerStatuses", containerStatus),
            9: .string("qosClass"),
            13: .messages("ephemeralContainerStatuses", containerStatus),
            14: .string("resize"),
            15: .messages(
                "resourceClaimStatuses",
                ProtoMessage(
                    "PodResourceClaimStatus", [1: .string("name"), 2: .string("resourceClaimName", optional: true)])),
            18: .message("extendedResourceClaimStatus", podExtendedResourceClaimStatus),
            19: .map("allocatedResources", .quantity),
            20: .message("resources", resourceRequirements),
        ])

    static let podCondition = ProtoMessage(
        "PodCondition",
        [
            1: .string("type"),
            7: .int64("observedGeneration"),
            2: .string("status"),
            3: .time("lastProbeTime"),
            4: .time("lastTransitionTime"),
            5: .string("reason"),
            6: .string("message"),
        ])

    static let podExtendedResourceClaimStatus = ProtoMessage(
        "PodExtendedResourceClaimStatus",
        [
            1: .messages(
                "requestMappings",
                ProtoMessage(
                    "ContainerExtendedResourceRequest",
                    [1: .string("containerName"), 2: .string("resourceName"), 3: .string("requestName")])),
            2: .string("resourceClaimName"),
        ])

    static let containerStatus = ProtoMessage(
        "ContainerStatus",
        [
            1: .string("name"),
            2: .message("state", containerState),
            3: .message("lastState", containerState),
            4: .bool("ready", optional: true),
            5: .int32("restartCount", optional: true),
            6: .string("image"),
            7: .string("imageID"),
            8: .string("containerID"),
            9: .bool("started", optional: true),
            10: .map("allocatedResources", .quantity),
            11: .message("resources", resourceRequirements),
            12: .messages("volumeMounts", volumeMountStatus),
            13: .message("user", containerUser),
            14: .messages("allocatedResourcesStatus", resourceStatus),
            15: .string("stopSignal", optional: true),
        ])

    static let containerState = ProtoMessage(
        "ContainerState",
        [
            1: .message(
                "waiting", ProtoMessage("ContainerStateWaiting", [1: .string("reason"), 2: .string("message")])),
            2: .message("running", ProtoMessage("ContainerStateRunning", [1: .time("startedAt")])),
            3: .message("terminated", containerStateTerminated),
        ])

    static let containerStateTerminated = ProtoMessage(
        "ContainerStateTerminated",
        [
            1: .int32("exitCode", optional: true),
            2: .int32("signal"),
            3: .string("reason"),
            4: .string("message"),
            5: .time("startedAt"),
            6: .time("finishedAt"),
            7: .string("containerID"),
        ])

    static let volumeMountStatus = ProtoMessage(
        "VolumeMountStatus",
        [
            1: .string("name"),
            2: .string("mountPath"),
            3: .bool("readOnly"),
            4: .string("recursiveReadOnly", optional: true),
            5: .message(
                "volumeStatus",
                ProtoMessage(
                    "VolumeStatus",
                    [1: .message("image", ProtoMessage("ImageVolumeStatus", [1: .string("imageRef")]))])),
        ])

    static let containerUser = ProtoMessage(
        "ContainerUser",
        [
            1: .message(
                "linux",
                ProtoMessage(
                    "LinuxContainerUser",
                    [
                        1: .int64("uid", optional: true),
                        2: .int64("gid", optional: true),
                        3: .repeated("supplementalGroups", .int64),
                    ]))
        ])

    static let resourceStatus = ProtoMessage(
        "ResourceStatus",
        [
            1: .string("name"),
            2: .messages(
                "resources",
                ProtoMessage(
                    "ResourceHealth",
                    [1: .string("resourceID"), 2: .string("health"), 6: .string("message", optional: true)])),
        ])
}
