import Foundation
import Testing

@testable import SkiffAPIServer

/// The pure decisions under authentication: client certificates judged against the cluster CA,
/// NodeRestriction, ServiceAccount tokens. No server.
@Suite("Authentication decisions")
struct AuthDecisionTests {
    static let pki: ClusterPKI = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        return try! ClusterPKI.loadOrCreate(directory: directory)
    }()
    static let other: ClusterPKI = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        return try! ClusterPKI.loadOrCreate(directory: directory)
    }()

    /// A DER certificate from PEM text.
    static func der(_ pair: ClusterPKI.KeyPair) throws -> [UInt8] {
        let body = pair.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    enum Case: String, CaseIterable {
        case valid, expired, notYetValid, foreignAuthority, servingOnly, noUser
    }

    @Test(
        "client certificates: only the cluster CA's, in their validity, for client use, naming a user",
        arguments: Case.allCases)
    func certificates(_ kind: Case) throws {
        let now = Date()
        let pair: ClusterPKI.KeyPair
        switch kind {
        case .valid:
            pair = try Self.pki.issue(commonName: "jane", organizations: ["devs", "ops"], hosts: [], server: false)
        case .expired:
            pair = try Self.pki.issue(
                commonName: "jane", organizations: [], hosts: [], server: false, now: now.addingTimeInterval(-7200),
                validity: 3600)
        case .notYetValid:
            pair = try Self.pki.issue(
                commonName: "jane", organizations: [], hosts: [], server: false, now: now.addingTimeInterval(7200))
        case .foreignAuthority:
            pair = try Self.other.issue(commonName: "jane", organizations: ["system:masters"], hosts: [], server: false)
        case .servingOnly:
            pair = try Self.pki.issue(commonName: "jane", organizations: [], hosts: ["localhost"], server: true)
        case .noUser:
            pair = try Self.pki.issue(commonName: "", organizations: ["devs"], hosts: [], server: false)
        }
        let authenticator = ClientCertificateAuthenticator(authority: Self.pki.authority)
        let outcome = authenticator.authenticate(der: try Self.der(pair), now: now)
        if kind == .valid {
            #expect(outcome == .user(UserInfo(name: "jane", groups: ["devs", "ops", "system:authenticated"])))
        } else {
            #expect(outcome == .invalid)
        }
        // The remembered verdict is the same.
        #expect(authenticator.authenticate(der: try Self.der(pair), now: now) == outcome)
        #expect(authenticator.authenticate(der: [0x30, 0x03, 0x02, 0x01, 0x01]) == .invalid)
    }

    @Test("a remembered good verdict ends when the certificate does")
    func rememberedUntilExpiry() throws {
        let now = Date()
        let pair = try Self.pki.issue(
            commonName: "short", organizations: [], hosts: [], server: false, now: now, validity: 600)
        let authenticator = ClientCertificateAuthenticator(authority: Self.pki.authority)
        #expect(authenticator.authenticate(der: try Self.der(pair), now: now) != .invalid)
        #expect(authenticator.authenticate(der: try Self.der(pair), now: now.addingTimeInterval(900)) == .invalid)
    }

    struct NodeCase: Sendable, CustomStringConvertible {
        var description: String
        var verb: String
        var group = ""
        var resource: String
        var subresource = ""
        var namespace = ""
        var name: String
        var podNode: String?
        var allowed: Bool
        var message = ""
    }

    static let nodeCases: [NodeCase] = [
        NodeCase(description: "own node", verb: "patch", resource: "nodes", name: "n1", allowed: true),
        NodeCase(
            description: "other node", verb: "update", resource: "nodes", name: "n2", allowed: false,
            message: "node \"n1\" is not allowed to modify node \"n2\""),
        NodeCase(description: "read other node", verb: "get", resource: "nodes", name: "n2", allowed: true),
        NodeCase(
            description: "own lease", verb: "update", group: "coordination.k8s.io", resource: "leases",
            namespace: "kube-node-lease", name: "n1", allowed: true),
        NodeCase(
            description: "other lease", verb: "create", group: "coordination.k8s.io", resource: "leases",
            namespace: "kube-node-lease", name: "n2", allowed: false,
            message: "can only access node lease with the same name as the requesting node"),
        NodeCase(
            description: "own pod status", verb: "patch", resource: "pods", subresource: "status", namespace: "d",
            name: "p", podNode: "n1", allowed: true),
        NodeCase(
            description: "other pod status", verb: "patch", resource: "pods", subresource: "status", namespace: "d",
            name: "p", podNode: "n2", allowed: false,
            message: "node \"n1\" can only update pod status for pods with spec.nodeName set to itself"),
        NodeCase(
            description: "unbound pod deleted", verb: "delete", resource: "pods", namespace: "d", name: "p",
            podNode: nil, allowed: false,
            message: "node \"n1\" can only delete pods for pods with spec.nodeName set to itself"),
        NodeCase(
            description: "own pod deleted", verb: "delete", resource: "pods", namespace: "d", name: "p", podNode: "n1",
            allowed: true),
        NodeCase(
            description: "pod spec changed", verb: "update", resource: "pods", namespace: "d", name: "p",
            podNode: "n1", allowed: false, message: "node \"n1\" can only update pod status and delete pods bound to it"
        ),
        NodeCase(
            description: "pod created", verb: "create", resource: "pods", namespace: "d", name: "p", allowed: false,
            message: "node \"n1\" can only create mirror pods"),
        NodeCase(
            description: "events are RBAC's business", verb: "create", resource: "events", namespace: "d", name: "e",
            allowed: true),
    ]

    @Test("node restriction", arguments: nodeCases)
    func nodeRestriction(_ entry: NodeCase) {
        let user = UserInfo(name: "system:node:n1", groups: ["system:nodes"])
        #expect(NodeRestriction.nodeName(of: user) == "n1")
        #expect(NodeRestriction.nodeName(of: UserInfo(name: "system:node:n1")) == nil)
        let attributes = AuthorizationAttributes(
            user: user, verb: entry.verb, namespace: entry.namespace, apiGroup: entry.group,
            resource: entry.resource, subresource: entry.subresource, name: entry.name)
        let denial = NodeRestriction.denial(
            node: "n1", attributes: attributes, objectName: entry.name, podNode: entry.podNode)
        #expect((denial == nil) == entry.allowed, "\(denial ?? "")")
        if !entry.allowed { #expect(denial?.contains(entry.message) == true, "\(denial ?? "")") }
    }

    @Test("ServiceAccount tokens: signed, in their lifetime, for an account that still exists")
    func serviceAccountTokens() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString).key")
        let tokens = try ServiceAccountTokens(keyFile: file)
        let again = try ServiceAccountTokens(keyFile: file)
        let stranger = try ServiceAccountTokens(
            keyFile: FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString).key"))
        let now = Date()
        let (token, expires) = tokens.issue(
            namespace: "ns", name: "robot", uid: "u1", audiences: ["a"], lifetime: 600, now: now)
        #expect(abs(expires.timeIntervalSince(now) - 600) < 2)
        let exists: (String, String, String) -> Bool = { $0 == "ns" && $1 == "robot" && $2 == "u1" }
        // The key is kept: a server started again accepts its tokens.
        guard case .user(let user) = again.authenticate(authorization: "Bearer \(token)", now: now, exists: exists)
        else {
            Issue.record("the token was refused")
            return
        }
        #expect(user.name == "system:serviceaccount:ns:robot")
        #expect(user.groups.contains("system:serviceaccounts:ns") && user.uid == "u1")
        #expect(stranger.authenticate(authorization: "Bearer \(token)", now: now, exists: exists) == .invalid)
        #expect(
            tokens.authenticate(authorization: "Bearer \(token)", now: now.addingTimeInterval(601), exists: exists)
                == .invalid)
        #expect(
            tokens.authenticate(authorization: "Bearer \(token)", now: now, exists: { _, _, _ in false }) == .invalid)
        var tampered = Array(token)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        #expect(tokens.authenticate(authorization: "Bearer \(String(tampered))", now: now, exists: exists) == .invalid)
        #expect(tokens.authenticate(authorization: "Bearer not.a.jwt", now: now, exists: exists) == .invalid)
    }
}
