import Dispatch

/// Everything a `WorkQueue` guards with its mutex, and the bookkeeping rules, as client-go's
/// `Typed` queue: `queue` holds the keys waiting in order, `dirty` every key that needs processing
/// (waiting, or processing and added again), `processing` the keys handed out and not yet done.
///
/// Methods never block; the ones that free a waiter return `Wakeup`s for the caller to perform after
/// releasing the lock.
struct WorkQueueState<Key: Hashable & Sendable> {
    /// A caller parked in `get()` (a thread on a semaphore) or `next()` (a task on a continuation).
    enum Waiter {
        case thread(id: Int, semaphore: DispatchSemaphore)
        case task(id: Int, continuation: CheckedContinuation<Key?, Never>)
    }

    /// A parked caller to wake, outside the lock.
    enum Wakeup: Sendable {
        case signal(DispatchSemaphore)
        case resume(CheckedContinuation<Key?, Never>, Key?)

        func perform() {
            switch self {
            case .signal(let semaphore): semaphore.signal()
            case .resume(let continuation, let key): continuation.resume(returning: key)
            }
        }
    }

    /// What a blocking `get()` does next.
    enum ThreadGet {
        case answer(Key?)
        case wait(id: Int, semaphore: DispatchSemaphore)
    }

    private var queue = FIFOBuffer<Key>()
    private var dirty: Set<Key> = []
    /// Keys handed out, with when.
    private var processing: [Key: ContinuousClock.Instant] = [:]
    /// Parked getters, oldest first. Invariant: only while `queue` is empty.
    private var waiters: [Waiter] = []
    /// Keys handed to parked threads, by waiter id, until the thread wakes and takes its key.
    private var deliveries: [Int: Key] = [:]
    /// Callers of `shutDownWithDrain()` waiting for the queue to empty.
    private var drainWaiters: [DispatchSemaphore] = []
    private var nextWaiterID = 0

    /// Keys waiting for an `addAfter` deadline.
    var delayed = DelayedKeys<Key>()
    /// The queue's one timer, created with the first delayed add.
    var timer: (any DispatchSourceTimer)?
    /// The deadline the timer is armed for, nil when it is not armed.
    var timerDeadline: ContinuousClock.Instant?

    private(set) var isShuttingDown = false
    /// Shut down by `shutDownWithDrain()`: waiting keys are still handed out.
    private var isDraining = false

    private var addsTotal = 0
    private var retriesTotal = 0
    private var processedTotal = 0
    private var totalProcessingTime = Duration.zero

    /// The number of keys waiting.
    var count: Int { queue.count }

    /// Marks `key` as needing processing: queued (or handed to a parked getter) unless it is already
    /// waiting, or, while it is processing, queued again when it is done.
    mutating func add(_ key: Key, now: ContinuousClock.Instant) -> [Wakeup] {
        guard !isShuttingDown, !dirty.contains(key) else { return [] }
        dirty.insert(key)
        addsTotal += 1
        guard processing[key] == nil else { return [] }
        return enqueue(key, now: now)
    }

    /// Adds `key` now when `delay` is not positive, otherwise makes it wait until `now + delay`
    /// (keeping an earlier deadline it already has).
    mutating func addAfter(_ key: Key, delay: Duration, now: ContinuousClock.Instant) -> [Wakeup] {
        guard !isShuttingDown else { return [] }
        guard delay > .zero else { return add(key, now: now) }
        delayed.insert(key, deadline: now + delay)
        return []
    }

    /// Counts one rate-limited add.
    mutating func countRetry() {
        if !isShuttingDown {
            retriesTotal += 1
        }
    }

    /// Adds the delayed keys whose deadline has come.
    mutating func addDue(now: ContinuousClock.Instant) -> [Wakeup] {
        var wakeups: [Wakeup] = []
        for key in delayed.popDue(at: now) {
            wakeups += add(key, now: now)
        }
        return wakeups
    }

    /// The next waiting key for a thread, nil when shut down, or a semaphore to wait on (the key, or
    /// nil, is then collected with `takeDelivery`).
    mutating func getOrPark(now: ContinuousClock.Instant) -> ThreadGet {
        if let key = take(now: now) {
            return .answer(key)
        }
        if isShuttingDown {
            return .answer(nil)
        }
        let id = makeWaiterID()
        let semaphore = DispatchSemaphore(value: 0)
        waiters.append(.thread(id: id, semaphore: semaphore))
        return .wait(id: id, semaphore: semaphore)
    }

    /// The key handed to parked thread `id`, nil if it was woken by shutdown.
    mutating func takeDelivery(_ id: Int) -> Key? {
        deliveries.removeValue(forKey: id)
    }

