import SkiffPluginKit
import Synchronization

/// Reason texts known before any cycle (a node taint's message), with ids that stay valid across
/// cycles, so Filter reports them without interning.
final class ReasonRegistry: Sendable {
    private struct Table {
        var ids: [String: UInt32] = [:]
        var texts: [String] = []
    }

    private let table = Mutex(Table())

    /// The id of `text`, registering it on first use.
    func register(_ text: String) -> UInt32 {
        table.withLock { table in
            if let id = table.ids[text] { return id }
            let id = Reason.firstRegisteredID + UInt32(table.texts.count)
            table.ids[text] = id
            table.texts.append(text)
            return id
        }
    }

    /// The text of a registered id ("" when unknown).
    func text(_ id: UInt32) -> String {
        table.withLock { table in
            let index = Int(id - Reason.firstRegisteredID)
            return index < table.texts.count ? table.texts[index] : ""
        }
    }
}
