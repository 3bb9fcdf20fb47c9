import Foundation
import SkiffAPI
import SkiffClient
import SkiffTestSupport
import Testing

/// Real kubectl's rollout commands against a real `skiff server` running its built-in
/// controllers; the test plays the kubelet for pods labelled `app=web` over HTTP.
@Suite("kubectl rollout", .serialized)
struct RolloutKubectlTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          strategy:
            rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: c
                image: nginx:1
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: stuck
        spec:
          replicas: 1
          progressDeadlineSeconds: 3
          selector:
            matchLabels: {app: stuck}
          template:
            metadata:
              labels: {app: stuck}
            spec:
              containers:
              - name: c
                image: nginx:1
        """

    @Test(
        "status succeeds on a finished rollout and fails on a stuck one; set image, history, undo, restart, pause, resume"
    )
    func rollout() async throws {
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff)
        defer { server.stop() }
        let data = server.dataDirectory
        let client = try server.client()
        let kubelet = Task {
            while !Task.isCancelled {
                let pods =
                    (try? await client.typed(Pod.self).list(
                        namespace: "default", options: ListOptions(labelSelector: "app=web")
                    ).items) ?? []
                try? await ReplicaSetControllerTests.markReady(client, pods.filter { !PodStateProbe.isReady($0) })
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { kubelet.cancel() }
        func kubectl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await server.kubectl(arguments)
        }
        let manifestFile = data.appendingPathComponent("deployments.yaml")
        try Self.manifest.write(to: manifestFile, atomically: true, encoding: .utf8)
        let applied = try await kubectl(["apply", "-f", manifestFile.path])
        #expect(applied.status == 0, "\(applied.output)")

        let first = try await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("successfully rolled out"))

        let stuck = try await kubectl(["rollout", "status", "deployment/stuck", "--timeout=60s"])
        #expect(stuck.status != 0)
        #expect(stuck.output.contains("exceeded its progress deadline"), "\(stuck.output)")

        #expect(try await kubectl(["set", "image", "deployment/web", "c=nginx:2"]).status == 0)
        let second = try await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(second.status == 0, "\(second.output)")
        let history = try await kubectl(["rollout", "history", "deployment/web"])
        #expect(history.status == 0, "\(history.output)")
        #expect(history.output.contains("1 ") && history.output.contains("2 "), "\(history.output)")

        let undo = try await kubectl(["rollout", "undo", "deployment/web"])
        #expect(undo.status == 0, "\(undo.output)")
        #expect(try await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"]).status == 0)
        let image = try await kubectl([
            "get", "deployment/web", "-o", "jsonpath={.spec.template.spec.containers[0].image}",
        ])
        #expect(image.output == "nginx:1")

        #expect(try await kubectl(["rollout", "restart", "deployment/web"]).status == 0)
        #expect(try await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"]).status == 0)
        let revision = try await kubectl([
            "get", "deployment/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}",
        ])
        #expect(revision.output == "4", "\(revision.output)")

        #expect(try await kubectl(["rollout", "pause", "deployment/web"]).status == 0)
        #expect(try await kubectl(["set", "image", "deployment/web", "c=nginx:3"]).status == 0)
        // Once the controller has seen the new template (observedGeneration), the paused
        // Deployment reports DeploymentPaused and has made no ReplicaSet for it.
        let paused = try await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            let state = try await kubectl([
                "get", "deployment/web", "-o",
                "jsonpath={.metadata.generation} {.status.observedGeneration} "
                    + "{.status.conditions[?(@.type==\"Progressing\")].reason}",
            ])
            let fields = state.output.split(separator: " ")
            return fields.count == 3 && fields[0] == fields[1] && fields[2] == "DeploymentPaused"
        }
        #expect(paused, "the paused Deployment never observed its new template as DeploymentPaused")
        let templates = try await kubectl([
            "get", "replicasets", "-l", "app=web", "-o", "jsonpath={.items[*].spec.template.spec.containers[0].image}",
        ])
        #expect(!templates.output.contains("nginx:3"), "\(templates.output)")
        #expect(try await kubectl(["rollout", "resume", "deployment/web"]).status == 0)
        let resumed = try await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(resumed.status == 0, "\(resumed.output)")
    }
}
