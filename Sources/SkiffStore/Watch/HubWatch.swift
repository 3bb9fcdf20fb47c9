/// The store's own watches: a ``Watcher`` registered with the store's ``WatchHub``.
struct HubWatch: WatchSource {
    let watcher: Watcher
    let hub: WatchHub

    var id: Int { watcher.id }

    var startRevision: Revision { watcher.startRevision }

    func next() async throws -> WatchResponse? {
        let response = try await watcher.next()
        // Ended: by cancel() (already removed) or by cancelling the consuming task, which the
        // watcher handles without knowing the hub; drop it now rather than at the next commit.
        if response == nil { hub.remove(watcher.id) }
        return response
    }

    func requestProgress() { hub.requestProgress(watcher) }

    func cancel() {
        hub.remove(watcher.id)
        watcher.finish(nil, immediately: true)
    }
}
