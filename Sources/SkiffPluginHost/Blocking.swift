import Dispatch
import Synchronization

/// Runs async work from a plugin's thread and waits for it. Plugin threads are the host's own
/// (never the cooperative pool), so blocking one costs nothing the pool needs.
public enum Blocking {
    private final class Box<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    /// The work's result.
    public static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            let result = await work()
            box.value.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.value.withLock { $0! }
    }
}
