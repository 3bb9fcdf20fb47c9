import Foundation
import SkiffPluginABI
import SkiffPluginHost
import SkiffPluginKit

/// One profile's framework: its plugin-set instances and the scheduling cycle over them
/// (PreFilter, Filter over nodes in parallel until enough are feasible, PostFilter when none is,
/// PreScore, Score and NormalizeScore in parallel, weighted sums, the best node).
///
/// Called from one thread at a time (the scheduler's); Filter and Score fan out to `parallelism`
/// threads over disjoint slices of nodes, as the ABI allows.
public final class Framework: @unchecked Sendable {
    /// The profile.
    public let profile: ResolvedProfile
    /// The set instances, indexed as `AvailablePlugin.set`.
    public let sets: [SchedulerPluginSet]
    /// How many threads Filter and Score use.
    public let parallelism: Int
    /// Where the next Filter pass starts (kube rotates it so every node gets its turn).
    private var nextStart = 0

    /// A framework over started sets.
    public init(profile: ResolvedProfile, sets: [SchedulerPluginSet], parallelism: Int) {
        self.profile = profile
        self.sets = sets
        self.parallelism = max(1, parallelism)
    }

    /// A pod's cycle: its cycle in each set, kept until its binding cycle ends.
    public struct Cycle: @unchecked Sendable {
        var perSet: [Int: SchedulerPluginSet.Cycle]

        /// Whether every set could read the pod.
        public var isValid: Bool { perSet.values.allSatisfy { !$0.isNone } }
    }

    /// Begins a cycle in every set the profile uses.
    public func beginCycle(pod: [UInt8]) -> Cycle {
        var perSet: [Int: SchedulerPluginSet.Cycle] = [:]
        for index in usedSets { perSet[index] = sets[index].beginCycle(pod: pod) }
        return Cycle(perSet: perSet)
    }

    /// Ends a cycle.
    public func endCycle(_ cycle: Cycle) {
        for (index, setCycle) in cycle.perSet { sets[index].endCycle(setCycle) }
    }

    private lazy var usedSets: [Int] = {
        var used = Set<Int>()
        for refs in profile.points.values { for ref in refs { used.insert(ref.plugin.set) } }
        return used.sorted()
    }()

    /// Why a node was ruled out: the first failing plugin's code and reason.
    public struct NodeFailure: Sendable {
        /// The node.
        public var node: Int32
        /// A `SKIFF_SCHED_*` code.
        public var code: Int8
        /// The plugin that failed it.
        public var plugin: String
        /// Its reason.
        public var reason: String
    }

    /// What a scheduling cycle decided.
    public enum Decision: Sendable {
        /// The pod goes to `node`.
        case node(Int32, evaluated: Int, feasible: Int)
        /// No node fits: the failures by node, the plugins that rejected it, and the node
        /// preemption nominated (if any).
        case unschedulable(
            failures: [NodeFailure], totalNodes: Int, rejectedBy: Set<String>, nominated: Int32?,
            postFilterMessage: String)
        /// A plugin failed with an error.
        case error(String)
    }

    /// Runs PreFilter through selecting a node for the pod of `cycle` among `nodes`.
    public func schedule(_ cycle: Cycle, nodes: [Int32]) -> Decision {
        guard !nodes.isEmpty else {
            return .unschedulable(
                failures: [], totalNodes: 0, rejectedBy: [], nominated: nil, postFilterMessage: "")
        }
        // PreFilter.
        var skipFilter = Set<String>()
        for ref in profile.plugins(.preFilter) {
            let verdict = set(ref).preFilter(ref.plugin.index, setCycle(cycle, ref))
            if verdict.isSkip {
                skipFilter.insert(ref.plugin.name)
                continue
            }
            if verdict.code == Int32(SKIFF_SCHED_ERROR) { return .error("\(ref.plugin.name): \(verdict.reason)") }
            if !verdict.isSuccess {
                let failures = nodes.map {
                    NodeFailure(node: $0, code: Int8(verdict.code), plugin: ref.plugin.name, reason: verdict.reason)
                }
                return postFilter(cycle, nodes: nodes, failures: failures)
            }
        }
        let filters = profile.plugins(.filter).filter { !skipFilter.contains($0.plugin.name) }
        let (feasible, failures) = filter(cycle, nodes: nodes, plugins: filters)
        if let error = failures.first(where: { $0.code == Int8(SKIFF_SCHED_ERROR) }) {
            return .error("\(error.plugin): \(error.reason)")
        }
        if feasible.isEmpty { return postFilter(cycle, nodes: nodes, failures: failures) }
        let evaluated = feasible.count + failures.count
        if feasible.count == 1 { return .node(feasible[0], evaluated: evaluated, feasible: 1) }
        return .node(score(cycle, feasible: feasible), evaluated: evaluated, feasible: feasible.count)
    }

