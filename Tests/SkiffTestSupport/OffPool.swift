import Foundation

/// Runs blocking `body` (a child process, a pipe read, a `waitUntilExit`) on a thread of its own
/// and waits for it without holding one of the cooperative pool's threads: there are two on a
/// two-core machine, and one test blocking both stalls every other suite's async work (a socket
/// server in another test then times out waiting for its client).
///
/// `body` runs outside the test's task, so it should compute values, not record expectations.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
