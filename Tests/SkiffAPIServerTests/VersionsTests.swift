import Foundation
import SkiffTestSupport
import Testing

/// Two served versions of one kind, the storage version, and `skiff storage migrate`, against real
/// `skiff server` processes.
@Suite("API versions and storage migration", .serialized)
struct VersionsTests {
    static let oldDeployment = """
        apiVersion: apps/v1beta1
        kind: Deployment
        metadata:
          name: legacy
          namespace: demo
        spec:
          replicas: 2
          rollbackTo: {revision: 3}
          template:
            metadata:
              labels: {app: legacy}
            spec:
              containers:
              - name: web
                image: nginx
        """

    /// The stored bytes of an object at a revision, through the history CLI (read-only beside the
    /// running server).
    func stored(_ server: ServerProcess, _ reference: String, revision: String) async throws -> [String: Any] {
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["get", reference, "--rev", revision, "--data-dir", server.directory.path, "-o", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try json(result.stdout)
    }

    func migrate(_ server: ServerProcess, _ resource: String) async throws -> [String: Any] {
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["storage", "migrate", resource, "--kubeconfig", server.kubeconfig, "-o", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try json(result.stdout)
    }

    @Test("apps/v1beta1 and apps/v1 read, write and watch one stored object, each with its defaults")
    func bothVersions() async throws {
        let server = try await ServerProcess.start()
        _ = try await server.kubectl(["create", "namespace", "demo"])
        let applied = try await server.kubectl(["apply", "-f", "-"], input: Self.oldDeployment)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("deployment.apps/legacy created"), "\(applied.stdout)")
        // Read in v1: v1beta1's defaults (selector and labels from the template, 2 old sets kept),
        // and rollbackTo, which v1 lacks, in its annotation.
        let v1 = try json(try await server.http("GET", "/apis/apps/v1/namespaces/demo/deployments/legacy").body)
        #expect(v1["apiVersion"] as? String == "apps/v1")
        let spec = v1["spec"] as? [String: Any]
        #expect((spec?["selector"] as? [String: Any])?["matchLabels"] as? [String: String] == ["app": "legacy"])
        #expect(spec?["revisionHistoryLimit"] as? Int == 2)
        #expect(spec?["rollbackTo"] == nil)
        let metadata = v1["metadata"] as? [String: Any]
        #expect((metadata?["annotations"] as? [String: String])?["deprecated.deployment.rollback.to"] == "3")
        #expect(metadata?["labels"] as? [String: String] == ["app": "legacy"])
        // Read in v1beta1: rollbackTo is back, the annotation is not.
        let old = try json(try await server.http("GET", "/apis/apps/v1beta1/namespaces/demo/deployments/legacy").body)
        #expect(old["apiVersion"] as? String == "apps/v1beta1")
        #expect((old["spec"] as? [String: Any])?["rollbackTo"] as? [String: Int] == ["revision": 3])
        #expect(
            ((old["metadata"] as? [String: Any])?["annotations"] as? [String: String])?[
                "deprecated.deployment.rollback.to"] == nil)
        // Written in v1: v1's history default (10); lists and watches in v1beta1 convert each object.
        let modern = Manifests.deployment(name: "modern")
        #expect(try await server.kubectl(["apply", "-f", "-"], input: modern).status == 0)
        let list = try json(try await server.http("GET", "/apis/apps/v1beta1/namespaces/demo/deployments").body)
        #expect(list["apiVersion"] as? String == "apps/v1beta1")
        let items = (list["items"] as? [[String: Any]]) ?? []
        #expect(items.map { $0["apiVersion"] as? String } == ["apps/v1beta1", "apps/v1beta1"])
        #expect(
            items.compactMap { ($0["spec"] as? [String: Any])?["revisionHistoryLimit"] as? Int } == [2, 10])
        let watched = try await ServerProcess.run(
            "curl",
            [
                "-s", "-N", "--max-time", "60",
                server.url + "/apis/apps/v1beta1/namespaces/demo/deployments?watch=1&timeoutSeconds=2",
            ])
        let events = watched.stdout.split(separator: "\n").compactMap { try? json(String($0)) }
        #expect(events.count == 2, "\(watched.stdout)")
        #expect(
            events.allSatisfy { ($0["object"] as? [String: Any])?["apiVersion"] as? String == "apps/v1beta1" })
        // Bookmarks (the end of the initial events too) are in the version watched.
        let initial = try await ServerProcess.run(
            "curl",
            [
                "-s", "-N", "--max-time", "60",
                server.url + "/apis/apps/v1beta1/namespaces/demo/deployments?watch=1&allowWatchBookmarks=true"
                    + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=2",
            ])
        let bookmarks = initial.stdout.split(separator: "\n").compactMap { try? json(String($0)) }.filter {
            $0["type"] as? String == "BOOKMARK"
        }
        #expect(!bookmarks.isEmpty, "\(initial.stdout)")
        #expect(
            bookmarks.allSatisfy { ($0["object"] as? [String: Any])?["apiVersion"] as? String == "apps/v1beta1" })
        // A round trip through v1beta1 keeps everything v1 wrote (a PUT of what was read changes nothing).
        let before = try await server.http("GET", "/apis/apps/v1/namespaces/demo/deployments/modern").body
        let oldModern = try await server.http("GET", "/apis/apps/v1beta1/namespaces/demo/deployments/modern").body
        let put = try await server.http("PUT", "/apis/apps/v1beta1/namespaces/demo/deployments/modern", body: oldModern)
        #expect(put.code == 200, "\(put.body)")
        let after = try await server.http("GET", "/apis/apps/v1/namespaces/demo/deployments/modern").body
        #expect(try NSDictionary(dictionary: json(before)) == NSDictionary(dictionary: json(after)))
        // kubectl reads either version.
        let table = try await server.kubectl(["get", "deployments.v1beta1.apps", "-n", "demo"])
        #expect(table.stdout.contains("legacy"), "\(table.stdout) \(table.stderr)")
    }

    @Test("a storage version change, then skiff storage migrate: objects rewritten, history still readable")
    func storageMigration() async throws {
        let first = try await ServerProcess.start(extraArguments: ["--storage-version", "deployments.apps=v1beta1"])
        _ = try await first.kubectl(["create", "namespace", "demo"])
        for name in ["a", "b", "c"] {
            #expect(try await first.kubectl(["apply", "-f", "-"], input: Manifests.deployment(name: name)).status == 0)
        }
        let written = try json(try await first.http("GET", "/apis/apps/v1/namespaces/demo/deployments/a").body)
        let oldRevision = (written["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
        #expect(
            try await stored(first, "deployments/demo/a", revision: oldRevision)["apiVersion"] as? String
                == "apps/v1beta1")
        try await offPool { first.stop() }

        // The default storage version again: objects stored in v1beta1 are served as before.
        let server = try await ServerProcess.start(directory: first.directory)
        let read = try json(try await server.http("GET", "/apis/apps/v1/namespaces/demo/deployments/a").body)
        #expect(read["apiVersion"] as? String == "apps/v1")
        #expect((read["spec"] as? [String: Any])?["replicas"] as? Int == 3)
        let report = try await migrate(server, "deployments.apps")
        #expect(report["objects"] as? Int == 3)
        #expect(report["rewritten"] as? Int == 3)
        let now = try json(try await server.http("GET", "/apis/apps/v1/namespaces/demo/deployments/a").body)
        let newRevision = (now["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
        #expect(newRevision != oldRevision)
        // The object itself did not change: same spec, same generation.
        #expect(
            NSDictionary(dictionary: now["spec"] as? [String: Any] ?? [:])
                == NSDictionary(dictionary: read["spec"] as? [String: Any] ?? [:]))
        #expect((now["metadata"] as? [String: Any])?["generation"] as? Int == 1)
        #expect(
            try await stored(server, "deployments/demo/a", revision: newRevision)["apiVersion"] as? String == "apps/v1")
        // History still reads the revision written in the old version.
        #expect(
            try await stored(server, "deployments/demo/a", revision: oldRevision)["apiVersion"] as? String
                == "apps/v1beta1")
        // Nothing left to migrate.
        #expect(try await migrate(server, "deployments.apps")["rewritten"] as? Int == 0)
    }

    @Test("a custom resource's storage version changes; migrate rewrites its objects and trims storedVersions")
    func customResourceMigration() async throws {
        let server = try await ServerProcess.start()
        _ = try await server.kubectl(["create", "namespace", "demo"])
        #expect(try await server.kubectl(["apply", "-f", "-"], input: CustomResourceTests.cronTabs).status == 0)
        for name in ["first", "second"] {
            let created = try await server.kubectl(
                ["apply", "-f", "-"], input: CustomResourceTests.cronTab(name, spec: "cronSpec: '* * * * *'"))
            #expect(created.status == 0, "\(created.stderr)")
        }
        // v1beta1 becomes the storage version.
        let swapped = CustomResourceTests.cronTabs
            .replacingOccurrences(of: "storage: false", with: "storage: STORED")
            .replacingOccurrences(of: "storage: true", with: "storage: false")
            .replacingOccurrences(of: "storage: STORED", with: "storage: true")
        let applied = try await server.kubectl(["apply", "-f", "-"], input: swapped)
        #expect(applied.status == 0, "\(applied.stderr)")
        let definition = try json(
            try await server.http(
                "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com"
            )
            .body)
        #expect((definition["status"] as? [String: Any])?["storedVersions"] as? [String] == ["v1", "v1beta1"])
        let report = try await migrate(server, "crontabs.stable.example.com")
        #expect(report["objects"] as? Int == 2)
        #expect(report["rewritten"] as? Int == 2)
        #expect(report["storedVersions"] as? [String] == ["v1beta1"])
        let object = try json(
            try await server.http("GET", "/apis/stable.example.com/v1/namespaces/demo/crontabs/first").body)
        let revision = (object["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
        #expect(
            try await stored(server, "crontabs.stable.example.com/demo/first", revision: revision)["apiVersion"]
                as? String
                == "stable.example.com/v1beta1")
    }
}
