import Foundation
import Synchronization
import Testing

@testable import SkiffClient

/// The work queue (dedup, dirty keys, exclusive hand-out, delayed adds, shutdown, metrics) and its
/// rate limiters. Timing checks are lower bounds or generous timeouts, never tight windows.
@Suite("Work queue", .serialized)
struct WorkQueueTests {
    // MARK: Dedup and dirty keys

    @Test("a key waiting is not added twice")
    func dedupOfAdd() {
        let queue = WorkQueue<String>(name: "dedup")
        defer { queue.shutDown() }
        for key in ["a", "b", "a", "a", "b", "c"] {
            queue.add(key)
        }
        #expect(queue.count == 3)
        #expect(queue.metrics.addsTotal == 3)
        var handedOut: [String] = []
        while queue.count > 0, let key = queue.get() {
            handedOut.append(key)
        }
        #expect(handedOut == ["a", "b", "c"])
    }

    @Test("a key processing and added again is handed out again only after done")
    func dirtyKeyWaitsForDone() async {
        let queue = WorkQueue<String>(name: "dirty")
        defer { queue.shutDown() }
        queue.add("a")
        #expect(queue.get() == "a")
        queue.add("a")
        queue.add("a")
        #expect(queue.count == 0, "a key processing must not be queued")
        #expect(queue.metrics.addsTotal == 2, "the second add while dirty is a duplicate")

        let getter = Background.thread { queue.get() }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!getter.isFinished, "a key processing must not be handed to a second caller")

