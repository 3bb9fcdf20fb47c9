/// `apps/v1beta1` Deployments beside `apps/v1`, with the real differences of Kubernetes 1.8–1.15:
///
/// - v1beta1 defaults `spec.selector` (and empty `metadata.labels`) from the pod template's labels;
///   v1 requires a selector.
/// - v1beta1 keeps 2 old ReplicaSets by default (`revisionHistoryLimit`), v1 keeps 10.
/// - v1beta1 has `spec.rollbackTo {revision}`, which v1 lacks: in v1 it lives in the
///   `deprecated.deployment.rollback.to` annotation, as kube-apiserver kept it.
/// - v1 has `status.terminatingReplicas`, which v1beta1 lacks: in v1beta1 it lives in the
///   `apps.skiff.dev/v1-status` annotation, so a round trip through v1beta1 loses nothing.
///
/// v1 is the hub: v1beta1 objects are defaulted in their own version, then converted.
public enum DeploymentConversion {
    /// The annotation that carries v1beta1's `spec.rollbackTo.revision` in v1.
    public static let rollbackToAnnotation = "deprecated.deployment.rollback.to"
    /// The annotation that carries v1-only status fields (JSON) in v1beta1.
    public static let v1StatusAnnotation = "apps.skiff.dev/v1-status"
    /// The status fields v1 has and v1beta1 does not.
    static let v1OnlyStatusFields = ["terminatingReplicas"]

    /// The conversion between the served versions of Deployments (v1 is the hub).
    public static let conversion = Conversion(
        toHub: { object, version in version == "v1beta1" ? v1beta1ToV1(object) : object },
        fromHub: { object, version in version == "v1beta1" ? v1ToV1beta1(object) : object })

    /// A v1beta1 Deployment as v1: defaulted in v1beta1 first, `rollbackTo` moved to its
    /// annotation, v1-only status fields restored from theirs.
    public static func v1beta1ToV1(_ object: JSONValue) -> JSONValue {
        var result = object
        applyV1beta1Defaults(&result)
        if let revision = result[path: ["spec", "rollbackTo", "revision"]]?.intValue {
            setAnnotation(&result, rollbackToAnnotation, .string(String(revision)))
        }
        result[path: ["spec", "rollbackTo"]] = nil
        if let saved = annotation(result, v1StatusAnnotation), let fields = try? JSONParser.parse(Array(saved.utf8)) {
            for field in v1OnlyStatusFields {
                if let value = fields[field] { result[path: ["status", field]] = value }
            }
        }
        setAnnotation(&result, v1StatusAnnotation, nil)
        return result
    }

    /// A v1 Deployment as v1beta1: the rollback annotation becomes `spec.rollbackTo`, v1-only status
    /// fields move into an annotation.
    public static func v1ToV1beta1(_ object: JSONValue) -> JSONValue {
        var result = object
        if let text = annotation(result, rollbackToAnnotation) {
            if let revision = Int64(text) { result[path: ["spec", "rollbackTo"]] = ["revision": .int(revision)] }
            setAnnotation(&result, rollbackToAnnotation, nil)
        }
        var saved: [String: JSONValue] = [:]
        for field in v1OnlyStatusFields {
            if let value = result[path: ["status", field]], !value.isNull { saved[field] = value }
            result[path: ["status", field]] = nil
        }
        if !saved.isEmpty {
            setAnnotation(
                &result, v1StatusAnnotation,
                .string(String(decoding: JSONValue.object(saved).serialized(), as: UTF8.self)))
        }
        return result
    }

    /// `SetDefaults_Deployment` of apps/v1beta1: the defaults that differ from v1's (the rest are
    /// the same and come from the v1 strategy).
    static func applyV1beta1Defaults(_ object: inout JSONValue) {
        let templateLabels = object[path: ["spec", "template", "metadata", "labels"]]?.objectValue ?? [:]
        if !templateLabels.isEmpty {
            if object[path: ["spec", "selector"]] == nil || object[path: ["spec", "selector"]]?.isNull == true {
                object[path: ["spec", "selector"]] = ["matchLabels": .object(templateLabels)]
            }
            if (object[path: ["metadata", "labels"]]?.objectValue ?? [:]).isEmpty {
                object[path: ["metadata", "labels"]] = .object(templateLabels)
            }
        }
        if object[path: ["spec", "revisionHistoryLimit"]] == nil
            || object[path: ["spec", "revisionHistoryLimit"]]?.isNull == true
        {
            object[path: ["spec", "revisionHistoryLimit"]] = .int(2)
        }
    }

    private static func annotation(_ object: JSONValue, _ name: String) -> String? {
        object[path: ["metadata", "annotations", name]]?.stringValue
    }

    private static func setAnnotation(_ object: inout JSONValue, _ name: String, _ value: JSONValue?) {
        var annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        annotations[name] = value
        object[path: ["metadata", "annotations"]] = annotations.isEmpty ? nil : .object(annotations)
    }
}
