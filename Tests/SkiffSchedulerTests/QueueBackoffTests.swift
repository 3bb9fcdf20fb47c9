import SkiffScheduler
import Testing

@Suite("SchedulingQueue backoff")
struct QueueBackoffTests {
    @Test(
        "default backoff: zero, then 1 s doubling, capped at 10 s",
        arguments: zip([0, 1, 2, 3, 4, 5, 6, 7, 1000], [0.0, 1, 2, 4, 8, 10, 10, 10, 10]))
    func defaultDurations(attempts: Int, seconds: Double) {
        #expect(makeQueue().backoffDuration(attempts: attempts) == sec(seconds))
    }

    @Test(
        "configured backoff: 0.5 s doubling, capped at 3 s",
        arguments: zip([1, 2, 3, 4, 5], [0.5, 1, 2, 3, 3]))
    func configuredDurations(attempts: Int, seconds: Double) {
        let queue = SchedulingQueue(configuration: .init(initialBackoff: sec(0.5), maxBackoff: sec(3)))
        #expect(queue.backoffDuration(attempts: attempts) == sec(seconds))
    }

    @Test("a pod failing with errors waits 1, 2, 4, 8, 10, 10 s, flushed exactly at expiry")
    func errorBackoffSequence() throws {
        var queue = makeQueue()
        queue.add(entry("a"), now: .zero)
        var now = Duration.zero
        var waits: [Duration] = []
        for _ in 0..<6 {
            let popped = try queue.popHead()
            #expect(try queue.addUnschedulable(popped, rejectedBy: [], now: now) == .backoff)
            let expiry = try #require(queue.nextBackoffExpiry)
            waits.append(expiry - now)
            #expect(queue.flushBackoff(now: expiry - .milliseconds(1)) == [])
            #expect(queue.location(of: "a") == .backoff)
            #expect(queue.flushBackoff(now: expiry) == ["a"])
            #expect(queue.location(of: "a") == .active)
            #expect(queue.nextBackoffExpiry == nil)
            now = expiry
        }
        #expect(waits == [1, 2, 4, 8, 10, 10].map { sec($0) })
    }

    @Test("flushBackoff moves only expired pods, earliest expiry first")
    func flushOrder() throws {
        var queue = makeQueue()
        for (uid, key) in [("a", Int64(1)), ("b", 2), ("c", 3)] {
            queue.add(entry(uid, key: key), now: .zero)
        }
        // c fails at 0 (expiry 1), b at 0.5 (expiry 1.5), a at 0.2 (expiry 1.2).
        #expect(try queue.failHead(rejectedBy: [], now: sec(0)) == .backoff)
        let b = try queue.popHead()
        let a = try queue.popHead()
        #expect(try queue.addUnschedulable(a, rejectedBy: [], now: sec(0.2)) == .backoff)
        #expect(try queue.addUnschedulable(b, rejectedBy: [], now: sec(0.5)) == .backoff)
        #expect(queue.uids(in: .backoff) == ["c", "a", "b"])
        #expect(queue.nextBackoffExpiry == sec(1))
        #expect(queue.flushBackoff(now: sec(0.99)) == [])
        #expect(queue.flushBackoff(now: sec(1.3)) == ["c", "a"])
        #expect(queue.nextBackoffExpiry == sec(1.5))
        #expect(queue.counts == [2, 1, 0, 0])
        #expect(queue.flushBackoff(now: sec(10)) == ["b"])
        #expect(queue.drain() == ["c", "b", "a"])
    }

    @Test("a deleted or activated backoff pod no longer determines the next expiry")
    func nextExpiryAfterRemoval() throws {
        var queue = makeQueue()
        queue.add(entry("a", key: 2), now: .zero)
        queue.add(entry("b", key: 1), now: .zero)
        #expect(try queue.failHead(rejectedBy: [], now: sec(0)) == .backoff)
        #expect(try queue.failHead(rejectedBy: [], now: sec(3)) == .backoff)
        #expect(queue.nextBackoffExpiry == sec(1))
        #expect(queue.delete(uid: "a") == true)
        #expect(queue.nextBackoffExpiry == sec(4))
        #expect(queue.activate(uid: "b") == true)
        #expect(queue.nextBackoffExpiry == nil)
        #expect(queue.counts == [1, 0, 0, 0])
    }
}
