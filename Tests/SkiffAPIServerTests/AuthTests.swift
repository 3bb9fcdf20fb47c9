import Foundation
import SkiffAPIServer
import SkiffHistory
import SkiffTestSupport
import Testing

/// TLS, authentication (client certificates, token files, ServiceAccount tokens), RBAC, node
/// restriction and the audit log against a real server, driven by real kubectl and curl.
@Suite("Security: TLS, authentication, RBAC, node restriction, audit", .serialized)
struct AuthTests {
    static func token(_ file: URL, user: String, groups: [String] = []) async throws -> String {
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["token", "create", "--user", user, "--token-file", file.path] + groups.flatMap { ["--group", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A kubeconfig for `user` in `groups` with a client certificate the cluster CA signed.
    static func kubeconfig(_ server: ServerProcess, user: String, groups: [String] = []) async throws -> String {
        let path = server.directory.appendingPathComponent("\(user.replacingOccurrences(of: ":", with: "_")).yaml").path
        let result = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["kubeconfig", "create", "--user", user, "--data-dir", server.directory.path, "-o", path]
                + groups.flatMap { ["--group", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    /// kubectl with another kubeconfig (or flags of its own).
    static func kubectl(_ server: ServerProcess, _ arguments: [String], input: String? = nil) async throws
        -> ServerProcess.CommandResult
    {
        let home = server.directory.appendingPathComponent("home").path
        return try await ServerProcess.run(
            "kubectl", arguments, input: input, environment: ["HOME": home, "KUBECACHEDIR": home + "/cache"])
    }

    /// A request with a bearer token, or (nil) with no credentials at all.
    static func call(
        _ server: ServerProcess, _ token: String?, _ method: String, _ path: String, body: String? = nil
    ) async throws -> (code: Int, body: String) {
        try await server.http(
            method, path, body: body, headers: [token.map { "Authorization: Bearer \($0)" } ?? "Authorization:"])
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

    @Test(
        "HTTPS by default: kubectl trusts the cluster CA; no CA, another CA or plain HTTP fail; certificates name users"
    )
    func tlsAndClientCertificates() async throws {
        let server = try await ServerProcess.start()
        #expect(server.url.hasPrefix("https://127.0.0.1:"))
        // The administrator of the kubeconfig the server wrote: a client certificate.
        let whoami = try await server.kubectl(["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"])
        #expect(whoami.stdout == "skiff-admin", "\(whoami.stderr)")
        #expect(try await server.kubectl(["auth", "can-i", "delete", "nodes"]).stdout.hasPrefix("yes"))

        // curl without the CA refuses the server (60: the peer's certificate is not trusted).
        let untrusted = try await ServerProcess.run(
            "curl",
            ["-s", "-o", "/dev/null", server.url + "/healthz", "--cacert", "/etc/ssl/certs/ca-certificates.crt"])
        #expect(untrusted.status == 60)
        // kubectl with another cluster's CA refuses it too.
        let other = try ClusterPKI.loadOrCreate(
            directory: server.directory.appendingPathComponent("other-pki"))
        let otherCA = server.directory.appendingPathComponent("other-ca.crt")
        try other.authorityPEM.write(to: otherCA, atomically: true, encoding: .utf8)
        let wrongCA = try await Self.kubectl(
            server,
            ["--server", server.url, "--certificate-authority", otherCA.path, "--token", "t", "get", "namespaces"])
        #expect(wrongCA.status != 0)
        #expect(wrongCA.stderr.contains("certificate signed by unknown authority"), "\(wrongCA.stderr)")
        // Plain HTTP to the TLS port gets no API.
        let plain = try await ServerProcess.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}",
                server.url.replacingOccurrences(of: "https", with: "http") + "/api",
            ])
        #expect(plain.stdout != "200")
        // The CA and no credentials: open paths answer, the rest is 401.
        let health = try await Self.call(server, nil, "GET", "/healthz")
        #expect(health.code == 200 && health.body == "ok")
        let anonymous = try await Self.call(server, nil, "GET", "/api/v1/namespaces")
        #expect(anonymous.code == 401 && anonymous.body.contains("\"reason\":\"Unauthorized\""), "\(anonymous.body)")

        // A user's certificate (CN the user, O the groups): known, but allowed nothing yet.
        let jane = try await Self.kubeconfig(server, user: "jane", groups: ["developers"])
        let janeWho = try await Self.kubectl(server, ["--kubeconfig", jane, "auth", "whoami", "-o", "json"])
        #expect(janeWho.stdout.contains("\"jane\"") && janeWho.stdout.contains("\"developers\""), "\(janeWho.stdout)")
        let denied = try await Self.kubectl(server, ["--kubeconfig", jane, "get", "pods"])
        #expect(denied.status != 0)
        #expect(
            denied.stderr.contains(
                "pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""
            ),
            "\(denied.stderr)")
        // View-only: reads work, writes are refused with kube's message, can-i tells.
        let bound = try await server.kubectl(
            ["create", "rolebinding", "jane-view", "--clusterrole", "view", "--user", "jane", "-n", "default"])
        #expect(bound.status == 0, "\(bound.stderr)")
        let reads = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            (try? await Self.kubectl(server, ["--kubeconfig", jane, "get", "configmaps"]))?.status == 0
        }
        #expect(reads)
        let write = try await Self.kubectl(server, ["--kubeconfig", jane, "create", "configmap", "x"])
        #expect(write.status != 0)
        #expect(
            write.stderr.contains(
                "configmaps is forbidden: User \"jane\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\""
            ), "\(write.stderr)")
        #expect(
            try await Self.kubectl(server, ["--kubeconfig", jane, "auth", "can-i", "list", "pods"]).stdout.hasPrefix(
                "yes"))
        #expect(
            try await Self.kubectl(server, ["--kubeconfig", jane, "auth", "can-i", "create", "pods"]).stdout.hasPrefix(
                "no"))

