import SkiffPluginKit
import Synchronization

/// What the fake host saw.
final class HostLog: Sendable {
    private let state = Mutex<[String]>([])

    func record(_ entry: String) { state.withLock { $0.append(entry) } }
    var entries: [String] { state.withLock { $0 } }
}
