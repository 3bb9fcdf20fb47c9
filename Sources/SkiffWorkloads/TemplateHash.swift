import SkiffAPI

/// The `pod-template-hash` of a Deployment's pod template: FNV-1a over the template's canonical
/// JSON and the collision count, spelled with kube-controller-manager's safe alphabet (no
/// vowels, no confusable characters), so names like `web-7c9d5f8b6` look as users expect.
public enum TemplateHash {
    /// The label that ties a ReplicaSet and its pods to one template.
    public static let label = "pod-template-hash"

    /// The hash of `template` with `collisionCount`.
    public static func of(_ template: PodTemplateSpec?, collisionCount: Int = 0) -> String {
        var hash: UInt32 = 2_166_136_261
        let bytes = ((try? JSONValueEncoder().encode(template)) ?? .null).serialized()
        for byte in bytes + Array(String(collisionCount).utf8) {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String(String(hash).utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// A template without the hash label, for comparing a ReplicaSet's template with a
    /// Deployment's.
    public static func stripped(_ template: PodTemplateSpec?) -> PodTemplateSpec? {
        guard var template else { return nil }
        template.metadata?.labels?[label] = nil
        if template.metadata?.labels?.isEmpty == true { template.metadata?.labels = nil }
        return template
    }

    /// Whether two templates are the same apart from the hash label.
    public static func equal(_ a: PodTemplateSpec?, _ b: PodTemplateSpec?) -> Bool {
        let left = ((try? JSONValueEncoder().encode(stripped(a))) ?? .null).serialized()
        let right = ((try? JSONValueEncoder().encode(stripped(b))) ?? .null).serialized()
        return left == right
    }
}
