/// Watches.
extension Store {
    /// Watches a key range from a revision.
    ///
    /// - Parameters:
    ///   - range: The keys to watch.
    ///   - from: The first revision to report; nil means "changes after now". A revision inside
    ///     the history window replays the changes since then before the live ones; one at or below
    ///     the compacted revision fails with ``StoreError/Code/compacted``.
    ///   - prevKV: Whether events carry the key's previous value.
    ///   - progressNotify: Whether to receive periodic progress notifications
    ///     (``StoreOptions/progressNotifyInterval``).
    /// - Returns: The stream of responses; see ``WatchStream`` for its guarantees.
    public func watch(
        _ range: KeyRange, from: Revision? = nil, prevKV: Bool = false, progressNotify: Bool = false
    ) async throws(StoreError) -> WatchStream {
        let start = from ?? currentRevision.next
        let compacted = compactRevision
        if start <= compacted { throw StoreError.compacted(compacted, requested: start) }
        let (watcher, beginning) = try hub.register(from: start) { id, catchingUp in
            Watcher(
                id: id, range: range, startRevision: start, prevKV: prevKV, progressNotify: progressNotify,
                limit: options.watcherBufferLimit, maxEventsPerResponse: options.maxEventsPerWatchResponse,
                catchingUp: catchingUp)
        }
        let stream = WatchStream(source: HubWatch(watcher: watcher, hub: hub))
        if case .needsHistory(let from, let through) = beginning {
            Task { await self.replay(watcher, from: from, through: through) }
        }
        logger.debug(
            "watch started",
            metadata: ["watch.id": "\(watcher.id)", "watch.range": "\(range)", "watch.start": "\(start)"])
        return stream
    }

    /// Feeds a catching-up watcher the log from `from` through `through`, page by page, each page
    /// in its own read transaction that first checks compaction has not overtaken it.
    private func replay(_ watcher: Watcher, from: Revision, through: Revision) async {
        var cursor = from
        let pageSize = max(256, options.maxEventsPerWatchResponse)
        while cursor <= through {
            let page = cursor
            let events: [WatchEvent]
            do {
                events = try await readers.read { db throws(StoreError) in
                    let compacted = try LogReader.compactRevision(db)
                    if page <= compacted { throw StoreError.compacted(compacted, requested: page) }
                    return try LogReader.changes(db, in: watcher.range, from: page, through: through, limit: pageSize)
                }
            } catch {
                hub.remove(watcher.id)
                watcher.finish(error)
                return
            }
            let done = events.count < pageSize
            watcher.deliverHistory(events, done: done)
            if done { return }
            cursor = events[events.count - 1].revision.next
        }
        watcher.deliverHistory([], done: true)
    }
}