    /// A fresh waiter id.
    mutating func makeWaiterID() -> Int {
        nextWaiterID += 1
        return nextWaiterID
    }

    /// The next waiting key for task waiter `id`, or nil when shut down or cancelled, as a wakeup to
    /// perform at once; nil when the continuation was parked.
    mutating func nextOrPark(
        id: Int, continuation: CheckedContinuation<Key?, Never>, isCancelled: Bool, now: ContinuousClock.Instant
    ) -> Wakeup? {
        if isCancelled {
            return .resume(continuation, nil)
        }
        if let key = take(now: now) {
            return .resume(continuation, key)
        }
        if isShuttingDown {
            return .resume(continuation, nil)
        }
        waiters.append(.task(id: id, continuation: continuation))
        return nil
    }

    /// Unparks task waiter `id` with nil, if it is still parked.
    mutating func cancelWaiter(_ id: Int) -> Wakeup? {
        guard
            let index = waiters.firstIndex(where: {
                if case .task(id, _) = $0 { true } else { false }
            }),
            case .task(_, let continuation) = waiters.remove(at: index)
        else { return nil }
        return .resume(continuation, nil)
    }

    /// Ends the processing of `key`: queues it again if it was added meanwhile. Ignored for a key not
    /// processing.
    mutating func done(_ key: Key, now: ContinuousClock.Instant) -> [Wakeup] {
        guard let start = processing.removeValue(forKey: key) else { return [] }
        processedTotal += 1
        totalProcessingTime += start.duration(to: now)
        var wakeups: [Wakeup] = []
        if dirty.contains(key) {
            wakeups += enqueue(key, now: now)
        }
        if isDrained {
            wakeups += drainWaiters.map { .signal($0) }
            drainWaiters.removeAll()
        }
        return wakeups
    }

    /// Stops the queue: parked getters get nil, `get` answers nil from now on, adds are ignored,
    /// delayed keys are dropped and a pending drain stops waiting.
    mutating func shutDown() -> [Wakeup] {
        isDraining = false
        var wakeups = close()
        wakeups += drainWaiters.map { .signal($0) }
        drainWaiters.removeAll()
        return wakeups
    }

    /// Stops the queue like `shutDown()` except that `get` still hands out the waiting keys. Returns
    /// a semaphore to wait on until no key is waiting or processing, nil when that is already so
    /// (or the queue was already shut down without drain).
    mutating func shutDownWithDrain() -> (wakeups: [Wakeup], wait: DispatchSemaphore?) {
        if isShuttingDown && !isDraining {
            return ([], nil)
        }
        isDraining = true
        let wakeups = close()
        if isDrained {
            return (wakeups, nil)
        }
        let semaphore = DispatchSemaphore(value: 0)
        drainWaiters.append(semaphore)
        return (wakeups, semaphore)
    }

    /// The counters, as of `now`.
    func metrics(now: ContinuousClock.Instant) -> WorkQueueMetrics {
        WorkQueueMetrics(
            depth: queue.count,
            addsTotal: addsTotal,
            retriesTotal: retriesTotal,
            processing: processing.count,
            delayed: delayed.count,
            processedTotal: processedTotal,
            longestRunningProcessor: processing.values.map { $0.duration(to: now) }.max() ?? .zero,
            totalProcessingTime: totalProcessingTime
        )
    }

    private var isDrained: Bool { isDraining && queue.isEmpty && processing.isEmpty }

    private mutating func close() -> [Wakeup] {
        isShuttingDown = true
        delayed.removeAll()
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        // Parked getters only exist while nothing waits, so they all get nil, drain or not.
        let wakeups = waiters.map { waiter -> Wakeup in
            switch waiter {
            case .thread(_, let semaphore): .signal(semaphore)
            case .task(_, let continuation): .resume(continuation, nil)
            }
        }
        waiters.removeAll()
        return wakeups
    }

    /// Hands the front waiting key out.
    private mutating func take(now: ContinuousClock.Instant) -> Key? {
        guard !isShuttingDown || isDraining, let key = queue.popFirst() else { return nil }
        dirty.remove(key)
        processing[key] = now
        return key
    }

    /// Puts `key` at the back of the queue, or hands it straight to the oldest parked getter.
    private mutating func enqueue(_ key: Key, now: ContinuousClock.Instant) -> [Wakeup] {
        guard !waiters.isEmpty else {
            queue.append(key)
            return []
        }
        dirty.remove(key)
        processing[key] = now
        switch waiters.removeFirst() {
        case .thread(let id, let semaphore):
            deliveries[id] = key
            return [.signal(semaphore)]
        case .task(_, let continuation):
            return [.resume(continuation, key)]
        }
    }
}
