import Foundation
import SkiffTestSupport
import Testing

/// `skiff history|get|diff|revisions|stats --kubeconfig FILE` against a real `skiff server`: objects
/// written through its API with curl, then every command run online and offline (`--data-dir`,
/// the same database read while the server runs) must print the same.
@Suite("Online history", .serialized)
struct OnlineHistoryTests {
    /// A running `skiff server` on a free port with a scratch data directory.
    final class Server: @unchecked Sendable {  // Immutable once started.
        let directory: URL
        let process = Process()
        let url: String
        /// The kubeconfig the server wrote (its CA and an administrator's certificate).
        var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }

        /// Starts the server and waits until it prints its address.
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "skiff-online-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            process.executableURL = URL(fileURLWithPath: HistoryCommandTests.skiff)
            process.arguments = [
                "server", "--data-dir", directory.path, "--listen", "127.0.0.1:0", "--log-level", "warning",
                "--no-builtin-plugins",
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var buffer = Data()
            var found: String?
            let deadline = Date().addingTimeInterval(30)
            while found == nil, Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                let text = String(decoding: buffer, as: UTF8.self)
                if let range = text.range(of: "serving the Kubernetes API at "),
                    let end = text[range.upperBound...].firstIndex(of: ";")
                {
                    found = String(text[range.upperBound..<end])
                }
            }
            guard let found else {
                process.terminate()
                throw OnlineFailure("the server did not start: \(String(decoding: buffer, as: UTF8.self))")
            }
            url = found
        }

        /// Stops the server and removes its data on a thread of its own, not on the cooperative
        /// pool that releases it.
        deinit {
            let (process, directory) = (self.process, self.directory)
            Thread {
                if process.isRunning {
                    process.terminate()
                    process.waitUntilExit()
                }
                try? FileManager.default.removeItem(at: directory)
            }.start()
        }

        /// Starts the server off the cooperative pool.
        static func start() async throws -> Server {
            try await offPool { try Server() }
        }

        /// curl: the status code and the body, off the cooperative pool.
        func http(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json")
            async throws -> (code: Int, body: String)
        {
            try await offPool { try self.httpBlocking(method, path, body: body, contentType: contentType) }
        }

        private func httpBlocking(_ method: String, _ path: String, body: String?, contentType: String)
            throws -> (code: Int, body: String)
        {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let pki = directory.appendingPathComponent("pki").path
            var arguments = [
                "curl", "--cacert", pki + "/ca.crt", "--cert", pki + "/admin.crt", "--key", pki + "/admin.key", "-s",
                "-o",
                "-", "-w", "\n%{http_code}", "-X", method, url + path,
            ]
            if body != nil { arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
            process.arguments = arguments
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            if let body { input.fileHandleForWriting.write(Data(body.utf8)) }
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            guard let split = text.lastIndex(of: "\n"), let code = Int(text[text.index(after: split)...]) else {
                throw OnlineFailure("curl failed: \(text)")
            }
            return (code, String(text[..<split]))
        }
    }

    /// A precondition that did not hold.
    struct OnlineFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Writes a config map (created, patched twice) and a secret (created, deleted); returns the
    /// revisions of the config map's three versions.
    static func populate(_ server: Server) async throws -> [Int] {
        var revisions: [Int] = []
        func revision(_ answer: (code: Int, body: String)) throws -> Int {
            guard (200..<300).contains(answer.code),
                let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                let metadata = object["metadata"] as? [String: Any],
                let text = metadata["resourceVersion"] as? String, let value = Int(text)
            else { throw OnlineFailure("unexpected answer \(answer.code): \(answer.body)") }
            return value
        }
        let path = "/api/v1/namespaces/default/configmaps"
        revisions.append(
            try await revision(
                server.http(
                    "POST", path,
                    body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"1"}}"#)))
        revisions.append(
            try await revision(
                server.http(
                    "PATCH", path + "/demo", body: #"{"data":{"a":"2","b":"x"}}"#,
                    contentType: "application/merge-patch+json")))
        _ = try await revision(
            server.http(
                "POST", "/api/v1/namespaces/default/secrets",
                body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"stringData":{"k":"v"}}"#))
        _ = try await server.http("DELETE", "/api/v1/namespaces/default/secrets/s1")
        revisions.append(
            try await revision(
                server.http(
                    "PATCH", path + "/demo", body: #"{"metadata":{"labels":{"tier":"fe"}},"data":{"b":null}}"#,
                    contentType: "application/merge-patch+json")))
        return revisions
    }

    /// Runs a command online and offline; both must succeed and print the same (times masked for
    /// tables, sizes masked where `mask` says).
    static func same(
        _ arguments: [String], _ server: Server, mask: (String) -> String = { $0 }
    ) async throws {
        let online = try await HistoryCommandTests.run(arguments + ["--kubeconfig", server.kubeconfig])
        let offline = try await HistoryCommandTests.run(arguments + ["--data-dir", server.directory.path])
        #expect(online.status == 0, "\(arguments) online: \(online.stderr)")
        #expect(offline.status == 0, "\(arguments) offline: \(offline.stderr)")
        #expect(!online.stdout.isEmpty, "\(arguments) printed nothing")
        let onlineText = mask(HistoryCommandTests.masked(online.stdout))
        let offlineText = mask(HistoryCommandTests.masked(offline.stdout))
        if arguments.contains("json") || arguments.contains("yaml") {
            #expect(onlineText == offlineText, "\(arguments)")
        } else {
            #expect(
                Self.sameTable(Self.squeezed(onlineText), Self.squeezed(offlineText)),
                "\(arguments)\n\(onlineText)\n\(offlineText)")
        }
    }

    /// A table with runs of spaces squeezed: the two runs happen seconds apart, and the TIME
    /// column ("9s ago", then "10s ago") is padded to its widest cell.
    static func squeezed(_ table: String) -> String {
        table.replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression)
    }

    /// Whether two tables agree line by line, where a line cut to 80 columns ("…") may be cut up
    /// to three characters earlier or later in the other, as the TIME column's width moves the cut.
    static func sameTable(_ one: String, _ other: String) -> Bool {
        let lines = one.split(separator: "\n", omittingEmptySubsequences: false)
        let others = other.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == others.count else { return false }
        return zip(lines, others).allSatisfy { line, otherLine in
            if line == otherLine { return true }
            guard line.hasSuffix("…"), otherLine.hasSuffix("…") else { return false }
            let (cut, otherCut) = (line.dropLast(), otherLine.dropLast())
            return (cut.hasPrefix(otherCut) || otherCut.hasPrefix(cut)) && abs(cut.count - otherCut.count) <= 3
        }
    }

    /// Byte counts change as the server checkpoints its WAL.
    static func sizes(_ text: String) -> String {
        text.replacingOccurrences(of: #"(Bytes"?:\s*)\d+"#, with: "$1<n>", options: .regularExpression)
            .replacingOccurrences(
                of: #"(database|WAL) file(\s+)\S+ \S+"#, with: "$1 file$2<size>", options: .regularExpression)
    }

    @Test("history, get, diff, revisions and stats print the same online and offline")
    func sameAnswers() async throws {
        let server = try await Server.start()
        let revisions = try await Self.populate(server)
        let object = "configmaps/default/demo"
        for format in ["table", "json", "yaml"] {
            try await Self.same(["history", object, "-o", format], server)
            try await Self.same(["get", object, "--rev", String(revisions[1]), "-o", format], server)
            try await Self.same(["get", "configmaps/default/", "--rev", String(revisions[2]), "-o", format], server)
            try await Self.same(["diff", object, String(revisions[0]), String(revisions[2]), "-o", format], server)
            try await Self.same(["revisions", "-o", format], server)
            try await Self.same(["revisions", "--prefix", "secrets/default/", "--limit", "1", "-o", format], server)
            try await Self.same(["stats", "-o", format], server, mask: Self.sizes)
        }
        try await Self.same(["diff", object, String(revisions[0])], server)

        let history = try await HistoryCommandTests.run([
            "history", object, "--kubeconfig", server.kubeconfig, "-o", "json",
        ])
        #expect(
            history.stdout.contains(#""operation":"updated""#) || history.stdout.contains(#""operation": "updated""#))
        let viaKubeconfig = try await HistoryCommandTests.run([
            "history", object, "-o", "json", "--kubeconfig", server.directory.appendingPathComponent("kubeconfig").path,
        ])
        #expect(viaKubeconfig.status == 0)
        #expect(viaKubeconfig.stdout == history.stdout)
    }

    @Test("failures: the same message online and offline, and HTTP codes")
    func failures() async throws {
        let server = try await Server.start()
        let revisions = try await Self.populate(server)
        let online = try await HistoryCommandTests.run([
            "history", "configmaps/default/nope", "--kubeconfig", server.kubeconfig,
        ])
        let offline = try await HistoryCommandTests.run([
            "history", "configmaps/default/nope", "--data-dir", server.directory.path,
        ])
        #expect(online.status == 1)
        #expect(online.stdout.isEmpty)
        #expect(online.stderr.contains("error: no such object: /registry/configmaps/default/nope"))
        #expect(online.stderr == offline.stderr)

        let future = try await HistoryCommandTests.run([
            "get", "configmaps/default/demo", "--rev", "999999", "--kubeconfig", server.kubeconfig,
        ])
        #expect(future.status == 1)
        #expect(future.stderr.contains("in the future"))

        #expect(try await server.http("GET", "/skiff/v1/history?key=/registry/configmaps/default/nope").code == 404)
        #expect(try await server.http("GET", "/skiff/v1/objects?key=/registry/x&revision=999999").code == 504)
        #expect(try await server.http("GET", "/skiff/v1/objects?revision=1").code == 400)
        #expect(try await server.http("GET", "/skiff/v1/revision?at=yesterday").code == 400)
        let window = try await server.http("GET", "/skiff/v1/window")
        #expect(window.code == 200)
        #expect(window.body.contains("\"currentRevision\":\(revisions[2])"))
        let changes = try await server.http("GET", "/skiff/v1/changes?prefix=/registry/configmaps/&limit=2")
        #expect(changes.code == 200)
        #expect(changes.body.split(separator: "\n").count == 2)
        let compacted = try await server.http("POST", "/skiff/v1/compact?revision=\(revisions[1])")
        #expect(compacted.code == 200)
        #expect(try await server.http("GET", "/skiff/v1/changes?from=1").code == 410)
        let old = try await HistoryCommandTests.run([
            "get", "configmaps/default/demo", "--rev", "1", "--kubeconfig", server.kubeconfig,
        ])
        #expect(old.status == 1)
        #expect(old.stderr.contains("compacted"))

        let both = try await HistoryCommandTests.run(["stats", "--kubeconfig", server.kubeconfig, "--data-dir", "x"])
        #expect(both.status != 0)
    }
}
