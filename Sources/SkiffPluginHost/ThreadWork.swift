import Foundation

/// Runs blocking work on a new thread of its own and awaits it, so plugin code never runs on
/// the cooperative pool.
public enum ThreadWork {
    /// The work's result, computed on a new thread named `name`.
    public static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: work())
            }
            thread.name = name
            thread.start()
        }
    }
}
