import SkiffScheduler
import Testing

@Suite("SchedulingQueue updates, deletes and gating")
struct QueueUpdateTests {
    @Test("a gated pod waits outside the queues until an update ungates it")
    func gating() throws {
        var queue = makeQueue()
        #expect(queue.add(entry("g", key: 5, gated: true), now: .zero) == .gated)
        queue.add(entry("a", key: 1), now: .zero)
        #expect(queue.counts == [1, 0, 0, 1])
        #expect(queue.moveAll(event: .all, now: sec(1)) == [])
        #expect(queue.flushUnschedulable(now: sec(1000)) == [])
        #expect(queue.activate(uid: "g") == false)
        #expect(queue.location(of: "g") == .gated)

        #expect(queue.update(uid: "g", json: bytes("v2"), sortKey: 5, gated: true, now: sec(2)) == .gated)
        #expect(queue.entry("g")?.json == bytes("v2"))
        #expect(queue.update(uid: "g", json: bytes("v3"), sortKey: 5, gated: false, now: sec(3)) == .active)
        #expect(queue.entry("g")?.gated == false)
        #expect(queue.counts == [2, 0, 0, 0])
        #expect(queue.drain() == ["g", "a"])
    }

    @Test(
        "gating a pending pod takes it out of its queue",
        arguments: [QueueLocation.active, .backoff, .unschedulable])
    func gateFrom(location: QueueLocation) throws {
        var queue = makeQueue()
        queue.add(entry("p"), now: .zero)
        switch location {
        case .backoff:
            #expect(try queue.failHead(rejectedBy: [], now: .zero) == .backoff)
        case .unschedulable:
            #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: .zero) == .unschedulable)
        default:
            break
        }
        #expect(queue.location(of: "p") == location)
        #expect(queue.update(uid: "p", json: bytes("x"), sortKey: 0, gated: true, now: sec(1)) == .gated)
        #expect(queue.counts == [0, 0, 0, 1])
        #expect(queue.nextBackoffExpiry == nil)
        #expect(queue.pop() == nil)
    }

