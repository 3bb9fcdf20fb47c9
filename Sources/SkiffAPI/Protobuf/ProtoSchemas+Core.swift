// core/v1 kinds other than Pod: Namespace, ConfigMap, Secret, ServiceAccount, Service, Event, Binding, Node.
extension ProtoSchemas {
    // MARK: - Namespace

    static let namespace = ProtoMessage(
        "Namespace",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", namespaceSpec),
            3: .message("status", namespaceStatus),
        ])

    static let namespaceSpec = ProtoMessage("NamespaceSpec", [1: .strings("finalizers")])

    static let namespaceStatus = ProtoMessage(
        "NamespaceStatus",
        [
            1: .string("phase"),
            2: .messages("conditions", namespaceCondition),
        ])

    static let namespaceCondition = ProtoMessage(
        "NamespaceCondition",
        [
            1: .string("type"),
            2: .string("status"),
            4: .time("lastTransitionTime"),
            5: .string("reason"),
            6: .string("message"),
        ])

    // MARK: - ConfigMap, Secret, ServiceAccount

    static let configMap = ProtoMessage(
        "ConfigMap",
        [
            1: .message("metadata", objectMeta),
            4: .bool("immutable", optional: true),
            2: .map("data", .string),
            3: .map("binaryData", .bytes),
        ])

    static let secret = ProtoMessage(
        "Secret",
        [
            1: .message("metadata", objectMeta),
            5: .bool("immutable", optional: true),
            2: .map("data", .bytes),
            4: .map("stringData", .string),
            3: .string("type"),
        ])

    static let serviceAccount = ProtoMessage(
        "ServiceAccount",
        [
            1: .message("metadata", objectMeta),
            2: .messages("secrets", objectReference),
            3: .messages("imagePullSecrets", localObjectReference),
            4: .bool("automountServiceAccountToken", optional: true),
        ])

    static let objectReference = ProtoMessage(
        "ObjectReference",
        [
            1: .string("kind"),
            2: .string("namespace"),
            3: .string("name"),
            4: .string("uid"),
            5: .string("apiVersion"),
            6: .string("resourceVersion"),
            7: .string("fieldPath"),
        ])

    static let localObjectReference = ProtoMessage("LocalObjectReference", [1: .string("name")])

    // MARK: - Service

    static let service = ProtoMessage(
        "Service",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", serviceSpec),
            3: .message("status", serviceStatus),
        ])

    static let serviceSpec = ProtoMessage(
        "ServiceSpec",
        [
            1: .messages("ports", servicePort),
            2: .map("selector", .string),
            3: .string("clusterIP"),
            18: .strings("clusterIPs"),
            4: .string("type"),
            5: .strings("externalIPs"),
            7: .string("sessionAffinity"),
            8: .string("loadBalancerIP"),
            9: .strings("loadBalancerSourceRanges"),
            10: .string("externalName"),
            11: .string("externalTrafficPolicy"),
            12: .int32("healthCheckNodePort"),
            13: .bool("publishNotReadyAddresses"),
            14: .message("sessionAffinityConfig", sessionAffinityConfig),
            19: .strings("ipFamilies"),
            17: .string("ipFamilyPolicy", optional: true),
            20: .bool("allocateLoadBalancerNodePorts", optional: true),
            21: .string("loadBalancerClass", optional: true),
            22: .string("internalTrafficPolicy", optional: true),
            23: .string("trafficDistribution", optional: true),
        ])

    static let servicePort = ProtoMessage(
        "ServicePort",
        [
            1: .string("name"),
            2: .string("protocol"),
            6: .string("appProtocol", optional: true),
            3: .int32("port"),
            4: .intOrString("targetPort"),
            5: .int32("nodePort"),
        ])

    static let sessionAffinityConfig = ProtoMessage(
        "SessionAffinityConfig",
        [1: .message("clientIP", ProtoMessage("ClientIPConfig", [1: .int32("timeoutSeconds", optional: true)]))])

    static let serviceStatus = ProtoMessage(
        "ServiceStatus",
        [
            1: .message("loadBalancer", loadBalancerStatus),
            2: .messages("conditions", condition),
        ])

    static let loadBalancerStatus = ProtoMessage("LoadBalancerStatus", [1: .messages("ingress", loadBalancerIngress)])

    static let loadBalancerIngress = ProtoMessage(
        "LoadBalancerIngress",
        [
            1: .string("ip"),
            2: .string("hostname"),
            3: .string("ipMode", optional: true),
            4: .messages("ports", portStatus),
        ])

    static let portStatus = ProtoMessage(
        "PortStatus",
        [
            1: .int32("port"),
            2: .string("protocol"),
            3: .string("error", optional: true),
        ])

    // MARK: - Event, Binding

    static let event = ProtoMessage(
        "Event",
        [
            1: .message("metadata", objectMeta),
            2: .message("involvedObject", objectReference),
            3: .string("reason"),
            4: .string("message"),
            5: .message("source", eventSource),
            6: .time("firstTimestamp"),
            7: .time("lastTimestamp"),
            8: .int32("count"),
            9: .string("type"),
            10: .microTime("eventTime"),
            11: .message("series", eventSeries),
            12: .string("action"),
            13: .message("related", objectReference),
            14: .string("reportingComponent"),
            15: .string("reportingInstance"),
        ])

    static let eventSource = ProtoMessage(
        "EventSource",
        [
            1: .string("component"),
            2: .string("host"),
        ])

    static let eventSeries = ProtoMessage(
        "EventSeries",
        [
            1: .int32("count"),
            2: .microTime("lastObservedTime"),
        ])

    static let binding = ProtoMessage(
        "Binding",
        [
            1: .message("metadata", objectMeta),
            2: .message("target", objectReference),
        ])

    // MARK: - Node

    static let node = ProtoMessage(
        "Node",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", nodeSpec),
            3: .message("status", nodeStatus),
        ])

    static let nodeSpec = ProtoMessage(
        "NodeSpec",
        [
            1: .string("podCIDR"),
            7: .strings("podCIDRs"),
            3: .string("providerID"),
            4: .bool("unschedulable"),
            5: .messages("taints", taint),
            6: .message("configSource", nodeConfigSource),
            2: .string("externalID"),
        ])

    static let taint = ProtoMessage(
        "Taint",
        [
            1: .string("key"),
            2: .string("value"),
            3: .string("effect"),
            4: .time("timeAdded"),
        ])

    static let nodeConfigSource = ProtoMessage(
        "NodeConfigSource",
        [
            2: .message(
                "configMap",
                ProtoMessage(
                    "ConfigMapNodeConfigSource",
                    [
                        1: .string("namespace"),
                        2: .string("name"),
                        3: .string("uid"),
                        4: .string("resourceVersion"),
                        5: .string("kubeletConfigKey"),
                    ]))
        ])

    static let nodeStatus = ProtoMessage(
        "NodeStatus",
        [
            1: .map("capacity", .quantity),
            2: .map("allocatable", .quantity),
            3: .string("phase"),
            4: .messages("conditions", nodeCondition),
            5: .messages("addresses", nodeAddress),
            6: .message("daemonEndpoints", nodeDaemonEndpoints),
            7: .message("nodeInfo", nodeSystemInfo),
            8: .messages("images", containerImage),
            9: .strings("volumesInUse"),
            10: .messages("volumesAttached", attachedVolume),
            11: .message("config", nodeConfigStatus),
            12: .messages("runtimeHandlers", nodeRuntimeHandler),
            13: .message("features", nodeFeatures),
            14: .strings("declaredFeatures"),
        ])

    static let nodeCondition = ProtoMessage(
        "NodeCondition",
        [
            1: .string("type"),
            2: .string("status"),
            3: .time("lastHeartbeatTime"),
            4: .time("lastTransitionTime"),
            5: .string("reason"),
            6: .string("message"),
        ])

    static let nodeAddress = ProtoMessage(
        "NodeAddress",
        [
            1: .string("type"),
            2: .string("address"),
        ])

    static let nodeDaemonEndpoints = ProtoMessage(
        "NodeDaemonEndpoints",
        [1: .message("kubeletEndpoint", ProtoMessage("DaemonEndpoint", [1: .int32("Port", optional: true)]))])

    static let nodeSystemInfo = ProtoMessage(
        "NodeSystemInfo",
        [
            1: .string("machineID"),
            2: .string("systemUUID"),
            3: .string("bootID"),
            4: .string("kernelVersion"),
            5: .string("osImage"),
            6: .string("containerRuntimeVersion"),
            7: .string("kubeletVersion"),
            8: .string("kubeProxyVersion"),
            9: .string("operatingSystem"),
            10: .string("architecture"),
            11: .message("swap", ProtoMessage("NodeSwapStatus", [1: .int64("capacity", optional: true)])),
        ])

    static let containerImage = ProtoMessage(
        "ContainerImage",
        [
            1: .strings("names"),
            2: .int64("sizeBytes"),
        ])

    static let attachedVolume = ProtoMessage(
        "AttachedVolume",
        [
            1: .string("name"),
            2: .string("devicePath"),
        ])

    static let nodeConfigStatus = ProtoMessage(
        "NodeConfigStatus",
        [
            1: .message("assigned", nodeConfigSource),
            2: .message("active", nodeConfigSource),
            3: .message("lastKnownGood", nodeConfigSource),
            4: .string("error"),
        ])

    static let nodeRuntimeHandler = ProtoMessage(
        "NodeRuntimeHandler",
        [
            1: .string("name"),
            2: .message(
                "features",
                ProtoMessage(
                    "NodeRuntimeHandlerFeatures",
                    [
                        1: .bool("recursiveReadOnlyMounts", optional: true),
                        2: .bool("userNamespaces", optional: true),
                    ])),
        ])

    static let nodeFeatures = ProtoMessage(
        "NodeFeatures",
        [
            1: .bool("supplementalGroupsPolicy", optional: true),
            2: .bool("containerUlimits", optional: true),
        ])
}
