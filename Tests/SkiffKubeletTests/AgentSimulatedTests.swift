import Foundation
import SkiffTestSupport
import Testing

/// A real `skiff server` and a real `skiff agent --runtime simulated` playing several nodes.
@Suite("Node agent with the simulated runtime", .serialized)
struct AgentSimulatedTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 6
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: job
          namespace: default
          annotations: {sim.skiff.dev/run-seconds: "1", sim.skiff.dev/exit-code: "0"}
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: failing
          namespace: default
          annotations: {sim.skiff.dev/run-seconds: "1", sim.skiff.dev/exit-code: "3"}
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
        """

    @Test("nodes register with Leases; pods run, complete, fail and are deleted")
    func simulatedCluster() async throws {
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let agent = try AgentProcess.start(
            kubeconfig: server.kubeconfig, runtime: "simulated",
            arguments: [
                "--nodes", "3", "--name-prefix", "sim-", "--capacity", "cpu=8,memory=16Gi,pods=50",
                "--node-label", "zone=a", "--start-delay-ms", "50", "--start-jitter-ms", "50",
            ])
        defer { agent.discard() }
        var nodes = ""
        let registered = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            nodes = (try? await server.kubectl(["get", "nodes", "-l", "zone=a", "--no-headers"]))?.output ?? ""
            return nodes.split(separator: "\n").filter { $0.contains(" Ready") }.count == 3
        }
        #expect(registered, "\(nodes)\n\(agent.log)")
        var leases = ""
        let leased = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            leases =
                (try? await server.kubectl(["get", "leases", "-n", "kube-node-lease", "-o", "name"]))?.output ?? ""
            return ["sim-0", "sim-1", "sim-2"].allSatisfy { leases.contains("lease.coordination.k8s.io/\($0)\n") }
        }
        #expect(leased, "\(leases)")
        let holder = try await server.kubectl([
            "get", "lease", "sim-0", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}",
        ])
        #expect(holder.output == "sim-0")
        let capacity = try await server.kubectl(["get", "node", "sim-1", "-o", "jsonpath={.status.capacity.cpu}"])
        #expect(capacity.output == "8")
        let wide = try await server.kubectl(["get", "node", "sim-1", "-o", "wide"])
        for column in ["OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME", "simulated://1.0.0", "v1.32.0-skiff"] {
            #expect(wide.output.contains(column), "\(column): \(wide.output)")
        }

        let applied = try await server.kubectl(["apply", "-f", "-"], input: Self.manifest)
        #expect(applied.status == 0, "\(applied.output)")
        var phases = ""
        let running = await TestCluster.eventually(timeout: .seconds(40), every: .milliseconds(400)) {
            phases =
                (try? await server.kubectl([
                    "get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.status.phase} {end}",
                ]))?.output ?? ""
            return phases.split(separator: " ").filter { $0 == "Running" }.count == 6
        }
        #expect(running, "\(phases)\n\(agent.log)")
        let ready = try await server.kubectl(["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"])
        let readyCount = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            (try? await server.kubectl(["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"]))?
                .output == "6"
        }
        #expect(readyCount, "\(ready.output)")

        var job = ""
        let finished = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            job =
                (try? await server.kubectl([
                    "get", "pods", "job", "failing", "-o",
                    "jsonpath={range .items[*]}{.status.phase}:{.status.containerStatuses[0].state.terminated.exitCode} {end}",
                ]))?.output ?? ""
            return job == "Succeeded:0 Failed:3 "
        }
        #expect(finished, "\(job)")

        let logs = try await server.kubectl(["logs", "job"])
        #expect(logs.status == 0, "\(logs.output)")

        let deleted = try await server.kubectl(["delete", "pod", "job", "--wait=true", "--timeout=30s"])
        #expect(deleted.status == 0, "\(deleted.output)")
        let gone = try await server.kubectl(["get", "pod", "job"])
        #expect(gone.output.contains("NotFound"), "\(gone.output)")
        await agent.stop()
    }
}

/// `skiff agent` refuses what it cannot run, with a reason and a non-zero exit.
@Suite("skiff agent refuses bad input")
struct AgentInputTests {
    @Test(
        "bad flags and the wrong kind of plugin",
        arguments: [
            (["--runtime", "process", "--nodes", "3"], "--nodes is for --runtime simulated"),
            (["--listen", "nowhere"], "--listen must be HOST:PORT"),
            (["--node-taint", "dedicated=x:Sometimes"], "--node-taint effect must be"),
            (["--runtime-config", "[1]"], "--runtime-config must be a JSON object"),
            (["--frobnicate"], "Unknown option '--frobnicate'"),
            (["--runtime", TestBuild.plugin("PodSummaryController")], "not a node runtime"),
            (["--runtime", "/nonexistent/libNothing.so"], "cannot load the node runtime"),
        ])
    func refuses(arguments: [String], message: String) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-agent-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try await ChildProcess.run(
            [TestBuild.skiff, "agent", "--server", "http://127.0.0.1:1", "--root-dir", root.path] + arguments)
        #expect(result.status != 0)
        #expect(result.output.contains(message), "\(result.output)")
    }
}
