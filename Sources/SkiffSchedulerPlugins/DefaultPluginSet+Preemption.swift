import SkiffPluginKit

extension DefaultPluginSet {
    /// DefaultPreemption's PostFilter (`Evaluator.Preempt`), with offset 0 into the candidate nodes.
    func preempt(
        _ cycle: SchedulingCycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeBufferPointer<Int8>
    ) -> (result: PluginResult, nominated: Int32?) {
        let pod = cycle.pod
        var nominatedCode: PluginCode?
        if !pod.nominatedNodeName.isEmpty, let nominated = cluster.nodeIDsByName[pod.nominatedNodeName],
            let index = nodes.firstIndex(of: nominated)
        {
            nominatedCode = PluginCode(rawValue: codes[index])
        }
        if let message = preemption.ineligibility(pod, cluster: cluster, nominatedCode: nominatedCode) {
            return (PluginResult(code: .unschedulable, reason: message), nil)
        }

        var reasons: [String: Int] = [:]
        var potential: [Int32] = []
        let records = cluster.nodes
        for index in nodes.indices {
            let node = Int(nodes[index])
            if codes[index] == PluginCode.unschedulable.rawValue && node >= 0 && node < records.count
                && records[node].present
            {
                potential.append(nodes[index])
            } else {
                reasons[Reason.constantTexts[Int(Reason.preemptionNotHelpful)], default: 0] += 1
            }
        }
        if potential.isEmpty {
            if !pod.nominatedNodeName.isEmpty { _ = host.nominate(pod.namespace, pod.name, "") }
            let message = DefaultPreemption.fitError(nodeCount: nodes.count, reasons: reasons)
            return (PluginResult(code: .unschedulable, reason: message), nil)
        }

        let wanted = preemption.numCandidates(potential.count)
        var candidates: [DefaultPreemption.Candidate] = []
        for node in potential {
            let (victims, status) = preemption.selectVictims(pod, node: Int(node), cluster: cluster) { overlay in
                runFilters(cycle, node: Int(node), overlay: overlay)
            }
            if status.isSuccess && !victims.isEmpty {
                candidates.append(DefaultPreemption.Candidate(node: node, victims: victims))
                if candidates.count >= wanted { break }
            } else if status.isSuccess {
                reasons["expected at least one victim pod on node \(records[Int(node)].name)", default: 0] += 1
            } else {
                for part in cycle.reasonParts(status.reason) { reasons[part, default: 0] += 1 }
            }
        }
        guard !candidates.isEmpty else {
            let message = DefaultPreemption.fitError(nodeCount: nodes.count, reasons: reasons)
            return (PluginResult(code: .unschedulable, reason: message), nil)
        }
        guard let best = preemption.pick(candidates) else {
            return (PluginResult(code: .unschedulable, reason: "no candidate node for preemption"), nil)
        }
        for victim in best.victims {
            if let message = host.evict(victim.namespace, victim.name, victim.uid) {
                return (PluginResult(code: .error, reason: message), nil)
            }
        }
        if let message = host.nominate(pod.namespace, pod.name, records[Int(best.node)].name) {
            return (PluginResult(code: .error, reason: message), nil)
        }
        return (.success, best.node)
    }
}
