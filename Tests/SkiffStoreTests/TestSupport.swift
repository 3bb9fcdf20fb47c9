import Foundation
import Logging
import Synchronization
import Testing

@testable import SkiffStore

/// Bytes of a string, for keys and values.
func k(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A directory of its own for one test, removed (with everything in it) when released.
final class ScratchDirectory: Sendable {
    let path: String

    init(_ label: String = "skiff") {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    /// The path of a file inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A logger that prints only warnings and worse, so test output stays readable.
let quietLogger: Logger = {
    var logger = Logger(label: "skiff.test")
    logger.logLevel = .warning
    return logger
}()

/// Options for tests: no automatic compaction, no fsync per commit (the tests never cut power).
func scratchStoreOptions(_ configure: (inout StoreOptions) -> Void = { _ in }) -> StoreOptions {
    var options = StoreOptions()
    options.automaticCompaction = false
    options.durability = .normal
    configure(&options)
    return options
}

/// Opens a store on `name` inside `directory`.
func openScratchStore(
    in directory: ScratchDirectory, name: String = "store.db", _ configure: (inout StoreOptions) -> Void = { _ in }
) throws -> Store {
    try Store.open(path: directory.file(name), options: scratchStoreOptions(configure), logger: quietLogger)
}

/// At most this many scratch stores are open at once. Swift Testing runs every case at once, so
/// without a bound some hundred stores (7 or 8 file descriptors each) are open together and, with
/// the other suites, the test process passes 1,024 descriptors, where Foundation's `Process.run`
/// has been seen to crash (a memcpy past a buffer while spawning curl).
let scratchStorePermits = AsyncPermits(24)

/// A counting semaphore for tasks: ``acquire()`` waits (without holding a thread) for a permit.
final class AsyncPermits: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ count: Int) {
        state = Mutex(State(available: count))
    }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}

/// Opens a store in a fresh scratch directory, runs `body`, then closes the store (also when `body`
/// throws) and removes the directory.
func withScratchStore<T>(
    _ configure: (inout StoreOptions) -> Void = { _ in },
    _ body: (Store) async throws -> T
) async throws -> T {
    await scratchStorePermits.acquire()
    defer { scratchStorePermits.release() }
    let directory = ScratchDirectory()
    let store = try openScratchStore(in: directory, configure)
    do {
        let result = try await body(store)
        await store.close()
        withExtendedLifetime(directory) {}
        return result
    } catch {
        await store.close()
        withExtendedLifetime(directory) {}
        throw error
    }
}

/// Responses a watch has delivered so far, shared between the task that reads the watch and the
/// test that waits on it.
final class WatchResponseLog: Sendable {
    private let state = Mutex<[WatchResponse]>([])

    init() {}

    var responses: [WatchResponse] { state.withLock { $0 } }

    /// The revision of the last response, or zero.
    var lastRevision: Revision { state.withLock { $0.last?.revision ?? .zero } }

    /// The events of every response, in order.
    var events: [WatchEvent] { state.withLock { $0.flatMap(\.events) } }

    func append(_ response: WatchResponse) { state.withLock { $0.append(response) } }
}

/// A watch did not deliver what was waited for in time.
struct WatchCollectionTimeout: Error, CustomStringConvertible {
    var timeout: Duration
    var collected: [WatchResponse]

    var description: String {
        "watch collection timed out after \(timeout) with \(collected.count) responses "
            + "(last revision \(collected.last?.revision ?? .zero))"
    }
}

/// Reads `stream` into `log` until `done(log)` holds (checked before every read), the stream ends,
/// or `timeout` passes (then throws ``WatchCollectionTimeout``). Errors of the stream are rethrown;
/// what was read before them stays in `log`.
///
/// A timeout cancels the read, and cancelling a read ends the watch: after a timeout the stream is
/// done.
func collectWatch(
    _ stream: WatchStream, into log: WatchResponseLog = WatchResponseLog(), timeout: Duration = .seconds(20),
    until done: @escaping @Sendable (WatchResponseLog) -> Bool
) async throws -> [WatchResponse] {
    let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            while !done(log) {
                guard let response = try await iterator.next() else { return true }
                log.append(response)
            }
            return true
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return false
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
    if !finished { throw WatchCollectionTimeout(timeout: timeout, collected: log.responses) }
    return log.responses
}

/// Reads `stream` until a response at or past `revision` arrived.
func collectWatch(
    _ stream: WatchStream, through revision: Revision, into log: WatchResponseLog = WatchResponseLog(),
    timeout: Duration = .seconds(20)
) async throws -> [WatchResponse] {
    try await collectWatch(stream, into: log, timeout: timeout) { $0.lastRevision >= revision }
}

/// Reads the next response of `stream`, or nil when none arrives within `timeout` (or the stream
/// ended). After a timeout the stream is done (see ``collectWatch(_:into:timeout:until:)``).
func nextWatchResponse(_ stream: WatchStream, timeout: Duration) async throws -> WatchResponse? {
    let log = WatchResponseLog()
    do {
        _ = try await collectWatch(stream, into: log, timeout: timeout) { !$0.responses.isEmpty }
    } catch is WatchCollectionTimeout {
        return nil
    }
    return log.responses.first
}

/// Reads `stream` until a progress notification at or past `revision` arrives, asking for one every
/// few milliseconds meanwhile (a watch that is still catching up ignores requests). The responses
/// may hold further progress notifications.
func collectWatchUntilProgress(
    _ stream: WatchStream, atLeast revision: Revision, into log: WatchResponseLog = WatchResponseLog(),
    timeout: Duration = .seconds(20)
) async throws -> [WatchResponse] {
    let requester = Task {
        while !Task.isCancelled {
            stream.requestProgress()
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
    defer { requester.cancel() }
    return try await collectWatch(stream, into: log, timeout: timeout) { log in
        log.responses.contains { $0.isProgressNotification && $0.revision >= revision }
    }
}

/// Runs `body`, throwing ``TestTimeout`` when it takes longer than `timeout`.
func withTestTimeout<T: Sendable>(
    _ timeout: Duration, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let first else { throw TestTimeout(timeout: timeout) }
        return first
    }
}

/// A step of a test took longer than it may.
struct TestTimeout: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "timed out after \(timeout)" }
}

/// The ``StoreError`` that `body` threw, nil when it did not throw; records an issue for any other
/// error.
func thrownStoreError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Expects `body` to throw a ``StoreError`` with `code`.
func expectStoreError(
    _ code: StoreError.Code, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    let error = await thrownStoreError(sourceLocation: sourceLocation, body)
    #expect(
        error?.code == code, "expected \(code), got \(error.map { "\($0)" } ?? "no error") \(comment())",
        sourceLocation: sourceLocation)
}

/// Waits until the store's revision reaches `revision`.
func waitForRevision(_ store: Store, atLeast revision: Revision, timeout: Duration = .seconds(20)) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while store.currentRevision < revision {
        if ContinuousClock.now >= deadline { throw TestTimeout(timeout: timeout) }
        try await Task.sleep(for: .milliseconds(1))
    }
}
