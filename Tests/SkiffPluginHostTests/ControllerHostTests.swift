import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Controllers in Swift and C running in one host against an in-process API server.
@Suite("Controller plugins end to end", .serialized)
struct ControllerHostTests {
    /// Loads `files`, runs a controller manager over the cluster while `body` runs.
    static func withControllers(
        _ files: [String], _ body: @Sendable (TestCluster, PluginHost, ControllerManager) async throws -> Void
    ) async throws {
        try await TestCluster.with { cluster in
            try await withControllers(files, cluster: cluster, body)
        }
    }

    /// Loads `files` and runs a controller manager over an existing cluster while `body` runs.
    static func withControllers(
        _ files: [String], cluster: TestCluster,
        _ body: @Sendable (TestCluster, PluginHost, ControllerManager) async throws -> Void
    ) async throws {
        do {
            let host = PluginHost()
            let loaded = host.load(directories: [], files: files)
            #expect(loaded.errors.isEmpty, "\(loaded.errors)")
            let informers = InformerFactory(client: cluster.client, logger: TestCluster.quietLogger)
            let manager = ControllerManager(
                client: cluster.client, factory: informers, host: host, logger: TestCluster.quietLogger)
            let running = Task {
                await withDiscardingTaskGroup { group in
                    group.addTask { try? await informers.run() }
                    group.addTask { try? await manager.run() }
                }
            }
            do {
                try await body(cluster, host, manager)
            } catch {
                running.cancel()
                await running.value
                throw error
            }
            running.cancel()
            await running.value
        }
    }

    static let configMaps = APIResource.of(ConfigMap.self)
    static let pods = APIResource.of(Pod.self)

    @Test("the Swift example keeps a pod summary per namespace")
    func podSummary() async throws {
        try await Self.withControllers([PluginFiles.podSummary]) { cluster, _, _ in
            let pods = cluster.client.typed(Pod.self)
            for name in ["a", "b"] {
                let pod = Pod(
                    metadata: ObjectMeta(name: name, namespace: "default"),
                    spec: PodSpec(containers: [Container(name: "c", image: "busybox")]))
                _ = try await pods.create(pod)
            }
            let maps = cluster.client.typed(ConfigMap.self)
            let counted = await TestCluster.eventually {
                (try? await maps.get(namespace: "default", name: "pod-summary"))?.data?["total"] == "2"
            }
            #expect(counted)
            // A status change moves a pod from Pending to Running in the summary.
            _ = try await cluster.client.patch(
                Self.pods, namespace: "default", name: "a", type: .merge, ["status": ["phase": "Running"]],
                subresource: "status")
            let running = await TestCluster.eventually {
                let data = (try? await maps.get(namespace: "default", name: "pod-summary"))?.data
                return data?["Running"] == "1" && data?["Pending"] == "1"
            }
            #expect(running)
            // Deleted by hand: put back.
            try await maps.delete(namespace: "default", name: "pod-summary")
            let restored = await TestCluster.eventually {
                (try? await maps.get(namespace: "default", name: "pod-summary")) != nil
            }
            #expect(restored)
            // The controller recorded an Event as itself.
            let events = try await cluster.client.list(
                APIResource.of(Event.self), namespace: "default")
            #expect(
                events.items.contains {
                    $0["reason"]?.stringValue == "SummaryCreated"
                        && $0["source"]?["component"]?.stringValue == "pod-summary-controller"
                })
            // No pods left: the summary goes.
            for name in ["a", "b"] { try await pods.delete(namespace: "default", name: name) }
            let gone = await TestCluster.eventually {
                (try? await maps.get(namespace: "default", name: "pod-summary")) == nil
            }
            #expect(gone)
        }
    }

    @Test("a failing plugin is retried with back-off and does not disturb the others")
    func failingPluginIsolated() async throws {
        let failing = try await PluginFiles.compile("failing_controller")
        let stamp = try await PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c")
        let refusing = try await PluginFiles.compile("init_fails")
        try await Self.withControllers([failing, stamp, refusing]) { cluster, host, manager in
            // init-fails did not start, and said why; the others run.
            let started = await TestCluster.eventually {
                manager.controllers.filter(\.isReady).map(\.plugin.name).sorted() == [
                    "always-fails", "c-stamp-controller",
                ]
            }
            #expect(started)

            _ = try await cluster.client.create(
                Self.configMaps, namespace: "default", ["metadata": ["name": "poison-1"], "data": ["x": "y"]])
            let attempts = Self.attempts(failing)
            let retried = await TestCluster.eventually { attempts() >= 4 }
            #expect(retried, "attempts: \(attempts())")

            // Meanwhile the stamp controller works.
            _ = try await cluster.client.create(
                Self.configMaps, namespace: "default",
                ["metadata": ["name": "stamp-me", "labels": ["example.skiff.dev/stamp": "true"]]])
            let stamped = await TestCluster.eventually {
                let map = try? await cluster.client.get(Self.configMaps, namespace: "default", name: "stamp-me")
                return map?["metadata"]?["annotations"]?["example.skiff.dev/stamped-by"]?.stringValue
                    == "c-stamp-controller"
            }
            #expect(stamped)

            // Back-off: the gaps grow (5 ms doubling), so attempts slow down rather than spin.
            let before = attempts()
            try await Task.sleep(for: .milliseconds(500))
            let during = attempts() - before
            #expect(during < 12, "\(during) attempts in 500 ms: no back-off")
            #expect(host.metrics.reconciles(plugin: "always-fails", outcome: "error") >= 4)
            #expect(host.metrics.reconciles(plugin: "c-stamp-controller", outcome: "error") == 0)
            let text = host.metrics.render()
            #expect(text.contains("skiff_plugin_reconcile_total{plugin=\"always-fails\",outcome=\"error\"}"))
            #expect(text.contains("skiff_plugin_queue_retries_total{plugin=\"always-fails\"}"))
        }
    }

    @Test("custom mappings: on_event hears objects that existed before the controller, and enqueues")
    func customMapping() async throws {
        let custom = try await PluginFiles.compile("custom_events")
        try await TestCluster.with { cluster in
            for name in ["one", "two", "three"] {
                _ = try await cluster.client.create(
                    Self.configMaps, namespace: "default", ["metadata": ["name": .string(name)]])
            }
            try await Self.withControllers([custom], cluster: cluster) { cluster, _, _ in
                let added = Self.counter(custom, "skiff_test_added")
                let reconciles = Self.counter(custom, "skiff_test_reconciles")
                #expect(await TestCluster.eventually { added() == 3 && reconciles() >= 1 }, "added \(added())")
                _ = try await cluster.client.patch(
                    Self.configMaps, namespace: "default", name: "two", type: .merge, ["data": ["k": "v"]])
                let events = Self.counter(custom, "skiff_test_events")
                #expect(await TestCluster.eventually { events() == 4 })
            }
        }
    }

    /// The fixture's own counter of reconcile attempts, read through its exported function.
    static func attempts(_ path: String) -> @Sendable () -> Int32 {
        counter(path, "skiff_test_attempts")
    }

    /// A counter a fixture exports.
    static func counter(_ path: String, _ name: String) -> @Sendable () -> Int32 {
        let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD)
        let symbol = dlsym(handle, name)
        typealias Counter = @convention(c) () -> Int32
        let counter = unsafeBitCast(symbol, to: Counter.self)
        return { counter() }
    }
}
