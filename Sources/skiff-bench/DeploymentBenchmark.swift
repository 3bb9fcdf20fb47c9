import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffStore
import Synchronization

/// `skiff-bench deployment`: the built-in Deployment, ReplicaSet and garbage-collector plugins in
/// one process with a store and an API server. A Deployment of N replicas: the time until N pods
/// exist; then, with a simulated kubelet marking each Ready, until the Deployment reports them
/// available; and a rolling update of all of them (the kubelet marking the new pods Ready).
struct DeploymentBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployment", abstract: "A large Deployment through the built-in controller plugins.")

    @Option(help: "Replicas.")
    var replicas = 10_000

    @Option(help: "Concurrent status writers playing the kubelet.")
    var kubelets = 16

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-deploy-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try InProcessCluster(directory: directory)
        let (store, server, client, logger) = (cluster.store, cluster.server, cluster.client, cluster.logger)
        let host = PluginHost()
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let loaded = host.load(
            directories: [],
            files: ["libReplicaSetController.so", "libDeploymentController.so", "libGarbageCollector.so"].map {
                folder.appendingPathComponent($0).path
            })
        guard loaded.errors.isEmpty, loaded.plugins.count == 3 else {
            throw ValidationError("cannot load the built-in plugins beside skiff-bench: \(loaded.errors)")
        }
        let informers = InformerFactory(client: client, logger: logger)
        let manager = ControllerManager(client: client, factory: informers, host: host, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: store), .init(service: server), .init(service: informers), .init(service: manager),
                ], logger: logger))
        let running = Task { try await group.run() }

        // The simulated kubelet: an informer on pods; every pod not Ready is marked Running and Ready.
        let podInformer = informers.informer(for: APIResource.of(Pod.self))
        let queues = (0..<kubelets).map { _ in AsyncStream<String>.makeStream() }
        let turn = Atomic<Int>(0)
        podInformer.addHandler { event in
            if case .deleted = event { return }
            let item = event.item
            guard let pod = try? item.decode(Pod.self), pod.metadata.deletionTimestamp == nil,
                !(pod.status?.conditions ?? []).contains(where: { $0.type == "Ready" && $0.status == "True" })
            else { return }
            let next = turn.wrappingAdd(1, ordering: .relaxed).oldValue
            queues[next % queues.count].continuation.yield(item.key.name)
        }
        // The kubelets start once every pod exists: creation is timed alone, then readiness.
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let kubeletsRunning = Task {
            for await _ in gate { break }
            await withDiscardingTaskGroup { tasks in
                for queue in queues {
                    tasks.addTask {
                        for await name in queue.stream {
                            let status: JSONValue = [
                                "status": [
                                    "phase": "Running",
                                    "conditions": [
                                        [
                                            "type": "Ready", "status": "True",
                                            "lastTransitionTime": .string(Time.now().description),
                                        ]
                                    ],
                                ]
                            ]
                            _ = try? await client.patchBytes(
                                APIResource.of(Pod.self), namespace: "bench", name: name, type: .merge,
                                body: status.serialized(), subresource: "status")
                        }
                    }
                }
            }
        }

        _ = try await client.create(APIResource.of(Namespace.self), namespace: nil, ["metadata": ["name": "bench"]])
        let deployments = client.typed(Deployment.self)
        var spec = DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: ["app": "bench"]),
            template: PodTemplateSpec(
                metadata: ObjectMeta(labels: ["app": "bench"]),
                spec: PodSpec(containers: [Container(name: "app", image: "registry.example/app:1")])))
        spec.progressDeadlineSeconds = 3600
        let started = ContinuousClock.now
        _ = try await deployments.create(Deployment(metadata: ObjectMeta(name: "big", namespace: "bench"), spec: spec))

        let podsExist = try await waitFor {
            podInformer.indexer.list(namespace: "bench").count >= replicas
        }
        let createdSeconds = seconds(podsExist - started)
        let readyStart = ContinuousClock.now
        opener.yield()
        opener.finish()
        let available = try await waitFor {
            (try? await deployments.get(namespace: "bench", name: "big"))?.status?.availableReplicas == replicas
        }
        let availableSeconds = seconds(available - readyStart)

        let rollStart = ContinuousClock.now
        _ = try await deployments.patch(
            namespace: "bench", name: "big", type: .strategic,
            ["spec": ["template": ["spec": ["containers": [["name": "app", "image": "registry.example/app:2"]]]]]])
        let rolled = try await waitFor(timeout: .seconds(1800)) {
            guard let deployment = try? await deployments.get(namespace: "bench", name: "big"),
                let status = deployment.status
            else { return false }
            return status.observedGeneration == deployment.metadata.generation && status.updatedReplicas == replicas
                && status.replicas == replicas && status.availableReplicas == replicas
        }
        let rollSeconds = seconds(rolled - rollStart)

        let metrics = host.metrics.render()
        for queue in queues { queue.continuation.finish() }
        kubeletsRunning.cancel()
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await store.close()

        var table = ResultTable(header: ["measure", "value", "target", "met"])
        let rate = Double(replicas) / createdSeconds
        table.add([
            "\(replicas) pods exist after, s", format(createdSeconds, decimals: 2), "", "",
        ])
        table.add(["  pods created per second (in-process)", format(rate), "≥ 1,000", rate >= 1000 ? "yes" : "no"])
        table.add([
            "then all \(replicas) available after being marked Ready, s", format(availableSeconds, decimals: 2), "", "",
        ])
        table.add([
            "rolling update of \(replicas) (25% surge, 25% unavailable), s", format(rollSeconds, decimals: 2), "", "",
        ])
        table.add([
            "  pods replaced per second", format(Double(replicas) / rollSeconds), "", "",
        ])
        print(table.render())
        print("\nPer plugin:")
        for line in metrics.split(separator: "\n")
        where line.hasPrefix("skiff_plugin_reconcile_total") || line.hasPrefix("skiff_plugin_reconcile_duration") {
            print("  " + line)
        }
    }

    /// Polls every 50 ms until `condition` holds; the instant it did.
    private func waitFor(
        timeout: Duration = .seconds(600), _ condition: () async -> Bool
    ) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return .now }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ValidationError("timed out")
    }
}
