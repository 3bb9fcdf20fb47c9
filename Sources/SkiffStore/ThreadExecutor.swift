import Foundation

/// A serial executor that runs its jobs on one dedicated thread, so that an actor using it may do
/// blocking work (SQLite statements, fsync) without holding a thread of the cooperative pool.
///
/// When the thread has run every job it was given and no new job is waiting, it calls
/// ``onDrained`` on the same thread. The store's writer uses that moment to commit everything
/// submitted so far as one transaction: group commit falls out of the executor's queue.
final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var drainedCallback: (@Sendable () -> Void)?
    // Written once by the thread before any job runs.
    private var thread: pthread_t?
    private let name: String
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread.
    init(name: String) {
        self.name = name
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            self.thread = pthread_self()
            ready.signal()
            self.loop()
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
        ready.wait()
    }

    /// Sets the callback run on the executor's thread whenever its queue drains.
    func onDrained(_ callback: @escaping @Sendable () -> Void) {
        condition.lock()
        drainedCallback = callback
        condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Lets `assumeIsolated` succeed on this executor's thread outside of a job (in the drained
    /// callback).
    func checkIsolated() {
        precondition(isCurrent, "expected to run on the \(name) thread")
    }

    /// Whether the calling thread is this executor's thread.
    var isCurrent: Bool { thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false }

    /// Stops the thread after the jobs already queued have run; `wait` blocks until it has.
    func shutdown(wait: Bool = true) {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        if wait && !isCurrent { finished.wait() }
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                break
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
            batch.removeAll(keepingCapacity: true)
            condition.lock()
            let drained = jobs.isEmpty
            let callback = drainedCallback
            condition.unlock()
            if drained { callback?() }
        }
        finished.signal()
    }
}
