import SkiffAPI
import SkiffPluginKit

/// A pod toleration (`v1.Toleration.ToleratesTaint`).
struct TolerationInfo: Sendable {
    let key: String
    let op: String
    let value: String
    let effect: String

    init(_ toleration: Toleration) {
        key = toleration.key ?? ""
        op = toleration.operator ?? ""
        value = toleration.value ?? ""
        effect = toleration.effect ?? ""
    }

    init(key: String, op: String, value: String, effect: String) {
        self.key = key
        self.op = op
        self.value = value
        self.effect = effect
    }

    /// Whether this toleration tolerates a taint.
    @inline(__always)
    func tolerates(key taintKey: String, value taintValue: String, effect taintEffect: String) -> Bool {
        if !effect.isEmpty && effect != taintEffect { return false }
        if !key.isEmpty && key != taintKey { return false }
        switch op {
        case "", "Equal": return value == taintValue
        case "Exists": return true
        default: return false
        }
    }

    /// Whether any of `tolerations` tolerates `taint`.
    @inline(__always)
    static func anyTolerates(_ tolerations: [TolerationInfo], _ taint: TaintInfo) -> Bool {
        for index in tolerations.indices
        where tolerations[index].tolerates(key: taint.key, value: taint.value, effect: taint.effect) {
            return true
        }
        return false
    }

    /// The first `NoSchedule`/`NoExecute` taint none of `tolerations` tolerates
    /// (`FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc`).
    @inline(__always)
    static func firstUntolerated(_ taints: [TaintInfo], _ tolerations: [TolerationInfo]) -> Int? {
        for index in taints.indices where taints[index].blocksScheduling {
            if !anyTolerates(tolerations, taints[index]) { return index }
        }
        return nil
    }
}