    @Test("an ungated pod that already failed respects its backoff")
    func ungateIntoBackoff() throws {
        var queue = makeQueue()
        queue.add(entry("p"), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(10)) == .unschedulable)
        #expect(queue.update(uid: "p", json: bytes("x"), sortKey: 0, gated: true, now: sec(10)) == .gated)
        #expect(queue.update(uid: "p", json: bytes("y"), sortKey: 0, gated: false, now: sec(10.5)) == .backoff)
        #expect(queue.nextBackoffExpiry == sec(11))
    }

    @Test("updating a pod in activeQ re-sorts it by its new key")
    func updateActiveReorders() {
        var queue = makeQueue()
        queue.add(entry("a", key: 3), now: .zero)
        queue.add(entry("b", key: 2), now: .zero)
        queue.add(entry("c", key: 1), now: .zero)
        #expect(queue.update(uid: "c", json: bytes("c2"), sortKey: 9, gated: false, now: sec(1)) == .active)
        #expect(queue.update(uid: "a", json: bytes("a2"), sortKey: 0, gated: false, now: sec(1)) == .active)
        #expect(queue.counts == [3, 0, 0, 0])
        #expect(queue.entry("c")?.json == bytes("c2"))
        #expect(queue.drain() == ["c", "b", "a"])
    }

    @Test("updating a pod in backoffQ keeps its expiry")
    func updateBackoffKeepsExpiry() throws {
        var queue = makeQueue()
        queue.add(entry("a"), now: .zero)
        #expect(try queue.failHead(rejectedBy: [], now: sec(4)) == .backoff)
        #expect(queue.update(uid: "a", json: bytes("a2"), sortKey: 7, gated: false, now: sec(4.5)) == .backoff)
        #expect(queue.nextBackoffExpiry == sec(5))
        #expect(queue.flushBackoff(now: sec(5)) == ["a"])
        #expect(queue.pop()?.json == bytes("a2"))
    }

    struct UnschedulableUpdateCase: Sendable, CustomTestStringConvertible {
        var jsonChanged: Bool
        var at: Double
        var expected: QueueLocation
        var testDescription: String {
            "\(jsonChanged ? "changed" : "same") JSON at \(at) s -> \(expected)"
        }
    }

    @Test(
        "an unschedulable pod whose JSON changed moves to backoffQ or activeQ",
        arguments: [
            UnschedulableUpdateCase(jsonChanged: false, at: 20, expected: .unschedulable),
            UnschedulableUpdateCase(jsonChanged: true, at: 10.5, expected: .backoff),
            UnschedulableUpdateCase(jsonChanged: true, at: 11, expected: .active),
            UnschedulableUpdateCase(jsonChanged: true, at: 20, expected: .active),
        ])
    func updateUnschedulable(testCase: UnschedulableUpdateCase) throws {
        var queue = makeQueue()
        queue.add(entry("p", json: "v1"), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(10)) == .unschedulable)
        let json = bytes(testCase.jsonChanged ? "v2" : "v1")
        let location = queue.update(uid: "p", json: json, sortKey: 4, gated: false, now: sec(testCase.at))
        #expect(location == testCase.expected)
        #expect(queue.location(of: "p") == testCase.expected)
        #expect(queue.entry("p")?.sortKey == 4)
    }

    @Test("delete removes a pending pod from wherever it is", arguments: QueueLocation.allCases)
    func delete(location: QueueLocation) throws {
        var queue = makeQueue()
        queue.add(entry("other", key: -1), now: .zero)
        queue.add(entry("p", key: 1, gated: location == .gated), now: .zero)
        switch location {
        case .backoff:
            #expect(try queue.failHead(rejectedBy: [], now: .zero) == .backoff)
        case .unschedulable:
            #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: .zero) == .unschedulable)
        case .inFlight:
            #expect(queue.pop()?.uid == "p")
        case .active, .gated:
            break
        }
        #expect(queue.location(of: "p") == location)
        #expect(queue.delete(uid: "p") == true)
        if location == .inFlight {
            // Still in flight until handed back; then dropped.
            #expect(queue.inFlightCount == 1)
            #expect(try queue.addUnschedulable(entry("p"), rejectedBy: [], now: sec(1)) == nil)
            #expect(queue.inFlightCount == 0)
        }
        #expect(queue.location(of: "p") == nil)
        #expect(queue.entry("p") == nil)
        #expect(queue.counts == [1, 0, 0, 0])
        #expect(queue.nextBackoffExpiry == nil)
        #expect(queue.delete(uid: "p") == false)
        #expect(queue.drain() == ["other"])
    }

    @Test("update of an unknown pod does nothing; add of a known pod updates it")
    func unknownAndDuplicate() {
        var queue = makeQueue()
        #expect(queue.update(uid: "x", json: [], sortKey: 0, gated: false, now: .zero) == nil)
        #expect(queue.counts == [0, 0, 0, 0])
        queue.add(entry("a", key: 1, json: "v1"), now: sec(1))
        #expect(queue.add(entry("a", key: 2, json: "v2"), now: sec(5)) == .active)
        #expect(queue.counts == [1, 0, 0, 0])
        #expect(queue.entry("a")?.json == bytes("v2"))
        #expect(queue.entry("a")?.timestamp == sec(1))
    }

    @Test("an update during the attempt is applied when the pod comes back, and a changed JSON retries it")
    func updateInFlight() throws {
        var queue = makeQueue()
        queue.add(entry("a", json: "v1"), now: .zero)
        queue.add(entry("b", json: "v1"), now: sec(1))
        let a = try queue.popHead()
        #expect(queue.update(uid: "a", json: bytes("v2"), sortKey: 3, gated: false, now: sec(1)) == .inFlight)
        #expect(queue.entry("a")?.json == bytes("v2"))
        #expect(try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(2)) == .backoff)
        #expect(queue.entry("a")?.json == bytes("v2"))
        #expect(queue.entry("a")?.sortKey == 3)

        // An identical JSON (a status-only change the host passed anyway) is not a reason to retry.
        let b = try queue.popHead()
        #expect(queue.update(uid: "b", json: bytes("v1"), sortKey: 0, gated: false, now: sec(2)) == .inFlight)
        #expect(try queue.addUnschedulable(b, rejectedBy: ["NodeAffinity"], now: sec(3)) == .unschedulable)

        // Gated during the attempt: back to the gate.
        #expect(queue.flushBackoff(now: sec(10)) == ["a"])
        let again = try queue.popHead()
        #expect(queue.update(uid: "a", json: bytes("v2"), sortKey: 3, gated: true, now: sec(10)) == .inFlight)
        #expect(try queue.addUnschedulable(again, rejectedBy: [], now: sec(11)) == .gated)
        #expect(queue.entry("a")?.attempts == 2)
    }
}
