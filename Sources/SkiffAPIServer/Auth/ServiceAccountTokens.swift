import Crypto
import Foundation
import SkiffAPI

/// ServiceAccount tokens: JWTs (ES256) that the server signs for the TokenRequest API
/// (`kubectl create token NAME`) and accepts as bearer tokens. A token names its ServiceAccount
/// by namespace, name and uid, so it stops working when that ServiceAccount is deleted, even if
/// one of the same name is made again, as Kubernetes' bound tokens do. The user is
/// `system:serviceaccount:NS:NAME` in the groups `system:serviceaccounts` and
/// `system:serviceaccounts:NS`.
public final class ServiceAccountTokens: Sendable {
    /// The `iss` claim of every token.
    public static let issuer = "https://kubernetes.default.svc.cluster.local"
    /// The audience tokens carry unless the request names others.
    public static let defaultAudience = "https://kubernetes.default.svc.cluster.local"

    private let key: P256.Signing.PrivateKey

    /// Tokens signed with the key in `keyFile`, made there when missing.
    public init(keyFile: URL) throws(ClusterPKI.PKIError) {
        if let pem = try? String(contentsOf: keyFile, encoding: .utf8) {
            do {
                key = try P256.Signing.PrivateKey(pemRepresentation: pem)
            } catch {
                throw ClusterPKI.PKIError(description: "cannot read the ServiceAccount key \(keyFile.path): \(error)")
            }
        } else {
            key = P256.Signing.PrivateKey()
            guard
                FileManager.default.createFile(
                    atPath: keyFile.path, contents: Data(key.pemRepresentation.utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw ClusterPKI.PKIError(description: "cannot write the ServiceAccount key \(keyFile.path)")
            }
        }
    }

    /// A signed token for the ServiceAccount, valid from `now` for `lifetime` seconds.
    public func issue(
        namespace: String, name: String, uid: String, audiences: [String], lifetime: Int64, now: Date = Date()
    ) -> (token: String, expires: Date) {
        let issued = Int64(now.timeIntervalSince1970)
        let expires = issued + lifetime
        let claims: JSONValue = [
            "iss": .string(Self.issuer),
            "sub": .string("system:serviceaccount:\(namespace):\(name)"),
            "aud": .array(audiences.map { .string($0) }),
            "iat": .int(issued), "nbf": .int(issued), "exp": .int(expires),
            "kubernetes.io": [
                "namespace": .string(namespace),
                "serviceaccount": ["name": .string(name), "uid": .string(uid)],
            ],
        ]
        let header: JSONValue = ["alg": "ES256", "typ": "JWT"]
        let signingInput = Self.base64URL(header.serialized()) + "." + Self.base64URL(claims.serialized())
        let signature = (try? key.signature(for: Data(signingInput.utf8)).rawRepresentation) ?? Data()
        return (signingInput + "." + Self.base64URL(Array(signature)), Date(timeIntervalSince1970: Double(expires)))
    }

    /// The user of an `Authorization: Bearer` header holding one of these tokens; `.invalid`
    /// for a JWT this server did not sign, one expired, or one whose ServiceAccount `exists`
    /// (namespace, name, uid) says is gone.
    public func authenticate(
        authorization header: String, now: Date = Date(),
        exists: (_ namespace: String, _ name: String, _ uid: String) -> Bool
    ) -> TokenAuthenticator.Outcome {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalid }
        let segments = parts[1].trimmingCharacters(in: .whitespaces).split(
            separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let headerBytes = Self.decode(segments[0]),
            let header = try? JSONParser.parse(headerBytes), header["alg"]?.stringValue == "ES256",
            let payload = Self.decode(segments[1]), let claims = try? JSONParser.parse(payload),
            let signatureBytes = Self.decode(segments[2]),
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes)
        else { return .invalid }
        let signingInput = Data("\(segments[0]).\(segments[1])".utf8)
        guard key.publicKey.isValidSignature(signature, for: signingInput),
            claims["iss"]?.stringValue == Self.issuer,
            let expires = claims["exp"]?.intValue, Double(expires) > now.timeIntervalSince1970,
            Double(claims["nbf"]?.intValue ?? 0) <= now.timeIntervalSince1970 + 60,
            let binding = claims["kubernetes.io"], let namespace = binding["namespace"]?.stringValue,
            let name = binding["serviceaccount"]?["name"]?.stringValue,
            let uid = binding["serviceaccount"]?["uid"]?.stringValue,
            exists(namespace, name, uid)
        else { return .invalid }
        return .user(
            UserInfo(
                name: "system:serviceaccount:\(namespace):\(name)",
                groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"],
                uid: uid))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ segment: Substring) -> [UInt8]? {
        var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text).map { Array($0) }
    }
}
