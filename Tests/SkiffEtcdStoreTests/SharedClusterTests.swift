import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import Testing

/// Two real `skiff server` processes on one real three-member etcd cluster, as users who outgrow
/// one machine run them: they share the cluster CA (the second server's data directory starts
/// with a copy of the first one's `pki`), so kubectl and the clients use either.
@Suite("Skiff servers sharing an etcd cluster", .serialized)
struct SharedClusterTests {
    static let configMaps = APIResource.builtIn(group: "", version: "v1", resource: "configmaps")!
    static let pods = APIResource.builtIn(group: "", version: "v1", resource: "pods")!
    static let leases = APIResource.builtIn(group: "coordination.k8s.io", version: "v1", resource: "leases")!

    /// Starts the first server, then the second with the first one's CA.
    static func startServers(
        on cluster: EtcdClusterFixture, arguments: [String] = []
    ) async throws -> (SkiffServerProcess, SkiffServerProcess) {
        let datastore = ["--datastore", cluster.url] + arguments
        let first = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: datastore)
        let second = try ScratchDirectory.make(prefix: "skiff-server")
        try FileManager.default.copyItem(
            at: first.dataDirectory.appendingPathComponent("pki"), to: second.appendingPathComponent("pki"))
        let other = try await SkiffServerProcess.start(
            binary: TestBuild.skiff, arguments: datastore, dataDirectory: second)
        return (first, other)
    }

    /// The holder of the controller manager's Lease once there is one other than `other`, polled
    /// for up to `timeout`; nil when none came.
    static func leaseHolder(_ client: Client, other: String? = nil, waitingUpTo timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lease = try? await client.get(leases, namespace: "kube-system", name: "skiff-controller-manager")
            if let holder = lease?["spec"]?["holderIdentity"]?.stringValue, !holder.isEmpty, holder != other {
                return holder
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    static func configMap(_ name: String, _ value: String = "v") -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)],
            "data": ["value": .string(value)],
        ]
    }

    @Test(
        "objects written through one server are read and watched through the other; history online; Events expire; a dead etcd member changes nothing"
    )
    func crossServer() async throws {
        try await EtcdClusterFixture.with { cluster in
            let (first, second) = try await Self.startServers(on: cluster, arguments: ["--event-ttl", "8s"])
            defer {
                first.stop()
                second.stop()
            }
            let one = try first.client()
            let two = try second.client()
            let watch = try await two.watch(Self.configMaps, namespace: "default")
            var events = watch.makeAsyncIterator()
            let created = try await one.create(Self.configMaps, namespace: "default", Self.configMap("shared", "1"))
            let version = try #require(created["metadata"]?["resourceVersion"]?.stringValue)
            let added = try #require(try await events.next())
            #expect(added.type == .added)
            #expect(added.object["metadata"]?["name"]?.stringValue == "shared")
            #expect(added.resourceVersion == version)
            // A consistent read through the other server sees the write at once.
            let read = try await two.get(Self.configMaps, namespace: "default", name: "shared")
            #expect(read["metadata"]?["resourceVersion"]?.stringValue == version)
            // kubectl through the second server updates it; the first one's watch-driven read sees it.
            let edit = try await second.kubectl(["patch", "configmap", "shared", "-p", #"{"data":{"value":"2"}}"#])
            #expect(edit.status == 0, "\(edit.output)")
            let modified = try #require(try await events.next())
            #expect(modified.type == .modified && modified.object["data"]?["value"]?.stringValue == "2")
            let viaFirst = try await first.kubectl(["get", "configmap", "shared", "-o", "jsonpath={.data.value}"])
            #expect(viaFirst.output == "2")

            // The history CLI, online against the etcd-backed cluster through either server.
            let history = try await ChildProcess.run([
                TestBuild.skiff, "history", "/registry/configmaps/default/shared", "--kubeconfig", second.kubeconfig,
                "-o", "json",
            ])
            #expect(history.status == 0, "\(history.output)")
            let timeline = try JSONParser.parse(Array(history.output.utf8))
            let operations = timeline["changes"]?.arrayValue?.compactMap { $0["operation"]?.stringValue }
            #expect(operations == ["created", "updated"])
            let revisions = try await ChildProcess.run([
                TestBuild.skiff, "revisions", "--kubeconfig", first.kubeconfig, "--prefix", "/registry/configmaps/",
                "-o", "json",
            ])
            #expect(revisions.status == 0, "\(revisions.output)")
            #expect(revisions.output.contains("/registry/configmaps/default/shared"))
            let old = try await ChildProcess.run([
                TestBuild.skiff, "get", "/registry/configmaps/default/shared", "--rev", version, "--kubeconfig",
                first.kubeconfig, "-o", "json",
            ])
            #expect(old.status == 0 && old.output.contains("\"1\""), "\(old.output)")

            // Events are stored with a lease (--event-ttl 8s, long enough for etcdctl to find the
            // Event on a loaded machine) and disappear with it.
            let event = try await first.kubectl(
                ["create", "-f", "-"],
                input: """
                    apiVersion: v1
                    kind: Event
                    metadata: {name: short-lived, namespace: default}
                    involvedObject: {kind: ConfigMap, name: shared, namespace: default}
                    reason: Testing
                    message: gone soon
                    type: Normal
                    """)
            #expect(event.status == 0, "\(event.output)")
            let stored = try await cluster.etcdctl(["get", "/registry/events/default/short-lived", "-w", "json"])
            #expect(stored.output.contains("\"lease\""), "\(stored.output)")
            let expired = try await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                let list = try await two.list(
                    APIResource.builtIn(group: "", version: "v1", resource: "events")!, namespace: "default")
                return list.items.isEmpty
            }
            #expect(expired)

            // A CustomResourceDefinition made through the first server is served by the second.
            let definition = try await first.kubectl(
                ["apply", "-f", "-"],
                input: """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: widgets.example.com}
                    spec:
                      group: example.com
                      scope: Namespaced
                      names: {plural: widgets, singular: widget, kind: Widget}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema:
                          openAPIV3Schema:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                    """)
            #expect(definition.status == 0, "\(definition.output)")
            let widget = """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w1, namespace: default}
                size: 3
                """
            let servedByOther = try await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                try await second.kubectl(["apply", "-f", "-"], input: widget).status == 0
            }
            #expect(servedByOther)
            let widgets = try await first.kubectl(["get", "widgets", "-o", "name"])
            #expect(widgets.output.contains("widget.example.com/w1"), "\(widgets.output)")

            // One etcd member dies: both servers go on writing and reading.
            try cluster.kill(member: 0)
            for index in 0..<6 {
                let client = index.isMultiple(of: 2) ? one : two
                _ = try await client.create(Self.configMaps, namespace: "default", Self.configMap("after-\(index)"))
            }
            let listed = try await first.kubectl(["get", "configmaps", "-o", "name"])
            #expect((0..<6).allSatisfy { listed.output.contains("configmap/after-\($0)") }, "\(listed.output)")
            var names: Set<String> = []
            while names.count < 6, let next = try await events.next() {
                if let name = next.object["metadata"]?["name"]?.stringValue, name.hasPrefix("after-") {
                    names.insert(name)
                }
            }
            #expect(names.count == 6)
        }
    }

    @Test("a watch through a server that dies resumes on the other; leadership moves and controllers converge")
    func serverFailure() async throws {
        try await EtcdClusterFixture.with { cluster in
            // Shorter leader leases than the 15 s default, so the second server takes over sooner.
            let timings = [
                "--leader-elect-lease-duration", "5s", "--leader-elect-renew-deadline", "4s",
                "--leader-elect-retry-period", "1s",
            ]
            let (first, second) = try await Self.startServers(on: cluster, arguments: timings)
            defer {
                first.stop()
                second.stop()
            }
            let one = try first.client()
            let two = try second.client()
            // The first server started first: it leads the controller manager and the scheduler.
            let leader = await Self.leaseHolder(two, waitingUpTo: .seconds(30))
            #expect(leader != nil)
            let lease = try await two.get(Self.leases, namespace: "kube-system", name: "skiff-controller-manager")
            #expect(lease["spec"]?["leaseDurationSeconds"]?.intValue == 5)

            let watch = try await one.watch(Self.configMaps, namespace: "default")
            var events = watch.makeAsyncIterator()
            var lastVersion = ""
            for index in 0..<3 {
                _ = try await two.create(Self.configMaps, namespace: "default", Self.configMap("before-\(index)"))
                let event = try #require(try await events.next())
                #expect(event.type == .added)
                lastVersion = try #require(event.resourceVersion)
            }
            // The server of the watch dies; writes go on through the other.
            first.kill()
            for index in 0..<3 {
                _ = try await two.create(Self.configMaps, namespace: "default", Self.configMap("after-\(index)"))
            }
            var options = WatchOptions()
            options.resourceVersion = lastVersion
            let resumed = try await two.watch(Self.configMaps, namespace: "default", options: options)
            var names: [String] = []
            for try await event in resumed {
                #expect(event.type == .added, "\(event.object)")
                names.append(event.object["metadata"]?["name"]?.stringValue ?? "")
                if names.count == 3 { break }
            }
            #expect(names == ["after-0", "after-1", "after-2"])

            // The second server takes the leases once the dead leader's expire, and its controllers
            // run the Deployment created after the failure.
            let deployment = try await second.kubectl([
                "create", "deployment", "web", "--image", "nginx", "--replicas", "2",
            ])
            #expect(deployment.status == 0, "\(deployment.output)")
            let moved = await Self.leaseHolder(two, other: leader, waitingUpTo: .seconds(60))
            #expect(moved != nil)
            let converged = try await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(500)) {
                var list = ListOptions()
                list.labelSelector = "app=web"
                return (try? await two.list(Self.pods, namespace: "default", options: list).items.count) == 2
            }
            #expect(converged)
        }
    }
}
