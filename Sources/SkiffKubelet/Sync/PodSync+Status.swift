import Foundation
import SkiffAPI
import SkiffPluginKit

extension Planner {
    /// The pod's status as the agent reports it (`generateAPIPodStatus`): what it does not own
    /// (PodScheduled, qosClass, nominatedNodeName, other conditions) is kept.
    func status() -> PodStatus {
        let old = input.pod.status ?? PodStatus()
        var status = old
        let initStatuses = (spec.initContainers ?? []).map { containerStatus($0, initContainer: true) }
        let statuses = (spec.containers ?? []).map { containerStatus($0, initContainer: false) }
        status.initContainerStatuses = initStatuses.isEmpty ? nil : initStatuses
        status.containerStatuses = statuses
        let phase = self.phase(statuses)
        status.phase = phase
        status.hostIP = input.hostIP
        status.hostIPs = [HostIP(ip: input.hostIP)]
        if let sandbox = plan.state.sandbox, let first = sandbox.podIPs.first {
            status.podIP = first
            status.podIPs = sandbox.podIPs.map { PodIP(ip: $0) }
        }
        status.startTime = old.startTime ?? Time(plan.state.firstSeen)

        let terminal = phase == "Succeeded" || phase == "Failed"
        let unready = statuses.filter { $0.ready != true }.compactMap(\.name)
        let incomplete = zip(spec.initContainers ?? [], initStatuses).filter { container, status in
            isSidecar(container) ? status.started != true : status.state?.terminated?.exitCode != 0
        }.compactMap { $0.0.name }
        let gates = (spec.readinessGates ?? []).compactMap(\.conditionType)
        let failedGates = gates.filter { gate in old.conditions?.first { $0.type == gate }?.status != "True" }

        var ours: [PodCondition] = []
        ours.append(condition("PodReadyToStartContainers", plan.state.sandbox != nil && !plan.state.stopped))
        ours.append(
            condition(
                "Initialized", initialized || incomplete.isEmpty,
                reason: "ContainersNotInitialized", message: "containers with incomplete status: \(list(incomplete))"))
        let containersReady = unready.isEmpty && !terminal
        ours.append(
            condition(
                "ContainersReady", containersReady, reason: terminal ? "PodCompleted" : "ContainersNotReady",
                message: terminal ? nil : "containers with unready status: \(list(unready))"))
        var readyReason = terminal ? "PodCompleted" : "ContainersNotReady"
        var readyMessage: String? = terminal ? nil : "containers with unready status: \(list(unready))"
        if containersReady, !failedGates.isEmpty {
            readyReason = "ReadinessGatesNotReady"
            readyMessage = "corresponding condition of pod readiness gate \"\(failedGates[0])\" does not exist."
        }
        ours.append(
            condition("Ready", containersReady && failedGates.isEmpty, reason: readyReason, message: readyMessage))
        let ourTypes = Set(ours.compactMap(\.type))
        var conditions = (old.conditions ?? []).filter { !ourTypes.contains($0.type ?? "") }
        let scheduledIndex = conditions.firstIndex { $0.type == "PodScheduled" }.map { $0 + 1 } ?? 0
        conditions.insert(contentsOf: ours, at: min(scheduledIndex, conditions.count))
        status.conditions = conditions
        return status
    }

    private func list(_ names: [String]) -> String { "[" + names.joined(separator: " ") + "]" }

    /// A condition, keeping the previous transition time when its status did not change.
    private func condition(_ type: String, _ value: Bool, reason: String? = nil, message: String? = nil)
        -> PodCondition
    {
        var condition = PodCondition()
        condition.type = type
        condition.status = value ? "True" : "False"
        if !value {
            condition.reason = reason
            condition.message = message
        }
        let previous = input.pod.status?.conditions?.first { $0.type == type }
        condition.lastTransitionTime =
            previous?.status == condition.status ? (previous?.lastTransitionTime ?? Time(now)) : Time(now)
        condition.lastProbeTime = nil
        return condition
    }

    private func time(_ nanoseconds: Int64?) -> Time? {
        nanoseconds.map { Time(Date(timeIntervalSince1970: Double($0) / 1e9)) }
    }

