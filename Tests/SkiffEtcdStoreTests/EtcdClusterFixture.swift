import Foundation
import SkiffTestSupport
import Testing

/// A real three-member etcd cluster from `scripts/etcd-cluster.sh` (Debian's etcd-server) on
/// loopback ports, for one test; its data in /dev/shm where there is one, so fsyncs do not make
/// the suite's disk traffic a factor.
final class EtcdClusterFixture: Sendable {
    let directory: URL
    /// The members' client addresses, HOST:PORT.
    let endpoints: [String]
    /// Whether the members speak TLS and require client certificates (`start --tls`).
    let tls: Bool

    /// `--datastore`'s value for the whole cluster.
    var url: String { "etcd://" + endpoints.joined(separator: ",") }

    /// The TLS files the script made (`--tls`).
    var certificateAuthority: String { directory.appendingPathComponent("pki/ca.pem").path }
    var clientCertificate: String { directory.appendingPathComponent("pki/client.pem").path }
    var clientKey: String { directory.appendingPathComponent("pki/client-key.pem").path }

    private init(directory: URL, endpoints: [String], tls: Bool) {
        self.directory = directory
        self.endpoints = endpoints
        self.tls = tls
    }

    /// The repository's script.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/etcd-cluster.sh").path
    }

    /// Starts a cluster and waits until every member is healthy.
    static func start(tls: Bool = false) async throws -> EtcdClusterFixture {
        let base =
            FileManager.default.fileExists(atPath: "/dev/shm")
            ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        let directory = base.appendingPathComponent("skiff-etcd-\(UUID().uuidString)")
        let result = try await ChildProcess.run(
            ["bash", script, "start", directory.path] + (tls ? ["--tls"] : []))
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw FixtureFailure(description: "the etcd cluster did not start: \(result.output)")
        }
        let endpoints = try String(contentsOf: directory.appendingPathComponent("endpoints"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
        return EtcdClusterFixture(directory: directory, endpoints: endpoints, tls: tls)
    }

    /// Runs `body` with a fresh cluster, stopped and removed afterwards.
    static func with<T: Sendable>(
        tls: Bool = false, _ body: (EtcdClusterFixture) async throws -> T
    ) async throws -> T {
        let cluster = try await start(tls: tls)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Kills member `index` with SIGKILL, as a crash would.
    func kill(member index: Int) throws {
        let text = try String(contentsOf: directory.appendingPathComponent("m\(index).pid"), encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw FixtureFailure(description: "no pid for member \(index)")
        }
        _ = Foundation.kill(pid, SIGKILL)
    }

    /// Stops every member and removes the data.
    func stop() async {
        _ = try? await ChildProcess.run(["bash", Self.script, "stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs etcdctl against the cluster.
    func etcdctl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        var command = ["etcdctl", "--endpoints", endpoints.joined(separator: ",")]
        if tls { command += ["--cacert", certificateAuthority, "--cert", clientCertificate, "--key", clientKey] }
        return try await ChildProcess.run(
            command + arguments,
            environment: ProcessInfo.processInfo.environment.merging(["ETCDCTL_API": "3"]) { $1 })
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        var description: String
    }
}
