import Foundation
import SkiffTestSupport
import Testing

/// A cluster survives `kill -9` of its server in the middle of a rollout.
extension AllInOneTests {
    @Test("kill -9 mid-rollout: objects, revisions, watches, running pods and the interrupted rollout all survive")
    func killMidRollout() async throws {
        let node = "restart-\(UUID().uuidString.prefix(6).lowercased())"
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-restart-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let first = try await SkiffServerProcess.start(
            binary: TestBuild.skiff, arguments: ["--node-name", node], agent: true, logFile: log)
        _ = try await Self.kubectl(first, ["apply", "-f", "-"], input: try Self.manifest("web.yaml"))
        _ = try await Self.kubectl(first, ["scale", "deployment/web", "--replicas=3"])
        _ = try await Self.kubectl(first, ["rollout", "status", "deployment/web", "--timeout=90s"])
        _ = try await Self.kubectl(first, ["create", "configmap", "keep", "--from-literal=a=1"])
        let keptVersion = try await Self.kubectl(
            first, ["get", "configmap", "keep", "-o", "jsonpath={.metadata.resourceVersion}"])
        // The list's own resourceVersion (kubectl shows lists without theirs).
        let listed = try await ChildProcess.run([
            "curl", "-s", "\(first.url)/apis/apps/v1/namespaces/default/deployments",
        ])
        let listVersion =
            (try? JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])
            .flatMap { ($0["metadata"] as? [String: Any])?["resourceVersion"] as? String } ?? ""
        #expect(!listVersion.isEmpty, "\(listed.output.prefix(300))")
        let podIP = try await Self.kubectl(
            first, ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].status.podIP}"])
        let bind = "--bind 127.\(podIP.split(separator: ".").dropFirst().first ?? "")."

        // Start a rolling update and kill the server while it runs.
        _ = try await Self.kubectl(first, ["set", "env", "deployment/web", "GREETING=restarted"])
        // A new pod must pass its readiness probe (every 2 s) before the next one starts: after 1 s
        // the rollout is still under way.
        try await Task.sleep(for: .seconds(1))
        first.kill()

        let second = try await SkiffServerProcess.start(
            binary: TestBuild.skiff, arguments: ["--node-name", node], agent: true,
            dataDirectory: first.dataDirectory, logFile: log)
        defer { second.stop() }
        // Acknowledged objects are there with their resourceVersions; revisions go on from there.
        let sameVersion = try await Self.kubectl(
            second, ["get", "configmap", "keep", "-o", "jsonpath={.metadata.resourceVersion}"])
        #expect(sameVersion == keptVersion)
        _ = try await Self.kubectl(second, ["create", "configmap", "after", "--from-literal=b=2"])
        let nextVersion = try await Self.kubectl(
            second, ["get", "configmap", "after", "-o", "jsonpath={.metadata.resourceVersion}"])
        #expect((Int64(nextVersion) ?? 0) > (Int64(keptVersion) ?? .max))

        // A watch from a resourceVersion before the crash resumes: events, no 410.
        let watch = try await ChildProcess.run([
            "curl", "-s", "--max-time", "10",
            "\(second.url)/apis/apps/v1/namespaces/default/deployments?watch=1&resourceVersion=\(listVersion)&timeoutSeconds=2",
        ])
        #expect(
            watch.output.contains("\"MODIFIED\"") && !watch.output.contains("Expired"), "\(watch.output.prefix(400))")

        // The rollout finishes; the Deployment never has more pods than replicas + maxSurge.
        var most = 0
        var rolled = false
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            most = max(most, await Self.livePods(second).count)
            let state =
                (try? await second.kubectl([
                    "get", "deployment", "web", "-o",
                    "jsonpath={.status.updatedReplicas}/{.status.readyReplicas}/{.status.replicas}",
                ]))?.output ?? ""
            if state == "3/3/3" {
                rolled = true
                break
            }
            try await Task.sleep(for: .milliseconds(400))
        }
        #expect(rolled, "\((try? String(contentsOf: log, encoding: .utf8))?.suffix(2000) ?? "")")
        #expect(most <= 4, "\(most) pods at once")
        let env = try await Self.kubectl(
            second, ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].env[1].value}"])
        #expect(env.split(separator: " ").filter { $0 == "restarted" }.count == 3, "\(env)")
        // Running processes were adopted, not started twice: one server process per pod.
        let settled = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            HostProcesses.count(executable: "python3", matching: "http.server", bind) == 3
        }
        #expect(settled, "\(HostProcesses.count(executable: "python3", matching: "http.server", bind)) processes")
        _ = try await Self.kubectl(
            second, ["delete", "deployment", "web", "--cascade=foreground", "--timeout=60s"])
        let stopped = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            HostProcesses.count(executable: "python3", matching: "http.server", bind) == 0
        }
        #expect(stopped)
    }
}

