// apps/v1 Deployment and ReplicaSet, coordination.k8s.io/v1 Lease, autoscaling/v1 Scale.
extension ProtoSchemas {
    // MARK: - Deployment

    static let deployment = ProtoMessage(
        "Deployment",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", deploymentSpec),
            3: .message("status", deploymentStatus),
        ])

    static let deploymentSpec = ProtoMessage(
        "DeploymentSpec",
        [
            1: .int32("replicas", optional: true),
            2: .message("selector", labelSelector),
            3: .message("template", podTemplateSpec),
            4: .message("strategy", deploymentStrategy),
            5: .int32("minReadySeconds"),
            6: .int32("revisionHistoryLimit", optional: true),
            7: .bool("paused"),
            9: .int32("progressDeadlineSeconds", optional: true),
            10: .string("podReplacementPolicy", optional: true),
        ])

    static let deploymentStrategy = ProtoMessage(
        "DeploymentStrategy",
        [
            1: .string("type"),
            2: .message(
                "rollingUpdate",
                ProtoMessage(
                    "RollingUpdateDeployment", [1: .intOrString("maxUnavailable"), 2: .intOrString("maxSurge")])),
        ])

    static let deploymentStatus = ProtoMessage(
        "DeploymentStatus",
        [
            1: .int64("observedGeneration"),
            2: .int32("replicas"),
            3: .int32("updatedReplicas"),
            7: .int32("readyReplicas"),
            4: .int32("availableReplicas"),
            5: .int32("unavailableReplicas"),
            9: .int32("terminatingReplicas", optional: true),
            6: .messages("conditions", deploymentCondition),
            8: .int32("collisionCount", optional: true),
        ])

    static let deploymentCondition = ProtoMessage(
        "DeploymentCondition",
        [
            1: .string("type"),
            2: .string("status"),
            6: .time("lastUpdateTime"),
            7: .time("lastTransitionTime"),
            4: .string("reason"),
            5: .string("message"),
        ])

    // MARK: - ReplicaSet

    static let replicaSet = ProtoMessage(
        "ReplicaSet",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", replicaSetSpec),
            3: .message("status", replicaSetStatus),
        ])

    static let replicaSetSpec = ProtoMessage(
        "ReplicaSetSpec",
        [
            1: .int32("replicas", optional: true),
            4: .int32("minReadySeconds"),
            2: .message("selector", labelSelector),
            3: .message("template", podTemplateSpec),
        ])

    static let replicaSetStatus = ProtoMessage(
        "ReplicaSetStatus",
        [
            1: .int32("replicas", optional: true),
            2: .int32("fullyLabeledReplicas"),
            4: .int32("readyReplicas"),
            5: .int32("availableReplicas"),
            7: .int32("terminatingReplicas", optional: true),
            3: .int64("observedGeneration"),
            6: .messages("conditions", replicaSetCondition),
        ])

    static let replicaSetCondition = ProtoMessage(
        "ReplicaSetCondition",
        [
            1: .string("type"),
            2: .string("status"),
            3: .time("lastTransitionTime"),
            4: .string("reason"),
            5: .string("message"),
        ])

    // MARK: - Lease

    static let lease = ProtoMessage(
        "Lease",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", leaseSpec),
        ])

    static let leaseSpec = ProtoMessage(
        "LeaseSpec",
        [
            1: .string("holderIdentity", optional: true),
            2: .int32("leaseDurationSeconds", optional: true),
            3: .microTime("acquireTime"),
            4: .microTime("renewTime"),
            5: .int32("leaseTransitions", optional: true),
            6: .string("strategy", optional: true),
            7: .string("preferredHolder", optional: true),
        ])

    // MARK: - Scale

    static let scale = ProtoMessage(
        "Scale",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", ProtoMessage("ScaleSpec", [1: .int32("replicas", optional: true)])),
            3: .message(
                "status", ProtoMessage("ScaleStatus", [1: .int32("replicas", optional: true), 2: .string("selector")])),
        ])
}