    /// kube's `numFeasibleNodesToFind`: all nodes below 100; otherwise the percentage (adaptive
    /// when 0: 50 − nodes/125, at least 5), at least 100 nodes.
    public static func feasibleToFind(totalNodes: Int, percentage: Int) -> Int {
        if totalNodes < 100 || percentage >= 100 { return totalNodes }
        var percent = percentage
        if percent <= 0 {
            percent = 50 - totalNodes / 125
            if percent < 5 { percent = 5 }
        }
        return max(100, totalNodes * percent / 100)
    }

    private func set(_ ref: PluginRef) -> SchedulerPluginSet { sets[ref.plugin.set] }

    private func setCycle(_ cycle: Cycle, _ ref: PluginRef) -> SchedulerPluginSet.Cycle {
        cycle.perSet[ref.plugin.set] ?? .none
    }

    /// Filter: nodes in rounds of chunks from the rotating start, each chunk through every filter
    /// plugin in order (a node stops at its first failure), until enough are feasible.
    private func filter(_ cycle: Cycle, nodes: [Int32], plugins: [PluginRef]) -> ([Int32], [NodeFailure]) {
        let total = nodes.count
        let wanted = Self.feasibleToFind(totalNodes: total, percentage: profile.percentageOfNodesToScore)
        if plugins.isEmpty {
            let start = nextStart % total
            let picked = (0..<min(wanted, total)).map { nodes[(start + $0) % total] }
            nextStart = (start + picked.count) % total
            return (picked, [])
        }
        // Chunks of `chunk` nodes; a round runs as many chunks (up to `parallelism`, in parallel) as
        // the feasibility seen so far says are needed to find the rest. A small need is one chunk
        // on this thread: on a busy machine, fanning out costs more than it saves.
        let chunk = 512
        var feasible: [Int32] = []
        var failures: [NodeFailure] = []
        feasible.reserveCapacity(wanted)
        var processed = 0
        let start = nextStart % total
        while processed < total, feasible.count < wanted {
            let ratio = processed == 0 ? 1.0 : max(0.01, Double(feasible.count) / Double(processed))
            let estimate = Int((Double(wanted - feasible.count) / ratio).rounded(.up))
            let chunks = max(1, min(parallelism, (estimate + chunk - 1) / chunk))
            let roundSize = min(total - processed, chunk * chunks)
            let round = (0..<roundSize).map { nodes[(start + processed + $0) % total] }
            let ranges = stride(from: 0, to: roundSize, by: chunk).map { $0..<min($0 + chunk, roundSize) }
            if ranges.count == 1 {
                let (passed, failed) = filterChunk(cycle, round, plugins: plugins)
                feasible += passed
                failures += failed
            } else {
                let results = ChunkResults<([Int32], [NodeFailure])>(count: ranges.count)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                    results[index] = self.filterChunk(cycle, Array(round[ranges[index]]), plugins: plugins)
                }
                for index in 0..<ranges.count {
                    let (passed, failed) = results[index] ?? ([], [])
                    feasible += passed
                    failures += failed
                }
            }
            processed += roundSize
        }
        if feasible.count > wanted {
            // kube stops at exactly `wanted` and resumes after the last node it kept.
            let kept = feasible[wanted - 1]
            feasible.removeLast(feasible.count - wanted)
            if let position = (0..<total).first(where: { nodes[(start + $0) % total] == kept }) {
                processed = position + 1
            }
        }
        nextStart = (start + processed) % total
        return (feasible, failures)
    }

    private func filterChunk(_ cycle: Cycle, _ chunk: [Int32], plugins: [PluginRef]) -> ([Int32], [NodeFailure]) {
        var alive = chunk
        var failures: [NodeFailure] = []
        var codes = [Int8](repeating: 0, count: chunk.count)
        var reasons = [UInt32](repeating: 0, count: chunk.count)
        for ref in plugins where !alive.isEmpty {
            let count = alive.count
            alive.withUnsafeBufferPointer { nodes in
                codes.withUnsafeMutableBufferPointer { codes in
                    reasons.withUnsafeMutableBufferPointer { reasons in
                        set(ref).filter(
                            ref.plugin.index, setCycle(cycle, ref), nodes: nodes,
                            codes: UnsafeMutableBufferPointer(rebasing: codes[0..<count]),
                            reasons: UnsafeMutableBufferPointer(rebasing: reasons[0..<count]))
                    }
                }
            }
            var survivors: [Int32] = []
            survivors.reserveCapacity(count)
            for index in 0..<count {
                if codes[index] == Int8(SKIFF_SCHED_SUCCESS) {
                    survivors.append(alive[index])
                } else {
                    failures.append(
                        NodeFailure(
                            node: alive[index], code: codes[index], plugin: ref.plugin.name,
                            reason: set(ref).reasonText(setCycle(cycle, ref), reasons[index])))
                }
                codes[index] = 0
            }
            alive = survivors
        }
        return (alive, failures)
    }

    private func postFilter(_ cycle: Cycle, nodes: [Int32], failures: [NodeFailure]) -> Decision {
        let rejectedBy = Set(failures.map(\.plugin))
        var nominated: Int32?
        var message = ""
        let codeByNode = Dictionary(failures.map { ($0.node, $0.code) }, uniquingKeysWith: { first, _ in first })
        let allCodes = nodes.map { codeByNode[$0] ?? Int8(SKIFF_SCHED_UNSCHEDULABLE_UNRESOLVABLE) }
        for ref in profile.plugins(.postFilter) {
            let (verdict, node) = nodes.withUnsafeBufferPointer { nodes in
                allCodes.withUnsafeBufferPointer { codes in
                    set(ref).postFilter(ref.plugin.index, setCycle(cycle, ref), nodes: nodes, codes: codes)
                }
            }
            if verdict.isSuccess, let node {
                nominated = node
                break
            }
            if !verdict.reason.isEmpty { message = verdict.reason }
        }
        return .unschedulable(
            failures: failures, totalNodes: nodes.count, rejectedBy: rejectedBy, nominated: nominated,
            postFilterMessage: message)
    }

    /// PreScore, then each Score plugin over the feasible nodes in parallel, normalized and
    /// weighted; the highest total wins (ties at random, as kube picks).
    private func score(_ cycle: Cycle, feasible: [Int32]) -> Int32 {
        var totals = [Int64](repeating: 0, count: feasible.count)
        var skipScore = Set<String>()
        feasible.withUnsafeBufferPointer { nodes in
            for ref in profile.plugins(.preScore) {
                let verdict = set(ref).preScore(ref.plugin.index, setCycle(cycle, ref), nodes: nodes)
                if !verdict.isSuccess { skipScore.insert(ref.plugin.name) }
            }
        }
        // Slices for the threads; a small node list is scored on this thread.
        let chunk = max(1_024, (feasible.count + parallelism - 1) / parallelism)
        let slices = stride(from: 0, to: feasible.count, by: chunk).map { $0..<min($0 + chunk, feasible.count) }
        for ref in profile.plugins(.score) where !skipScore.contains(ref.plugin.name) && ref.weight > 0 {
            var scores = [Int64](repeating: 0, count: feasible.count)
            let plugin = set(ref)
            let setCycle = setCycle(cycle, ref)
            feasible.withUnsafeBufferPointer { nodes in
                scores.withUnsafeMutableBufferPointer { scores in
                    if slices.count == 1 {
                        plugin.score(ref.plugin.index, setCycle, nodes: nodes, scores: scores)
                    } else {
                        let base = UnsafeSendable(nodes: nodes, scores: scores)
                        DispatchQueue.concurrentPerform(iterations: slices.count) { index in
                            let range = slices[index]
                            plugin.score(
                                ref.plugin.index, setCycle, nodes: UnsafeBufferPointer(rebasing: base.nodes[range]),
                                scores: UnsafeMutableBufferPointer(rebasing: base.scores[range]))
                        }
                    }
                    plugin.normalize(ref.plugin.index, setCycle, nodes: nodes, scores: scores)
                }
            }
            for index in 0..<totals.count { totals[index] += scores[index] * ref.weight }
        }
        var best = 0
        var ties = 1
        for index in 1..<totals.count {
            if totals[index] > totals[best] {
                best = index
                ties = 1
            } else if totals[index] == totals[best] {
                ties += 1
                if Int.random(in: 0..<ties) == 0 { best = index }
            }
        }
        return feasible[best]
    }
}

/// Buffers shared by the threads of one `concurrentPerform` (disjoint ranges each).
private struct UnsafeSendable: @unchecked Sendable {
    let nodes: UnsafeBufferPointer<Int32>
    let scores: UnsafeMutableBufferPointer<Int64>
}

/// Results written by the threads of one `concurrentPerform`, one slot each.
private final class ChunkResults<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> T? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }
}
