import Foundation
import SkiffAPI
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffTestSupport
import Testing

/// The built-in ReplicaSet controller, loaded as a plugin, against an in-process server; the
/// test plays the kubelet by writing pod status.
@Suite("ReplicaSet controller", .serialized)
struct ReplicaSetControllerTests {
    /// Runs the built-in workload controllers over an in-process cluster while `body` runs.
    static func withController(
        _ names: [String] = ["ReplicaSetController"], configurations: [String: [UInt8]] = [:],
        _ body: @Sendable (TestCluster) async throws -> Void
    ) async throws {
        try await TestCluster.with { cluster in
            let host = PluginHost()
            let loaded = host.load(directories: [], files: names.map(TestBuild.plugin))
            #expect(loaded.errors.isEmpty, "\(loaded.errors)")
            let informers = InformerFactory(client: cluster.client, logger: TestCluster.quietLogger)
            var options = ControllerManager.Options()
            options.configurations = configurations
            let manager = ControllerManager(
                client: cluster.client, factory: informers, host: host, options: options,
                logger: TestCluster.quietLogger)
            let running = Task {
                await withDiscardingTaskGroup { group in
                    group.addTask { try? await informers.run() }
                    group.addTask { try? await manager.run() }
                }
            }
            defer { running.cancel() }
            try await body(cluster)
            running.cancel()
            await running.value
        }
    }

