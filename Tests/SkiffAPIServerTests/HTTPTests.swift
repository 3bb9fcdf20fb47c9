import Foundation
import SkiffTestSupport
import Testing

/// The wire protocol with raw HTTP: error bodies and codes, resourceVersion semantics, watch
/// streams, discovery, OpenAPI, tables, metrics.
@Suite("HTTP protocol")
struct HTTPTests {
    static let configMap = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"1"}}"#

    /// A bad request, the code it must get and the reason in its Status.
    struct BadRequest: CustomTestStringConvertible, Sendable {
        var name: String
        var method: String
        var path: String
        var body: String?
        var contentType: String = "application/json"
        var code: Int
        var reason: String
        var message: String
        var testDescription: String { name }
    }

    static let badRequests: [BadRequest] = [
        BadRequest(
            name: "malformed JSON", method: "POST", path: "/api/v1/namespaces/default/configmaps", body: #"{"kind": "#,
            code: 400, reason: "BadRequest", message: "not valid JSON"),
        BadRequest(
            name: "malformed YAML", method: "POST", path: "/api/v1/namespaces/default/configmaps",
            body: "kind: ConfigMap\nmetadata: [unclosed", contentType: "application/yaml", code: 400,
            reason: "BadRequest", message: "not valid YAML"),
        BadRequest(
            name: "not an object", method: "POST", path: "/api/v1/namespaces/default/configmaps", body: "[1,2]",
            code: 400, reason: "BadRequest", message: "must be a JSON object"),
        BadRequest(
            name: "wrong field type", method: "POST", path: "/api/v1/namespaces/default/configmaps",
            body: #"{"metadata":{"name":"x"},"data":{"a":1}}"#, code: 400, reason: "BadRequest", message: "data.a"),
        BadRequest(
            name: "unknown field, strict", method: "POST",
            path: "/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
            body: #"{"metadata":{"name":"x"},"bogus":1}"#, code: 400, reason: "BadRequest",
            message: #"unknown field "bogus""#),
        BadRequest(
            name: "duplicate field, strict", method: "POST",
            path: "/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
            body: #"{"metadata":{"name":"x","name":"y"}}"#, code: 400, reason: "BadRequest",
            message: #"duplicate field "metadata.name""#),
        BadRequest(
            name: "invalid name", method: "POST", path: "/api/v1/namespaces/default/configmaps",
            body: #"{"metadata":{"name":"Not_Valid"}}"#, code: 422, reason: "Invalid",
            message: "metadata.name: Invalid value"),
        BadRequest(
            name: "kind mismatch", method: "POST", path: "/api/v1/namespaces/default/configmaps",
            body: #"{"kind":"Secret","metadata":{"name":"x"}}"#, code: 400, reason: "BadRequest",
            message: "does not match"),
        BadRequest(
            name: "unknown resource", method: "GET", path: "/api/v1/widgets", body: nil, code: 404, reason: "NotFound",
            message: "could not find"),
        BadRequest(
            name: "future resourceVersion", method: "GET",
            path: "/api/v1/namespaces/default/configmaps/c1?resourceVersion=999999",
            body: nil, code: 504, reason: "Timeout", message: "Too large resource version"),
        BadRequest(
            name: "bad resourceVersion", method: "GET", path: "/api/v1/configmaps?resourceVersion=abc", body: nil,
            code: 400, reason: "BadRequest", message: "resourceVersion"),
        BadRequest(
            name: "bad label selector", method: "GET", path: "/api/v1/configmaps?labelSelector=a%20in%20(", body: nil,
            code: 400, reason: "BadRequest", message: "unable to parse"),
        BadRequest(
            name: "unsupported field selector", method: "GET", path: "/api/v1/configmaps?fieldSelector=spec.x%3Dy",
            body: nil, code: 400, reason: "BadRequest", message: "field label not supported"),
        BadRequest(
            name: "stale update", method: "PUT", path: "/api/v1/namespaces/default/configmaps/c1",
            body: #"{"metadata":{"name":"c1","resourceVersion":"2"},"data":{"a":"2"}}"#, code: 409, reason: "Conflict",
            message: "the object has been modified"),
        BadRequest(
            name: "server-side apply", method: "PATCH", path: "/api/v1/namespaces/default/configmaps/c1?fieldManager=x",
            body: "{}", contentType: "application/apply-patch+yaml", code: 415, reason: "UnsupportedMediaType",
            message: "server-side apply"),
        BadRequest(
            name: "binding a configmap", method: "POST", path: "/api/v1/namespaces/default/configmaps/c1/binding",
            body: "{}", code: 404, reason: "NotFound", message: "could not find"),
    ]

    @Test("bad input gets a Status with the right code, and writes nothing")
    func badInput() async throws {
        let server = try await ServerProcess.start()
        let created = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap)
        #expect(created.code == 201)
        for bad in Self.badRequests {
            let (code, body) = try await server.http(bad.method, bad.path, body: bad.body, contentType: bad.contentType)
            #expect(code == bad.code, "\(bad.name): \(body)")
            let status = try json(body)
            #expect(status["kind"] as? String == "Status", "\(bad.name)")
            #expect(status["reason"] as? String == bad.reason, "\(bad.name): \(body)")
            #expect(status["code"] as? Int == bad.code, "\(bad.name)")
            #expect((status["message"] as? String ?? "").contains(bad.message), "\(bad.name): \(body)")
        }
        let list = try json(try await server.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let items = (list["items"] as? [[String: Any]]) ?? []
        #expect(items.count == 1)
        #expect((items.first?["data"] as? [String: String]) == ["a": "1"])
    }

    @Test("bodies over 3 MiB get 413")
    func oversizedBody() async throws {
        let server = try await ServerProcess.start()
        let big = #"{"metadata":{"name":"big"},"data":{"a":""# + String(repeating: "x", count: 3 << 20) + #""}}"#
        let (code, body) = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: big)
        #expect(code == 413, "\(body.prefix(200))")
        #expect(try json(body)["reason"] as? String == "RequestEntityTooLarge")
    }

    @Test("unknown fields are warned about by default and dropped")
    func unknownFieldWarning() async throws {
        let server = try await ServerProcess.start()
        let result = try await ServerProcess.run(
            "curl",
            [
                "-s", "-D", "-", "-X", "POST", server.url + "/api/v1/namespaces/default/configmaps", "-H",
                "Content-Type: application/json", "--data-binary", #"{"metadata":{"name":"w"},"bogus":1}"#,
            ])
        #expect(result.stdout.contains(#"Warning: 299 - "unknown field \"bogus\"""#), "\(result.stdout)")
        #expect(!result.stdout.contains("bogus\":1"))
    }

    @Test("updates that change nothing do not write; generation counts spec changes only")
    func noOpUpdates() async throws {
        let server = try await ServerProcess.start()
        let deployment =
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}"#
        let created = try json(
            try await server.http("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment).body)
        let version = (created["metadata"] as? [String: Any])?["resourceVersion"] as? String
        let same = try json(
            try await server.http(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/d", body: #"{"spec":{"replicas":1}}"#,
                contentType: "application/merge-patch+json"
            ).body)
        #expect((same["metadata"] as? [String: Any])?["resourceVersion"] as? String == version)
        let labeled = try json(
            try await server.http(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/d", body: #"{"metadata":{"labels":{"x":"y"}}}"#,
                contentType: "application/merge-patch+json"
            ).body)
        #expect((labeled["metadata"] as? [String: Any])?["generation"] as? Int == 1)
        let scaled = try json(
            try await server.http(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/d", body: #"{"spec":{"replicas":2}}"#,
                contentType: "application/merge-patch+json"
            ).body)
        #expect((scaled["metadata"] as? [String: Any])?["generation"] as? Int == 2)
        // Status through the main endpoint is ignored; through /status it is written.
        let ignored = try json(
            try await server.http(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/d", body: #"{"status":{"replicas":7}}"#,
                contentType: "application/merge-patch+json"
            ).body)
        #expect(ignored["status"] == nil)
        let status = try json(
            try await server.http(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/d/status", body: #"{"status":{"replicas":7}}"#,
                contentType: "application/merge-patch+json"
            ).body)
        #expect((status["status"] as? [String: Any])?["replicas"] as? Int == 7)
        #expect((status["metadata"] as? [String: Any])?["generation"] as? Int == 2)
    }

    @Test("pods: binding sets nodeName and PodScheduled once; 409 after")
    func binding() async throws {
        let server = try await ServerProcess.start()
        let pod =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
        #expect(try await server.http("POST", "/api/v1/namespaces/default/pods", body: pod).code == 201)
        let binding =
            #"{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"n1"}}"#
        #expect(try await server.http("POST", "/api/v1/namespaces/default/pods/p/binding", body: binding).code == 201)
        let again = try await server.http("POST", "/api/v1/namespaces/default/pods/p/binding", body: binding)
        #expect(again.code == 409)
        #expect(again.body.contains("already assigned to node"))
        let bound = try json(try await server.http("GET", "/api/v1/namespaces/default/pods/p").body)
        #expect((bound["spec"] as? [String: Any])?["nodeName"] as? String == "n1")
        let conditions = ((bound["status"] as? [String: Any])?["conditions"] as? [[String: Any]]) ?? []
        #expect(conditions.contains { $0["type"] as? String == "PodScheduled" && $0["status"] as? String == "True" })
        // A bound pod is deleted gracefully: deletionTimestamp first, gone after grace 0.
        let deleting = try json(try await server.http("DELETE", "/api/v1/namespaces/default/pods/p").body)
        #expect((deleting["metadata"] as? [String: Any])?["deletionTimestamp"] != nil)
        let forced = try await server.http(
            "DELETE", "/api/v1/namespaces/default/pods/p", body: #"{"gracePeriodSeconds":0}"#)
        #expect(forced.code == 200)
        #expect(try await server.http("GET", "/api/v1/namespaces/default/pods/p").code == 404)
    }

    /// Reads a watch stream until the server ends it (its `timeoutSeconds`), returning its lines;
    /// curl's own limit only guards against a hang.
    func watchLines(_ server: ServerProcess, _ path: String) async throws -> [[String: Any]] {
        let result = try await ServerProcess.run("curl", ["-s", "-N", "--max-time", "60", server.url + path])
        return try result.stdout.split(separator: "\n").map { try json(String($0)) }
    }

    @Test("watch: initial events, bookmarks, selector transitions, 410 as an ERROR event")
    func watchSemantics() async throws {
        let server = try await ServerProcess.start(extraArguments: ["--bookmark-interval", "1"])
        for name in ["a", "b"] {
            let body = #"{"metadata":{"name":"\#(name)","labels":{"tier":"one"}}}"#
            #expect(try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: body).code == 201)
        }
        // WatchList: the state as ADDED, then the initial-events-end bookmark.
        let initial = try await watchLines(
            server,
            "/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1"
        )
        #expect(initial.prefix(2).map { $0["type"] as? String } == ["ADDED", "ADDED"])
        let end = initial.dropFirst(2).first
        #expect(end?["type"] as? String == "BOOKMARK")
        let annotations = ((end?["object"] as? [String: Any])?["metadata"] as? [String: Any])?["annotations"]
        #expect((annotations as? [String: String])?["k8s.io/initial-events-end"] == "true")
        #expect((end?["object"] as? [String: Any])?["kind"] as? String == "ConfigMap")

        // A selector watch: a relabel out of the selector is DELETED, back in is ADDED.
        let list = try json(try await server.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let version = (list["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        let relabel = { (tier: String) async throws in
            _ = try await server.http(
                "PATCH", "/api/v1/namespaces/default/configmaps/a",
                body: #"{"metadata":{"labels":{"tier":"\#(tier)"}}}"#,
                contentType: "application/merge-patch+json")
        }
        try await relabel("two")
        try await relabel("one")
        let filtered = try await watchLines(
            server,
            "/api/v1/namespaces/default/configmaps?watch=1&labelSelector=tier%3Done&resourceVersion=\(version)&allowWatchBookmarks=true&timeoutSeconds=4"
        )
        let types = filtered.map { $0["type"] as? String ?? "" }
        #expect(Array(types.prefix(2)) == ["DELETED", "ADDED"], "\(types)")
        #expect(types.dropFirst(2).allSatisfy { $0 == "BOOKMARK" })
        #expect(types.contains("BOOKMARK"))

        // Compacted: 410 inside a 200 stream.
        _ = try await server.http("POST", "/skiff/v1/compact")
        let expired = try await watchLines(
            server, "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(version)&timeoutSeconds=5")
        #expect(expired.count == 1)
        #expect(expired.first?["type"] as? String == "ERROR")
        let status = expired.first?["object"] as? [String: Any]
        #expect(status?["code"] as? Int == 410)
        #expect(status?["reason"] as? String == "Expired")
        // And as HTTP 410 on a list at that revision.
        let list410 = try await server.http(
            "GET", "/api/v1/namespaces/default/configmaps?resourceVersion=\(version)&resourceVersionMatch=Exact")
        #expect(list410.code == 410)
    }

    @Test("discovery, version, OpenAPI, tables, metrics")
    func discoveryAndFriends() async throws {
        let server = try await ServerProcess.start()
        let version = try json(try await server.http("GET", "/version").body)
        #expect(version["major"] as? String == "1")
        let aggregated = try await ServerProcess.run(
            "curl",
            [
                "-s", "-i", server.url + "/apis", "-H",
                "Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
            ])
        #expect(
            aggregated.stdout.lowercased().contains(
                "content-type: application/json;g=apidiscovery.k8s.io;v=v2;as=apigroupdiscoverylist"))
        #expect(aggregated.stdout.contains(#""resource":"deployments""#))
        let groups = try json(try await server.http("GET", "/apis").body)
        #expect(
            (groups["groups"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                "apps", "coordination.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io",
            ])
        let openapi = try await server.http("GET", "/openapi/v3/apis/apps/v1").body
        #expect(openapi.contains(#""name":"fieldValidation""#))
        #expect(
            openapi.contains(#""x-kubernetes-group-version-kind":{"group":"apps","kind":"Deployment","version":"v1"}"#))
        let table = try await ServerProcess.run(
            "curl",
            ["-s", server.url + "/api/v1/namespaces", "-H", "Accept: application/json;as=Table;v=v1;g=meta.k8s.io"])
        let parsed = try json(table.stdout)
        #expect(parsed["kind"] as? String == "Table")
        #expect(
            (parsed["columnDefinitions"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == [
                "Name", "Status", "Age",
            ])
        #expect((parsed["rows"] as? [[String: Any]])?.count == 4)
        let metrics = try await server.http("GET", "/metrics").body
        #expect(
            metrics.contains(#"apiserver_request_total{verb="LIST",resource="namespaces",code="200"}"#),
            "\(metrics.prefix(500))")
        #expect(metrics.contains("skiff_store_revision_number"))
        #expect(try await server.http("GET", "/readyz").code == 200)
    }
}

/// Deletes with preconditions and by collection; restarts and kill -9 keep what was acknowledged;
/// garbage never gets a 500.
@Suite("HTTP writes and durability")
struct HTTPWriteTests {
    @Test("delete preconditions on uid and resourceVersion; deletecollection by label")
    func deletes() async throws {
        let server = try await ServerProcess.start()
        for index in 0..<4 {
            let body = #"{"metadata":{"name":"c\#(index)","labels":{"group":"\#(index % 2 == 0 ? "even" : "odd")"}}}"#
            #expect(try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: body).code == 201)
        }
        let wrongUID = try await server.http(
            "DELETE", "/api/v1/namespaces/default/configmaps/c0", body: #"{"preconditions":{"uid":"nope"}}"#)
        #expect(wrongUID.code == 409)
        #expect(wrongUID.body.contains("Precondition failed: UID in precondition: nope"))
        let wrongVersion = try await server.http(
            "DELETE", "/api/v1/namespaces/default/configmaps/c0", body: #"{"preconditions":{"resourceVersion":"1"}}"#)
        #expect(wrongVersion.code == 409)
        let badPolicy = try await server.http(
            "DELETE", "/api/v1/namespaces/default/configmaps/c0", body: #"{"propagationPolicy":"Sideways"}"#)
        #expect(badPolicy.code == 422)
        let collection = try await server.http(
            "DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=group%3Deven")
        #expect(collection.code == 200)
        let left = try json(try await server.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let names = ((left["items"] as? [[String: Any]]) ?? []).compactMap {
            ($0["metadata"] as? [String: Any])?["name"] as? String
        }
        #expect(names == ["c1", "c3"])
    }

    @Test("deleting a namespace leaves it Terminating, refusing new content, until it is finalized")
    func namespaceDeletion() async throws {
        // No namespace controller runs here: the namespace stays Terminating until finalized.
        let server = try await ServerProcess.start()
        #expect(try await server.http("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"tmp"}}"#).code == 201)
        let created = try await server.http(
            "POST", "/api/v1/namespaces/tmp/configmaps", body: #"{"metadata":{"name":"c"}}"#)
        #expect(created.code == 201)
        let deleted = try await server.http("DELETE", "/api/v1/namespaces/tmp")
        #expect(deleted.code == 200)
        let terminating = try json(try await server.http("GET", "/api/v1/namespaces/tmp").body)
        #expect((terminating["status"] as? [String: Any])?["phase"] as? String == "Terminating")
        #expect((terminating["metadata"] as? [String: Any])?["deletionTimestamp"] != nil)
        let refused = try await server.http(
            "POST", "/api/v1/namespaces/tmp/configmaps", body: #"{"metadata":{"name":"d"}}"#)
        #expect(refused.code == 403)
        #expect(refused.body.contains("because it is being terminated"))
        // Emptied by hand, then finalized: gone.
        #expect(try await server.http("DELETE", "/api/v1/namespaces/tmp/configmaps/c").code == 200)
        let finalized = try await server.http(
            "PUT", "/api/v1/namespaces/tmp/finalize",
            body: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"tmp"},"spec":{"finalizers":[]}}"#)
        #expect(finalized.code == 200, "\(finalized.body)")
        #expect(try await server.http("GET", "/api/v1/namespaces/tmp").code == 404)
        #expect(try await server.http("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"tmp"}}"#).code == 201)
        let list = try json(try await server.http("GET", "/api/v1/namespaces/tmp/configmaps").body)
        #expect((list["items"] as? [Any])?.isEmpty == true)
    }

    @Test("garbage bodies get 4xx Status answers, never a 500, and write nothing")
    func garbageNeverCrashes() async throws {
        let server = try await ServerProcess.start()
        let valid = Array(
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}"#
                .utf8)
        var generator = SystemRandomNumberGenerator()
        var bodies: [String] = []
        for _ in 0..<60 {
            var bytes = valid
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &generator)))
            case 1:
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0x20...0x7E, using: &generator)
            default:
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.insert(contentsOf: Array(#"":[{}],"#.utf8), at: position)
            }
            bodies.append(String(decoding: bytes, as: UTF8.self))
        }
        var created = 0
        for body in bodies {
            let (code, answer) = try await server.http("POST", "/api/v1/namespaces/default/pods", body: body)
            #expect(code < 500, "\(body) → \(answer)")
            if code == 201 {
                created += 1
                let name = (try json(answer)["metadata"] as? [String: Any])?["name"] as? String ?? ""
                _ = try await server.http("DELETE", "/api/v1/namespaces/default/pods/\(name)")
            } else {
                #expect(try json(answer)["kind"] as? String == "Status", "\(answer)")
            }
        }
        #expect(try await server.http("GET", "/healthz").code == 200)
    }

    @Test("objects survive a restart, and acknowledged creates survive kill -9")
    func durability() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-kill-\(UUID().uuidString)")
        let first = try await ServerProcess.start(directory: directory)
        // Create from a background thread; kill the server while it runs.
        let acknowledged = LockedNames()
        let url = first.url
        let writer = Thread {
            for index in 0..<400 {
                let body = #"{"metadata":{"name":"k\#(index)"},"data":{"n":"\#(index)"}}"#
                guard
                    let result = try? ServerProcess.run(
                        "curl",
                        [
                            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                            url + "/api/v1/namespaces/default/configmaps", "-H", "Content-Type: application/json",
                            "--data-binary", body,
                        ]),
                    result.stdout == "201"
                else { return }
                acknowledged.append("k\(index)")
            }
        }
        writer.start()
        // Kill mid-load once some creates were acknowledged (waiting on a count, not a time: a
        // loaded CI machine acknowledged only two in the first second once).
        let deadline = Date().addingTimeInterval(30)
        while acknowledged.names.count < 10, !writer.isFinished, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await offPool { first.kill() }
        while writer.isExecuting { try await Task.sleep(for: .milliseconds(50)) }
        let names = acknowledged.names
        #expect(names.count > 5, "too few writes before the kill to test anything")
        let second = try await ServerProcess.start(directory: directory)
        let list = try json(try await second.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let stored = Set(
            ((list["items"] as? [[String: Any]]) ?? []).compactMap {
                ($0["metadata"] as? [String: Any])?["name"] as? String
            })
        #expect(Set(names).isSubset(of: stored), "lost: \(Set(names).subtracting(stored).sorted())")
        // The system namespaces are not created twice, and new writes continue the revisions.
        let namespaces = try json(try await second.http("GET", "/api/v1/namespaces").body)
        #expect((namespaces["items"] as? [[String: Any]])?.count == 4)
        #expect(
            try await second.http(
                "POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"after"}}"#
            )
            .code == 201)
    }
}

/// Names appended from one thread and read from another.
final class LockedNames: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ name: String) { lock.withLock { stored.append(name) } }

    var names: [String] { lock.withLock { stored } }
}
