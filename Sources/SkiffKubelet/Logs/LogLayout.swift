import Foundation
import SkiffPluginKit

/// Where container logs live on the node, kubelet's layout:
/// `ROOT/pods/NAMESPACE_NAME_UID/CONTAINER/ATTEMPT.log` (rotated copies beside it as `.1` ... `.N`).
public struct LogLayout: Sendable {
    /// The agent's log root.
    public let root: String

    /// A layout under `root`.
    public init(root: String) {
        self.root = root
    }

    /// The directory of a pod's logs.
    public func directory(namespace: String, name: String, uid: String) -> String {
        "\(root)/pods/\(namespace)_\(name)_\(uid)"
    }

    /// The log file of one attempt of a container.
    public func path(namespace: String, pod: String, uid: String, container: String, attempt: Int) -> String {
        "\(directory(namespace: namespace, name: pod, uid: uid))/\(container)/\(attempt).log"
    }

    /// The log file of a record.
    public func path(of record: ContainerRecord) -> String {
        path(
            namespace: record.namespace, pod: record.pod, uid: record.podUID, container: record.container,
            attempt: record.attempt)
    }

    /// Removes a record's log files (rotated copies too).
    func remove(_ record: ContainerRecord) {
        let base = path(of: record)
        let manager = FileManager.default
        try? manager.removeItem(atPath: base)
        for index in 1...10 { try? manager.removeItem(atPath: "\(base).\(index)") }
    }

    /// Removes every log of a pod.
    func removePod(namespace: String, name: String, uid: String) {
        try? FileManager.default.removeItem(atPath: directory(namespace: namespace, name: name, uid: uid))
    }
}
