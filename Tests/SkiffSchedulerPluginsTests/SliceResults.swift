import SkiffPluginKit
import Synchronization

/// Results written by concurrent slices.
final class SliceResults: Sendable {
    private let storage: Mutex<[String]>

    init(count: Int) { storage = Mutex(Array(repeating: "", count: count)) }

    func store(_ range: Range<Int>, _ values: [String]) {
        storage.withLock { $0.replaceSubrange(range, with: values) }
    }

    var values: [String] { storage.withLock { $0 } }
}
