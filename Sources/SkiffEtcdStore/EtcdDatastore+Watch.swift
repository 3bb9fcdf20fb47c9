import SkiffStore

/// Watches.
extension EtcdDatastore {
    /// Watches a key range on the cluster from a revision (nil: after the current one).
    ///
    /// - Throws: ``StoreError/Code/compacted`` when `from` is at or below the compacted revision
    ///   known here; a compaction this server has not heard of yet ends the stream with it instead.
    public func watch(
        _ range: KeyRange, from: Revision?, prevKV: Bool, progressNotify: Bool
    ) async throws(StoreError) -> WatchStream {
        guard !isClosed else { throw StoreError(.closed, "the etcd datastore is closed") }
        let start: Revision
        if let from { start = from } else { start = try await latestRevision().next }
        let compacted = compactRevision
        if start <= compacted { throw StoreError.compacted(compacted, requested: start) }
        let source = EtcdWatchSource(id: makeWatchID(), startRevision: start, bufferLimit: 100_000)
        source.start(on: self, range: range, prevKV: prevKV, progressNotify: progressNotify)
        logger.debug("watch started", metadata: ["watch.id": "\(source.id)", "watch.start": "\(start)"])
        return WatchStream(source: source)
    }
}
