import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins

/// A `DefaultPluginSet` over a small cluster, with helpers that drive it as a host would.
final class Harness {
    let set: DefaultPluginSet
    let log = HostLog()
    private(set) var nodeIDs: [String: Int32] = [:]
    private(set) var nodeNames: [String] = []

    init(
        configuration: JSONValue = [:], nodes: [JSONValue], pods: [(node: String, pod: JSONValue)] = [],
        bindError: String? = nil
    ) {
        let log = self.log
        set = DefaultPluginSet(
            configuration: configuration,
            host: SchedulerHostCalls(
                bind: { namespace, name, uid, node in
                    log.record("bind \(namespace)/\(name) \(uid) \(node)")
                    return bindError
                },
                evict: { namespace, name, uid in
                    log.record("evict \(namespace)/\(name) \(uid)")
                    return nil
                },
                nominate: { namespace, name, node in
                    log.record("nominate \(namespace)/\(name) \(node)")
                    return nil
                }))
        for node in nodes { addNode(node) }
        for (node, pod) in pods { addPod(pod, on: node) }
    }

    func addNode(_ node: JSONValue) {
        let name = node["metadata"]?["name"]?.stringValue ?? ""
        let id = nodeIDs[name] ?? Int32(nodeNames.count)
        if nodeIDs[name] == nil {
            nodeIDs[name] = id
            nodeNames.append(name)
        }
        set.upsertNode(id: id, json: node.serialized())
    }

    func addPod(_ pod: JSONValue, on node: String) {
        var bound = pod
        bound["spec"]?["nodeName"] = .string(node)
        set.upsertPod(node: nodeIDs[node]!, uid: pod["metadata"]?["uid"]?.stringValue ?? "", json: bound.serialized())
    }

    var allIDs: [Int32] { nodeNames.map { nodeIDs[$0]! } }

    func cycle(_ pod: JSONValue) -> SchedulingCycle {
        set.beginCycle(pod: pod.serialized())!
    }

    /// PreFilter then (unless it skipped) Filter of one plugin over every node.
    func filter(_ plugin: Int, _ pod: JSONValue) -> (preFilter: PluginResult, outcomes: [Outcome]) {
        let cycle = cycle(pod)
        let result = set.preFilter(plugin: plugin, cycle: cycle)
        guard result.code == .success else { return (result, []) }
        return (result, filter(plugin, cycle, nodes: allIDs))
    }

    func filter(_ plugin: Int, _ cycle: SchedulingCycle, nodes: [Int32]) -> [Outcome] {
        var codes = [Int8](repeating: -1, count: nodes.count)
        var reasons = [UInt32](repeating: 0, count: nodes.count)
        nodes.withUnsafeBufferPointer { ids in
            codes.withUnsafeMutableBufferPointer { codes in
                reasons.withUnsafeMutableBufferPointer { reasons in
                    set.filter(plugin: plugin, cycle: cycle, nodes: ids, codes: codes, reasons: reasons)
                }
            }
        }
        return zip(codes, reasons).map { code, reason in
            Outcome(code: PluginCode(rawValue: code)!, reason: set.reason(cycle: cycle, id: reason))
        }
    }

    /// PreScore, Score and NormalizeScore of one plugin over `nodes` (all by default); `nil` when PreScore skipped.
    func scores(_ plugin: Int, _ pod: JSONValue, nodes names: [String]? = nil, normalized: Bool = true) -> [Int64]? {
        let cycle = cycle(pod)
        return scores(plugin, cycle, nodes: (names ?? nodeNames).map { nodeIDs[$0]! }, normalized: normalized)
    }

    func scores(_ plugin: Int, _ cycle: SchedulingCycle, nodes: [Int32], normalized: Bool = true) -> [Int64]? {
        let preScore = nodes.withUnsafeBufferPointer { set.preScore(plugin: plugin, cycle: cycle, nodes: $0) }
        if preScore.code == .skip { return nil }
        var scores = [Int64](repeating: 0, count: nodes.count)
        nodes.withUnsafeBufferPointer { ids in
            scores.withUnsafeMutableBufferPointer { scores in
                set.score(plugin: plugin, cycle: cycle, nodes: ids, scores: scores)
                if normalized { set.normalize(plugin: plugin, cycle: cycle, nodes: ids, scores: scores) }
            }
        }
        return scores
    }

    /// One scheduling cycle as kube's framework runs it with the default profile: PreFilter, Filter
    /// (first failure per node), PostFilter when nothing fits, then PreScore, Score, NormalizeScore,
    /// the weighted sum, and the best node (the first of equals). The pod is then assumed on it.
    @discardableResult
    func schedule(_ pod: JSONValue, bind: Bool = true) -> ScheduleResult {
        let cycle = cycle(pod)
        defer { set.endCycle(cycle) }
        var active: [Int] = []
        for plugin in Plugin.filters {
            let result = set.preFilter(plugin: plugin, cycle: cycle)
            switch result.code {
            case .success: active.append(plugin)
            case .skip: continue
            default: return ScheduleResult(node: nil, failure: result.reason ?? "", nominated: nil)
            }
        }
        let ids = allIDs
        var codes = [Int8](repeating: 0, count: ids.count)
        var reasons = [String](repeating: "", count: ids.count)
        for plugin in active {
            let outcomes = filter(plugin, cycle, nodes: ids)
            for index in ids.indices where codes[index] == 0 && outcomes[index].code != .success {
                codes[index] = outcomes[index].code.rawValue
                reasons[index] = outcomes[index].reason
            }
        }
        let feasible = ids.indices.filter { codes[$0] == 0 }.map { ids[$0] }
        if feasible.isEmpty {
            let (result, nominated) = ids.withUnsafeBufferPointer { ids in
                codes.withUnsafeBufferPointer { codes in
                    set.postFilter(plugin: Plugin.defaultPreemption, cycle: cycle, nodes: ids, codes: codes)
                }
            }
            return ScheduleResult(
                node: nil, failure: result.reason ?? "", nominated: nominated.map { nodeNames[Int($0)] },
                filterReasons: reasons)
        }
        var totals = [Int64](repeating: 0, count: feasible.count)
        for (plugin, weight) in Plugin.scoreWeights {
            guard let scores = scores(plugin, cycle, nodes: feasible) else { continue }
            for index in totals.indices { totals[index] += scores[index] * weight }
        }
        let best = totals.indices.max { totals[$0] < totals[$1] || (totals[$0] == totals[$1] && $0 > $1) }!
        let chosen = nodeNames[Int(feasible[best])]
        if bind {
            _ = set.bind(plugin: Plugin.defaultBinder, cycle: cycle, node: feasible[best])
            addPod(pod, on: chosen)
        }
        return ScheduleResult(node: chosen, failure: "", nominated: nil, totals: totals)
    }
}
