import Foundation
import SkiffTestSupport
import Testing

/// Watches resume across a crash of the server, from any resourceVersion inside the history window.
@Suite("Watches across a restart", .serialized)
struct RestartWatchTests {
    @Test("after kill -9 and a restart, a watch from an older resourceVersion replays, not 410")
    func resumeAfterRestart() async throws {
        let first = try await ServerProcess.start()
        let directory = first.directory
        _ = try await first.http(
            "POST", "/api/v1/namespaces/default/configmaps",
            body: #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": "1"}}"#)
        let list = try json(try await first.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let version = (list["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        #expect(!version.isEmpty)
        let patched = try await first.http(
            "PATCH", "/api/v1/namespaces/default/configmaps/a", body: #"{"data": {"x": "2"}}"#,
            contentType: "application/merge-patch+json")
        #expect(patched.code == 200, "\(patched.body)")
        _ = try await offPool { first.kill() }

        let second = try await ServerProcess.start(directory: directory)
        let watch = try await ServerProcess.run(
            "curl",
            [
                "-s", "--max-time", "10",
                "\(second.url)/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(version)&timeoutSeconds=1",
            ])
        #expect(watch.stdout.contains(#""type":"MODIFIED""#), "\(watch.stdout.prefix(400))")
        #expect(watch.stdout.contains(#""x":"2""#))
        #expect(!watch.stdout.contains("Expired"), "\(watch.stdout.prefix(400))")
    }
}
