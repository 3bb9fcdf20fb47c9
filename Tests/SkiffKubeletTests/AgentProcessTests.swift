import Foundation
import SkiffTestSupport
import Testing

/// A real `skiff server` and a real `skiff agent --runtime process`: containers are processes of
/// this machine, and kubectl sees what a kubelet would report.
@Suite("Node agent with the process runtime", .serialized)
struct AgentProcessTests {
    /// A scratch directory the containers write markers into.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-marks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func field(_ server: SkiffServerProcess, _ pod: String, _ path: String) async -> String {
        (try? await server.kubectl(["get", "pod", pod, "-o", "jsonpath={\(path)}"]))?.output ?? ""
    }

    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("logs, probes, restarts, back-off and graceful termination, seen through kubectl")
    func processCluster() async throws {
        let marks = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: marks) }
        let healthy = marks.appendingPathComponent("healthy").path
        let readyFile = marks.appendingPathComponent("ready").path
        let port = Self.freePort()
        _ = FileManager.default.createFile(atPath: healthy, contents: Data())
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: talker, namespace: default}
            spec:
              containers:
              - {name: main, image: busybox, command: [sh, -c], args: ["echo hello from $(POD); echo line2; echo line3; sleep 3600"], env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}
              - {name: side, image: busybox, command: [sh, -c, "echo side car; sleep 3600"]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: short, namespace: default}
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox, command: [sh, -c, "echo one; sleep 2; echo two"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: crasher, namespace: default}
            spec:
              containers: [{name: c, image: busybox, command: [sh, -c, "echo crashing; exit 1"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: sick, namespace: default}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: c
                image: busybox
                command: [sh, -c, "echo alive; sleep 3600"]
                livenessProbe: {exec: {command: [test, -f, "\(healthy)"]}, periodSeconds: 1, failureThreshold: 1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: server, namespace: default}
            spec:
              containers:
              - name: http
                image: python
                command: [sh, -c, "while [ ! -f \(readyFile) ]; do sleep 0.2; done; exec python3 -m http.server \(port) --bind $(POD_IP)"]
                env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
                ports: [{name: web, containerPort: \(port)}]
                readinessProbe: {httpGet: {path: /, port: web}, periodSeconds: 1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: nocommand, namespace: default}
            spec:
              containers: [{name: c, image: busybox}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: missing, namespace: default}
            spec:
              containers: [{name: c, image: busybox, command: [no-such-program-skiff]}]
            """
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let agent = try AgentProcess.start(
            kubeconfig: try await server.kubeconfig(
                user: "system:node:proc-1", groups: ["system:nodes"], binary: TestBuild.skiff),
            runtime: "process", nodeName: "proc-1")
        defer { agent.discard() }
        let ready = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            (try? await server.kubectl(["get", "node", "proc-1", "--no-headers"]))?.output.contains(" Ready") == true
        }
        #expect(ready, "\(agent.log)")
        let applied = try await server.kubectl(["apply", "-f", "-"], input: manifest)
        #expect(applied.status == 0, "\(applied.output)")

        // A pod runs; its output shows in kubectl logs (-c, --tail).
        let running = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            let phase = await Self.field(server, "talker", ".status.phase")
            let logs = (try? await server.kubectl(["logs", "talker", "-c", "main"]))?.output ?? ""
            return phase == "Running" && logs.contains("line3")
        }
        let talkerStatus = await Self.field(server, "talker", ".status")
        #expect(running, "\(talkerStatus)\n\(agent.log)")
        let main = try await server.kubectl(["logs", "talker", "-c", "main"])
        #expect(main.output == "hello from talker\nline2\nline3\n", "\(main.output)")
        let tail = try await server.kubectl(["logs", "talker", "-c", "main", "--tail=1"])
        #expect(tail.output == "line3\n", "\(tail.output)")
        let side = try await server.kubectl(["logs", "talker", "-c", "side"])
        #expect(side.output == "side car\n", "\(side.output)")
        let unnamed = try await server.kubectl(["logs", "talker"])
        #expect(unnamed.output.contains("main") || unnamed.output.contains("Defaulted container"), "\(unnamed.output)")
        // The agent's endpoint speaks HTTPS and serves only the API server (system:masters, signed
        // by the cluster CA): no certificate fails the handshake, another user's gets 403.
        let kubeletPort = try await server.kubectl(
            ["get", "node", "proc-1", "-o", "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}"]
        ).output
        let endpoint = "https://127.0.0.1:\(kubeletPort)/containerLogs/default/talker/main"
        let pki = server.dataDirectory.appendingPathComponent("pki").path
        let anonymous = try await ChildProcess.run([
            "curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", endpoint,
        ])
        #expect(anonymous.output.hasPrefix("000"), "\(anonymous.output)")
        let node = try await ChildProcess.run([
            "curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "--cert", pki + "/apiserver.crt", "--key",
            pki + "/apiserver.key", endpoint,
        ])
        #expect(node.output == "000" || node.output == "403", "\(node.output)")
        // jane: a client certificate of the cluster CA, but not the API server's.
        let kubeconfig = try String(
            contentsOfFile: try await server.kubeconfig(user: "jane", binary: TestBuild.skiff), encoding: .utf8)
        for (field, file) in [("client-certificate-data", "jane.crt"), ("client-key-data", "jane.key")] {
            let line = try #require(kubeconfig.split(separator: "\n").first { $0.contains(field + ":") })
            let data = try #require(
                Data(base64Encoded: String(line.split(separator: ":")[1]).trimmingCharacters(in: .whitespaces)))
            try data.write(to: URL(fileURLWithPath: pki + "/" + file))
        }
        let admin = try await ChildProcess.run([
            "curl", "-s", "-k", "--cert", pki + "/apiserver-kubelet-client.crt", "--key",
            pki + "/apiserver-kubelet-client.key", endpoint,
        ])
        #expect(admin.output == "hello from talker\nline2\nline3\n", "\(admin.output)")
        let user = try await ChildProcess.run([
            "curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "--cert", pki + "/jane.crt", "--key",
            pki + "/jane.key", endpoint,
        ])
        #expect(user.output == "403", "\(user.output)")

        // Each pod has a loopback address of its own.
        let podIP = await Self.field(server, "talker", ".status.podIP")
        let otherIP = await Self.field(server, "crasher", ".status.podIP")
        #expect(podIP.hasPrefix("127.") && podIP != "127.0.0.1" && podIP != otherIP, "\(podIP) \(otherIP)")

        // kubectl logs -f follows until the container ends.
        let followed = try await server.kubectl(["logs", "-f", "short"])
        #expect(followed.output.contains("one\n") && followed.output.contains("two\n"), "\(followed.output)")
        let shortDone = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            await Self.field(server, "short", ".status.phase") == "Succeeded"
        }
        #expect(shortDone)

        // A crashing container reaches CrashLoopBackOff; --previous shows the last run's output.
        var crash = ""
        let looping = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            crash = await Self.field(server, "crasher", ".status.containerStatuses[0].state.waiting.reason")
            return crash == "CrashLoopBackOff"
        }
        let crasherStatus = await Self.field(server, "crasher", ".status")
        #expect(looping, "\(crasherStatus)")
        let restarts = Int(await Self.field(server, "crasher", ".status.containerStatuses[0].restartCount")) ?? 0
        #expect(restarts >= 1)
        let lastExit = await Self.field(server, "crasher", ".status.containerStatuses[0].lastState.terminated.exitCode")
        #expect(lastExit == "1")
        let previous = try await server.kubectl(["logs", "crasher", "--previous"])
        #expect(previous.output == "crashing\n", "\(previous.output)")

        // A failing liveness probe restarts the container.
        let alive = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            await Self.field(server, "sick", ".status.phase") == "Running"
        }
        #expect(alive)
        try FileManager.default.removeItem(atPath: healthy)
        var sick = ""
        let restarted = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            sick = await Self.field(server, "sick", ".status.containerStatuses[0].restartCount")
            return (Int(sick) ?? 0) >= 1
        }
        let sickStatus = await Self.field(server, "sick", ".status")
        #expect(restarted, "\(sickStatus)")
        let events = try await server.kubectl([
            "get", "events", "--field-selector", "involvedObject.name=sick", "-o", "jsonpath={.items[*].reason}",
        ])
        #expect(events.output.contains("Unhealthy") && events.output.contains("Killing"), "\(events.output)")

        // Readiness gates Ready: an HTTP probe against a server the container starts late.
        let notReady = await Self.field(server, "server", ".status.conditions[?(@.type==\"Ready\")].status")
        #expect(notReady != "True")
        _ = FileManager.default.createFile(atPath: readyFile, contents: Data())
        let becameReady = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            await Self.field(server, "server", ".status.conditions[?(@.type==\"Ready\")].status") == "True"
        }
        let serverStatus = await Self.field(server, "server", ".status")
        #expect(becameReady, "\(serverStatus)")

        // Start failures are waiting reasons, as kubelet reports them.
        let reasons = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            let noCommand = await Self.field(server, "nocommand", ".status.containerStatuses[0].state.waiting.reason")
            let missing = await Self.field(server, "missing", ".status.containerStatuses[0].state.waiting.reason")
            return noCommand == "CreateContainerConfigError" && missing == "RunContainerError"
        }
        #expect(reasons)
        let message = await Self.field(server, "missing", ".status.containerStatuses[0].state.waiting.message")
        #expect(message.contains("executable file not found"), "\(message)")
        await agent.stop()
    }

    @Test("hooks run; deletion sends SIGTERM, waits the grace period, then SIGKILL; the pod is deleted at the end")
    func gracefulTermination() async throws {
        let marks = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: marks) }
        let term = marks.appendingPathComponent("term").path
        let post = marks.appendingPathComponent("post").path
        let pre = marks.appendingPathComponent("pre").path
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: polite, namespace: default}
            spec:
              terminationGracePeriodSeconds: 20
              containers: [{name: c, image: busybox, command: [sh, -c, "trap 'echo TERM > \(term); sleep 2; exit 0' TERM; echo up; while true; do sleep 0.2; done"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: stubborn, namespace: default}
            spec:
              terminationGracePeriodSeconds: 2
              containers: [{name: c, image: busybox, command: [sh, -c, "trap '' TERM; echo up; while true; do sleep 0.2; done"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: hooked, namespace: default}
            spec:
              terminationGracePeriodSeconds: 10
              containers:
              - name: c
                image: busybox
                command: [sleep, "3600"]
                lifecycle:
                  postStart: {exec: {command: [sh, -c, "echo post > \(post)"]}}
                  preStop: {exec: {command: [sh, -c, "echo pre > \(pre)"]}}
            """
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let agent = try AgentProcess.start(
            kubeconfig: try await server.kubeconfig(
                user: "system:node:proc-2", groups: ["system:nodes"], binary: TestBuild.skiff),
            runtime: "process", nodeName: "proc-2")
        defer { agent.discard() }
        _ = try await server.kubectl(["apply", "-f", "-"], input: manifest)
        let up = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            let polite = (try? await server.kubectl(["logs", "polite"]))?.output
            let stubborn = (try? await server.kubectl(["logs", "stubborn"]))?.output
            return polite == "up\n" && stubborn == "up\n"
        }
        #expect(up, "\(agent.log)")

        let hooked = await TestCluster.eventually(timeout: .seconds(20), every: .milliseconds(400)) {
            await Self.field(server, "hooked", ".status.phase") == "Running"
        }
        #expect(hooked)
        #expect((try? String(contentsOfFile: post, encoding: .utf8)) == "post\n")
        let unhooked = try await server.kubectl(["delete", "pod", "hooked", "--timeout=60s"])
        #expect(unhooked.status == 0, "\(unhooked.output)")
        #expect((try? String(contentsOfFile: pre, encoding: .utf8)) == "pre\n")

        let started = ContinuousClock.now
        let deleted = try await server.kubectl(["delete", "pod", "polite", "--timeout=60s"])
        let politeTook = ContinuousClock.now - started
        #expect(deleted.status == 0, "\(deleted.output)")
        #expect((try? String(contentsOfFile: term, encoding: .utf8)) == "TERM\n")
        // The container's TERM handler ran for 2 s before the agent deleted the pod.
        #expect(politeTook >= .seconds(2), "\(politeTook)")

        let stubbornStart = ContinuousClock.now
        let killed = try await server.kubectl(["delete", "pod", "stubborn", "--timeout=60s"])
        let stubbornTook = ContinuousClock.now - stubbornStart
        #expect(killed.status == 0, "\(killed.output)")
        // SIGTERM is ignored: SIGKILL follows the 2 s grace period.
        #expect(stubbornTook >= .seconds(2), "\(stubbornTook)")
        await agent.stop()
    }

    @Test("an agent killed with SIGKILL comes back and re-adopts its running processes")
    func readoption() async throws {
        let marks = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: marks) }
        let pidFile = marks.appendingPathComponent("pid").path
        let tag = "skiff-adopt-\(UUID().uuidString.prefix(8))"
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: keeper, namespace: default}
            spec:
              containers: [{name: c, image: busybox, command: [sh, -c, "echo $$ >> \(pidFile); sleep 3600", \(tag)]}]
            """
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let first = try AgentProcess.start(
            kubeconfig: try await server.kubeconfig(
                user: "system:node:proc-3", groups: ["system:nodes"], binary: TestBuild.skiff),
            runtime: "process", nodeName: "proc-3")
        defer { first.discard() }
        _ = try await server.kubectl(["apply", "-f", "-"], input: manifest)
        let running = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            await Self.field(server, "keeper", ".status.phase") == "Running"
        }
        #expect(running, "\(first.log)")
        let containerID = await Self.field(server, "keeper", ".status.containerStatuses[0].containerID")
        // The shim and the container's shell carry the tag in their command lines.
        let before = HostProcesses.count(matching: tag)
        #expect(before > 0)
        await first.kill()

        let second = try AgentProcess.start(
            kubeconfig: try await server.kubeconfig(
                user: "system:node:proc-3", groups: ["system:nodes"], binary: TestBuild.skiff),
            runtime: "process", nodeName: "proc-3", root: first.root)
        defer { second.discard() }
        let adopted = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            second.log.contains("runtime.adopted=1")
        }
        #expect(adopted, "\(second.log)")
        // Give the new agent time to (wrongly) start a duplicate, then check there is none.
        try await Task.sleep(for: .seconds(3))
        let starts = (try? String(contentsOfFile: pidFile, encoding: .utf8))?.split(separator: "\n") ?? []
        #expect(starts.count == 1, "the container started \(starts.count) times")
        #expect(HostProcesses.count(matching: tag) == before)
        let sameID = await Self.field(server, "keeper", ".status.containerStatuses[0].containerID")
        let restartCount = await Self.field(server, "keeper", ".status.containerStatuses[0].restartCount")
        #expect(sameID == containerID)
        #expect(restartCount == "0")

        let deleted = try await server.kubectl(["delete", "pod", "keeper", "--timeout=60s"])
        #expect(deleted.status == 0, "\(deleted.output)")
        let gone = await TestCluster.eventually(timeout: .seconds(10), every: .milliseconds(400)) {
            HostProcesses.count(matching: tag) == 0
        }
        #expect(gone)
        await second.stop()
    }
}

/// Log rotation by the agent, read back through kubectl.
@Suite("Node agent log rotation", .serialized)
struct AgentLogRotationTests {
    @Test("a chatty container's log rotates by copy and truncate; kubectl logs reads across the files")
    func rotation() async throws {
        let manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: chatty, namespace: default}
            spec:
              containers:
              - name: c
                image: busybox
                command: [sh, -c, "i=0; while [ $i -lt 3000 ]; do echo line-$i-padding-padding-padding; i=$((i+1)); if [ $((i % 750)) -eq 0 ]; then sleep 1.5; fi; done; echo done; sleep 3600"]
            """
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let agent = try AgentProcess.start(
            kubeconfig: try await server.kubeconfig(
                user: "system:node:proc-4", groups: ["system:nodes"], binary: TestBuild.skiff),
            runtime: "process", nodeName: "proc-4",
            arguments: [
                "--container-log-max-size", "16384", "--container-log-max-files", "3", "--housekeeping-interval", "1",
            ])
        defer { agent.discard() }
        _ = try await server.kubectl(["apply", "-f", "-"], input: manifest)
        let pods = agent.root.appendingPathComponent("root/pods")
        var rotated: [String] = []
        let didRotate = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            let directories = (try? FileManager.default.subpathsOfDirectory(atPath: pods.path)) ?? []
            rotated = directories.filter { $0.hasSuffix(".log.1") }
            return !rotated.isEmpty
        }
        #expect(didRotate, "\(agent.log)")
        let finished = await TestCluster.eventually(timeout: .seconds(30), every: .milliseconds(400)) {
            (try? await server.kubectl(["logs", "chatty", "--tail=1"]))?.output == "done\n"
        }
        #expect(finished)
        let tail = try await server.kubectl(["logs", "chatty", "--tail=2"])
        #expect(tail.output == "line-2999-padding-padding-padding\ndone\n", "\(tail.output)")
        let all = try await server.kubectl(["logs", "chatty"])
        let lines = all.output.split(separator: "\n")
        #expect(lines.last == "done")
        // Oldest first across the rotated files, no line twice (old ones may have been dropped).
        let numbers = lines.dropLast().compactMap { Int($0.split(separator: "-")[1]) }
        #expect(numbers.count == lines.count - 1)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }, "\(numbers.prefix(20))")
        #expect(numbers.last == 2999)
        await agent.stop()
        _ = try await server.kubectl(["delete", "pod", "chatty", "--wait=false"])
    }
}
