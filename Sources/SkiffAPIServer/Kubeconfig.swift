import Foundation

/// The kubeconfig file `skiff server` writes next to its data so kubectl can use it as is.
public enum Kubeconfig {
    /// The YAML text for a server at `url`, with a bearer token when one is given.
    public static func text(server url: String, name: String = "skiff", token: String? = nil) -> String {
        let user = token.map { "{token: \($0)}" } ?? "{}"
        return
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(name)
              cluster:
                server: \(url)
            contexts:
            - name: \(name)
              context:
                cluster: \(name)
                user: \(name)
                namespace: default
            current-context: \(name)
            users:
            - name: \(name)
              user: \(user)
            preferences: {}

            """
    }

    /// Writes the kubeconfig atomically (readable by its owner only when it holds a token).
    public static func write(server url: String, to path: String, token: String? = nil) throws {
        try text(server: url, token: token).write(toFile: path, atomically: true, encoding: .utf8)
        if token != nil { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path) }
    }
}