        queue.done("a")
        #expect(await getter.value(within: .seconds(5)) == .some("a"))
        #expect(queue.count == 0)
        queue.done("a")
        #expect(queue.count == 0, "done without a new add does not queue the key again")
        #expect(queue.metrics.processing == 0)
    }

    @Test("several workers never hold the same key at once, and every add is processed after it happened")
    func exclusiveHandOutUnderStress() async {
        let queue = WorkQueue<Int>(name: "stress")
        let keys = 16
        let ledger = Shared(Ledger(keys: keys))

        @Sendable func process(_ key: Int) {
            ledger.withLock { ledger in
                if ledger.inFlight[key] != 0 {
                    ledger.violations += 1
                }
                ledger.inFlight[key] += 1
                ledger.seen[key] = ledger.versions[key]
                ledger.processed += 1
            }
            if key % 3 == 0 {
                Thread.sleep(forTimeInterval: 0.000_05)
            }
            ledger.withLock { $0.inFlight[key] -= 1 }
            queue.done(key)
        }

        let threadWorkers = (0..<3).map { _ in
            Background.thread {
                while let key = queue.get() {
                    process(key)
                }
                return true
            }
        }
        let taskWorkers = (0..<2).map { _ in
            Background.task {
                while let key = await queue.next() {
                    process(key)
                }
                return true
            }
        }
        let producers = (0..<2).map { producer in
            Background.thread {
                for index in 0..<4000 {
                    let key = (index * 7 + producer) % keys
                    ledger.withLock { $0.versions[key] += 1 }
                    queue.add(key)
                }
                return true
            }
        }

        for producer in producers {
            #expect(await producer.value(within: .seconds(60)) == true)
        }
        let idle = await eventually(within: .seconds(30)) {
            let metrics = queue.metrics
            return metrics.depth == 0 && metrics.processing == 0
        }
        #expect(idle)
        queue.shutDown()
        for worker in threadWorkers + taskWorkers {
            #expect(await worker.value(within: .seconds(10)) == true)
        }

        let final = ledger.withLock { $0 }
        #expect(final.violations == 0, "a key was handed to two workers at once")
        #expect(final.seen == final.versions, "a key's last add was not processed after it happened")
        #expect(final.processed > 0)
        #expect(queue.metrics.processedTotal == final.processed)
        #expect(queue.metrics.addsTotal >= final.processed)
    }

    // MARK: Delayed adds

    @Test("delayed keys come out in deadline order, never early")
    func addAfterOrdering() async {
        let queue = WorkQueue<String>(name: "ordering")
        defer { queue.shutDown() }
        let start = ContinuousClock.now
        queue.addAfter("third", delay: .milliseconds(100))
        queue.addAfter("first", delay: .milliseconds(20))
        queue.addAfter("second", delay: .milliseconds(60))

        var order: [String] = []
        for _ in 0..<3 {
            guard let key = await get(from: queue, within: .seconds(10)) else { break }
            order.append(key)
            queue.done(key)
        }
        #expect(order == ["first", "second", "third"])
        #expect(start.duration(to: .now) >= .milliseconds(100), "a delayed key came out before its deadline")
        #expect(queue.metrics.delayed == 0)
    }

    /// Two delayed adds of one key.
    struct TwoDelays: Sendable, CustomTestStringConvertible {
        var first: Duration
        var second: Duration
        var testDescription: String { "\(first) then \(second)" }
    }

    @Test(
        "several delayed adds of one key keep the earliest deadline",
        arguments: [
            TwoDelays(first: .seconds(30), second: .milliseconds(40)),
            TwoDelays(first: .milliseconds(40), second: .seconds(30)),
            TwoDelays(first: .milliseconds(40), second: .milliseconds(40)),
        ])
    func addAfterKeepsEarliestDeadline(delays: TwoDelays) async {
        let queue = WorkQueue<String>(name: "earliest")
        defer { queue.shutDown() }
        queue.addAfter("k", delay: delays.first)
        queue.addAfter("k", delay: delays.second)
        #expect(await get(from: queue, within: .seconds(10)) == "k", "the earlier deadline was not kept")
        queue.done("k")
        #expect(queue.metrics.delayed == 0, "the later deadline must not be kept as well")
        try? await Task.sleep(for: .milliseconds(100))
        #expect(queue.count == 0, "the key came out twice")
        #expect(queue.metrics.addsTotal == 1)
    }

    @Test("a delay of zero or less adds at once", arguments: [Duration.zero, .milliseconds(-5), .seconds(-100)])
    func addAfterNonPositiveDelay(delay: Duration) {
        let queue = WorkQueue<String>(name: "now")
        defer { queue.shutDown() }
        queue.addAfter("k", delay: delay)
        #expect(queue.count == 1)
        #expect(queue.metrics.delayed == 0)
    }

    @Test("a delayed key already waiting is not added twice when it comes due")
    func delayedKeyAlreadyWaiting() async {
        let queue = WorkQueue<String>(name: "due-dedup")
        defer { queue.shutDown() }
        queue.add("k")
        queue.addAfter("k", delay: .milliseconds(20))
        #expect(await eventually { queue.metrics.delayed == 0 })
        #expect(queue.count == 1)
        #expect(queue.metrics.addsTotal == 1)
    }

    @Test("addRateLimited delays by the limiter and counts a retry; forget and retries go to the limiter")
    func addRateLimitedUsesLimiter() async {
        let limiter = FixedRateLimiter<String>(delay: .milliseconds(30))
        let queue = WorkQueue(name: "limited", rateLimiter: limiter)
        defer { queue.shutDown() }
        let start = ContinuousClock.now
        queue.addRateLimited("k")
        #expect(queue.retries("k") == 1)
        #expect(queue.metrics.retriesTotal == 1)
        #expect(await get(from: queue, within: .seconds(10)) == "k")
        #expect(start.duration(to: .now) >= .milliseconds(30))
        queue.done("k")
        queue.forget("k")
        #expect(queue.retries("k") == 0)
        #expect(limiter.forgotten == ["k"])
    }

    @Test("a queue with pending delayed keys is freed (the timer does not keep it alive)")
    func queueIsFreed() async {
        weak var weakQueue: WorkQueue<Int>?
        do {
            let queue = WorkQueue<Int>(name: "freed")
            queue.addAfter(1, delay: .seconds(3600))
            queue.addAfter(2, delay: .milliseconds(1))
            #expect(await eventually { queue.count == 1 })
            weakQueue = queue
        }
        #expect(await eventually { weakQueue == nil })
    }

    // MARK: Shutdown

    @Test("shutDown wakes every blocked getter with nil and ignores later adds")
    func shutDownWakesGetters() async {
        let queue = WorkQueue<String>(name: "shutdown")
        let threads = (0..<3).map { _ in Background.thread { queue.get() } }
        let task = Background.task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(threads.allSatisfy { !$0.isFinished })

        queue.shutDown()
        #expect(queue.isShuttingDown)
        for thread in threads {
            #expect(await thread.value(within: .seconds(10)) == .some(nil))
        }
        #expect(await task.value(within: .seconds(10)) == .some(nil))

        queue.add("a")
        queue.addAfter("b", delay: .milliseconds(1))
        queue.addRateLimited("c")
        let metrics = queue.metrics
        #expect(queue.count == 0)
        #expect(metrics.delayed == 0)
        #expect(metrics.addsTotal == 0)
        #expect(metrics.retriesTotal == 0)
        #expect(queue.get() == nil)
        #expect(await queue.next() == nil)
    }

    @Test("shutDown drops waiting keys: get returns nil at once")
    func shutDownDropsWaitingKeys() {
        let queue = WorkQueue<String>(name: "drop")
        queue.add("a")
        queue.addAfter("b", delay: .seconds(3600))
        queue.shutDown()
        #expect(queue.get() == nil)
        #expect(queue.metrics.delayed == 0)
    }

    @Test("shutDownWithDrain hands out waiting keys and returns once all are done")
    func shutDownWithDrain() async {
        let queue = WorkQueue<String>(name: "drain")
        queue.add("a")
        queue.add("b")
        #expect(queue.get() == "a")
        queue.add("a")  // dirty: queued again by done

        let drain = Background.thread {
            queue.shutDownWithDrain()
            return true
        }
        #expect(await eventually { queue.isShuttingDown })
        queue.add("c")
        #expect(queue.get() == "b", "a draining queue still hands out waiting keys")
        queue.done("b")
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!drain.isFinished, "a key is still processing")

        queue.done("a")
        #expect(queue.get() == "a", "the dirty key is queued again while draining")
        #expect(!drain.isFinished)
        queue.done("a")
        #expect(await drain.value(within: .seconds(10)) == true)
        #expect(queue.get() == nil, "c was added after shutdown")
    }

    @Test("shutDown releases a pending drain")
    func shutDownReleasesDrain() async {
        let queue = WorkQueue<String>(name: "drain-abort")
        queue.add("a")
        #expect(queue.get() == "a")
        let drain = Background.thread {
            queue.shutDownWithDrain()
            return true
        }
        #expect(await eventually { queue.isShuttingDown })
        queue.shutDown()
        #expect(await drain.value(within: .seconds(10)) == true)
    }

    @Test("a cancelled next() returns nil and takes no key")
    func cancelledNext() async {
        let queue = WorkQueue<String>(name: "cancel")
        defer { queue.shutDown() }
        let task = Background.task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(30))
        task.cancel()
        #expect(await task.value(within: .seconds(10)) == .some(nil))
        queue.add("a")
        #expect(queue.count == 1, "the key went to a cancelled waiter")
        #expect(await queue.next() == "a")
    }

    // MARK: Metrics

    @Test("metrics count adds, retries, delayed, processing and processed keys")
    func metricsCounts() async {
        let queue = WorkQueue<String>(name: "metrics", rateLimiter: FixedRateLimiter(delay: .seconds(3600)))
        defer { queue.shutDown() }
        queue.add("a")
        queue.add("b")
        queue.add("a")
        queue.addRateLimited("c")
        queue.addAfter("d", delay: .seconds(3600))
        var metrics = queue.metrics
        #expect(metrics.depth == 2)
        #expect(metrics.addsTotal == 2)
        #expect(metrics.retriesTotal == 1)
        #expect(metrics.delayed == 2)
        #expect(metrics.processing == 0)
        #expect(metrics.longestRunningProcessor == .zero)

        #expect(queue.get() == "a")
        try? await Task.sleep(for: .milliseconds(20))
        metrics = queue.metrics
        #expect(metrics.depth == 1)
        #expect(metrics.processing == 1)
        #expect(metrics.longestRunningProcessor >= .milliseconds(20))

        queue.done("a")
        queue.done("never-handed-out")
        metrics = queue.metrics
        #expect(metrics.processing == 0)
        #expect(metrics.processedTotal == 1)
        #expect(metrics.longestRunningProcessor == .zero)
        #expect(metrics.totalProcessingTime >= .milliseconds(20))
        #expect(metrics.totalProcessingSeconds >= 0.02)
    }

    // MARK: Rate limiters

    /// An exponential limiter's settings and the delays of successive failures.
    struct ExponentialCase: Sendable, CustomTestStringConvertible {
        var base: Duration
        var max: Duration
        var delays: [Duration]
        var testDescription: String { "\(base) up to \(max)" }
    }

    @Test(
        "exponential back-off doubles per failure up to the cap",
        arguments: [
            ExponentialCase(
                base: .milliseconds(5), max: .seconds(1000),
                delays: [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(80)]),
            ExponentialCase(
                base: .milliseconds(1), max: .milliseconds(10),
                delays: [.milliseconds(1), .milliseconds(2), .milliseconds(4), .milliseconds(8), .milliseconds(10)]),
            ExponentialCase(base: .seconds(1), max: .seconds(1), delays: [.seconds(1), .seconds(1)]),
            ExponentialCase(base: .zero, max: .seconds(1), delays: [.zero, .zero]),
        ])
    func exponentialBackOff(testCase: ExponentialCase) {
        let limiter = ItemExponentialRateLimiter<String>(base: testCase.base, max: testCase.max)
        #expect(testCase.delays.map { _ in limiter.when("k") } == testCase.delays)
        #expect(limiter.retries("k") == testCase.delays.count)
        #expect(limiter.when("other") == testCase.base, "failures are counted per key")
        limiter.forget("k")
        #expect(limiter.retries("k") == 0)
        #expect(limiter.when("k") == testCase.base, "forget resets the back-off")
    }

    @Test("exponential back-off reaches 1000 s and stays there, even after very many failures")
    func exponentialBackOffCap() {
        let limiter = ItemExponentialRateLimiter<Int>()
        let delays = (0..<3000).map { _ in limiter.when(1) }
        #expect(delays[17] == .milliseconds(5 * 131_072))
        #expect(delays[18] == .seconds(1000))
        #expect(delays.allSatisfy { $0 <= .seconds(1000) && $0 >= .milliseconds(5) })
        #expect(delays.last == .seconds(1000))
        #expect(limiter.retries(1) == 3000)
    }

    /// One step against a token bucket: ask for a token, expecting a delay, or move the clock.
    enum BucketStep: Sendable {
        case when(Duration)
        case advance(Duration)
    }

    /// A bucket's settings and steps against it.
    struct BucketCase: Sendable, CustomTestStringConvertible {
        var qps: Double
        var burst: Int
        var steps: [BucketStep]
        var testDescription: String { "\(qps) qps, burst \(burst)" }
    }

    @Test(
        "the token bucket allows its burst, then spaces tokens 1/qps apart, refilling with time",
        arguments: [
            BucketCase(
                qps: 10, burst: 3,
                steps: [
                    .when(.zero), .when(.zero), .when(.zero), .when(.milliseconds(100)), .when(.milliseconds(200)),
                    .advance(.seconds(1)), .when(.zero), .when(.zero), .when(.zero), .when(.milliseconds(100)),
                ]),
            BucketCase(
                qps: 2, burst: 1,
                steps: [
                    .when(.zero), .when(.milliseconds(500)), .advance(.milliseconds(250)), .when(.milliseconds(750)),
                    .advance(.seconds(10)), .when(.zero), .when(.milliseconds(500)),
                ]),
            BucketCase(
                qps: 10, burst: 100,
                steps: Array(repeating: .when(.zero), count: 100) + [.when(.milliseconds(100))]),
        ])
    func tokenBucket(testCase: BucketCase) {
        let clock = ManualClock()
        let limiter = TokenBucketRateLimiter<String>(qps: testCase.qps, burst: testCase.burst, now: clock.now)
        for (index, step) in testCase.steps.enumerated() {
            switch step {
            case .when(let expected):
                #expect(limiter.when("k\(index)") == expected, "step \(index)")
            case .advance(let duration):
                clock.advance(by: duration)
            }
        }
        limiter.forget("k0")
        #expect(limiter.retries("k0") == 0)
    }

    @Test("max-of answers the longest delay and the highest retry count, and forgets in every limiter")
    func maxOf() {
        let clock = ManualClock()
        let limiter = MaxOfRateLimiter<String>([
            ItemExponentialRateLimiter(base: .milliseconds(1), max: .seconds(1)),
            TokenBucketRateLimiter(qps: 1, burst: 2, now: clock.now),
        ])
        let delays = (0..<4).map { _ in limiter.when("k") }
        #expect(delays == [.milliseconds(1), .milliseconds(2), .seconds(1), .seconds(2)])
        #expect(limiter.retries("k") == 4)
        limiter.forget("k")
        #expect(limiter.retries("k") == 0)
        clock.advance(by: .seconds(10))
        #expect(limiter.when("k") == .milliseconds(1))
        #expect(MaxOfRateLimiter<String>([]).when("k") == .zero)
    }

    @Test("the default limiter is max(exponential 5 ms to 1000 s, bucket 10 qps burst 100)")
    func defaultLimiter() {
        let clock = ManualClock()
        let limiter = DefaultRateLimiter<Int>(now: clock.now)
        let first = (0..<100).map { limiter.when($0) }
        #expect(first.allSatisfy { $0 == .milliseconds(5) })
        #expect(limiter.when(100) == .milliseconds(100), "the burst is spent")
        #expect(limiter.when(0) == .milliseconds(200))
        #expect(limiter.retries(0) == 2)
        clock.advance(by: .seconds(60))
        #expect(limiter.when(0) == .milliseconds(20))
        limiter.forget(0)
        #expect(limiter.when(0) == .milliseconds(5))
    }
}

