import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import SkiffWorkloads
import Synchronization
import Testing

/// The built-in Deployment and ReplicaSet controllers together, as plugins, against an
/// in-process server; the test plays the kubelet.
@Suite("Deployment controller", .serialized)
struct DeploymentControllerTests {
    static let controllers = ["ReplicaSetController", "DeploymentController"]

    static func deployment(
        _ name: String, replicas: Int, image: String = "nginx:1", surge: IntOrString? = .int(1),
        unavailable: IntOrString? = .int(0), deadline: Int? = nil, recreate: Bool = false
    ) -> Deployment {
        var spec = DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: ["app": name]),
            template: PodTemplateSpec(
                metadata: ObjectMeta(labels: ["app": name]),
                spec: PodSpec(containers: [Container(name: "c", image: image)])))
        spec.strategy =
            recreate
            ? DeploymentStrategy(type: "Recreate")
            : DeploymentStrategy(
                type: "RollingUpdate",
                rollingUpdate: RollingUpdateDeployment(maxUnavailable: unavailable, maxSurge: surge))
        spec.progressDeadlineSeconds = deadline
        return Deployment(metadata: ObjectMeta(name: name, namespace: "default"), spec: spec)
    }

    static func deployment(_ cluster: TestCluster, _ name: String) async -> Deployment? {
        try? await cluster.client.typed(Deployment.self).get(namespace: "default", name: name)
    }

    static func complete(_ deployment: Deployment?, replicas: Int) -> Bool {
        guard let deployment, let status = deployment.status else { return false }
        return (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1)
            && status.updatedReplicas == replicas && status.replicas == replicas && status.availableReplicas == replicas
    }

    @Test("create, then a rolling update with maxSurge 1 / maxUnavailable 0 never drops below the desired count")
    func rollingUpdate() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            let kubelet = ReplicaSetControllerTests.kubelet(cluster)
            defer { kubelet.cancel() }
            let deployments = cluster.client.typed(Deployment.self)
            _ = try await deployments.create(Self.deployment("web", replicas: 3))
            #expect(await TestCluster.eventually { Self.complete(await Self.deployment(cluster, "web"), replicas: 3) })
            let first = await Self.deployment(cluster, "web")
            #expect(first?.metadata.annotations?[DeploymentAnnotations.revision] == "1")

            // Watch availability through the rollout.
            final class Floor: Sendable { let lowest = Mutex(Int.max) }
            let floor = Floor()
            let watcher = Task {
                while !Task.isCancelled {
                    if let available = await Self.deployment(cluster, "web")?.status?.availableReplicas {
                        floor.lowest.withLock { $0 = min($0, available) }
                    }
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            _ = try await deployments.patch(
                namespace: "default", name: "web", type: .strategic,
                ["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:2"]]]]]])
            #expect(
                await TestCluster.eventually(timeout: .seconds(60)) {
                    let deployment = await Self.deployment(cluster, "web")
                    return Self.complete(deployment, replicas: 3)
                        && deployment?.metadata.annotations?[DeploymentAnnotations.revision] == "2"
                })
            watcher.cancel()
            #expect(floor.lowest.withLock { $0 } >= 3, "availability fell to \(floor.lowest.withLock { $0 })")
            let sets = try await cluster.client.typed(ReplicaSet.self).list(namespace: "default").items
            #expect(sets.count == 2)
            #expect(sets.filter { ($0.spec?.replicas ?? 0) == 3 }.count == 1)
            #expect(sets.filter { ($0.spec?.replicas ?? 0) == 0 }.count == 1)
            let pods = try await ReplicaSetControllerTests.pods(cluster, "app=web").filter {
                $0.metadata.deletionTimestamp == nil
            }
            #expect(pods.count == 3)
            #expect(pods.allSatisfy { $0.spec?.containers?.first?.image == "nginx:2" })
            #expect(pods.allSatisfy { $0.metadata.labels?[TemplateHash.label] != nil })

            // Rollback: the old template comes back, its ReplicaSet is reused as revision 3.
            _ = try await deployments.patch(
                namespace: "default", name: "web", type: .strategic,
                ["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:1"]]]]]])
            #expect(
                await TestCluster.eventually(timeout: .seconds(60)) {
                    let deployment = await Self.deployment(cluster, "web")
                    return Self.complete(deployment, replicas: 3)
                        && deployment?.metadata.annotations?[DeploymentAnnotations.revision] == "3"
                })
            let after = try await cluster.client.typed(ReplicaSet.self).list(namespace: "default").items
            #expect(after.count == 2)
        }
    }

    @Test("scale up and down through the deployment; Recreate replaces all at once")
    func scaleAndRecreate() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            let kubelet = ReplicaSetControllerTests.kubelet(cluster)
            defer { kubelet.cancel() }
            let deployments = cluster.client.typed(Deployment.self)
            _ = try await deployments.create(Self.deployment("batch", replicas: 2, recreate: true))
            #expect(
                await TestCluster.eventually { Self.complete(await Self.deployment(cluster, "batch"), replicas: 2) })
            _ = try await deployments.patch(
                namespace: "default", name: "batch", type: .merge, ["spec": ["replicas": 4]])
            #expect(
                await TestCluster.eventually { Self.complete(await Self.deployment(cluster, "batch"), replicas: 4) })
            _ = try await deployments.patch(
                namespace: "default", name: "batch", type: .strategic,
                ["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:9"]]]]]])
            #expect(
                await TestCluster.eventually(timeout: .seconds(60)) {
                    let pods = (try? await ReplicaSetControllerTests.pods(cluster, "app=batch")) ?? []
                    let live = pods.filter { $0.metadata.deletionTimestamp == nil }
                    return Self.complete(await Self.deployment(cluster, "batch"), replicas: 4) && live.count == 4
                        && live.allSatisfy { $0.spec?.containers?.first?.image == "nginx:9" }
                })
        }
    }

    @Test("a rollout that cannot progress reaches ProgressDeadlineExceeded")
    func progressDeadline() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            // No kubelet: pods never become ready.
            _ = try await cluster.client.typed(Deployment.self).create(
                Self.deployment("stuck", replicas: 2, deadline: 2))
            #expect(
                await TestCluster.eventually(timeout: .seconds(30)) {
                    let condition = await Self.deployment(cluster, "stuck")?.status?.conditions?.first {
                        $0.type == "Progressing"
                    }
                    return condition?.status == "False" && condition?.reason == "ProgressDeadlineExceeded"
                })
            let available = await Self.deployment(cluster, "stuck")?.status?.conditions?.first {
                $0.type == "Available"
            }
            #expect(available?.status == "False")
        }
    }
}
