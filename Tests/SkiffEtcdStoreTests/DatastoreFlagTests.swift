import Foundation
import SkiffTestSupport
import Testing

/// `skiff server`'s datastore flags: bad values and combinations get a clear error before
/// anything is created; an unreachable cluster a clear error once the request timeout passed.
@Suite("datastore flags")
struct DatastoreFlagTests {
    @Test(arguments: [
        (["--datastore", "sqlite://skiff.db"], "an etcd datastore is written etcd://HOST:PORT"),
        (["--datastore", "etcd://127.0.0.1"], "an etcd member is HOST:PORT"),
        (["--datastore", "https://127.0.0.1:2379"], "an https:// datastore needs --etcd-cafile"),
        (["--etcd-cafile", "ca.pem"], "need --datastore etcd://"),
        (["--datastore", "etcd://127.0.0.1:2379", "--etcd-certfile", "c.pem"], "need --etcd-cafile"),
        (
            ["--datastore", "etcd://127.0.0.1:2379", "--etcd-cafile", "ca.pem", "--etcd-certfile", "c.pem"],
            "--etcd-certfile and --etcd-keyfile go together"
        ),
        (
            ["--datastore", "etcd://127.0.0.1:2379", "--etcd-listen", "127.0.0.1:2379"],
            "--etcd-listen serves the embedded store"
        ),
        (["--event-ttl", "soon"], "--event-ttl must be a duration"),
    ])
    func refused(arguments: [String], message: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-flags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (status, output) = try await ChildProcess.run(
            ["timeout", "20", TestBuild.skiff, "server"] + arguments + ["--data-dir", data.path])
        #expect(status != 0)
        #expect(output.contains(message), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("a cluster nobody answers for: a clear error, no half-started server")
    func unreachable() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-flags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (status, output) = try await ChildProcess.run([
            "timeout", "60", TestBuild.skiff, "server", "--data-dir", data.path, "--datastore", "etcd://127.0.0.1:1",
            "--listen", "127.0.0.1:0",
        ])
        #expect(status != 0 && status != 124)
        #expect(output.contains("cannot use the etcd datastore: no etcd member answered"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("kubeconfig").path))
    }
}
