import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import Testing

/// The built-in garbage collector with the workload controllers, each deletion propagation
/// policy end to end.
@Suite("Garbage collector", .serialized)
struct GarbageCollectorTests {
    static let controllers = ["ReplicaSetController", "DeploymentController", "GarbageCollector"]

    static func live(_ cluster: TestCluster, _ selector: String) async -> [Pod] {
        ((try? await ReplicaSetControllerTests.pods(cluster, selector)) ?? [])
    }

    @Test("background: deleting a Deployment takes its ReplicaSet and pods with it")
    func background() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            _ = try await cluster.client.typed(Deployment.self).create(
                DeploymentControllerTests.deployment("bg", replicas: 2))
            #expect(await TestCluster.eventually { await Self.live(cluster, "app=bg").count == 2 })
            try await cluster.client.typed(Deployment.self).delete(
                namespace: "default", name: "bg", options: DeleteOptions(propagationPolicy: "Background"))
            #expect(
                await TestCluster.eventually {
                    let sets = (try? await cluster.client.typed(ReplicaSet.self).list(namespace: "default").items) ?? []
                    let pods = await Self.live(cluster, "app=bg")
                    return sets.isEmpty && pods.isEmpty
                })
        }
    }

    @Test("foreground: the owner stays, finalized, until its blocking dependents are gone")
    func foreground() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            let sets = cluster.client.typed(ReplicaSet.self)
            _ = try await sets.create(ReplicaSetControllerTests.replicaSet("fg", replicas: 2, labels: ["app": "fg"]))
            #expect(await TestCluster.eventually { await Self.live(cluster, "app=fg").count == 2 })
            let answer = try await cluster.client.delete(
                APIResource.of(ReplicaSet.self), namespace: "default", name: "fg",
                options: DeleteOptions(propagationPolicy: "Foreground"))
            let finalizers = answer["metadata"]?["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(finalizers.contains("foregroundDeletion"))
            #expect(
                await TestCluster.eventually {
                    let gone = (try? await sets.get(namespace: "default", name: "fg")) == nil
                    let pods = await Self.live(cluster, "app=fg")
                    return gone && pods.isEmpty
                })
        }
    }

    @Test("orphan: the owner goes, its pods stay without the reference")
    func orphan() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            let sets = cluster.client.typed(ReplicaSet.self)
            _ = try await sets.create(ReplicaSetControllerTests.replicaSet("or", replicas: 2, labels: ["app": "or"]))
            #expect(await TestCluster.eventually { await Self.live(cluster, "app=or").count == 2 })
            try await sets.delete(namespace: "default", name: "or", options: DeleteOptions(propagationPolicy: "Orphan"))
            #expect(
                await TestCluster.eventually {
                    let gone = (try? await sets.get(namespace: "default", name: "or")) == nil
                    let pods = await Self.live(cluster, "app=or")
                    return gone && pods.count == 2 && pods.allSatisfy { ($0.metadata.ownerReferences ?? []).isEmpty }
                })
            // And they stay: nothing collects orphans.
            try await Task.sleep(for: .milliseconds(500))
            #expect(await Self.live(cluster, "app=or").count == 2)
        }
    }

    @Test("an object with one owner gone and one present keeps only the present one")
    func partialOwners() async throws {
        try await ReplicaSetControllerTests.withController(Self.controllers) { cluster in
            let maps = cluster.client.typed(ConfigMap.self)
            let keep = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "keep", namespace: "default")))
            let drop = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "drop", namespace: "default")))
            var child = ConfigMap(metadata: ObjectMeta(name: "child", namespace: "default"))
            child.metadata.ownerReferences = [
                OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "keep", uid: keep.metadata.uid ?? ""),
                OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "drop", uid: drop.metadata.uid ?? ""),
            ]
            _ = try await maps.create(child)
            try await maps.delete(namespace: "default", name: "drop")
            #expect(
                await TestCluster.eventually {
                    let references = (try? await maps.get(namespace: "default", name: "child"))?.metadata
                        .ownerReferences
                    return references?.map(\.name) == ["keep"]
                })
            try await maps.delete(namespace: "default", name: "keep")
            #expect(await TestCluster.eventually { (try? await maps.get(namespace: "default", name: "child")) == nil })
        }
    }
}
