import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SkiffEtcdAPI
import SkiffTestSupport
import Synchronization
import Testing

/// Debian's `etcdctl` 3.4 against a real `skiff store serve` process (and `skiff server
/// --etcd-listen`): the tool's own output is the judge.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct EtcdctlTests {
    @Test func keysAndTransactions() async throws {
        let endpoint = try await EtcdEndpointProcess.start()
        defer { endpoint.removeData() }
        func etcdctl(_ arguments: String..., input: String? = nil) async throws -> String {
            let (status, output) = try await endpoint.etcdctl(arguments, input: input)
            #expect(status == 0, "etcdctl \(arguments.joined(separator: " ")): \(output)")
            return output
        }
        #expect(try await etcdctl("put", "/app/a", "one") == "OK\n")
        _ = try await etcdctl("put", "/app/b", "two")
        _ = try await etcdctl("put", "/app/a", "uno")
        _ = try await etcdctl("put", "/other", "x")
        #expect(try await etcdctl("get", "/app/a") == "/app/a\nuno\n")
        #expect(try await etcdctl("get", "/app/a", "--rev", "1") == "/app/a\none\n")
        #expect(try await etcdctl("get", "/app/", "--prefix") == "/app/a\nuno\n/app/b\ntwo\n")
        #expect(try await etcdctl("get", "/app/", "--prefix", "--keys-only") == "/app/a\n\n/app/b\n\n")
        #expect(
            try await etcdctl("get", "/app/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--limit=1")
                == "/app/a\nuno\n")
        let json = try await etcdctl("get", "/app/", "--prefix", "-w", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["header"] as? [String: Any])?["revision"] as? Int == 4)
        #expect(object["count"] as? Int == 2)

        #expect(try await etcdctl("del", "/app/b", "--prev-kv") == "1\n/app/b\ntwo\n")
        #expect(try await etcdctl("del", "/nothing") == "0\n")

        // etcdctl's interactive txn: compares, then the success ops, then the failure ops.
        let succeeded = try await etcdctl(
            "txn", input: "value(\"/app/a\") = \"uno\"\n\nput /app/a dos\nget /app/a\n\nput /app/a never\n\n")
        #expect(succeeded == "SUCCESS\n\nOK\n\n/app/a\ndos\n")
        let failed = try await etcdctl(
            "txn", input: "mod(\"/app/a\") < \"2\"\n\nput /app/a never\n\nput /failed yes\n\n")
        #expect(failed == "FAILURE\n\nOK\n")
        #expect(try await etcdctl("get", "/failed") == "/failed\nyes\n")

        let (status, refused) = try await endpoint.etcdctl(["put", "", "x"])
        #expect(status != 0 && refused.contains("etcdserver: key is not provided"))

        // A second process on the same store is refused: one writer at a time.
        let second = try await ChildProcess.run([
            "timeout", "20", TestBuild.skiff, "store", "serve", "--data-dir", endpoint.dataDirectory.path, "--listen",
            "127.0.0.1:0",
        ])
        #expect(second.status != 0 && second.output.contains("is open for writing by another process"))
        #expect(await endpoint.stop() == 0)
    }

    @Test func watchesAndCompaction() async throws {
        let endpoint = try await EtcdEndpointProcess.start()
        defer { endpoint.removeData() }
        for value in ["1", "2", "3"] { _ = try await endpoint.etcdctl(["put", "/w/key", value]) }
        _ = try await endpoint.etcdctl(["del", "/w/key"])
        // From revision 2, with previous values: the history.
        let history = "PUT\n/w/key\n1\n/w/key\n2\nPUT\n/w/key\n2\n/w/key\n3\nDELETE\n/w/key\n3\n/w/key\n\n"
        let watched = try await EtcdEndpointProcess.watch(
            endpoint: endpoint.url, ["/w/", "--prefix", "--rev", "2", "--prev-kv"], until: history)
        #expect(watched == history)

        #expect(try await endpoint.etcdctl(["compact", "3"]).output == "compacted revision 3\n")
        let (_, compacted) = try await EtcdEndpointProcess.etcdctl(
            endpoint: endpoint.url, ["watch", "/w/key", "--rev", "2"], timeout: 60)
        #expect(compacted.contains("watch was canceled (etcdserver: mvcc: required revision has been compacted)"))
        let (status, old) = try await endpoint.etcdctl(["get", "/w/key", "--rev", "2"])
        #expect(status != 0 && old.contains("etcdserver: mvcc: required revision has been compacted"))
        let (_, future) = try await endpoint.etcdctl(["get", "/w/key", "--rev", "99"])
        #expect(future.contains("etcdserver: mvcc: required revision is a future revision"))
        #expect(try await endpoint.etcdctl(["get", "/w/key", "--rev", "3"]).output == "/w/key\n3\n")

        // SIGTERM ends the endpoint even with a watch open (its connection is closed after a
        // second's grace); before, it waited for the watch forever.
        let watcher = Task {
            try await EtcdEndpointProcess.etcdctl(endpoint: endpoint.url, ["watch", "/w/"], timeout: 8)
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(await endpoint.stop() == 0)
        _ = try await watcher.value
    }

    @Test func leases() async throws {
        let endpoint = try await EtcdEndpointProcess.start()
        defer { endpoint.removeData() }
        let granted = try await endpoint.etcdctl(["lease", "grant", "60"]).output
        let id = try #require(granted.split(separator: " ").dropFirst().first.map(String.init), "\(granted)")
        #expect(granted == "lease \(id) granted with TTL(60s)\n")
        _ = try await endpoint.etcdctl(["put", "/lease/a", "1", "--lease=\(id)"])
        _ = try await endpoint.etcdctl(["put", "/lease/b", "2", "--lease=\(id)"])
        let alive = try await endpoint.etcdctl(["lease", "timetolive", id, "--keys"]).output
        #expect(
            alive.hasPrefix("lease \(id) granted with TTL(60s), remaining(") && alive.contains("[/lease/a /lease/b]"))
        #expect(
            try await endpoint.etcdctl(["lease", "keep-alive", "--once", id]).output.contains("keepalived with TTL(60)")
        )
        #expect(try await endpoint.etcdctl(["lease", "list"]).output == "found 1 leases\n\(id)\n")
        #expect(try await endpoint.etcdctl(["lease", "revoke", id]).output == "lease \(id) revoked\n")
        #expect(try await endpoint.etcdctl(["get", "/lease/", "--prefix"]).output == "")
        #expect(try await endpoint.etcdctl(["lease", "timetolive", id]).output == "lease \(id) already expired\n")

        // A lease that is not renewed expires and takes its keys with it.
        let short = try await endpoint.etcdctl(["lease", "grant", "2"]).output
        let shortID = try #require(short.split(separator: " ").dropFirst().first.map(String.init))
        _ = try await endpoint.etcdctl(["put", "/lease/c", "3", "--lease=\(shortID)"])
        var gone = false
        for _ in 0..<40 where !gone {
            try await Task.sleep(for: .milliseconds(250))
            gone = try await endpoint.etcdctl(["get", "/lease/c"]).output.isEmpty
        }
        #expect(gone)
        #expect(await endpoint.stop() == 0)
    }

    @Test func endpointStatusAndMembers() async throws {
        let endpoint = try await EtcdEndpointProcess.start()
        defer { endpoint.removeData() }
        _ = try await endpoint.etcdctl(["put", "k", "v"])
        let json = try await endpoint.etcdctl(["endpoint", "status", "-w", "json"]).output
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let status = try #require(list.first?["Status"] as? [String: Any])
        let header = try #require(status["header"] as? [String: Any])
        #expect(status["version"] as? String == "3.4.23")
        #expect(status["leader"] as? UInt64 == header["member_id"] as? UInt64)
        #expect(status["raftIndex"] as? Int == 1)
        #expect((status["dbSize"] as? Int ?? 0) > 0)
        let table = try await endpoint.etcdctl(["endpoint", "status", "-w", "table"]).output
        #expect(table.contains("3.4.23") && table.contains("true"))
        #expect(try await endpoint.etcdctl(["endpoint", "health"]).output.contains("is healthy"))
        let members = try await endpoint.etcdctl(["member", "list"]).output
        #expect(members.contains("started") && members.contains(endpoint.url))
        #expect(try await endpoint.etcdctl(["alarm", "list"]).status == 0)
        #expect(try await endpoint.etcdctl(["defrag"]).output.contains("Finished defragmenting"))
        #expect(await endpoint.stop() == 0)
    }

    /// etcd's own load check, `etcdctl check perf`: 60 s of writes from 50 clients at 150/s, then
    /// the check deletes its keys. The test judges behaviour: every write is answered and the
    /// cleanup works. Its latency verdict (each write under 0.5 s) is a timing, which a test
    /// on a shared 2-core CI machine cannot judge fairly (single fsyncs stalled past 0.5 s behind
    /// the suite's disk traffic): `skiff-bench etcd --only perf` runs the same check on an idle
    /// machine, on disk at full durability, and reports its verdict. The endpoint and etcdctl
    /// still run ahead of the suite (`nice -n -15`) with the store in memory (`/dev/shm`).
    @Test func checkPerfCompletes() async throws {
        let memory = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        let data =
            FileManager.default.isWritableFile(atPath: memory.path)
            ? memory.appendingPathComponent("skiff-etcd-perf-\(UUID().uuidString)") : nil
        let endpoint = try await EtcdEndpointProcess.start(dataDirectory: data, niceness: -15)
        defer { endpoint.removeData() }
        let (status, output) = try await EtcdEndpointProcess.etcdctl(
            endpoint: endpoint.url, ["check", "perf", "--load=s"], niceness: -15)
        let summary = output.split(separator: "\r").last.map(String.init) ?? output
        // Every one of the 60 seconds' writes was answered; the verdict line is there, whatever it is.
        #expect(summary.contains("60 / 60"), "\(summary)")
        #expect(summary.contains("Throughput") && summary.contains("Stddev"), "\(summary)")
        let verdict = status == 0 || summary.hasSuffix("FAIL\n")
        #expect(verdict, "\(summary)")
        // The check deletes its keys afterwards.
        #expect(try await endpoint.etcdctl(["get", "/etcdctl-check-perf/", "--prefix", "--keys-only"]).output == "")
        #expect(await endpoint.stop() == 0)
    }

    /// Puts acknowledged to a gRPC client survive SIGKILL of the endpoint mid-load.
    @Test func acknowledgedPutsSurviveKill() async throws {
        let endpoint = try await EtcdEndpointProcess.start()
        defer { endpoint.removeData() }
        let acknowledged = Acknowledged()
        try await withGRPCClient(
            transport: .http2NIOPosix(
                target: .ipv4(address: "127.0.0.1", port: endpoint.port), transportSecurity: .plaintext)
        ) { client in
            let kv = EtcdKV.Client(wrapping: client)
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<100_000 {
                            var put = EtcdPutRequest()
                            put.key = Data("/load/\(writer)/\(index)".utf8)
                            put.value = Data("value-\(writer)-\(index)".utf8)
                            do {
                                _ = try await kv.put(put)
                            } catch {
                                return
                            }
                            acknowledged.puts.withLock { $0["/load/\(writer)/\(index)"] = "value-\(writer)-\(index)" }
                        }
                    }
                }
                group.addTask {
                    while acknowledged.puts.withLock({ $0.count }) < 500 {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                    await endpoint.kill()
                }
            }
        }
        let written = acknowledged.puts.withLock { $0 }
        #expect(written.count >= 500)
        let restarted = try await EtcdEndpointProcess.start(dataDirectory: endpoint.dataDirectory)
        let output = try await restarted.etcdctl(["get", "/load/", "--prefix", "-w", "json"]).output
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        var found: [String: String] = [:]
        for kv in object["kvs"] as? [[String: Any]] ?? [] {
            let key = String(decoding: Data(base64Encoded: kv["key"] as? String ?? "") ?? Data(), as: UTF8.self)
            found[key] = String(decoding: Data(base64Encoded: kv["value"] as? String ?? "") ?? Data(), as: UTF8.self)
        }
        let lost = written.filter { found[$0.key] != $0.value }
        #expect(lost.isEmpty, "\(lost.count) of \(written.count) acknowledged puts lost")
        #expect(await restarted.stop() == 0)
    }

    /// `skiff server --etcd-listen`: etcdctl reads and watches what the Kubernetes API writes.
    @Test func serverEtcdListen() async throws {
        let port = try FreePort.pick()
        let server = try await SkiffServerProcess.start(
            binary: TestBuild.skiff, arguments: ["--etcd-listen", "127.0.0.1:\(port)"])
        defer { server.stop() }
        let endpoint = "http://127.0.0.1:\(port)"
        let before = try await EtcdEndpointProcess.etcdctl(endpoint: endpoint, ["get", "x", "-w", "json"]).output
        let revision = try #require(
            ((try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any])?["header"]
                as? [String: Any])?["revision"] as? Int)
        let created = try await server.kubectl(["create", "configmap", "from-kubectl", "--from-literal=a=b"])
        #expect(created.status == 0, "\(created.output)")
        let keys = try await EtcdEndpointProcess.etcdctl(
            endpoint: endpoint, ["get", "/registry/configmaps/default/", "--prefix", "--keys-only"]
        ).output
        #expect(keys.contains("/registry/configmaps/default/from-kubectl"))
        let watched = try await EtcdEndpointProcess.watch(
            endpoint: endpoint, ["/registry/configmaps/default/from-kubectl", "--rev", "\(revision + 1)"],
            until: "PUT\n/registry/configmaps/default/from-kubectl\n")
        #expect(watched.hasPrefix("PUT\n/registry/configmaps/default/from-kubectl\n"))
        #expect(watched.contains("from-kubectl"))
    }
}

/// Bad flags get a clear error and a non-zero exit, before anything is opened.
@Suite struct EtcdFlagTests {
    @Test(arguments: [
        (["store", "serve", "--listen", "0.0.0.0:2379"], "listens only on a loopback address"),
        (["store", "serve", "--listen", "127.0.0.1"], "--listen must be HOST:PORT"),
        (["store", "serve", "--durability", "fast"], "--durability must be full or normal"),
        (["store", "serve", "--history-window", "0"], "--history-window must be a duration of at least 1s"),
        (["store", "serve", "--bogus"], "Unknown option '--bogus'"),
        (["server", "--etcd-listen", "10.1.2.3:2379"], "--etcd-listen: the etcd endpoint has no TLS"),
    ])
    func refused(arguments: [String], message: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-flags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (status, output) = try await ChildProcess.run(
            ["timeout", "20", TestBuild.skiff] + arguments + ["--data-dir", data.path])
        #expect(status != 0)
        #expect(output.contains(message), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }
}

/// The puts the endpoint acknowledged, by key.
final class Acknowledged: Sendable {
    let puts = Mutex<[String: String]>([:])
}

/// A port nobody listens on right now (bound once to port 0 and released).
enum FreePort {
    static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw EndpointStartFailure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
