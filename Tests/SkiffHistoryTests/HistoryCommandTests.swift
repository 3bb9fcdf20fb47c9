import Foundation
import SkiffStore
import SkiffTestSupport
import Testing

/// `skiff history`, `get`, `diff`, `revisions`, `stats` and `watch` on a database built here, as a
/// user runs them: the real executable, its output compared with what it must print (times masked).
@Suite("History commands", .serialized)
struct HistoryCommandTests {
    static var skiff: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("skiff").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("skiff").path
    }

    /// The result of one run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `skiff` with `arguments` to completion, off the cooperative pool.
    static func run(_ arguments: [String]) async throws -> Run {
        try await offPool { try runBlocking(arguments) }
    }

    private static func runBlocking(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: skiff)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Times vary from run to run: absolute ones become <time>, relative ones <ago>.
    static func masked(_ text: String) -> String {
        var result = text.replacingOccurrences(
            of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, with: "<time>", options: .regularExpression)
        result = result.replacingOccurrences(of: #"(\d+[smhdy])+ ago"#, with: "<ago>", options: .regularExpression)
        // File sizes depend on SQLite's page use: only their presence is checked.
        result = result.replacingOccurrences(
            of: #"(?m)^(database file|WAL file)( +)\S+ \S+$"#, with: "$1$2<size>", options: [.regularExpression])
        return result
    }

    /// A database: a deployment created, scaled, relabelled, re-imaged; a pod created and deleted;
    /// a value that is not JSON. Returns the path and the revisions of the deployment's changes.
    static func makeDatabase() async throws -> (path: String, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("skiff.db").path
        var options = StoreOptions()
        options.durability = .normal
        let store = try Store.open(path: path, options: options)
        func put(_ key: String, _ json: String) async throws {
            _ = try await store.put(Array(key.utf8), Array(json.utf8))
        }
        let deployment = { (replicas: Int, labels: String, image: String) in
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{\#(labels)},"name":"web","namespace":"demo"},"spec":{"replicas":\#(replicas),"template":{"spec":{"containers":[{"image":"\#(image)","name":"web"}]}}}}"#
        }
        try await put(
            "/registry/namespaces/demo", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}"#)  // 1
        try await put("/registry/deployments/demo/web", deployment(3, #""app":"web""#, "nginx:1.27"))  // 2
        try await put("/registry/deployments/demo/web", deployment(5, #""app":"web""#, "nginx:1.27"))  // 3
        try await put("/registry/deployments/demo/web", deployment(5, #""app":"web","tier":"fe""#, "nginx:1.27"))  // 4
        try await put(
            "/registry/pods/demo/p1",
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},"status":{"phase":"Pending"}}"#)  // 5
        try await put(
            "/registry/pods/demo/p1",
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},"status":{"phase":"Running"}}"#)  // 6
        _ = try await store.delete(.key("/registry/pods/demo/p1"))  // 7
        try await put("/registry/deployments/demo/web", deployment(5, #""app":"web","tier":"fe""#, "nginx:1.29"))  // 8
        _ = try await store.put(Array("/registry/raw/blob".utf8), [0xFF, 0x00, 0x01])  // 9
        await store.close()
        return (path, directory.path)
    }

    /// A command, its arguments and the exact output it must print (after masking).
    struct Golden: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var expected: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let goldens: [Golden] = [
        Golden(
            arguments: ["history", "deploy/demo/web"],
            expected: """
                REVISION   TIME     OPERATION   VERSION   CHANGES
                2          <ago>   created     1         created
                3          <ago>   updated     2         spec.replicas: 3 → 5
                4          <ago>   updated     3         metadata.labels.tier: added
                8          <ago>   updated     4         spec.template.spec.containers[0].imag…

                """),
        Golden(
            arguments: ["history", "pods/demo/p1", "-o", "json"],
            expected: """
                {
                  "changes": [
                    {
                      "operation": "created",
                      "revision": 5,
                      "summary": "created",
                      "time": "<time>",
                      "version": 1
                    },
                    {
                      "fields": [
                        {
                          "change": "changed",
                          "new": "Running",
                          "old": "Pending",
                          "path": "status.phase"
                        }
                      ],
                      "operation": "updated",
                      "revision": 6,
                      "summary": "status.phase: Pending → Running",
                      "time": "<time>",
                      "version": 2
                    },
                    {
                      "operation": "deleted",
                      "revision": 7,
                      "summary": "deleted",
                      "time": "<time>",
                      "version": 0
                    }
                  ],
                  "key": "/registry/pods/demo/p1"
                }

                """),
        Golden(
            arguments: ["get", "deploy/demo/web", "--rev", "3", "-o", "yaml"],
            expected: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  labels:
                    app: web
                  name: web
                  namespace: demo
                spec:
                  replicas: 5
                  template:
                    spec:
                      containers:
                      - image: nginx:1.27
                        name: web

                """),
        Golden(
            arguments: ["get", "pods/demo/", "--rev", "6"],
            expected: """
                revision 6
                KEY                      CREATED   MODIFIED   VERSION   SIZE
                /registry/pods/demo/p1   5         6          2         86 B

                """),
        Golden(
            arguments: ["diff", "deploy/demo/web", "2", "4"],
            expected: """
                --- /registry/deployments/demo/web@2
                +++ /registry/deployments/demo/web@4
                @@ -3,13 +3,14 @@
                   "kind": "Deployment",
                   "metadata": {
                     "labels": {
                -      "app": "web"
                +      "app": "web",
                +      "tier": "fe"
                     },
                     "name": "web",
                     "namespace": "demo"
                   },
                   "spec": {
                -    "replicas": 3,
                +    "replicas": 5,
                     "template": {
                       "spec": {
                         "containers": [

                """),
        Golden(
            arguments: ["revisions", "--prefix", "pods/demo/", "-o", "yaml"],
            expected: """
                - revision: 5
                  time: "<time>"
                  operation: created
                  key: /registry/pods/demo/p1
                - revision: 6
                  time: "<time>"
                  operation: updated
                  key: /registry/pods/demo/p1
                - revision: 7
                  time: "<time>"
                  operation: deleted
                  key: /registry/pods/demo/p1

                """),
        Golden(
            arguments: ["revisions", "--limit", "2", "-o", "json"],
            expected: """
                [
                  {"key":"/registry/namespaces/demo","operation":"created","revision":1,"time":"<time>"},
                  {"key":"/registry/deployments/demo/web","operation":"created","revision":2,"time":"<time>"}
                ]

                """),
        Golden(
            arguments: ["revisions", "--prefix", "/registry/raw/"],
            expected: """
                REVISION   TIME               OPERATION   KEY
                9          <ago>             created     /registry/raw/blob

                """),
        Golden(
            arguments: ["history", "/registry/raw/blob", "-o", "yaml"],
            expected: """
                changes:
                - operation: created
                  revision: 9
                  summary: 'created: 3 B (sha256 942e1e2a)'
                  time: "<time>"
                  version: 1
                key: /registry/raw/blob

                """),
        Golden(
            arguments: ["get", "deploy/demo/web", "--rev", "2", "-o", "json"],
            expected: """
                {
                  "apiVersion": "apps/v1",
                  "kind": "Deployment",
                  "metadata": {
                    "labels": {
                      "app": "web"
                    },
                    "name": "web",
                    "namespace": "demo"
                  },
                  "spec": {
                    "replicas": 3,
                    "template": {
                      "spec": {
                        "containers": [
                          {
                            "image": "nginx:1.27",
                            "name": "web"
                          }
                        ]
                      }
                    }
                  }
                }

                """),
        Golden(
            arguments: ["diff", "deploy/demo/web", "4", "8", "-o", "json"],
            expected: """
                {
                  "changes": [
                    {
                      "change": "changed",
                      "new": "nginx:1.29",
                      "old": "nginx:1.27",
                      "path": "spec.template.spec.containers[0].image"
                    }
                  ],
                  "from": 4,
                  "key": "/registry/deployments/demo/web",
                  "to": 8
                }

                """),
        Golden(
            arguments: ["diff", "deploy/demo/web", "3", "4", "-o", "yaml"],
            expected: """
                changes:
                - change: added
                  new: fe
                  path: metadata.labels.tier
                from: 3
                key: /registry/deployments/demo/web
                to: 4

                """),
        Golden(
            arguments: ["watch", "pods/demo/", "--from", "4", "--timeout", "0.3"],
            expected: """
                5	ADDED	/registry/pods/demo/p1
                6	MODIFIED	/registry/pods/demo/p1
                7	DELETED	/registry/pods/demo/p1

                """),
        Golden(
            arguments: ["watch", "nodes", "--from", "0", "--timeout", "0.3", "-o", "json"],
            expected: ""),
        Golden(
            arguments: ["stats"],
            expected: """
                STATISTIC            VALUE
                current revision     9
                compacted revision   0
                oldest inspectable   1 (<time>, <ago>)
                live keys            3
                log rows             9
                database file        <size>
                WAL file             <size>

                """),
    ]

    @Test("every command and format prints what it must", arguments: goldens)
    func golden(_ golden: Golden) async throws {
        let database = try await Self.makeDatabase()
        defer { try? FileManager.default.removeItem(atPath: database.directory) }
        let run = try await Self.run(golden.arguments + ["--db", database.path])
        #expect(run.status == 0, "\(run.stderr)")
        // Ages vary in width ("9s ago", "1m2s ago") on a busy machine, and so does their column.
        #expect(Self.columns(Self.masked(run.stdout)) == Self.columns(golden.expected))
    }

    /// Text with every run of two or more spaces (a table's padding) shortened to two, and a cell
    /// shortened to the table's width (`…`) kept only as the mark: how much of it fits depends on
    /// the width of the ages.
    static func columns(_ text: String) -> String {
        text.replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression)
            .replacingOccurrences(of: #"\S*…"#, with: "…", options: .regularExpression)
    }

    /// An error case: the arguments and what stderr must say.
    struct Failure: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let failures: [Failure] = [
        Failure(
            arguments: ["history", "pods/demo/ghost"],
            message:
                "no such object: /registry/pods/demo/ghost has no change inside the history window (revisions 1 to 9"),
        Failure(
            arguments: ["get", "deploy/demo/web", "--rev", "99"],
            message: "that revision is in the future: the current revision is 9"),
        Failure(
            arguments: ["get", "pods/demo/p1", "--rev", "8"],
            message: "/registry/pods/demo/p1 did not exist at revision 8"),
        Failure(arguments: ["history", "widgets/x/y"], message: "unknown resource \"widgets\""),
        Failure(arguments: ["history", "pods/demo/"], message: "names several objects"),
        Failure(arguments: ["get", "deploy/demo/web", "--at", "yesterday"], message: "yesterday"),
        Failure(
            arguments: ["get", "deploy/demo/web", "--at", "99999999999999999999d"], message: "longer than 100 years"),
        Failure(
            arguments: ["get", "deploy/demo/web", "--at", "0001-01-01T00:00:00Z"], message: "nothing is inspectable"),
    ]

    @Test("clear errors and exit code 1", arguments: failures)
    func errors(_ failure: Failure) async throws {
        let database = try await Self.makeDatabase()
        defer { try? FileManager.default.removeItem(atPath: database.directory) }
        let run = try await Self.run(failure.arguments + ["--db", database.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(failure.message), "\(run.stderr)")
    }

    /// Revisions start at 1: zero or less is a usage error, not a question about compaction.
    @Test(arguments: [
        (["get", "deploy/demo/web", "--rev", "0"], "--rev must be a revision, 1 or more, not 0"),
        (["get", "deploy/demo/web", "--rev=-3"], "--rev must be a revision, 1 or more, not -3"),
        (["diff", "deploy/demo/web", "0"], "revisions are 1 or more, not 0"),
        (["diff", "deploy/demo/web", "2", "0"], "revisions are 1 or more, not 0"),
    ])
    func refusesRevisionsBelowOne(arguments: [String], message: String) async throws {
        let run = try await Self.run(arguments + ["--db", "/nonexistent/skiff.db"])
        #expect(run.status == 64)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test("database missing, not Skiff's, compacted revisions")
    func databaseProblems() async throws {
        let missing = try await Self.run(["stats", "--db", "/nonexistent/skiff.db"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at /nonexistent/skiff.db"))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/skiff.db"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-garbage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("skiff.db").path
        try Data("this is not a database, just text that is long enough".utf8).write(to: URL(fileURLWithPath: garbage))
        let notOurs = try await Self.run(["stats", "--data-dir", directory.path])
        #expect(notOurs.status == 1)
        #expect(notOurs.stderr.contains("not a Skiff database") || notOurs.stderr.contains("not a database"))

        let database = try await Self.makeDatabase()
        defer { try? FileManager.default.removeItem(atPath: database.directory) }
        let store = try Store.open(path: database.path)
        try await store.compact(to: 5)
        await store.close()
        let compacted = try await Self.run(["get", "deploy/demo/web", "--rev", "3", "--db", database.path])
        #expect(compacted.status == 1)
        #expect(
            compacted.stderr.contains("is compacted; the oldest revision still available is 5"), "\(compacted.stderr)")
        let stats = try await Self.run(["stats", "-o", "json", "--db", database.path])
        #expect(stats.stdout.contains(#""compactRevision": 5"#), "\(stats.stdout)")
        #expect(stats.stdout.contains(#""currentRevision": 9"#))
    }

    @Test("history and revisions run against a database another process is writing")
    func concurrentWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("skiff.db").path
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: Self.skiff)
        writer.arguments = ["debug", "store-load", "--path", path, "--writers", "4"]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        // Stopped at the end; its files go once it has exited, waited for off the pool.
        defer {
            writer.terminate()
            Thread {
                writer.waitUntilExit()
                try? FileManager.default.removeItem(at: directory)
            }.start()
        }
        // Until the writer's first transactions are in (a loaded machine starts it slowly).
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let history = try await Self.run(["history", "/load/w0/0/a", "--db", path])
            if history.status == 0, history.stdout.contains("created") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        var lastCount = 0
        for _ in 0..<5 {
            let revisions = try await Self.run(["revisions", "-o", "json", "--db", path])
            #expect(revisions.status == 0, "\(revisions.stderr)")
            let rows = revisions.stdout.split(separator: "\n").filter { $0.contains("\"revision\"") }.count
            #expect(rows >= lastCount)
            lastCount = rows
            let history = try await Self.run(["history", "/load/w0/0/a", "--db", path])
            #expect(history.status == 0, "\(history.stderr)")
            #expect(history.stdout.contains("created"))
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(lastCount > 0)
        #expect(writer.isRunning, "the writer was never blocked into failing")
    }
}
