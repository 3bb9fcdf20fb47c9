import SkiffScheduler
import Testing

@Suite("SchedulingQueue ordering")
struct QueueOrderingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// (uid, sort key, add time in seconds), added in this order.
        var adds: [(String, Int64, Double)]
        var popOrder: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "higher key first", adds: [("a", 0, 0), ("b", 10, 1), ("c", 5, 2)], popOrder: ["b", "c", "a"]),
        Case(
            name: "equal keys: earlier timestamp first", adds: [("a", 0, 2), ("b", 0, 1), ("c", 0, 3)],
            popOrder: ["b", "a", "c"]),
        Case(
            name: "equal keys and timestamps: insertion order", adds: [("a", 7, 0), ("b", 7, 0), ("c", 7, 0)],
            popOrder: ["a", "b", "c"]),
        Case(
            name: "key beats timestamp", adds: [("old", 1, 0), ("new", 2, 100), ("older", 1, -5)],
            popOrder: ["new", "older", "old"]),
        Case(
            name: "negative keys", adds: [("a", -1, 0), ("b", Int64.min, 0), ("c", Int64.max, 0)],
            popOrder: ["c", "a", "b"]),
    ]

    @Test("pop order", arguments: cases)
    func popOrder(testCase: Case) {
        var queue = makeQueue()
        for (uid, key, time) in testCase.adds {
            #expect(queue.add(entry(uid, key: key), now: sec(time)) == .active)
        }
        #expect(queue.uids(in: .active) == testCase.popOrder)
        #expect(queue.drain() == testCase.popOrder)
        #expect(queue.pop() == nil)
    }

    @Test("pop counts attempts and scheduling cycles, and keeps the pod in flight until done")
    func popBookkeeping() {
        var queue = makeQueue()
        queue.add(entry("a"), now: sec(3))
        queue.add(entry("b"), now: sec(4))
        let first = queue.pop()
        #expect(first?.uid == "a")
        #expect(first?.attempts == 1)
        #expect(first?.timestamp == sec(3))
        #expect(first?.initialTimestamp == sec(3))
        #expect(queue.schedulingCycle == 1)
        #expect(queue.location(of: "a") == .inFlight)
        #expect(queue.inFlightCount == 1)
        #expect(queue.counts == [1, 0, 0, 0])
        #expect(queue.done(uid: "a") == true)
        #expect(queue.done(uid: "a") == false)
        #expect(queue.location(of: "a") == nil)
        #expect(queue.pop()?.uid == "b")
        #expect(queue.schedulingCycle == 2)
    }

    @Test("a requeued pod goes behind pods of equal key enqueued before its failure")
    func requeueRefreshesTimestamp() throws {
        var queue = makeQueue()
        queue.add(entry("a"), now: sec(0))
        queue.add(entry("b"), now: sec(1))
        let popped = try queue.popHead()
        #expect(try queue.addUnschedulable(popped, rejectedBy: [], now: sec(2)) == .backoff)
        #expect(queue.flushBackoff(now: sec(3)) == ["a"])
        let requeued = try #require(queue.entry("a"))
        #expect(requeued.timestamp == sec(2))
        #expect(requeued.initialTimestamp == sec(0))
        #expect(queue.drain() == ["b", "a"])
    }
}
