import SkiffPluginKit

/// Where `Harness.schedule` put a pod, or why it could not.
struct ScheduleResult {
    var node: String?
    var failure: String
    var nominated: String?
    var filterReasons: [String] = []
    var totals: [Int64] = []
}
