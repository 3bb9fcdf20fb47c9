import Foundation
import Logging
import SkiffAPIServer
import SkiffClient
import SkiffStore
import Synchronization

/// A store and an API server in the benchmark's own process (durability normal, port 0), with
/// a client straight into the server's handlers; quiet logs.
struct InProcessCluster {
    let store: Store
    let server: APIServer
    let client: Client
    let logger: Logger
    /// The HTTP port once the server listens (0 before).
    let port: PortBox

    /// Where the listening port is kept.
    final class PortBox: Sendable {
        let value = Atomic<Int>(0)
    }

    init(directory: URL) throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var storeOptions = StoreOptions()
        storeOptions.durability = .normal
        store = try Store.open(
            path: directory.appendingPathComponent("skiff.db").path, options: storeOptions, logger: logger)
        var options = APIServerOptions()
        options.port = 0
        let port = PortBox()
        server = APIServer(store: store, options: options, logger: logger) { _, bound in
            port.value.store(bound, ordering: .releasing)
        }
        self.port = port
        client = Client(transport: server.localTransport)
        self.logger = logger
    }
}
