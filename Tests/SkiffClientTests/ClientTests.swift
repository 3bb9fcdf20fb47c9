import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import Testing

/// The typed and dynamic clients against a real API server, over both transports: the same
/// answers, the same errors.
@Suite("Client over both transports", .serialized)
struct ClientTests {
    enum Transport: String, CaseIterable, Sendable {
        case inProcess, http
    }

    static func client(_ transport: Transport, _ cluster: TestCluster) -> Client {
        switch transport {
        case .inProcess: cluster.client
        case .http: Client(transport: HTTPTransport(baseURL: cluster.url))
        }
    }

    @Test("typed create, get, update, status, patch, list and delete", arguments: Transport.allCases)
    func typedRoundTrip(_ transport: Transport) async throws {
        try await TestCluster.with { cluster in
            let client = Self.client(transport, cluster)
            let maps = client.typed(ConfigMap.self)
            var map = try await maps.create(
                ConfigMap(metadata: ObjectMeta(name: "settings", namespace: "default"), data: ["a": "1"]))
            #expect(map.metadata.uid?.isEmpty == false)
            #expect(map.metadata.resourceVersion != nil)
            map.data?["b"] = "2"
            map = try await maps.update(map)
            #expect(map.data == ["a": "1", "b": "2"])
            let patched = try await maps.patch(
                namespace: "default", name: "settings", type: .strategic, ["data": ["c": "3"]])
            #expect(patched.data?["c"] == "3")
            let fetched = try await maps.get(namespace: "default", name: "settings")
            #expect(fetched.data?.count == 3)
            let (items, version) = try await maps.list(namespace: "default")
            #expect(items.map(\.metadata.name) == ["settings"])
            #expect(!version.isEmpty)

            let pods = client.typed(Pod.self)
            var pod = try await pods.create(
                Pod(
                    metadata: ObjectMeta(name: "p", namespace: "default"),
                    spec: PodSpec(containers: [Container(name: "c", image: "busybox")])))
            pod.status = PodStatus()
            pod.status?.phase = "Running"
            pod = try await pods.updateStatus(pod)
            #expect(pod.status?.phase == "Running")

            try await maps.delete(namespace: "default", name: "settings")
            await #expect(throws: ClientError.self) { try await maps.get(namespace: "default", name: "settings") }
        }
    }

    @Test("errors carry the server's Status", arguments: Transport.allCases)
    func errors(_ transport: Transport) async throws {
        try await TestCluster.with { cluster in
            let client = Self.client(transport, cluster)
            let maps = client.typed(ConfigMap.self)
            do {
                _ = try await maps.get(namespace: "default", name: "missing")
                Issue.record("no error")
            } catch let error as ClientError {
                #expect(error.isNotFound)
                #expect(error.message.contains("\"missing\" not found"))
            }
            let first = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "x", namespace: "default")))
            do {
                _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "x", namespace: "default")))
                Issue.record("no error")
            } catch let error as ClientError {
                #expect(error.isAlreadyExists)
            }
            var stale = first
            stale.data = ["k": "v"]
            _ = try await maps.update(stale)
            do {
                _ = try await maps.update(stale)
                Issue.record("no error")
            } catch let error as ClientError {
                #expect(error.isConflict)
                #expect(error.code == 409)
            }
            do {
                _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "Not_Valid", namespace: "default")))
                Issue.record("no error")
            } catch let error as ClientError {
                #expect(error.isInvalid)
                #expect(error.status?.details?.causes?.first?.field == "metadata.name")
            }
        }
    }

    @Test("a watch delivers changes after its resourceVersion, and ends when cancelled", arguments: Transport.allCases)
    func watch(_ transport: Transport) async throws {
        try await TestCluster.with { cluster in
            let client = Self.client(transport, cluster)
            let resource = APIResource.of(ConfigMap.self)
            let list = try await client.list(resource, namespace: "default")
            let events = try await client.watch(
                resource, namespace: "default", options: WatchOptions(resourceVersion: list.resourceVersion))
            let reader = Task {
                var seen: [String] = []
                for try await event in events where event.type != .bookmark {
                    seen.append("\(event.type.rawValue) \(event.object["metadata"]?["name"]?.stringValue ?? "")")
                    if seen.count == 3 { break }
                }
                return seen
            }
            _ = try await client.create(resource, namespace: "default", ["metadata": ["name": "w"]])
            _ = try await client.patch(resource, namespace: "default", name: "w", type: .merge, ["data": ["a": "b"]])
            try await client.delete(resource, namespace: "default", name: "w")
            let seen = try await reader.value
            #expect(seen == ["ADDED w", "MODIFIED w", "DELETED w"])
        }
    }

    @Test("discovery finds built-in resources and not unknown ones")
    func discovery() async throws {
        try await TestCluster.with { cluster in
            let deployments = try await cluster.client.discover(group: "apps", version: "v1", resource: "deployments")
            #expect(deployments?.kind == "Deployment")
            #expect(deployments?.namespaced == true)
            let nodes = try await cluster.client.discover(group: "", version: "v1", resource: "nodes")
            #expect(nodes?.namespaced == false)
            #expect(try await cluster.client.discover(group: "apps", version: "v1", resource: "gadgets") == nil)
            #expect(try await cluster.client.discover(group: "nope.example", version: "v1", resource: "x") == nil)
        }
    }
}