    static func replicaSet(_ name: String, replicas: Int, labels: [String: String] = ["app": "web"]) -> ReplicaSet {
        var spec = ReplicaSetSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: labels),
            template: PodTemplateSpec(
                metadata: ObjectMeta(labels: labels), spec: PodSpec(containers: [Container(name: "c", image: "nginx")]))
        )
        spec.minReadySeconds = 0
        return ReplicaSet(metadata: ObjectMeta(name: name, namespace: "default"), spec: spec)
    }

    /// Plays the kubelet until cancelled: every pod not yet Ready becomes Running and Ready.
    static func kubelet(_ cluster: TestCluster) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                if let pods = try? await cluster.client.typed(Pod.self).list(namespace: "default").items {
                    let waiting = pods.filter { !PodStateProbe.isReady($0) && $0.metadata.deletionTimestamp == nil }
                    try? await markReady(cluster.client, waiting)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    static func pods(_ cluster: TestCluster, _ selector: String = "app=web") async throws -> [Pod] {
        try await cluster.client.typed(Pod.self).list(
            namespace: "default", options: ListOptions(labelSelector: selector)
        )
        .items
    }

    /// Marks pods Running and Ready through the status subresource, as a kubelet would.
    static func markReady(_ client: Client, _ pods: [Pod]) async throws {
        let stamp = Time.now().description
        for pod in pods where pod.metadata.deletionTimestamp == nil {
            let status: JSONValue = [
                "status": [
                    "phase": "Running",
                    "conditions": [["type": "Ready", "status": "True", "lastTransitionTime": .string(stamp)]],
                ]
            ]
            _ = try? await client.patch(
                APIResource.of(Pod.self), namespace: "default", name: pod.metadata.name ?? "", type: .merge, status,
                subresource: "status")
        }
    }

    @Test("scales up, reports ready and available, scales down preferring pods that are not ready")
    func scaleUpAndDown() async throws {
        try await Self.withController { cluster in
            let sets = cluster.client.typed(ReplicaSet.self)
            _ = try await sets.create(Self.replicaSet("web", replicas: 5))
            #expect(await TestCluster.eventually { (try? await Self.pods(cluster).count) == 5 })
            let pods = try await Self.pods(cluster)
            #expect(pods.allSatisfy { $0.metadata.name?.hasPrefix("web-") == true })
            #expect(pods.allSatisfy { $0.metadata.ownerReferences?.first?.controller == true })
            // Three become ready; the status says so.
            try await Self.markReady(cluster.client, Array(pods.prefix(3)))
            #expect(
                await TestCluster.eventually {
                    let status = (try? await sets.get(namespace: "default", name: "web"))?.status
                    return status?.replicas == 5 && status?.readyReplicas == 3 && status?.availableReplicas == 3
                        && status?.fullyLabeledReplicas == 5 && status?.observedGeneration == 1
                })
            // Down to 3: the two that are not ready go.
            _ = try await sets.patch(namespace: "default", name: "web", type: .merge, ["spec": ["replicas": 3]])
            #expect(
                await TestCluster.eventually {
                    let left = (try? await Self.pods(cluster)) ?? []
                    return left.filter { $0.metadata.deletionTimestamp == nil }.count == 3
                })
            let left = try await Self.pods(cluster).filter { $0.metadata.deletionTimestamp == nil }
            #expect(Set(left.compactMap(\.metadata.name)) == Set(pods.prefix(3).compactMap(\.metadata.name)))
            // Events say what happened (written once the deletes returned).
            #expect(
                await TestCluster.eventually {
                    let events = try? await cluster.client.list(APIResource.of(Event.self), namespace: "default")
                    let reasons = Set(events?.items.compactMap { $0["reason"]?.stringValue } ?? [])
                    return reasons.isSuperset(of: ["SuccessfulCreate", "SuccessfulDelete"])
                })
        }
    }

    @Test("a deleted pod is replaced; a pod edited out of the selector is released and replaced")
    func replaceAndRelease() async throws {
        try await Self.withController { cluster in
            _ = try await cluster.client.typed(ReplicaSet.self).create(
                Self.replicaSet("api", replicas: 2, labels: ["app": "api"]))
            #expect(await TestCluster.eventually { (try? await Self.pods(cluster, "app=api").count) == 2 })
            let first = try await Self.pods(cluster, "app=api")[0]
            try await cluster.client.typed(Pod.self).delete(namespace: "default", name: first.metadata.name ?? "")
            #expect(
                await TestCluster.eventually {
                    let names = Set((try? await Self.pods(cluster, "app=api"))?.compactMap(\.metadata.name) ?? [])
                    return names.count == 2 && !names.contains(first.metadata.name ?? "")
                })
            // Relabel one pod: the set lets it go (no controller reference) and makes another.
            let second = try await Self.pods(cluster, "app=api")[0]
            _ = try await cluster.client.patch(
                APIResource.of(Pod.self), namespace: "default", name: second.metadata.name ?? "", type: .merge,
                ["metadata": ["labels": ["app": "debug"]]])
            #expect(
                await TestCluster.eventually {
                    let released = try? await cluster.client.typed(Pod.self).get(
                        namespace: "default", name: second.metadata.name ?? "")
                    let count = (try? await Self.pods(cluster, "app=api").count) ?? 0
                    return (released?.metadata.ownerReferences ?? []).isEmpty && count == 2
                })
        }
    }

    @Test("pods the server refuses give the set a ReplicaFailure condition, and its Deployment too")
    func replicaFailure() async throws {
        try await Self.withController(["ReplicaSetController", "DeploymentController"]) { cluster in
            // A container without an image: every pod create is refused with 422.
            var deployment = DeploymentControllerTests.deployment("broken", replicas: 1, image: "")
            deployment.spec?.template?.spec?.containers?[0].image = nil
            _ = try await cluster.client.typed(Deployment.self).create(deployment)
            #expect(
                await TestCluster.eventually {
                    let sets = (try? await cluster.client.typed(ReplicaSet.self).list(namespace: "default").items) ?? []
                    return sets.first?.status?.conditions?.contains {
                        $0.type == "ReplicaFailure" && $0.status == "True" && $0.reason == "FailedCreate"
                    } == true
                })
            #expect(
                await TestCluster.eventually {
                    let conditions = await DeploymentControllerTests.deployment(cluster, "broken")?.status?.conditions
                    return conditions?.contains { $0.type == "ReplicaFailure" && $0.status == "True" } == true
                })
        }
    }

    @Test("orphans matching the selector are adopted instead of creating more")
    func adoption() async throws {
        try await Self.withController { cluster in
            for index in 0..<2 {
                _ = try await cluster.client.typed(Pod.self).create(
                    Pod(
                        metadata: ObjectMeta(name: "orphan-\(index)", namespace: "default", labels: ["app": "cache"]),
                        spec: PodSpec(containers: [Container(name: "c", image: "redis")])))
            }
            let sets = cluster.client.typed(ReplicaSet.self)
            let set = try await sets.create(Self.replicaSet("cache", replicas: 3, labels: ["app": "cache"]))
            #expect(
                await TestCluster.eventually {
                    let pods = (try? await Self.pods(cluster, "app=cache")) ?? []
                    return pods.count == 3
                        && pods.allSatisfy { $0.metadata.ownerReferences?.first?.uid == set.metadata.uid }
                })
            let names = try await Self.pods(cluster, "app=cache").compactMap(\.metadata.name)
            #expect(names.filter { $0.hasPrefix("orphan-") }.count == 2)
        }
    }
}

/// Readiness as the tests see it.
enum PodStateProbe {
    static func isReady(_ pod: Pod) -> Bool {
        pod.status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } == true
    }
}