/// A simulated node that stops heartbeating loses its pods to the nodes that still do.
extension AllInOneTests {
    static let spreadDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spread, namespace: default}
        spec:
          replicas: 4
          selector: {matchLabels: {app: spread}}
          template:
            metadata: {labels: {app: spread}}
            spec:
              containers: [{name: c, image: pause}]
        """

    @Test("kill a simulated node's agent: the node goes unreachable, its pods move")
    func eviction() async throws {
        let server = try await SkiffServerProcess.start(
            binary: TestBuild.skiff,
            arguments: ["--node-monitor-grace-period", "5s", "--default-unreachable-toleration-seconds", "2"])
        defer { server.stop() }
        let doomed = try AgentProcess.start(
            kubeconfig: server.kubeconfig, runtime: "simulated", nodeName: "unused",
            arguments: ["--nodes", "2", "--name-prefix", "doomed-", "--node-lease-duration-seconds", "4"])
        defer { doomed.discard() }
        // Leases renewed every second against the 5 s grace (the default 10 s would let the
        // healthy nodes lapse too).
        let survivor = try AgentProcess.start(
            kubeconfig: server.kubeconfig, runtime: "simulated", nodeName: "unused",
            arguments: ["--nodes", "2", "--name-prefix", "alive-", "--node-lease-duration-seconds", "4"])
        defer { survivor.discard() }
        let nodes = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            let output = (try? await server.kubectl(["get", "nodes", "--no-headers"]))?.output ?? ""
            return output.split(separator: "\n").filter { $0.contains(" Ready") }.count == 4
        }
        #expect(nodes)
        _ = try await Self.kubectl(server, ["apply", "-f", "-"], input: Self.spreadDeployment)
        _ = try await Self.kubectl(server, ["rollout", "status", "deployment/spread", "--timeout=60s"])
        let placement = try await Self.kubectl(
            server, ["get", "pods", "-l", "app=spread", "-o", "jsonpath={.items[*].spec.nodeName}"])
        #expect(placement.contains("doomed-"), "the scheduler spread the pods: \(placement)")

        await doomed.kill()
        var taints = ""
        let unreachable = await TestCluster.eventually(timeout: .seconds(40), every: .milliseconds(400)) {
            taints =
                (try? await server.kubectl(["get", "node", "doomed-0", "-o", "jsonpath={.spec.taints[*].key}"]))?.output
                ?? ""
            return taints.contains("node.kubernetes.io/unreachable")
        }
        #expect(unreachable, "\(taints)")
        var moved = ""
        let evicted = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(400)) {
            moved =
                (try? await server.kubectl([
                    "get", "pods", "-l", "app=spread", "-o",
                    "go-template={{range .items}}{{if not .metadata.deletionTimestamp}}{{.spec.nodeName}}:{{.status.phase}} {{end}}{{end}}",
                ]))?.output ?? ""
            let live = moved.split(separator: " ")
            return live.count == 4 && live.allSatisfy { $0.hasPrefix("alive-") && $0.hasSuffix(":Running") }
        }
        #expect(evicted, "\(moved)")
        await survivor.stop()
    }
}
