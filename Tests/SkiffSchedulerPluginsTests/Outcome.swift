import SkiffPluginKit
import SkiffSchedulerPlugins

/// One node's Filter result, with the reason as text.
struct Outcome: Equatable, CustomStringConvertible {
    var code: PluginCode
    var reason: String

    static let ok = Outcome(code: .success, reason: "")
    static func unschedulable(_ reason: String) -> Outcome { Outcome(code: .unschedulable, reason: reason) }
    static func unresolvable(_ reason: String) -> Outcome {
        Outcome(code: .unschedulableAndUnresolvable, reason: reason)
    }

    var description: String { "\(code)(\(reason))" }
}
