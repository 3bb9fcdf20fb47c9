import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffEtcdStore
import SkiffStore

/// What `skiff server`, `skiff store serve` and `skiff agent` do first: logging to standard
/// error at the chosen level, and (for the first two) the data directory and its store.
enum Startup {
    /// Logs to standard error at `level` (a name `--log-level` validated; info otherwise).
    static func bootstrapLogging(_ level: String) {
        let level = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Checks the flags the store's commands share.
    static func validate(durability: String, logLevel: String, historyWindow: String) throws {
        guard ["full", "normal"].contains(durability) else {
            throw ValidationError("--durability must be full or normal, not \"\(durability)\"")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard let window = try? Skiff.Server.seconds(historyWindow), window >= 1 else {
            throw ValidationError(
                "--history-window must be a duration of at least 1s (300, 10m, 1h30m), not \"\(historyWindow)\"")
        }
    }

    /// Creates `dataDir` if needed and opens `DATA-DIR/skiff.db` with a history window of
    /// `historyWindow` (validated by the command) and `durability` (`full` or `normal`).
    static func openStore(
        dataDir: String, historyWindow: String, durability: String
    ) throws -> (directory: URL, path: String, store: Store) {
        let directory = try makeDataDirectory(dataDir)
        var options = StoreOptions()
        options.historyWindow = .seconds((try? Skiff.Server.seconds(historyWindow)) ?? 300)
        options.durability = durability == "full" ? .full : .normal
        let path = directory.appendingPathComponent("skiff.db").path
        do {
            let store = try Store.open(path: path, options: options, logger: Logger(label: "skiff.store"))
            return (directory, path, store)
        } catch {
            throw ValidationError("cannot open \(path): \(error.message)")
        }
    }

    /// Creates `dataDir` if needed and opens the datastore: the etcd cluster of `etcd` when
    /// given (no database file then), else `DATA-DIR/skiff.db` as ``openStore(dataDir:historyWindow:durability:)``.
    static func openDatastore(
        dataDir: String, etcd: EtcdDatastoreConfiguration?, historyWindow: String, durability: String
    ) async throws -> (directory: URL, path: String?, store: any StorageBackend & Service) {
        guard let etcd else {
            let (directory, path, store) = try openStore(
                dataDir: dataDir, historyWindow: historyWindow, durability: durability)
            return (directory, path, store)
        }
        let directory = try makeDataDirectory(dataDir)
        do {
            return (directory, nil, try await EtcdDatastore.connect(etcd, logger: Logger(label: "skiff.etcd")))
        } catch {
            throw ValidationError("cannot use the etcd datastore: \(error.message)")
        }
    }

    /// `dataDir`, created if needed.
    private static func makeDataDirectory(_ dataDir: String) throws -> URL {
        let directory = URL(fileURLWithPath: dataDir, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the data directory \(dataDir): \(error.localizedDescription)")
        }
        return directory
    }

    /// Runs `services` until SIGTERM or SIGINT (or one of them ends the group), then closes
    /// `store`, also when a service failed.
    static func run(
        _ services: [ServiceGroupConfiguration.ServiceConfiguration], closing store: any StorageBackend,
        logger: Logger
    ) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
