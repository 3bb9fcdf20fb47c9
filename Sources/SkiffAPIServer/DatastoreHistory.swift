import Foundation
import SkiffAPI
import SkiffHistory
import SkiffStore

/// The history queries answered from a datastore without a database file (an etcd cluster):
/// objects by reads at a revision, changes by a watch from a revision over every key (each
/// revision then shows up as an event, so the walk knows when it has reached the last one), times
/// from the server's ``RevisionClock``. The answers have the same shapes as ``History``'s, so
/// `skiff history --server` prints the same tables either way.
final class DatastoreHistory: Sendable {
    let store: any StorageBackend
    let clock: RevisionClock

    init(store: any StorageBackend, clock: RevisionClock) {
        self.store = store
        self.clock = clock
    }

    /// The timeline of `key` inside the history window.
    func timeline(_ key: String) async throws(HistoryFailure) -> [History.TimelineEntry] {
        var entries: [HistoryEntry] = []
        let bytes = Array(key.utf8)
        try await changes(from: nil, through: nil, range: .key(bytes)) { entry in
            entries.append(entry)
            return true
        }
        guard !entries.isEmpty else {
            let window = try await window()
            throw HistoryFailure(
                "no such object: \(key) has no change inside the history window (revisions \(window.oldestRevision) to "
                    + "\(window.currentRevision)\(window.oldestTime.map { ", since \(TimeSpec.absolute($0))" } ?? ""))",
                reason: .notFound)
        }
        return History.timeline(of: entries)
    }

    /// The key-values of `target` at `revision` (nil: the current one), and that revision.
    func objects(_ target: HistoryTarget, at revision: Int64?) async throws(HistoryFailure) -> (Int64, [KeyValue]) {
        let range: KeyRange
        switch target {
        case .key(let key): range = .key(key)
        case .prefix(let prefix): range = .prefix(prefix)
        }
        let response = try await wrap { () async throws(StoreError) in
            try await store.range(RangeRequest(range, revision: revision.map { Revision($0) }))
        }
        return (revision ?? response.revision.rawValue, response.kvs)
    }

    /// The newest revision this server saw at or before `date`.
    func revision(at date: Date) async throws(HistoryFailure) -> Int64 {
        if let revision = clock.revision(atOrBefore: TimeSpec.unixNanoseconds(date)) { return revision }
        let window = try await window()
        throw HistoryFailure(
            "nothing is inspectable at \(TimeSpec.absolute(date)): the oldest revision still available is "
                + "\(window.oldestRevision)\(window.oldestTime.map { " (\(TimeSpec.absolute($0)))" } ?? "")",
            reason: .compacted)
    }

    /// The history window and the current revision.
    func window() async throws(HistoryFailure) -> HistoryWindow {
        let current = try await wrap { () async throws(StoreError) in try await store.latestRevision() }.rawValue
        let compacted = store.compactRevision.rawValue
        // etcd's compacted revision is still readable (it is at least 1, etcd's empty start).
        let oldest = current == 0 ? 0 : max(1, compacted)
        return HistoryWindow(
            oldestRevision: oldest,
            oldestTime: clock.time(of: max(oldest, clock.oldest?.revision ?? oldest)).map(History.date),
            currentRevision: current, compactRevision: compacted)
    }

    /// What the datastore holds: live keys counted, revisions in the window as its log rows; a
    /// cluster's file sizes are its own (`etcdctl endpoint status`), reported as 0.
    func statistics() async throws(HistoryFailure) -> HistoryStatistics {
        let window = try await window()
        let live = try await wrap { () async throws(StoreError) in
            try await store.range(RangeRequest(.all, countOnly: true))
        }
        return HistoryStatistics(
            ReaderStatistics(
                currentRevision: Revision(window.currentRevision), compactRevision: Revision(window.compactRevision),
                liveKeys: Int64(live.count), logRows: window.currentRevision - window.compactRevision, databaseBytes: 0,
                walBytes: 0, oldestRevision: Revision(window.oldestRevision),
                oldestCommitTime: window.oldestTime.map { Int64($0.timeIntervalSince1970 * 1e9) }))
    }

    /// Calls `body` with each change in `range` from `from` (default: the oldest revision in the
    /// window) through `through` (default: the current revision), in revision order, until it
    /// returns false.
    func changes(
        from: Int64?, through: Int64?, range: KeyRange, _ body: (HistoryEntry) throws -> Bool
    ) async throws(HistoryFailure) {
        let last = try await wrap { () async throws(StoreError) in try await store.latestRevision() }.rawValue
        let end = min(through ?? last, last)
        let start = from ?? (store.compactRevision.rawValue + 1)
        guard start <= end else { return }
        do {
            let watch = try await store.watch(.all, from: Revision(start), prevKV: false, progressNotify: false)
            defer { watch.cancel() }
            for try await response in watch {
                for event in response.events where event.revision.rawValue <= end && range.contains(event.kv.key) {
                    let entry = HistoryEntry(
                        key: event.kv.key, revision: event.revision,
                        commitTime: clock.time(of: event.revision.rawValue) ?? 0, kind: event.kind,
                        version: event.kind == .delete ? 0 : event.kv.version, createRevision: event.kv.createRevision,
                        lease: event.kv.lease, value: event.kv.value)
                    guard try body(entry) else { return }
                }
                if response.revision.rawValue >= end { return }
            }
        } catch let error as HistoryFailure {
            throw error
        } catch let error as StoreError {
            throw await failure(error)
        } catch {
            throw HistoryFailure("\(error)")
        }
    }

    /// Runs `body`, its store errors as the messages ``History`` gives.
    private func wrap<T>(_ body: () async throws(StoreError) -> T) async throws(HistoryFailure) -> T {
        do {
            return try await body()
        } catch {
            throw await failure(error)
        }
    }

    private func failure(_ error: StoreError) async -> HistoryFailure {
        if error.code == .compacted {
            let oldest = store.compactRevision.rawValue
            return HistoryFailure(
                "that revision is compacted; the oldest revision still available is \(oldest)", reason: .compacted)
        }
        if error.code == .futureRevision {
            return HistoryFailure(
                "that revision is in the future: the current revision is \(store.currentRevision.rawValue)",
                reason: .future)
        }
        return HistoryFailure(error.message)
    }
}
