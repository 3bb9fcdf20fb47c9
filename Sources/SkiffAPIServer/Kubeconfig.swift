import Foundation

/// The kubeconfig file `skiff server` writes next to its data so kubectl can use it as is.
public enum Kubeconfig {
    /// The YAML text for a server at `url`.
    public static func text(server url: String, name: String = "skiff") -> String {
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
          user: {}
        preferences: {}

        """
    }

    /// Writes the kubeconfig atomically.
    public static func write(server url: String, to path: String) throws {
        try text(server: url).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
