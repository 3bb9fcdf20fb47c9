import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import Synchronization
import Testing

@Suite("Informers against a real server", .serialized)
struct InformerTests {
    /// Records what handlers hear.
    final class Recorder: Sendable {
        let events = Mutex<[String]>([])
        func record(_ event: InformerEvent) {
            let line: String
            switch event {
            case .added(let item): line = "added \(item.key)"
            case .updated(_, let item): line = "updated \(item.key)"
            case .deleted(let item, let unknown): line = "deleted \(item.key)\(unknown ? " (relist)" : "")"
            }
            events.withLock { $0.append(line) }
        }
        var lines: [String] { events.withLock { $0 } }
    }

    @Test("list then watch: the cache mirrors the server and handlers hear every change", arguments: [true, false])
    func mirrors(_ watchList: Bool) async throws {
        try await TestCluster.with { cluster in
            let client = cluster.client
            let maps = APIResource.of(ConfigMap.self)
            _ = try await client.create(
                maps, namespace: "default", ["metadata": ["name": "before", "labels": ["app": "x"]]])
            let factory = InformerFactory(client: client, useWatchList: watchList, logger: TestCluster.quietLogger)
            let informer = factory.informer(for: maps, indexes: ["data.k": Indexer.fieldIndex("data.k")])
            #expect(factory.informer(for: maps) === informer)
            let recorder = Recorder()
            informer.addHandler { recorder.record($0) }
            let running = Task { try await factory.run() }
            await informer.waitForSync()
            // A LIST at resourceVersion 0 may be served from a cache a moment behind; the watch
            // brings the rest.
            #expect(
                await TestCluster.eventually {
                    informer.indexer.get(ObjectKey(namespace: "default", name: "before")) != nil
                })

            _ = try await client.create(
                maps, namespace: "default",
                ["metadata": ["name": "after", "labels": ["app": "y"]], "data": ["k": "v"]])
            _ = try await client.patch(maps, namespace: "default", name: "before", type: .merge, ["data": ["k": "v"]])
            try await client.delete(maps, namespace: "default", name: "after")
            let done = await TestCluster.eventually { recorder.lines.count >= 4 }
            #expect(done)
            #expect(
                recorder.lines == [
                    "added default/before", "added default/after", "updated default/before", "deleted default/after",
                ])
            #expect(informer.indexer.count == 1)
            #expect(try informer.indexer.byIndex("data.k", "v").map(\.key.name) == ["before"])
            #expect(try informer.indexer.byIndex("label:app", "x").map(\.key.name) == ["before"])
            #expect(try informer.indexer.byIndex(Indexer.namespaceIndex, "default").count == 1)
            // A handler added late first hears the current state.
            let late = Recorder()
            informer.addHandler { late.record($0) }
            #expect(late.lines == ["added default/before"])
            running.cancel()
            _ = await running.result
        }
    }

    @Test("one informer per resource over HTTP too")
    func overHTTP() async throws {
        try await TestCluster.with { cluster in
            let client = Client(transport: HTTPTransport(baseURL: cluster.url))
            let factory = InformerFactory(client: client, logger: TestCluster.quietLogger)
            let namespaces = factory.informer(for: APIResource.of(Namespace.self))
            let running = Task { try await factory.run() }
            await factory.waitForSync()
            #expect(Set(namespaces.indexer.keys.map(\.name)).isSuperset(of: ["default", "kube-system"]))
            _ = try await client.create(APIResource.of(Namespace.self), namespace: nil, ["metadata": ["name": "shop"]])
            let seen = await TestCluster.eventually { namespaces.indexer.get(ObjectKey(name: "shop")) != nil }
            #expect(seen)
            running.cancel()
            _ = await running.result
        }
    }
}
