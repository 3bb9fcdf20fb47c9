import Foundation
import SkiffTestSupport
import Testing

/// Bearer tokens and RBAC against a real server, driven by real kubectl and curl.
@Suite("Authentication and RBAC", .serialized)
struct AuthTests {
    static func token(_ file: URL, user: String, groups: [String] = []) async throws -> String {
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["token", "create", "--user", user, "--token-file", file.path] + groups.flatMap { ["--group", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A request with a bearer token (curl: kubectl sends credentials only over TLS, which comes
    /// with the rest of issue 11).
    static func call(
        _ server: ServerProcess, _ token: String?, _ method: String, _ path: String, body: String? = nil
    ) async throws -> (code: Int, body: String) {
        try await server.http(method, path, body: body, headers: token.map { ["Authorization: Bearer \($0)"] } ?? [])
    }

    static func rolebinding(_ name: String, namespace: String, role: String, subject: String) -> String {
        """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": "\(name)", "namespace": "\(namespace)"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "\(role)"},
         "subjects": [\(subject)]}
        """
    }

    static func review(verb: String, resource: String, namespace: String) -> String {
        """
        {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
         "spec": {"resourceAttributes": {"verb": "\(verb)", "resource": "\(resource)", "namespace": "\(namespace)"}}}
        """
    }

    @Test("tokens name users; RBAC allows, refuses with kube's message, and answers SelfSubjectAccessReviews")
    func tokensAndRBAC() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tokens = directory.appendingPathComponent("tokens.csv")
        let jane = try await Self.token(tokens, user: "jane", groups: ["developers"])
        let server = try await ServerProcess.start(
            extraArguments: ["--token-auth-file", tokens.path, "--authorization-mode", "RBAC"], directory: directory)
        defer { server.stop() }
        let admin = try String(contentsOf: directory.appendingPathComponent("admin.token"), encoding: .utf8)

        // The server's administrator token; the default policy is there.
        let roles = try await Self.call(server, admin, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles")
        for role in ["cluster-admin", "admin", "edit", "view", "system:aggregate-to-view"] {
            #expect(roles.body.contains("\"name\":\"\(role)\""), "\(role)")
        }
        let namespace = try await Self.call(
            server, admin, "POST", "/api/v1/namespaces",
            body: #"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}"#)
        #expect(namespace.code == 201, "\(namespace.body)")
        let granted = try await Self.call(
            server, admin, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
            body: Self.rolebinding(
                "jane-view", namespace: "team-a", role: "view", subject: #"{"kind": "User", "name": "jane"}"#))
        #expect(granted.code == 201, "\(granted.body)")

        // jane reads in team-a, may not write there, nor read elsewhere.
        let reads = await TestCluster.eventually(timeout: .seconds(10), every: .milliseconds(300)) {
            (try? await Self.call(server, jane, "GET", "/api/v1/namespaces/team-a/pods"))?.code == 200
        }
        #expect(reads)
        let write = try await Self.call(
            server, jane, "POST", "/api/v1/namespaces/team-a/configmaps",
            body: #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}"#)
        #expect(write.code == 403)
        #expect(
            write.body.contains(
                #"configmaps is forbidden: User \"jane\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"team-a\""#
            ), "\(write.body)")
        #expect(write.body.contains("\"reason\":\"Forbidden\""))
        let elsewhere = try await Self.call(server, jane, "GET", "/api/v1/namespaces/default/secrets/s")
        #expect(elsewhere.code == 403)
        #expect(elsewhere.body.contains(#"secrets \"s\" is forbidden"#), "\(elsewhere.body)")

        // SelfSubjectAccessReview: what kubectl auth can-i asks.
        let canList = try await Self.call(
            server, jane, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            body: Self.review(verb: "list", resource: "pods", namespace: "team-a"))
        #expect(canList.code == 201 && canList.body.contains("\"allowed\":true"), "\(canList.body)")
        let canCreate = try await Self.call(
            server, jane, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            body: Self.review(verb: "create", resource: "pods", namespace: "team-a"))
        #expect(canCreate.body.contains("\"allowed\":false"), "\(canCreate.body)")

        // A new binding takes effect without a restart; so does a token made while the server runs.
        let edit = try await Self.call(
            server, admin, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
            body: Self.rolebinding(
                "devs-edit", namespace: "team-a", role: "edit", subject: #"{"kind": "Group", "name": "developers"}"#))
        #expect(edit.code == 201, "\(edit.body)")
        let writes = await TestCluster.eventually(timeout: .seconds(10), every: .milliseconds(300)) {
            let answer = try? await Self.call(
                server, jane, "POST", "/api/v1/namespaces/team-a/configmaps",
                body: #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "y"}}"#)
            return answer?.code == 201
        }
        #expect(writes)
        let late = try await Self.token(tokens, user: "late")
        let lateUser = await TestCluster.eventually(timeout: .seconds(10), every: .milliseconds(300)) {
            let answer = try? await Self.call(server, late, "GET", "/api/v1/namespaces/team-a/pods")
            return answer?.body.contains(#"User \"late\" cannot list resource \"pods\""#) == true
        }
        #expect(lateUser)

        // Wrong tokens and no token: 401, except on the open paths.
        let wrong = try await Self.call(server, "not-a-token", "GET", "/api/v1/namespaces")
        #expect(wrong.code == 401 && wrong.body.contains("\"reason\":\"Unauthorized\""), "\(wrong.body)")
        let anonymous = try await Self.call(server, nil, "GET", "/api/v1/namespaces")
        #expect(anonymous.code == 401, "\(anonymous.body)")
        let health = try await Self.call(server, nil, "GET", "/healthz")
        #expect(health.code == 200)
        let discovery = try await Self.call(server, jane, "GET", "/apis")
        #expect(discovery.code == 200)
    }

    @Test("RBAC without authentication is refused at startup")
    func rbacNeedsTokens() async throws {
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary, ["server", "--authorization-mode", "RBAC", "--listen", "127.0.0.1:0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--authorization-mode RBAC needs --token-auth-file"), "\(result.stderr)")
    }
}
