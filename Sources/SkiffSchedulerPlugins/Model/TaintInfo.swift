import SkiffAPI
import SkiffPluginKit

/// A node taint as the filters need it, with its Filter message prepared.
struct TaintInfo: Sendable {
    let key: String
    let value: String
    let effect: String
    /// `NoSchedule` or `NoExecute`: the effects Filter enforces.
    let blocksScheduling: Bool
    /// `node(s) had untolerated taint {key: value}`.
    let message: String
    /// The registered reason id of `message` (0 until the cluster state registers it).
    var reasonID: UInt32 = 0

    init(_ taint: Taint) {
        key = taint.key ?? ""
        value = taint.value ?? ""
        effect = taint.effect ?? ""
        blocksScheduling = effect == "NoSchedule" || effect == "NoExecute"
        message = "node(s) had untolerated taint {\(key): \(value)}"
    }

    init(key: String, value: String, effect: String, blocksScheduling: Bool, message: String) {
        self.key = key
        self.value = value
        self.effect = effect
        self.blocksScheduling = blocksScheduling
        self.message = message
    }
}