    private func terminated(_ record: ContainerRecord) -> ContainerState {
        var state = ContainerState()
        var terminated = ContainerStateTerminated()
        // An exit nobody saw is a failure (kubelet's ContainerStatusUnknown, 137).
        terminated.exitCode = Int(record.exitCode ?? 137)
        terminated.reason =
            record.exitCode == nil
            ? "ContainerStatusUnknown" : (record.reason ?? (record.exitCode == 0 ? "Completed" : "Error"))
        terminated.message = record.message
        terminated.startedAt = time(record.startedAt)
        terminated.finishedAt = time(record.finishedAt ?? record.startedAt)
        terminated.containerID = "skiff://\(record.id)"
        if let code = record.exitCode, code > 128 { terminated.signal = Int(code - 128) }
        state.terminated = terminated
        return state
    }

    private func waiting(_ reason: String, _ message: String? = nil) -> ContainerState {
        var state = ContainerState()
        var waiting = ContainerStateWaiting()
        waiting.reason = reason
        waiting.message = message
        state.waiting = waiting
        return state
    }

    /// One container's status.
    func containerStatus(_ container: Container, initContainer: Bool) -> ContainerStatus {
        let name = container.name ?? ""
        var status = ContainerStatus()
        status.name = name
        status.image = container.image ?? ""
        status.imageID = ""
        status.ready = false
        status.started = false
        let record = latest[name]
        status.restartCount = record?.attempt ?? 0
        if let previous = previous[name], previous.state == .exited { status.lastState = terminated(previous) }
        if status.lastState == nil { status.lastState = ContainerState() }
        guard let record else {
            if let failure = plan.state.startFailures[name] {
                status.state = waiting(failure.reason, failure.message)
            } else {
                let creating = initContainer || initialized
                status.state = waiting(
                    creating ? (initContainer ? "PodInitializing" : "ContainerCreating") : "PodInitializing")
            }
            return status
        }
        status.containerID = "skiff://\(record.id)"
        switch record.state {
        case .created:
            status.state = waiting(initContainer ? "PodInitializing" : "ContainerCreating")
        case .running:
            var state = ContainerState()
            var running = ContainerStateRunning()
            running.startedAt = time(record.startedAt)
            state.running = running
            status.state = state
            let verdict = verdicts(record)
            status.started = verdict.started
            status.ready = verdict.started && verdict.ready && plan.state.stopping[record.id] == nil
        case .exited:
            if let failure = plan.state.startFailures[name] {
                status.state = waiting(failure.reason, failure.message)
                status.lastState = terminated(record)
            } else if let message = backingOff[name] {
                status.state = waiting("CrashLoopBackOff", message)
                status.lastState = terminated(record)
            } else if plan.actions.contains(where: {
                if case .start(name, _, _) = $0 { return true }
                return false
            }) {
                status.state = waiting("ContainerCreating")
                status.lastState = terminated(record)
            } else {
                status.state = terminated(record)
            }
        }
        return status
    }

    /// kubelet's `getPhase`.
    func phase(_ statuses: [ContainerStatus]) -> String {
        if let phase = input.pod.status?.phase, phase == "Succeeded" || phase == "Failed" { return phase }
        if initFailed { return "Failed" }
        if !initialized { return "Pending" }
        var running = 0
        var waiting = 0
        var stopped = 0
        var succeeded = 0
        for status in statuses {
            if status.state?.running != nil {
                running += 1
            } else if status.state?.terminated != nil {
                stopped += 1
                if status.state?.terminated?.exitCode == 0 { succeeded += 1 }
            } else if status.lastState?.terminated != nil {
                stopped += 1
            } else {
                waiting += 1
            }
        }
        if waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0, input.pod.metadata.deletionTimestamp != nil, self.running.isEmpty {
            // A deleted pod whose containers all stopped ends terminal, whatever its policy.
            return stopped == succeeded ? "Succeeded" : "Failed"
        }
        if stopped > 0 {
            switch policy {
            case "Always": return "Running"
            case "OnFailure": return stopped == succeeded ? "Succeeded" : "Running"
            default: return stopped == succeeded ? "Succeeded" : "Failed"
            }
        }
        return "Pending"
    }
}
