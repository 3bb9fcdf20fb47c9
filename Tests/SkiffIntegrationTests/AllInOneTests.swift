import Foundation
import SkiffTestSupport
import Testing

/// `skiff server` as a newcomer runs it: one command, a working cluster with a local node, driven
/// by real kubectl through the README's quickstart; restarts; evictions. One test at a time: each
/// runs a whole cluster with real processes on this 2-core machine.
@Suite("skiff server all-in-one, end to end", .serialized)
struct AllInOneTests {
    /// The repository's `examples/` folder.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static func manifest(_ name: String) throws -> String {
        try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
    }

    static func kubectl(_ server: SkiffServerProcess, _ arguments: [String], input: String? = nil) async throws
        -> String
    {
        let result = try await server.kubectl(arguments, input: input)
        #expect(result.status == 0, "kubectl \(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    /// The names of the web pods that are not being deleted.
    static func livePods(_ server: SkiffServerProcess) async -> [String] {
        let names =
            (try? await server.kubectl([
                "get", "pods", "-l", "app=web", "-o",
                "go-template={{range .items}}{{if not .metadata.deletionTimestamp}}{{.metadata.name}} {{end}}{{end}}",
            ]))?.output ?? ""
        return names.split(separator: " ").map(String.init)
    }

    @Test("the quickstart: apply, roll out, scale, update, logs, a crash loop, cascade delete, history")
    func quickstart() async throws {
        let node = "e2e-\(UUID().uuidString.prefix(6).lowercased())"
        let server = try await SkiffServerProcess.start(
            binary: TestBuild.skiff, arguments: ["--node-name", node, "--history-window", "10m"], agent: true)
        defer { server.stop() }
        let nodeReady = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            (try? await server.kubectl(["get", "node", node, "--no-headers"]))?.output.contains(" Ready") == true
        }
        #expect(nodeReady)

        _ = try await Self.kubectl(server, ["apply", "-f", "-"], input: try Self.manifest("web.yaml"))
        _ = try await Self.kubectl(server, ["rollout", "status", "deployment/web", "--timeout=60s"])
        _ = try await Self.kubectl(server, ["scale", "deployment/web", "--replicas=3"])
        _ = try await Self.kubectl(server, ["rollout", "status", "deployment/web", "--timeout=60s"])
        let before = try await Self.kubectl(
            server, ["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"])
        #expect(before == "3")

        // A rolling update, gated by the readiness probes of the new pods.
        _ = try await Self.kubectl(server, ["set", "env", "deployment/web", "GREETING=bonjour"])
        _ = try await Self.kubectl(server, ["rollout", "status", "deployment/web", "--timeout=90s"])
        let greetings = try await Self.kubectl(
            server, ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].env[1].value}"])
        #expect(greetings.split(separator: " ").allSatisfy { $0 == "bonjour" } && !greetings.isEmpty, "\(greetings)")
        let ready = try await Self.kubectl(
            server, ["get", "deployment", "web", "-o", "jsonpath={.status.updatedReplicas}/{.status.readyReplicas}"])
        #expect(ready == "3/3")

        // The readiness probes' requests are in the server's log.
        var logs = ""
        let logged = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            logs = (try? await server.kubectl(["logs", "deployment/web", "--tail=5"]))?.output ?? ""
            return logs.contains("GET / HTTP/1.1\" 200")
        }
        #expect(logged, "\(logs)")

        // A crash-looping pod.
        _ = try await Self.kubectl(server, ["apply", "-f", "-"], input: try Self.manifest("crashloop.yaml"))
        var reason = ""
        let looping = await TestCluster.eventually(timeout: .seconds(40), every: .milliseconds(400)) {
            reason =
                (try? await server.kubectl([
                    "get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}",
                ]))?.output ?? ""
            return reason == "CrashLoopBackOff"
        }
        #expect(looping, "\(reason)")
        let crashLog = try await Self.kubectl(server, ["logs", "crasher", "--previous"])
        #expect(crashLog.contains("something went wrong"), "\(crashLog)")

        // Cascade delete: the ReplicaSets, the pods and their processes go.
        let podIP = try await Self.kubectl(
            server, ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].status.podIP}"])
        let octet = podIP.split(separator: ".").dropFirst().first.map(String.init) ?? ""
        #expect(HostProcesses.count(executable: "python3", matching: "http.server", "--bind 127.\(octet).") == 3)
        _ = try await Self.kubectl(server, ["delete", "deployment", "web", "--cascade=foreground", "--timeout=60s"])
        let emptied = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            let pods = (try? await server.kubectl(["get", "pods,rs", "-l", "app=web", "--no-headers"]))?.output ?? "x"
            return pods.isEmpty || pods.contains("No resources found")
        }
        #expect(emptied)
        let stopped = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            HostProcesses.count(executable: "python3", matching: "http.server", "--bind 127.\(octet).") == 0
        }
        #expect(stopped)

        // The history tells the story: created, scaled, updated, deleted.
        let history = try await ChildProcess.run([
            TestBuild.skiff, "history", "deploy/default/web", "--data-dir", server.dataDirectory.path, "-o", "json",
        ])
        #expect(history.status == 0, "\(history.output)")
        #expect(
            history.output.contains("\"created\"") && history.output.contains("\"deleted\""),
            "\(history.output.prefix(500))")
        #expect(history.output.contains("spec.replicas"), "\(history.output.prefix(500))")
        _ = try await Self.kubectl(server, ["delete", "pod", "crasher", "--wait=false"])

        // SIGTERM: a clean and quick shutdown.
        let took = await server.terminate()
        #expect(took < .seconds(10), "\(took)")
        #expect(server.exitStatus == 0)
    }
}
