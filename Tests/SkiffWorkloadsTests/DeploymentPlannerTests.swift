import Foundation
import SkiffAPI
import SkiffWorkloads
import Testing

@Suite("Deployment planner (pure)")
struct DeploymentPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func deployment(replicas: Int, image: String = "a", paused: Bool = false, history: Int? = nil) -> Deployment
    {
        var deployment = DeploymentControllerTests.deployment("d", replicas: replicas, image: image)
        deployment.metadata.uid = "uid-d"
        deployment.metadata.generation = 1
        deployment.spec?.paused = paused
        deployment.spec?.revisionHistoryLimit = history
        return deployment
    }

    /// A ReplicaSet of the deployment with a template image, revision, sizes and age.
    static func set(
        _ name: String, image: String, revision: Int, replicas: Int, ready: Int = 0, age: TimeInterval
    ) -> ReplicaSet {
        let template = deployment(replicas: 1, image: image).spec?.template
        var set = ReplicaSet(
            metadata: ObjectMeta(name: name, namespace: "default"),
            spec: ReplicaSetSpec(replicas: replicas, selector: nil, template: template))
        set.metadata.annotations = [DeploymentAnnotations.revision: String(revision)]
        set.metadata.creationTimestamp = Time(now.addingTimeInterval(-age))
        set.metadata.uid = "uid-\(name)"
        var status = ReplicaSetStatus(replicas: replicas)
        status.readyReplicas = ready
        status.availableReplicas = ready
        set.status = status
        return set
    }

    @Test("a new template creates its ReplicaSet sized within the surge, revision after the old")
    func createsNewSet() throws {
        let old = Self.set("d-old", image: "a", revision: 1, replicas: 3, ready: 3, age: 100)
        let plan = DeploymentPlanner.plan(Self.deployment(replicas: 3, image: "b"), owned: [old], now: Self.now)
        guard case .create(let set) = plan.actions.first else {
            Issue.record("no create: \(plan.actions)")
            return
        }
        #expect(set.spec?.replicas == 1)  // 3 + maxSurge 1 - 3
        #expect(set.metadata.annotations?[DeploymentAnnotations.revision] == "2")
        #expect(set.spec?.template?.metadata?.labels?[TemplateHash.label] != nil)
        #expect(set.spec?.selector?.matchLabels?[TemplateHash.label] != nil)
        #expect(set.metadata.ownerReferences?.first?.uid == "uid-d")
        #expect(plan.status.conditions?.first { $0.type == "Progressing" }?.reason == "NewReplicaSetCreated")
    }

    @Test("a finished rollout deletes idle sets beyond revisionHistoryLimit, oldest first")
    func historyLimit() {
        var sets = (1...4).map {
            Self.set("d-\($0)", image: "old\($0)", revision: $0, replicas: 0, age: Double(100 - $0))
        }
        sets.append(Self.set("d-5", image: "a", revision: 5, replicas: 2, ready: 2, age: 1))
        let plan = DeploymentPlanner.plan(Self.deployment(replicas: 2, history: 2), owned: sets, now: Self.now)
        let deletes = plan.actions.filter {
            if case .delete = $0 { return true }
            return false
        }
        #expect(deletes == [.delete(name: "d-1"), .delete(name: "d-2")])
        #expect(plan.status.conditions?.first { $0.type == "Progressing" }?.reason == "NewReplicaSetAvailable")
        #expect(plan.status.conditions?.first { $0.type == "Available" }?.status == "True")
        #expect(plan.revision == "5")
    }

    @Test("paused: no rollout, but scaling still happens")
    func paused() {
        let current = Self.set("d-1", image: "a", revision: 1, replicas: 2, ready: 2, age: 10)
        let scaled = DeploymentPlanner.plan(Self.deployment(replicas: 4, paused: true), owned: [current], now: Self.now)
        #expect(scaled.actions.map(Self.scaledTo) == [["d-1": 4]])
        let changed = DeploymentPlanner.plan(
            Self.deployment(replicas: 2, image: "b", paused: true), owned: [current], now: Self.now)
        #expect(changed.actions.isEmpty)
        #expect(changed.status.conditions?.first { $0.type == "Progressing" }?.reason == "DeploymentPaused")
    }

    @Test("a template rolled back to reuses its set under the next revision")
    func rollbackRevision() {
        let older = Self.set("d-1", image: "a", revision: 1, replicas: 0, age: 100)
        var newer = Self.set("d-2", image: "b", revision: 2, replicas: 3, ready: 3, age: 50)
        newer.metadata.annotations?[DeploymentAnnotations.desiredReplicas] = "3"  // not a resize
        let plan = DeploymentPlanner.plan(
            Self.deployment(replicas: 3, image: "a"), owned: [older, newer], now: Self.now)
        #expect(
            plan.actions.contains { action in
                if case .annotate(let name, let annotations) = action {
                    return name == "d-1" && annotations[DeploymentAnnotations.revision] == "3"
                }
                return false
            })
        #expect(plan.actions.map(Self.scaledTo).contains(["d-1": 1]))
        #expect(plan.revision == "3")
    }

    @Test("a rollout that finished long ago does not time out when it changes (scaled, a pod lost)")
    func finishedNeverTimesOut() {
        var deployment = Self.deployment(replicas: 4)
        deployment.spec?.progressDeadlineSeconds = 600
        var status = DeploymentStatus()
        var done = DeploymentCondition(
            type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: "done")
        done.lastUpdateTime = Time(Self.now.addingTimeInterval(-5000))
        done.lastTransitionTime = done.lastUpdateTime
        status.conditions = [done]
        status.replicas = 3
        status.updatedReplicas = 3
        status.readyReplicas = 3
        status.availableReplicas = 3
        deployment.status = status
        let current = Self.set("d-1", image: "a", revision: 1, replicas: 3, ready: 3, age: 5000)
        let plan = DeploymentPlanner.plan(deployment, owned: [current], now: Self.now)
        let progressing = plan.status.conditions?.first { $0.type == "Progressing" }
        #expect(progressing?.reason != "ProgressDeadlineExceeded")
        #expect(progressing?.status == "True")
    }

    @Test("Recreate waits for terminating old pods before starting new ones")
    func recreateWaitsForTerminating() {
        var deployment = Self.deployment(replicas: 2, image: "b")
        deployment.spec?.strategy = DeploymentStrategy(type: "Recreate")
        var old = Self.set("d-1", image: "a", revision: 1, replicas: 0, age: 100)
        old.status?.terminatingReplicas = 1
        let new = Self.set("d-2", image: "b", revision: 2, replicas: 0, age: 1)
        let waiting = DeploymentPlanner.plan(deployment, owned: [old, new], now: Self.now)
        #expect(!waiting.actions.contains { if case .scale = $0 { return true } else { return false } })
        old.status?.terminatingReplicas = 0
        let starting = DeploymentPlanner.plan(deployment, owned: [old, new], now: Self.now)
        #expect(starting.actions.map(Self.scaledTo).contains(["d-2": 2]))
    }

    /// A scale action as name → size (empty for other actions).
    static func scaledTo(_ action: DeploymentPlan.Action) -> [String: Int] {
        if case .scale(let name, let replicas, _) = action { return [name: replicas] }
        return [:]
    }

    @Test("resized mid-rollout: every active set grows in proportion, leftovers to the largest")
    func proportional() {
        var old = Self.set("d-1", image: "a", revision: 1, replicas: 6, ready: 6, age: 100)
        var new = Self.set("d-2", image: "b", revision: 2, replicas: 2, ready: 0, age: 10)
        for index in [0, 1] {
            var annotations = (index == 0 ? old : new).metadata.annotations ?? [:]
            annotations[DeploymentAnnotations.desiredReplicas] = "8"
            annotations[DeploymentAnnotations.maxReplicas] = "10"
            if index == 0 { old.metadata.annotations = annotations } else { new.metadata.annotations = annotations }
        }
        var deployment = Self.deployment(replicas: 16, image: "b")
        deployment.spec?.strategy = DeploymentStrategy(
            type: "RollingUpdate", rollingUpdate: RollingUpdateDeployment(maxUnavailable: .int(2), maxSurge: .int(4)))
        let plan = DeploymentPlanner.plan(deployment, owned: [old, new], now: Self.now)
        let sizes = plan.actions.map(Self.scaledTo).reduce(into: [String: Int]()) { $0.merge($1) { $1 } }
        #expect(sizes == ["d-1": 16, "d-2": 4])
        #expect(
            plan.actions.allSatisfy {
                if case .scale(_, _, let annotations) = $0 {
                    return annotations[DeploymentAnnotations.desiredReplicas] == "16"
                }
                return true
            })
        // The table function itself, down: shrink in proportion (oldest first among equals).
        let down = ProportionalScaling.sizes([old, new], replicas: 4, surge: 1, statusReplicas: 8)
        #expect(down.values.reduce(0, +) == 5)
        #expect(down["d-1"]! > down["d-2"]!)
    }
}
