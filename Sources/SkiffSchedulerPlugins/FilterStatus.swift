import SkiffPluginKit

/// The result of filtering one node with one plugin.
struct FilterStatus: Sendable, Equatable {
    var code: PluginCode
    var reason: Reason

    static let success = FilterStatus(code: .success, reason: .none)

    static func unschedulable(_ id: UInt32) -> FilterStatus { FilterStatus(code: .unschedulable, reason: .fixed(id)) }

    static func unresolvable(_ id: UInt32) -> FilterStatus {
        FilterStatus(code: .unschedulableAndUnresolvable, reason: .fixed(id))
    }

    var isSuccess: Bool { code == .success }
}
