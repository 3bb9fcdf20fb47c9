import SkiffPluginKit

/// Reason texts interned during one cycle (those built for a node during Filter).
struct ReasonTable: Sendable {
    private var ids: [String: UInt32] = [:]
    private var texts: [String] = []

    mutating func intern(_ text: String) -> UInt32 {
        if let id = ids[text] { return id }
        let id = Reason.firstCycleID + UInt32(texts.count)
        ids[text] = id
        texts.append(text)
        return id
    }

    func text(_ id: UInt32) -> String {
        let index = Int(id - Reason.firstCycleID)
        return index < texts.count ? texts[index] : ""
    }
}
