import Dispatch
import Synchronization

/// client-go's rate-limiting work queue: a FIFO of keys to process where a key is never waiting
/// twice and never processed by two workers at once.
///
/// Workers loop on `get()` (or `next()` from async code), process the key, then call `done(key)`;
/// on failure `addRateLimited(key)`, on success `forget(key)`. Adding a key that is processing marks
/// it dirty: it is queued again when `done` is called, so the latest add is always processed after
/// it happened. Delayed adds wait on one timer per queue. All methods are safe from any thread.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    /// A name for logs and metrics.
    public let name: String
    /// The limiter `addRateLimited`, `forget` and `retries` use.
    public let rateLimiter: any RateLimiter<Key>
    private let state = Mutex(WorkQueueState<Key>())
    /// Where the timer fires.
    private let timerQueue: DispatchQueue

    /// An empty queue called `name`, delaying rate-limited adds with `rateLimiter`.
    public init(name: String, rateLimiter: any RateLimiter<Key> = DefaultRateLimiter<Key>()) {
        self.name = name
        self.rateLimiter = rateLimiter
        self.timerQueue = DispatchQueue(label: "skiff.workqueue.\(name)")
    }

    deinit {
        state.withLock { state in
            state.timer?.cancel()
            state.timer = nil
        }
    }

    /// Marks `key` for processing. A key already waiting is not added twice; a key being processed is
    /// queued again only when `done(key)` is called. Ignored after shutdown.
    public func add(_ key: Key) {
        let wakeups = state.withLock { $0.add(key, now: .now) }
        perform(wakeups)
    }

    /// Adds `key` once `delay` has passed; at once when `delay` is zero or negative. Several delayed
    /// adds of one key keep the earliest deadline. Ignored after shutdown.
    public func addAfter(_ key: Key, delay: Duration) {
        let wakeups = state.withLock { state in
            let now = ContinuousClock.now
            let wakeups = state.addAfter(key, delay: delay, now: now)
            armTimer(&state, now: now)
            return wakeups
        }
        perform(wakeups)
    }

    /// Adds `key` after the delay the rate limiter gives it (`addAfter(key, rateLimiter.when(key))`)
    /// and counts a retry. Ignored after shutdown.
    public func addRateLimited(_ key: Key) {
        guard !isShuttingDown else { return }
        let delay = rateLimiter.when(key)
        let wakeups = state.withLock { state in
            let now = ContinuousClock.now
            state.countRetry()
            let wakeups = state.addAfter(key, delay: delay, now: now)
            armTimer(&state, now: now)
            return wakeups
        }
        perform(wakeups)
    }

    /// Resets the failure count of `key` in the rate limiter; call it when `key` was processed
    /// successfully. It does not remove a pending add.
    public func forget(_ key: Key) {
        rateLimiter.forget(key)
    }

    /// How many failures of `key` the rate limiter is tracking.
    public func retries(_ key: Key) -> Int {
        rateLimiter.retries(key)
    }

    /// Blocks the calling thread until a key is waiting and hands it out; the key is then processing
    /// until `done(key)`, and no other caller gets it meanwhile. Returns nil once the queue is shut
    /// down (after `shutDownWithDrain()`, once no key is waiting). Waiting callers are served oldest
    /// first. Do not call it on a Swift concurrency thread: use `next()`.
    public func get() -> Key? {
        switch state.withLock({ $0.getOrPark(now: .now) }) {
        case .answer(let key):
            return key
        case .wait(let id, let semaphore):
            semaphore.wait()
            return state.withLock { $0.takeDelivery(id) }
        }
    }

    /// `get()` for async code: suspends, without blocking a thread, until a key is waiting. Returns
    /// nil once the queue is shut down, or when the task is cancelled (then no key is handed out).
    public func next() async -> Key? {
        let id = state.withLock { $0.makeWaiterID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                // Task.isCancelled is read under the lock, so a cancellation that misses the parked
                // waiter is seen here.
                let wakeup = state.withLock {
                    $0.nextOrPark(id: id, continuation: continuation, isCancelled: Task.isCancelled, now: .now)
                }
                wakeup?.perform()
            }
        } onCancel: {
            state.withLock { $0.cancelWaiter(id) }?.perform()
        }
    }

    /// Ends the processing of `key` handed out by `get()`/`next()`; if it was added meanwhile it is
    /// queued again. Ignored for a key not processing.
    public func done(_ key: Key) {
        let wakeups = state.withLock { $0.done(key, now: .now) }
        perform(wakeups)
    }

    /// Shuts the queue down: blocked `get()`s and `next()`s return nil, as do later ones; adds are
    /// ignored; delayed adds are dropped; a pending `shutDownWithDrain()` returns.
    public func shutDown() {
        perform(state.withLock { $0.shutDown() })
    }

    /// Shuts the queue down like `shutDown()` but keeps handing out the keys already waiting, and
    /// blocks the calling thread until no key is waiting or processing (or `shutDown()` is called).
    /// Workers must keep calling `get()`/`next()` and `done` for it to return.
    public func shutDownWithDrain() {
        let (wakeups, wait) = state.withLock { $0.shutDownWithDrain() }
        perform(wakeups)
        wait?.wait()
    }

    /// The number of keys waiting to be handed out (not processing, not delayed).
    public var count: Int {
        state.withLock { $0.count }
    }

    /// Whether `shutDown()` or `shutDownWithDrain()` was called.
    public var isShuttingDown: Bool {
        state.withLock { $0.isShuttingDown }
    }

    /// A snapshot of the queue's counters.
    public var metrics: WorkQueueMetrics {
        state.withLock { $0.metrics(now: .now) }
    }

    private func perform(_ wakeups: [WorkQueueState<Key>.Wakeup]) {
        for wakeup in wakeups {
            wakeup.perform()
        }
    }

    /// Arms the timer for the earliest delayed key, unless it is armed for that time or earlier.
    private func armTimer(_ state: inout WorkQueueState<Key>, now: ContinuousClock.Instant) {
        guard !state.isShuttingDown, let deadline = state.delayed.earliestDeadline() else { return }
        if let armed = state.timerDeadline, armed <= deadline {
            return
        }
        let timer = state.timer ?? makeTimer()
        state.timer = timer
        state.timerDeadline = deadline
        timer.schedule(deadline: .now() + Self.interval(now.duration(to: deadline)), leeway: .milliseconds(1))
    }

    private func makeTimer() -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: timerQueue)
        timer.setEventHandler { [weak self] in
            self?.timerFired()
        }
        timer.activate()
        return timer
    }

    /// Adds the delayed keys that are due and arms the timer for the next one.
    private func timerFired() {
        let wakeups = state.withLock { state in
            let now = ContinuousClock.now
            state.timerDeadline = nil
            let wakeups = state.addDue(now: now)
            armTimer(&state, now: now)
            return wakeups
        }
        perform(wakeups)
    }

    private static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return .nanoseconds(0) }
        guard seconds < 1 << 32 else { return .seconds(1 << 32) }
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