// MARK: - Helpers

/// What the stress test's workers and producers record.
private struct Ledger: Sendable {
    var versions: [Int]
    var seen: [Int]
    var inFlight: [Int]
    var violations = 0
    var processed = 0

    init(keys: Int) {
        versions = Array(repeating: 0, count: keys)
        seen = Array(repeating: 0, count: keys)
        inFlight = Array(repeating: 0, count: keys)
    }
}

/// A value behind a mutex, shared by reference with threads and tasks.
private final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}

/// A body run on its own thread or task, and what it returned; awaited with a timeout so that a
/// broken queue fails a test instead of hanging it.
private final class Background<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let handle = Mutex<Task<Void, Never>?>(nil)

    /// Runs `body` on a new thread.
    static func thread(_ body: @escaping @Sendable () -> Value) -> Background<Value> {
        let background = Background<Value>()
        Thread {
            let value = body()
            background.result.withLock { $0 = value }
        }.start()
        return background
    }

    /// Runs `body` in a new detached task.
    static func task(_ body: @escaping @Sendable () async -> Value) -> Background<Value> {
        let background = Background<Value>()
        let task = Task.detached {
            let value = await body()
            background.result.withLock { $0 = value }
        }
        background.handle.withLock { $0 = task }
        return background
    }

    var isFinished: Bool { result.withLock { $0 != nil } }

    /// Cancels the task.
    func cancel() {
        handle.withLock { $0 }?.cancel()
    }

    /// The body's result, nil if it has not returned within `timeout`.
    func value(within timeout: Duration) async -> Value? {
        guard await eventually(within: timeout, { self.isFinished }) else { return nil }
        return result.withLock { $0 }
    }
}

