import SkiffPluginKit
import Synchronization

/// One pod's scheduling cycle: the parsed pod and what PreFilter and PreScore computed for the
/// later points. Created by `DefaultPluginSet.beginCycle(pod:)`.
///
/// PreFilter/PreScore write the state single-threaded; Filter and Score only read it, so they may
/// run on several threads. Failure reasons built during Filter are interned under a lock.
public final class SchedulingCycle: @unchecked Sendable {
    let pod: PodInfo
    /// Per plugin: PreFilter ran and did not skip (the filters preemption re-runs).
    var filterActive = [Bool](repeating: false, count: PluginID.count)
    /// Per plugin: PreScore skipped.
    var scoreSkipped = [Bool](repeating: false, count: PluginID.count)

    var spreadFilter: TopologySpreadFilterState?
    var affinityFilter: InterPodAffinityFilterState?
    var spreadScore: TopologySpreadScoreState?
    var affinityScore: InterPodAffinityScoreState?
    /// PreferNoSchedule tolerations (TaintToleration PreScore).
    var preferTolerations: [TolerationInfo] = []

    private let reasons = Mutex(ReasonTable())
    private let registry: ReasonRegistry

    init(pod: PodInfo, registry: ReasonRegistry) {
        self.pod = pod
        self.registry = registry
        preferTolerations = pod.tolerations.filter { $0.effect.isEmpty || $0.effect == "PreferNoSchedule" }
    }

    /// The id of a reason: fixed ids as they are, texts interned for this cycle.
    func reasonID(_ reason: Reason) -> UInt32 {
        switch reason {
        case .none: return 0
        case .fixed(let id): return id
        case .text(let text):
            return reasons.withLock { $0.intern(text) }
        case .multiple(let texts):
            let text = texts.joined(separator: ", ")
            return reasons.withLock { $0.intern(text) }
        }
    }

    /// The text of a reason id recorded during this cycle ("" when unknown).
    func reasonText(_ id: UInt32) -> String {
        if id >= Reason.firstRegisteredID { return registry.text(id) }
        if id >= Reason.firstCycleID { return reasons.withLock { $0.text(id) } }
        return Int(id) < Reason.constantTexts.count ? Reason.constantTexts[Int(id)] : ""
    }

    /// The separate texts of a reason (what kube's reason histogram counts).
    func reasonParts(_ reason: Reason) -> [String] {
        switch reason {
        case .none: return []
        case .fixed(let id): return [reasonText(id)]
        case .text(let text): return [text]
        case .multiple(let texts): return texts
        }
    }
}
