import Foundation
import SkiffTestSupport
import Testing

/// CustomResourceDefinitions against a real `skiff server`: real kubectl, raw HTTP, and a real kopf
/// operator.
@Suite("Custom resources", .serialized)
struct CustomResourceTests {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/kopf")
    }

    /// A CronTab definition in two versions (v1 stored, v1beta1 served too), with defaults,
    /// validation, a status and a scale subresource, printer columns, short names and a category.
    static let cronTabs = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
        spec:
          group: stable.example.com
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames: [ct]
            categories: [all]
          versions:
          - name: v1beta1
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.labelSelector
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                description: A CronTab runs a command on a schedule.
                properties:
                  spec:
                    type: object
                    description: What to run and when.
                    required: [cronSpec]
                    properties:
                      cronSpec:
                        type: string
                        description: The schedule, in cron format.
                        pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                      image:
                        type: string
                        default: busybox
                      replicas:
                        type: integer
                        minimum: 0
                        maximum: 10
                        default: 1
                      mode:
                        type: string
                        enum: [Always, Never]
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
                      labelSelector:
                        type: string
        """

    static func cronTab(_ name: String, spec: String) -> String {
        """
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata:
          name: \(name)
          namespace: demo
        spec:
        \(spec.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    func serverWithCronTabs(_ kubectl: String = "kubectl") async throws -> ServerProcess {
        let server = try await ServerProcess.start()
        let namespace = try await server.kubectl(["create", "namespace", "demo"], binary: kubectl)
        #expect(namespace.status == 0, "\(namespace.stderr)")
        let applied = try await server.kubectl(["apply", "-f", "-"], input: Self.cronTabs, binary: kubectl)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            applied.stdout.contains("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created")
        )
        let established = try await server.kubectl(
            ["wait", "--for", "condition=established", "--timeout=20s", "crd/crontabs.stable.example.com"],
            binary: kubectl)
        #expect(established.status == 0, "\(established.stderr)")
        return server
    }

    @Test(
        "kubectl: apply a CRD, wait, apply objects, get with printer columns, patch, scale, delete",
        arguments: KubectlTests.binaries)
    func kubectlLifecycle(kubectl: String) async throws {
        let server = try await serverWithCronTabs(kubectl)
        let created = try await server.kubectl(
            ["apply", "-f", "-"], input: Self.cronTab("nightly", spec: "cronSpec: '0 3 * * *'\nreplicas: 2"),
            binary: kubectl)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("crontab.stable.example.com/nightly created"), "\(created.stdout)")

        // Defaults from the schema, printer columns, short names and the category.
        let object = try json(
            try await server.kubectl(["get", "ct", "nightly", "-n", "demo", "-o", "json"], binary: kubectl).stdout)
        let spec = object["spec"] as? [String: Any]
        #expect(spec?["image"] as? String == "busybox")
        #expect(spec?["replicas"] as? Int == 2)
        #expect((object["metadata"] as? [String: Any])?["generation"] as? Int == 1)
        let table = try await server.kubectl(["get", "crontabs", "-n", "demo"], binary: kubectl)
        #expect(table.stdout.hasPrefix("NAME      SPEC        REPLICAS   AGE"), "\(table.stdout)")
        #expect(table.stdout.contains("nightly   0 3 * * *   2"), "\(table.stdout)")
        let all = try await server.kubectl(["get", "all", "-n", "demo"], binary: kubectl)
        #expect(all.stdout.contains("crontab.stable.example.com/nightly"), "\(all.stdout)")

        // Invalid objects: 422 with the field paths.
        let invalid = try await server.kubectl(
            ["apply", "-f", "-"], input: Self.cronTab("bad", spec: "cronSpec: 'often'\nreplicas: 11\nmode: Sometimes"),
            binary: kubectl)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("spec.replicas: Invalid value: 11"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("spec.cronSpec"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("spec.mode: Unsupported value: \"Sometimes\""), "\(invalid.stderr)")

        // Merge patch works; strategic merge patch is refused for custom resources.
        let merged = try await server.kubectl(
            ["patch", "crontab", "nightly", "-n", "demo", "--type", "merge", "-p", #"{"spec":{"image":"alpine"}}"#],
            binary: kubectl)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("crontab.stable.example.com/nightly patched"))
        let strategic = try await server.kubectl(
            ["patch", "crontab", "nightly", "-n", "demo", "-p", #"{"spec":{"image":"x"}}"#], binary: kubectl)
        #expect(strategic.status != 0)
        #expect(
            strategic.stderr.contains("415") || strategic.stderr.contains("UnsupportedMediaType")
                || strategic.stderr.contains("strategic merge patch"), "\(strategic.stderr)")

        // The scale subresource.
        let scaled = try await server.kubectl(
            ["scale", "crontab", "nightly", "-n", "demo", "--replicas=5"], binary: kubectl)
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(scaled.stdout.contains("crontab.stable.example.com/nightly scaled"))
        let after = try json(
            try await server.kubectl(["get", "ct", "nightly", "-n", "demo", "-o", "json"], binary: kubectl).stdout)
        #expect((after["spec"] as? [String: Any])?["replicas"] as? Int == 5)
        #expect((after["spec"] as? [String: Any])?["image"] as? String == "alpine")
        #expect((after["metadata"] as? [String: Any])?["generation"] as? Int == 3)
        let tooMany = try await server.kubectl(
            ["scale", "crontab", "nightly", "-n", "demo", "--replicas=50"], binary: kubectl)
        #expect(tooMany.status != 0)
        #expect(tooMany.stderr.contains("spec.replicas"), "\(tooMany.stderr)")

        // kubectl explain reads /openapi/v3 for custom and built-in kinds.
        let explain = try await server.kubectl(["explain", "crontabs.spec"], binary: kubectl)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("cronSpec"), "\(explain.stdout)")
        #expect(explain.stdout.contains("The schedule, in cron format."), "\(explain.stdout)")
        let builtIn = try await server.kubectl(["explain", "deployments.spec.strategy"], binary: kubectl)
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        #expect(builtIn.stdout.contains("rollingUpdate"), "\(builtIn.stdout)")

        let deleted = try await server.kubectl(["delete", "crontab", "nightly", "-n", "demo"], binary: kubectl)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("crontab.stable.example.com \"nightly\" deleted"))
        let gone = try await server.kubectl(["get", "crontabs", "-n", "demo", "-o", "name"], binary: kubectl)
        #expect(gone.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(gone.stdout)")
    }

    @Test("HTTP: status subresource, pruning, JSON-patch test, both versions, strict field validation")
    func httpSemantics() async throws {
        let server = try await serverWithCronTabs()
        let base = "/apis/stable.example.com/v1/namespaces/demo/crontabs"
        // Unknown fields are pruned (a warning names them); status is ignored on create.
        let created = try await server.http(
            "POST", base,
            body:
                #"{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"a"},"spec":{"cronSpec":"* * * * *","extra":1},"status":{"replicas":9}}"#
        )
        #expect(created.code == 201, "\(created.body)")
        let object = try json(created.body)
        #expect((object["spec"] as? [String: Any])?["extra"] == nil)
        #expect(object["status"] == nil)
        // Strict field validation refuses the unknown field instead.
        let strict = try await server.http(
            "POST", base + "?fieldValidation=Strict",
            body:
                #"{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"b"},"spec":{"cronSpec":"* * * * *","extra":1}}"#
        )
        #expect(strict.code == 400, "\(strict.body)")
        #expect(strict.body.contains("unknown field \\\"spec.extra\\\""), "\(strict.body)")
        // The status subresource writes status only.
        let status = try await server.http(
            "PATCH", base + "/a/status",
            body: #"{"status":{"replicas":2,"labelSelector":"app=a"},"spec":{"image":"no"}}"#,
            contentType: "application/merge-patch+json")
        #expect(status.code == 200, "\(status.body)")
        let patched = try json(status.body)
        #expect((patched["status"] as? [String: Any])?["replicas"] as? Int == 2)
        #expect((patched["spec"] as? [String: Any])?["image"] as? String == "busybox")
        // The scale subresource reads the mapped paths.
        let scale = try json(try await server.http("GET", base + "/a/scale").body)
        #expect((scale["spec"] as? [String: Any])?["replicas"] as? Int == 1)
        #expect((scale["status"] as? [String: Any])?["replicas"] as? Int == 2)
        #expect((scale["status"] as? [String: Any])?["selector"] as? String == "app=a")
        // A JSON patch whose test fails is 422; strategic merge is 415.
        let test = try await server.http(
            "PATCH", base + "/a",
            body:
                #"[{"op":"test","path":"/spec/image","value":"nginx"},{"op":"replace","path":"/spec/image","value":"x"}]"#,
            contentType: "application/json-patch+json")
        #expect(test.code == 422, "\(test.body)")
        let strategic = try await server.http(
            "PATCH", base + "/a", body: #"{"spec":{"image":"x"}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(strategic.code == 415, "\(strategic.body)")
        // The other served version reads and writes the same object.
        let old = try json(
            try await server.http("GET", "/apis/stable.example.com/v1beta1/namespaces/demo/crontabs/a").body)
        #expect(old["apiVersion"] as? String == "stable.example.com/v1beta1")
        #expect((old["spec"] as? [String: Any])?["cronSpec"] as? String == "* * * * *")
        // Cluster-wide lists and a stale write.
        let list = try json(try await server.http("GET", "/apis/stable.example.com/v1/crontabs").body)
        #expect((list["items"] as? [Any])?.count == 1)
        #expect(list["kind"] as? String == "CronTabList")
        let stale = try await server.http(
            "PUT", base + "/a",
            body:
                #"{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"a","resourceVersion":"1"},"spec":{"cronSpec":"* * * * *"}}"#
        )
        #expect(stale.code == 409, "\(stale.body)")
    }

    @Test("an invalid definition is refused with field paths; a second with the same names is not accepted")
    func definitionValidation() async throws {
        let server = try await ServerProcess.start()
        let invalid = try await server.http(
            "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            body: #"""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},
                 "spec":{"group":"example.com","scope":"Somewhere","names":{"plural":"things","kind":"Thing"},
                 "versions":[{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}}}}}}]}}
                """#)
        #expect(invalid.code == 422, "\(invalid.body)")
        #expect(invalid.body.contains("spec.scope: Unsupported value: \\\"Somewhere\\\""), "\(invalid.body)")
        #expect(invalid.body.contains("must have exactly one version marked as storage version"), "\(invalid.body)")
        #expect(
            invalid.body.contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].type"), "\(invalid.body)")
    }

    @Test("a definition whose names clash waits, and is served once the other goes")
    func nameConflicts() async throws {
        let server = try await serverWithCronTabs()
        // Same group, same kind: not accepted, not served.
        let clash = Self.cronTabs.replacingOccurrences(of: "crontabs", with: "crontables")
            .replacingOccurrences(of: "singular: crontab", with: "singular: crontable")
            .replacingOccurrences(of: "shortNames: [ct]", with: "shortNames: [ctb]")
        let applied = try await server.kubectl(["apply", "-f", "-"], input: clash)
        #expect(applied.status == 0, "\(applied.stderr)")
        func condition(_ name: String, _ type: String) async throws -> String? {
            let definition = try json(
                try await server.http("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/\(name)").body)
            let conditions = (definition["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
            return conditions.first { $0["type"] as? String == type }?["status"] as? String
        }
        #expect(try await condition("crontables.stable.example.com", "NamesAccepted") == "False")
        #expect(try await condition("crontables.stable.example.com", "Established") == "False")
        #expect(try await server.http("GET", "/apis/stable.example.com/v1/crontables").code == 404)
        #expect(try await condition("crontabs.stable.example.com", "Established") == "True")
        // The first goes: the second is accepted and served.
        #expect(try await server.kubectl(["delete", "crd", "crontabs.stable.example.com"]).status == 0)
        var accepted: String?
        for _ in 0..<50 {
            accepted = try await condition("crontables.stable.example.com", "Established")
            if accepted == "True" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(accepted == "True")
        #expect(try await server.http("GET", "/apis/stable.example.com/v1/crontables").code == 200)
    }

    @Test("deleting a definition deletes its objects, and its resource stops being served; restarts keep it")
    func deleteAndRestart() async throws {
        let server = try await serverWithCronTabs()
        for name in ["a", "b"] {
            let created = try await server.kubectl(
                ["apply", "-f", "-"], input: Self.cronTab(name, spec: "cronSpec: '* * * * *'"))
            #expect(created.status == 0, "\(created.stderr)")
        }
        // A restart serves the stored definition at once.
        try await offPool { server.stop() }
        let again = try await ServerProcess.start(directory: server.directory)
        let listed = try await again.kubectl(["get", "crontabs", "-n", "demo", "-o", "name"])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout) \(listed.stderr)")
        let deleted = try await again.kubectl(["delete", "crd", "crontabs.stable.example.com"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        var served = 0
        for _ in 0..<50 {
            served = try await again.http("GET", "/apis/stable.example.com/v1/crontabs").code
            if served == 404 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(served == 404)
        let definitions = try await again.kubectl(["get", "crd", "-o", "name"])
        #expect(definitions.stdout.isEmpty, "\(definitions.stdout)")
        // The objects are gone from the store, not only unserved.
        let recreated = try await again.kubectl(["apply", "-f", "-"], input: Self.cronTabs)
        #expect(recreated.status == 0, "\(recreated.stderr)")
        let empty = try await again.http("GET", "/apis/stable.example.com/v1/crontabs")
        #expect(empty.code == 200, "\(empty.body)")
        #expect((try json(empty.body)["items"] as? [Any])?.isEmpty == true, "\(empty.body)")
    }

    @Test("a kopf operator runs against Skiff: handlers fire, status lands, events post, its finalizer runs")
    func kopfOperator() async throws {
        let server = try await ServerProcess.start()
        let work = server.directory.appendingPathComponent("kopf")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let result = try await ServerProcess.run(
            "python3",
            [
                Self.fixtures.appendingPathComponent("run_e2e.py").path, "--kubeconfig", server.kubeconfig, "--workdir",
                work.path,
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("E2E OK"), "\(result.stdout)")
    }
}
