import SkiffPluginKit
import Synchronization

/// The agent's copy of the runtime's container records, kept current by the runtime's events and
/// by the answers of its calls; indexed by pod uid.
final class RuntimeView: Sendable {
    private struct State {
        var records: [String: ContainerRecord] = [:]
        var byPod: [String: Set<String>] = [:]
    }

    private let state = Mutex(State())

    /// Takes a record in; whether it changed anything.
    @discardableResult
    func apply(_ record: ContainerRecord) -> Bool {
        state.withLock { state in
            if let known = state.records[record.id] {
                if known == record { return false }
                // An exited container never runs again: an older answer cannot undo its exit.
                if known.state == .exited, record.state != .exited { return false }
            }
            state.records[record.id] = record
            state.byPod[record.podUID, default: []].insert(record.id)
            return true
        }
    }

    /// Drops a record the runtime forgot.
    func remove(_ id: String) {
        state.withLock { state in
            guard let record = state.records.removeValue(forKey: id) else { return }
            state.byPod[record.podUID]?.remove(id)
            if state.byPod[record.podUID]?.isEmpty == true { state.byPod[record.podUID] = nil }
        }
    }

    /// The records of a pod.
    func records(pod uid: String) -> [ContainerRecord] {
        state.withLock { state in (state.byPod[uid] ?? []).compactMap { state.records[$0] } }
    }

    /// One record.
    func record(_ id: String) -> ContainerRecord? { state.withLock { $0.records[id] } }

    /// Every record.
    var all: [ContainerRecord] { state.withLock { Array($0.records.values) } }

    /// The ids of every record.
    var ids: Set<String> { state.withLock { Set($0.records.keys) } }
}