/// A clock tests move by hand.
private final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    var now: @Sendable () -> ContinuousClock.Instant {
        { self.instant.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        instant.withLock { $0 += duration }
    }
}

/// A limiter with a fixed delay that records what it was asked.
private final class FixedRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    let delay: Duration
    private let state = Mutex<(failures: [Key: Int], forgotten: [Key])>(([:], []))

    init(delay: Duration) {
        self.delay = delay
    }

    var forgotten: [Key] { state.withLock { $0.forgotten } }

    func when(_ key: Key) -> Duration {
        state.withLock { $0.failures[key, default: 0] += 1 }
        return delay
    }

    func forget(_ key: Key) {
        state.withLock { state in
            state.failures[key] = nil
            state.forgotten.append(key)
        }
    }

    func retries(_ key: Key) -> Int {
        state.withLock { $0.failures[key, default: 0] }
    }
}

/// Polls `condition` until it holds or `timeout` passes; whether it held.
private func eventually(within timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() {
            return true
        }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// A blocking `get()` on another thread; nil if no key came within `timeout` (the thread stays
/// blocked until the queue shuts down).
private func get<Key: Hashable & Sendable>(from queue: WorkQueue<Key>, within timeout: Duration) async -> Key? {
    await Background.thread { queue.get() }.value(within: timeout) ?? nil
}