        // An expired certificate from the cluster CA, and one from another CA: 401, not a handshake failure.
        let pki = try ClusterPKI.loadOrCreate(directory: server.directory.appendingPathComponent("pki"))
        let expired = try pki.issue(
            commonName: "old", organizations: [], hosts: [], server: false, now: Date().addingTimeInterval(-7200),
            validity: 3600)
        let foreign = try other.issue(
            commonName: "intruder", organizations: ["system:masters"], hosts: [], server: false)
        for (name, pair) in [("expired", expired), ("foreign", foreign)] {
            let certificate = server.directory.appendingPathComponent("\(name).crt")
            let key = server.directory.appendingPathComponent("\(name).key")
            try pair.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
            try pair.keyPEM.write(to: key, atomically: true, encoding: .utf8)
            let answer = try await ServerProcess.run(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization:", "--cert", certificate.path,
                    "--key", key.path, server.url + "/api/v1/namespaces",
                ])
            #expect(answer.stdout == "401", "\(name): \(answer.stdout) \(answer.stderr)")
        }
    }

    @Test("token files and RBAC: users, groups, SelfSubjectAccessReviews, changes without a restart, 401s")
    func tokensAndRBAC() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tokens = directory.appendingPathComponent("tokens.csv")
        let jane = try await Self.token(tokens, user: "jane", groups: ["developers"])
        let server = try await ServerProcess.start(
            extraArguments: ["--token-auth-file", tokens.path], directory: directory)

        let roles = try await server.http("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles")
        for role in ["cluster-admin", "admin", "edit", "view", "system:aggregate-to-view", "system:node"] {
            #expect(roles.body.contains("\"name\":\"\(role)\""), "\(role)")
        }
        let namespace = try await server.http(
            "POST", "/api/v1/namespaces",
            body: #"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}"#)
        #expect(namespace.code == 201, "\(namespace.body)")
        let granted = try await server.http(
            "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
            body: Self.rolebinding(
                "jane-view", namespace: "team-a", role: "view", subject: #"{"kind": "User", "name": "jane"}"#))
        #expect(granted.code == 201, "\(granted.body)")

        // kubectl sends the token over TLS.
        let whoami = try await Self.kubectl(
            server,
            [
                "--server", server.url, "--certificate-authority", server.directory.path + "/pki/ca.crt", "--token",
                jane, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}",
            ])
        #expect(whoami.stdout == "jane", "\(whoami.stderr)")
        let reads = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            (try? await Self.call(server, jane, "GET", "/api/v1/namespaces/team-a/pods"))?.code == 200
        }
        #expect(reads)
        let write = try await Self.call(
            server, jane, "POST", "/api/v1/namespaces/team-a/configmaps",
            body: #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}"#)
        #expect(write.code == 403)
        #expect(write.body.contains("\"reason\":\"Forbidden\""))
        let elsewhere = try await Self.call(server, jane, "GET", "/api/v1/namespaces/default/secrets/s")
        #expect(elsewhere.code == 403)
        #expect(elsewhere.body.contains(#"secrets \"s\" is forbidden"#), "\(elsewhere.body)")

        let canList = try await Self.call(
            server, jane, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            body: Self.review(verb: "list", resource: "pods", namespace: "team-a"))
        #expect(canList.code == 201 && canList.body.contains("\"allowed\":true"), "\(canList.body)")
        let canCreate = try await Self.call(
            server, jane, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            body: Self.review(verb: "create", resource: "pods", namespace: "team-a"))
        #expect(canCreate.body.contains("\"allowed\":false"), "\(canCreate.body)")

        // A group binding takes effect without a restart; so does a token made while the server runs.
        let edit = try await server.http(
            "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
            body: Self.rolebinding(
                "devs-edit", namespace: "team-a", role: "edit", subject: #"{"kind": "Group", "name": "developers"}"#))
        #expect(edit.code == 201, "\(edit.body)")
        let writes = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            let answer = try? await Self.call(
                server, jane, "POST", "/api/v1/namespaces/team-a/configmaps",
                body: #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "y"}}"#)
            return answer?.code == 201
        }
        #expect(writes)
        let late = try await Self.token(tokens, user: "late")
        let lateUser = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            let answer = try? await Self.call(server, late, "GET", "/api/v1/namespaces/team-a/pods")
            return answer?.body.contains(#"User \"late\" cannot list resource \"pods\""#) == true
        }
        #expect(lateUser)

        let wrong = try await Self.call(server, "not-a-token", "GET", "/api/v1/namespaces")
        #expect(wrong.code == 401 && wrong.body.contains("\"reason\":\"Unauthorized\""), "\(wrong.body)")
        let discovery = try await Self.call(server, jane, "GET", "/apis")
        #expect(discovery.code == 200)
    }

    @Test("ServiceAccount tokens: kubectl create token; bound to the account; expired or orphaned tokens get 401")
    func serviceAccountTokens() async throws {
        let server = try await ServerProcess.start()
        #expect(try await server.kubectl(["create", "serviceaccount", "robot"]).status == 0)
        let created = try await server.kubectl(["create", "token", "robot", "--duration", "1h"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tooShort = try await server.kubectl(["create", "token", "robot", "--duration", "1m"])
        #expect(tooShort.stderr.contains("may not specify a duration less than 10 minutes"), "\(tooShort.stderr)")
        let missing = try await server.kubectl(["create", "token", "nobody"])
        #expect(missing.stderr.contains("serviceaccounts \"nobody\" not found"), "\(missing.stderr)")

        let asRobot = [
            "--server", server.url, "--certificate-authority", server.directory.path + "/pki/ca.crt", "--token", token,
        ]
        let whoami = try await Self.kubectl(server, asRobot + ["auth", "whoami", "-o", "json"])
        #expect(whoami.stdout.contains("\"system:serviceaccount:default:robot\""), "\(whoami.stdout)")
        #expect(whoami.stdout.contains("\"system:serviceaccounts:default\""))
        #expect(
            try await server.kubectl([
                "create", "rolebinding", "robot-view", "--clusterrole", "view", "--serviceaccount", "default:robot",
            ]).status == 0)
        let reads = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            (try? await Self.kubectl(server, asRobot + ["get", "pods"]))?.status == 0
        }
        #expect(reads)
        let write = try await Self.kubectl(server, asRobot + ["create", "configmap", "x"])
        #expect(
            write.stderr.contains("User \"system:serviceaccount:default:robot\" cannot create resource"),
            "\(write.stderr)")

        // A token signed with the server's key but expired.
        let keys = try ServiceAccountTokens(keyFile: server.directory.appendingPathComponent("pki/sa.key"))
        let uid = try await server.kubectl(["get", "serviceaccount", "robot", "-o", "jsonpath={.metadata.uid}"]).stdout
        let stale = keys.issue(
            namespace: "default", name: "robot", uid: uid, audiences: [ServiceAccountTokens.defaultAudience],
            lifetime: 600, now: Date().addingTimeInterval(-3600))
        #expect(try await Self.call(server, stale.token, "GET", "/api/v1/namespaces/default/pods").code == 401)
        // Deleting the account ends its tokens, even if one of the same name comes back.
        #expect(try await server.kubectl(["delete", "serviceaccount", "robot"]).status == 0)
        #expect(try await server.kubectl(["create", "serviceaccount", "robot"]).status == 0)
        let revoked = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            (try? await Self.call(server, token, "GET", "/api/v1/namespaces/default/pods"))?.code == 401
        }
        #expect(revoked)
    }

    @Test("node restriction: a node's identity changes only its Node, its Lease and the pods bound to it")
    func nodeRestriction() async throws {
        let server = try await ServerProcess.start()
        let node = try await Self.kubeconfig(server, user: "system:node:n1", groups: ["system:nodes"])
        func node1(_ arguments: [String], input: String? = nil) async throws -> ServerProcess.CommandResult {
            try await Self.kubectl(server, ["--kubeconfig", node] + arguments, input: input)
        }
        let manifest = { (name: String) in
            #"{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "\#(name)"}}"#
        }
        #expect(try await node1(["create", "-f", "-"], input: manifest("n1")).status == 0)
        let other = try await node1(["create", "-f", "-"], input: manifest("n2"))
        #expect(other.stderr.contains("node \"n1\" is not allowed to modify node \"n2\""), "\(other.stderr)")
        #expect(try await server.kubectl(["create", "-f", "-"], input: manifest("n2")).status == 0)
        #expect(try await node1(["label", "node", "n1", "a=b"]).status == 0)
        let relabel = try await node1(["label", "node", "n2", "a=b"])
        #expect(relabel.stderr.contains("node \"n1\" is not allowed to modify node \"n2\""), "\(relabel.stderr)")

        // Leases in kube-node-lease: its own only.
        let lease = { (name: String) in
            #"{"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "\#(name)", "namespace": "kube-node-lease"}, "spec": {"holderIdentity": "\#(name)"}}"#
        }
        #expect(try await node1(["create", "-f", "-"], input: lease("n1")).status == 0)
        let otherLease = try await node1(["create", "-f", "-"], input: lease("n2"))
        #expect(otherLease.stderr.contains("can only access node lease with the same name"), "\(otherLease.stderr)")

        // Pods: status and deletion of its own; not of another node's, and no creating.
        for (name, bound) in [("mine", "n1"), ("theirs", "n2")] {
            let pod =
                #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\#(name)"}, "spec": {"nodeName": "\#(bound)", "containers": [{"name": "c", "image": "i"}]}}"#
            #expect(try await server.kubectl(["create", "-f", "-"], input: pod).status == 0)
        }
        let status = #"{"status": {"message": "hello"}}"#
        #expect(try await node1(["get", "pod", "theirs"]).status == 0)
        let mine = try await node1(["patch", "pod", "mine", "--subresource", "status", "--type", "merge", "-p", status])
        #expect(mine.status == 0, "\(mine.stderr)")
        let theirs = try await node1([
            "patch", "pod", "theirs", "--subresource", "status", "--type", "merge", "-p", status,
        ])
        #expect(
            theirs.stderr.contains("node \"n1\" can only update pod status for pods with spec.nodeName set to itself"),
            "\(theirs.stderr)")
        let deleteTheirs = try await node1(["delete", "pod", "theirs", "--wait=false"])
        #expect(
            deleteTheirs.stderr.contains("can only delete pods for pods with spec.nodeName set to itself"),
            "\(deleteTheirs.stderr)")
        #expect(try await node1(["delete", "pod", "mine", "--wait=false"]).status == 0)
        let create = try await node1(["run", "sneaky", "--image", "i"])
        #expect(create.stderr.contains("can only create mirror pods"), "\(create.stderr)")
        // Beyond what the system:node role grants: RBAC refuses.
        let secrets = try await node1(["get", "secrets"])
        #expect(
            secrets.stderr.contains("User \"system:node:n1\" cannot list resource \"secrets\""), "\(secrets.stderr)")
    }

    @Test("audit log: who wrote what at which revision, refusals too; skiff history --who joins it, offline and online")
    func auditAndHistoryWho() async throws {
        let server = try await ServerProcess.start()
        let jane = try await Self.kubeconfig(server, user: "jane", groups: ["developers"])
        #expect(
            try await server.kubectl(["create", "rolebinding", "jane-edit", "--clusterrole", "edit", "--user", "jane"])
                .status == 0)
        #expect(try await server.kubectl(["create", "configmap", "shared", "--from-literal=a=1"]).status == 0)
        let edited = await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            (try? await Self.kubectl(
                server,
                ["--kubeconfig", jane, "patch", "configmap", "shared", "--type", "merge", "-p", #"{"data":{"a":"2"}}"#]
            ))?.status == 0
        }
        #expect(edited)
        let refused = try await Self.kubectl(
            server, ["--kubeconfig", jane, "create", "clusterrole", "x", "--verb", "get", "--resource", "pods"])
        #expect(refused.status != 0)

        let records = AuditRecord.read(path: server.directory.appendingPathComponent("audit.log").path)
        let shared = records.filter { $0.key == "/registry/configmaps/default/shared" }
        #expect(shared.map(\.user) == ["skiff-admin", "jane"], "\(shared)")
        #expect(shared.allSatisfy { $0.revision != nil && (200..<300).contains($0.code) })
        let janeRefused = records.filter { record in
            record.user == "jane" && record.resource == "clusterroles" && record.code == 403
        }
        #expect(!janeRefused.isEmpty)

        for source in [["--data-dir", server.directory.path], ["--kubeconfig", server.kubeconfig]] {
            let history = try await ServerProcess.run(
                ServerProcess.skiffBinary, ["history", "configmaps/default/shared", "--who", "-o", "json"] + source)
            #expect(history.status == 0, "\(history.stderr)")
            let changes = (try json(history.stdout)["changes"] as? [[String: Any]]) ?? []
            #expect(changes.map { $0["user"] as? String } == ["skiff-admin", "jane"], "\(history.stdout)")
            let table = try await ServerProcess.run(
                ServerProcess.skiffBinary, ["history", "configmaps/default/shared", "--who"] + source)
            #expect(table.stdout.contains("WHO") && table.stdout.contains("jane"), "\(table.stdout)")
        }
    }

    @Test("--insecure-http serves plain HTTP on loopback only; --tls-cert/--tls-key serve the user's certificate")
    func insecureAndOwnCertificates() async throws {
        let refused = try await ServerProcess.run(
            ServerProcess.skiffBinary,
            ["server", "--insecure-http", "--listen", "0.0.0.0:0", "--data-dir", "/tmp/never"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("only on a loopback address"), "\(refused.stderr)")
        let mismatched = try await ServerProcess.run(ServerProcess.skiffBinary, ["server", "--tls-cert", "a.pem"])
        #expect(mismatched.stderr.contains("--tls-cert and --tls-key go together"), "\(mismatched.stderr)")

        let insecure = try await ServerProcess.start(extraArguments: ["--insecure-http"])
        #expect(insecure.url.hasPrefix("http://127.0.0.1:"))
        #expect(try await insecure.kubectl(["get", "namespaces"]).status == 0)

        // The user's own certificate, from a CA of their own; the kubeconfig trusts its chain.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-own-\(UUID().uuidString)")
        let own = try ClusterPKI.loadOrCreate(directory: directory.appendingPathComponent("own"))
        let pair = try own.issue(
            commonName: "my-server", organizations: [], hosts: ["127.0.0.1", "localhost"], server: true)
        let certificate = directory.appendingPathComponent("server.crt")
        let key = directory.appendingPathComponent("server.key")
        try (pair.certificatePEM + "\n" + own.authorityPEM + "\n").write(
            to: certificate, atomically: true, encoding: .utf8)
        try pair.keyPEM.write(to: key, atomically: true, encoding: .utf8)
        let custom = try await ServerProcess.start(
            extraArguments: ["--tls-cert", certificate.path, "--tls-key", key.path], directory: directory)
        #expect(try await custom.kubectl(["get", "namespaces"]).status == 0)
        let served = try await ServerProcess.run(
            "openssl", ["s_client", "-connect", String(custom.url.dropFirst("https://".count)), "-showcerts"],
            input: "")
        #expect(
            served.stdout.contains("CN = my-server") || served.stdout.contains("CN=my-server"),
            "\(served.stdout.prefix(400))")
    }
}
