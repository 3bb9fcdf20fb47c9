import Foundation
import Logging
import Testing

@testable import SkiffStore

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Bytes of a string.
func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// Opens a store in a fresh temporary directory, runs `body`, closes the store.
func withFixtureStore<T>(
    _ configure: (inout StoreOptions) -> Void = { _ in },
    _ body: (Store, String) async throws -> T
) async throws -> T {
    let directory = TemporaryDirectory()
    var options = StoreOptions()
    options.automaticCompaction = false
    configure(&options)
    let path = directory.file("store.db")
    let store = try Store.open(path: path, options: options, logger: quietLogger)
    do {
        let result = try await body(store, path)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}

/// Runs `body` and returns the StoreError code it threw, or nil when it did not throw.
func storeErrorCode(_ body: () async throws -> Void) async -> StoreError.Code? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error.code
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A logger that prints only warnings and worse, so test output stays readable.
let quietLogger: Logger = {
    var logger = Logger(label: "skiff.test")
    logger.logLevel = .warning
    return logger
}()
