import Logging
import ServiceLifecycle
import SkiffAPI
import Synchronization

/// Shared informers: one per resource however many consumers ask, each with its reflector
/// running while the factory runs. A lifecycle `Service`: informers asked for before or after
/// ``run()`` starts are all started, and all stop when it is cancelled or shuts down.
public final class InformerFactory: ServiceLifecycle.Service, Sendable {
    /// The client the reflectors use.
    public let client: Client
    /// Whether reflectors try WatchList first.
    public let useWatchList: Bool
    private let logger: Logger
    private let informersByResource = Mutex<[APIResource: Informer]>([:])
    private let starts: AsyncStream<Informer>
    private let startContinuation: AsyncStream<Informer>.Continuation

    /// A factory over a client.
    public init(client: Client, useWatchList: Bool = true, logger: Logger = Logger(label: "skiff.informers")) {
        self.client = client
        self.useWatchList = useWatchList
        self.logger = logger
        (starts, startContinuation) = AsyncStream.makeStream()
    }

    /// The shared informer of a resource (created on first use; started when the factory runs).
    /// Indexes in `indexes` are added to it (an informer has the union of what its users asked).
    public func informer(for resource: APIResource, indexes: [String: IndexFunction] = [:]) -> Informer {
        let (informer, created) = informersByResource.withLock { informers -> (Informer, Bool) in
            if let existing = informers[resource] { return (existing, false) }
            let informer = Informer(resource: resource)
            informers[resource] = informer
            return (informer, true)
        }
        for (name, function) in indexes where !informer.indexer.hasIndex(name) {
            informer.indexer.addIndex(name, function)
        }
        if created { startContinuation.yield(informer) }
        return informer
    }

    /// Every informer created so far.
    public var informers: [Informer] { informersByResource.withLock { Array($0.values) } }

    /// Waits until every informer created so far has synced.
    public func waitForSync() async {
        for informer in informers { await informer.waitForSync() }
    }

    /// Runs the reflectors until cancelled or graceful shutdown.
    public func run() async throws {
        let client = self.client
        let useWatchList = self.useWatchList
        let logger = self.logger
        let starts = self.starts
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await informer in starts {
                    logger.debug("starting informer", metadata: ["resource": "\(informer.resource)"])
                    group.addTask {
                        let reflector = Reflector(
                            client: client, resource: informer.resource, useWatchList: useWatchList, sink: informer,
                            logger: logger)
                        await reflector.run()
                    }
                }
            }
        }
    }
}
