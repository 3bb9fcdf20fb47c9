import ArgumentParser
import Foundation
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient

#if canImport(Glibc)
    import Glibc
#endif

/// `skiff-bench versions`: what served versions and custom resources cost, in one process with a
/// store and an API server: creates of a typed kind (ConfigMap, Deployment) beside creates of a
/// custom resource checked by its schema (defaults, pruning, validation), and full lists of
/// Deployments in their storage version (cached bytes) beside apps/v1beta1 (each object converted).
struct VersionsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions", abstract: "Custom resource writes and converted lists against their typed twins.")

    @Option(help: "Objects of each kind to create.")
    var objects = 5_000

    @Option(help: "Full lists to time per version.")
    var lists = 10

    @Flag(help: "Print the results as JSON.")
    var json = false

    static let definition: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "crontabs.bench.example.com"],
        "spec": [
            "group": "bench.example.com", "scope": "Namespaced",
            "names": ["plural": "crontabs", "kind": "CronTab"],
            "versions": [
                [
                    "name": "v1", "served": true, "storage": true,
                    "schema": [
                        "openAPIV3Schema": [
                            "type": "object",
                            "properties": [
                                "spec": [
                                    "type": "object", "required": ["cronSpec"],
                                    "properties": [
                                        "cronSpec": ["type": "string", "pattern": "^[0-9*/ ,-]+$", "maxLength": 64],
                                        "image": ["type": "string", "default": "busybox"],
                                        "replicas": ["type": "integer", "minimum": 0, "maximum": 100, "default": 1],
                                        "env": [
                                            "type": "array",
                                            "items": [
                                                "type": "object", "required": ["name"],
                                                "properties": [
                                                    "name": ["type": "string"], "value": ["type": "string"],
                                                ],
                                            ],
                                        ],
                                    ],
                                ]
                            ],
                        ]
                    ],
                ]
            ],
        ],
    ]

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-bench-versions-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try InProcessCluster(directory: directory)
        let (store, server, client, logger) = (cluster.store, cluster.server, cluster.client, cluster.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store), .init(service: server)], logger: logger))
        let running = Task { try await group.run() }

        _ = try await client.create(APIResource.of(Namespace.self), namespace: nil, ["metadata": ["name": "bench"]])
        let definitions = APIResource(
            group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
            kind: "CustomResourceDefinition", namespaced: false)
        let established = ContinuousClock.now
        _ = try await client.create(definitions, namespace: nil, Self.definition)
        let establishSeconds = seconds(ContinuousClock.now - established)
        let cronTabs = APIResource(
            group: "bench.example.com", version: "v1", resource: "crontabs", kind: "CronTab", namespaced: true)

        var table = ResultTable(header: ["OPERATION", "OBJECTS", "SECONDS", "PER SECOND", "µs EACH"])
        var results: [String: JSONValue] = ["crdEstablishedSeconds": .double(establishSeconds)]
        func record(_ name: String, _ count: Int, _ elapsed: Double) {
            table.add([
                name, format(Double(count)), format(elapsed, decimals: 2), format(Double(count) / elapsed),
                format(elapsed / Double(count) * 1e6, decimals: 1),
            ])
            results[name] = ["objects": .int(Int64(count)), "seconds": .double(elapsed)]
        }

        let kinds: [(String, APIResource, @Sendable (Int) -> JSONValue)] = [
            ("create ConfigMap (typed)", APIResource.of(ConfigMap.self), Self.configMap),
            ("create Deployment (typed)", APIResource.of(Deployment.self), Self.deployment),
            ("create CronTab (schema)", cronTabs, Self.cronTab),
        ]
        for (name, resource, body) in kinds {
            let started = ContinuousClock.now
            let objects = self.objects
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                let perTask = (objects + 7) / 8
                for worker in 0..<8 {
                    let range = min(objects, worker * perTask)..<min(objects, (worker + 1) * perTask)
                    tasks.addTask {
                        for index in range {
                            _ = try await client.createBytes(
                                resource, namespace: "bench", body: body(index).serialized())
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            record(name, objects, seconds(ContinuousClock.now - started))
        }
        for version in ["v1", "v1beta1"] {
            let resource = APIResource(
                group: "apps", version: version, resource: "deployments", kind: "Deployment", namespaced: true)
            let started = ContinuousClock.now
            var listed = 0
            for _ in 0..<lists {
                listed += try await client.list(resource, namespace: "bench").items.count
            }
            record("list Deployments as apps/\(version)", listed, seconds(ContinuousClock.now - started))
        }
        let started = ContinuousClock.now
        var listed = 0
        for _ in 0..<lists { listed += try await client.list(cronTabs, namespace: "bench").items.count }
        record("list CronTabs", listed, seconds(ContinuousClock.now - started))

        await group.triggerGracefulShutdown()
        _ = await running.result
        if json {
            print(JSONValue.object(results).prettyPrinted())
            return
        }
        print(
            "CRD created and established (served, cache loaded, status written) in "
                + "\(format(establishSeconds * 1000, decimals: 1)) ms")
        print(table.render())
        print("(lists go through the in-process transport: the cost of serving, not of HTTP)")
    }

    static func configMap(_ index: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("cm-\(index)")],
            "data": ["schedule": "*/5 * * * *", "image": "busybox"],
        ]
    }

    static func deployment(_ index: Int) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string("web-\(index)"), "labels": ["app": "web"]],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": .string("web-\(index)")]],
                "template": [
                    "metadata": ["labels": ["app": .string("web-\(index)")]],
                    "spec": ["containers": [["name": "web", "image": "nginx", "env": [["name": "A", "value": "1"]]]]],
                ],
            ],
        ]
    }

    static func cronTab(_ index: Int) -> JSONValue {
        [
            "apiVersion": "bench.example.com/v1", "kind": "CronTab", "metadata": ["name": .string("job-\(index)")],
            "spec": ["cronSpec": "*/5 * * * *", "env": [["name": "A", "value": "1"]]],
        ]
    }
}
