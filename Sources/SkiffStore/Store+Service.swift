import Logging
import ServiceLifecycle

/// The store's background work as a swift-service-lifecycle `Service`.
extension Store: Service {
    /// Runs until graceful shutdown or cancellation, then closes the store:
    /// - finishes a compaction that was interrupted,
    /// - every compaction interval, compacts to the revision that was current one interval
    ///   earlier (kube-apiserver's scheme), so ``StoreOptions/historyWindow`` of history is kept,
    /// - revokes expired leases every ``StoreOptions/leaseCheckInterval``,
    /// - sends progress notifications every ``StoreOptions/progressNotifyInterval``.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            if options.automaticCompaction {
                group.addTask { await self.compactionLoop() }
            }
            group.addTask { await self.every(self.options.leaseCheckInterval) { await self.expireLeases() } }
            group.addTask { await self.every(self.options.progressNotifyInterval) { self.hub.notifyProgress() } }
            group.addTask {
                // Wait for shutdown, then stop the loops.
                try? await gracefulShutdown()
            }
            await group.next()
            group.cancelAll()
        }
        await close()
    }

    private func every(_ interval: Duration, _ body: @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await body()
        }
    }

    private func compactionLoop() async {
        do {
            if await writer.compactionPending { try await finishCompaction() }
        } catch {
            logger.error("resuming compaction failed", metadata: ["store.error": "\(error)"])
        }
        let interval = options.compactionInterval ?? options.historyWindow
        var previous: Revision?
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let current = currentRevision
            defer { previous = current }
            guard let target = previous, target > compactRevision else { continue }
            do {
                try await compact(to: target)
                logger.info(
                    "compacted", metadata: ["store.compact.revision": "\(target)", "store.revision": "\(current)"])
            } catch {
                logger.warning("compaction failed", metadata: ["store.error": "\(error)"])
            }
        }
    }
}
