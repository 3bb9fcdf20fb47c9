// core/v1 Volume with the common sources; other sources are skipped as unknown fields.
extension ProtoSchemas {
    static let volume = ProtoMessage(
        "Volume",
        [
            1: .string("name"),
            2: .inline(volumeSource),
        ])

    static let volumeSource = ProtoMessage(
        "VolumeSource",
        [
            1: .message(
                "hostPath",
                ProtoMessage("HostPathVolumeSource", [1: .string("path"), 2: .string("type", optional: true)])),
            2: .message(
                "emptyDir", ProtoMessage("EmptyDirVolumeSource", [1: .string("medium"), 2: .quantity("sizeLimit")])),
            6: .message("secret", secretVolumeSource),
            10: .message(
                "persistentVolumeClaim",
                ProtoMessage("PersistentVolumeClaimVolumeSource", [1: .string("claimName"), 2: .bool("readOnly")])),
            16: .message("downwardAPI", downwardAPIVolumeSource),
            19: .message("configMap", configMapVolumeSource),
            26: .message("projected", projectedVolumeSource),
            30: .message(
                "image", ProtoMessage("ImageVolumeSource", [1: .string("reference"), 2: .string("pullPolicy")])),
        ])

    static let keyToPath = ProtoMessage(
        "KeyToPath",
        [
            1: .string("key"),
            2: .string("path"),
            3: .int32("mode", optional: true),
        ])

    static let secretVolumeSource = ProtoMessage(
        "SecretVolumeSource",
        [
            1: .string("secretName"),
            2: .messages("items", keyToPath),
            3: .int32("defaultMode", optional: true),
            4: .bool("optional", optional: true),
        ])

    static let configMapVolumeSource = ProtoMessage(
        "ConfigMapVolumeSource",
        [
            1: .inline(localObjectReference),
            2: .messages("items", keyToPath),
            3: .int32("defaultMode", optional: true),
            4: .bool("optional", optional: true),
        ])

    static let downwardAPIVolumeSource = ProtoMessage(
        "DownwardAPIVolumeSource",
        [
            1: .messages("items", downwardAPIVolumeFile),
            2: .int32("defaultMode", optional: true),
        ])

    static let downwardAPIVolumeFile = ProtoMessage(
        "DownwardAPIVolumeFile",
        [
            1: .string("path"),
            2: .message("fieldRef", objectFieldSelector),
            3: .message("resourceFieldRef", resourceFieldSelector),
            4: .int32("mode", optional: true),
        ])

    static let projectedVolumeSource = ProtoMessage(
        "ProjectedVolumeSource",
        [
            1: .messages("sources", volumeProjection),
            2: .int32("defaultMode", optional: true),
        ])

    static let volumeProjection = ProtoMessage(
        "VolumeProjection",
        [
            1: .message("secret", objectProjection(named: "SecretProjection")),
            2: .message(
                "downwardAPI", ProtoMessage("DownwardAPIProjection", [1: .messages("items", downwardAPIVolumeFile)])),
            3: .message("configMap", objectProjection(named: "ConfigMapProjection")),
            4: .message(
                "serviceAccountToken",
                ProtoMessage(
                    "ServiceAccountTokenProjection",
                    [
                        1: .string("audience"),
                        2: .int64("expirationSeconds", optional: true),
                        3: .string("path"),
                    ])),
            5: .message(
                "clusterTrustBundle",
                ProtoMessage(
                    "ClusterTrustBundleProjection",
                    [
                        1: .string("name", optional: true),
                        2: .string("signerName", optional: true),
                        3: .message("labelSelector", labelSelector),
                        5: .bool("optional", optional: true),
                        4: .string("path"),
                    ])),
        ])

    /// `SecretProjection` and `ConfigMapProjection`, which have the same fields.
    private static func objectProjection(named name: String) -> ProtoMessage {
        ProtoMessage(
            name,
            [
                1: .inline(localObjectReference),
                2: .messages("items", keyToPath),
                4: .bool("optional", optional: true),
            ])
    }
}
