import Foundation
import SkiffTestSupport
import Testing

/// A real `skiff server` with its built-in plugins schedules what kubectl creates.
@Suite("Scheduler in skiff server, with kubectl", .serialized)
struct SchedulerKubectlTests {
    static let manifest = """
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-1
          labels: {kubernetes.io/hostname: worker-1, disk: ssd}
        status:
          capacity: {cpu: "2", memory: 4Gi, pods: "10"}
          allocatable: {cpu: "2", memory: 4Gi, pods: "10"}
          conditions: [{type: Ready, status: "True"}]
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-2
          labels: {kubernetes.io/hostname: worker-2, disk: hdd}
        status:
          capacity: {cpu: "2", memory: 4Gi, pods: "10"}
          allocatable: {cpu: "2", memory: 4Gi, pods: "10"}
          conditions: [{type: Ready, status: "True"}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: fast, namespace: default}
        spec:
          nodeSelector: {disk: ssd}
          containers: [{name: c, image: busybox, resources: {requests: {cpu: 500m}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: greedy, namespace: default}
        spec:
          containers: [{name: c, image: busybox, resources: {requests: {cpu: "3"}}}]
        """

    @Test("kubectl get -o wide shows the node; describe shows Scheduled and FailedScheduling")
    func schedulesWhatKubectlCreates() async throws {
        let server = try await SkiffServerProcess.start(binary: TestBuild.skiff, arguments: ["--no-leader-elect"])
        defer { server.stop() }
        let applied = try await server.kubectl(["apply", "-f", "-"], input: Self.manifest)
        #expect(applied.status == 0, "\(applied.output)")
        var wide = ""
        let placed = await TestCluster.eventually(timeout: .seconds(20)) {
            wide = (try? await server.kubectl(["get", "pod", "fast", "-o", "wide"]))?.output ?? ""
            return wide.contains("worker-1")
        }
        #expect(placed, "\(wide)")
        var described = ""
        let explained = await TestCluster.eventually(timeout: .seconds(20)) {
            described = (try? await server.kubectl(["describe", "pod", "greedy"]))?.output ?? ""
            return described.contains("FailedScheduling")
        }
        #expect(explained, "\(described)")
        #expect(described.contains("0/2 nodes are available: 2 Insufficient cpu."), "\(described)")
        let fast = try await server.kubectl(["describe", "pod", "fast"])
        #expect(fast.output.contains("Successfully assigned default/fast to worker-1"), "\(fast.output)")
    }
}
