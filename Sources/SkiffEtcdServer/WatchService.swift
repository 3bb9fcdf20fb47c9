import GRPCCore
import Logging
import SkiffEtcdAPI
import SkiffStore

/// etcd's Watch service: one bidirectional stream carries any number of watches, created,
/// cancelled and asked for progress by the client's messages.
struct WatchService: EtcdWatch.SimpleServiceProtocol {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics
    let logger: Logger

    /// Serves one stream: reads the client's requests in order (so watches are created, and
    /// their `created` responses sent, in the order asked, which etcd's clients rely on) while each
    /// watch's events are sent by a task of its own. As in etcd, a client that closes its side
    /// still receives events until it cancels the call; a broken stream ends its watches.
    func watch(
        request: RPCAsyncSequence<EtcdWatchRequest, any Error>,
        response: RPCWriter<EtcdWatchResponse>,
        context: ServerContext
    ) async throws {
        metrics.watchStreams.add(1, ordering: .relaxed)
        defer { metrics.watchStreams.subtract(1, ordering: .relaxed) }
        let outbox = WatchOutbox()
        let session = WatchSession(store: store, identity: identity, metrics: metrics, outbox: outbox)
        defer {
            session.cancelAll()
            outbox.close()
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await outbox.run(response) }
            for try await message in request {
                switch message.requestUnion {
                case .createRequest(let create):
                    if let watch = try await session.create(create) {
                        group.addTask { try await session.pump(watch) }
                    }
                case .cancelRequest(let cancel):
                    try await session.cancel(cancel.watchID)
                case .progressRequest:
                    try await session.requestProgress()
                case nil:
                    continue
                }
            }
        }
        logger.debug("etcd watch stream closed", metadata: ["etcd.peer": "\(context.remotePeer)"])
    }
}
