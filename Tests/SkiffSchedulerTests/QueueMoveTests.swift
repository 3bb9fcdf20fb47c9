import SkiffScheduler
import Testing

@Suite("SchedulingQueue moves")
struct QueueMoveTests {
    struct EventCase: Sendable, CustomTestStringConvertible {
        var rejectedBy: Set<String>
        var event: ClusterEvent
        var moved: Bool
        var testDescription: String {
            "\(rejectedBy.sorted()) on \(event): \(moved ? "moves" : "stays")"
        }
    }

    static let eventCases: [EventCase] = [
        EventCase(rejectedBy: ["NodeAffinity"], event: .nodeAdd, moved: true),
        EventCase(rejectedBy: ["NodeAffinity"], event: .nodeUpdate, moved: true),
        EventCase(rejectedBy: ["NodeAffinity"], event: .nodeDelete, moved: false),
        EventCase(rejectedBy: ["NodeAffinity"], event: .podAdd, moved: false),
        EventCase(rejectedBy: ["NodeAffinity"], event: .podDelete, moved: false),
        EventCase(rejectedBy: ["NodeResourcesFit"], event: .podDelete, moved: true),
        EventCase(rejectedBy: ["NodeResourcesFit"], event: .podAdd, moved: false),
        EventCase(rejectedBy: ["InterPodAffinity"], event: .podUpdate, moved: true),
        EventCase(rejectedBy: ["InterPodAffinity"], event: .nodeUpdate, moved: false),
        EventCase(rejectedBy: ["NodeAffinity", "InterPodAffinity"], event: .podAdd, moved: true),
        EventCase(rejectedBy: ["NodeAffinity", "InterPodAffinity"], event: .nodeDelete, moved: false),
        EventCase(rejectedBy: ["NodeAffinity"], event: [.podAdd, .nodeUpdate], moved: true),
        EventCase(rejectedBy: ["SchedulingGates"], event: .all, moved: false),
        EventCase(rejectedBy: ["Unregistered"], event: .all, moved: false),
    ]

    @Test(
        "an unschedulable pod moves only on an event one of its rejecting plugins registered for",
        arguments: eventCases)
    func movesOnRegisteredEvents(testCase: EventCase) throws {
        var queue = makeQueue()
        queue.add(entry("p"), now: .zero)
        #expect(try queue.failHead(rejectedBy: testCase.rejectedBy, now: .zero) == .unschedulable)
        let moved = queue.moveAll(event: testCase.event, now: sec(5))
        #expect(moved == (testCase.moved ? ["p"] : []))
        #expect(queue.location(of: "p") == (testCase.moved ? .active : .unschedulable))
        #expect(queue.entry("p")?.unschedulablePlugins == testCase.rejectedBy)
    }

    @Test("plugins missing from the registrations get unregisteredPluginEvents")
    func unregisteredPlugins() throws {
        var queue = makeQueue(unregistered: .all)
        queue.add(entry("p"), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["Custom"], now: .zero) == .unschedulable)
        #expect(queue.moveAll(event: .nodeDelete, now: sec(5)) == ["p"])
    }

    @Test("a moved pod still backing off goes to backoffQ, one past its backoff to activeQ")
    func moveDestinationDependsOnBackoff() throws {
        var queue = makeQueue()
        queue.add(entry("a", key: 2), now: .zero)
        queue.add(entry("b", key: 1), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(10)) == .unschedulable)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(10.5)) == .unschedulable)
        // a's backoff ends at 11, b's at 11.5.
        #expect(queue.moveAll(event: .nodeAdd, now: sec(11.2)) == ["a", "b"])
        #expect(queue.location(of: "a") == .active)
        #expect(queue.location(of: "b") == .backoff)
        #expect(queue.nextBackoffExpiry == sec(11.5))
        #expect(queue.counts == [1, 1, 0, 0])
    }

    @Test("pods stuck in unschedulablePods longer than the limit are flushed", arguments: [nil, 60.0])
    func unschedulableTimeout(limitSeconds: Double?) throws {
        var configuration = SchedulingQueue.Configuration(pluginEvents: testPluginEvents)
        if let limitSeconds {
            configuration.maxInUnschedulable = sec(limitSeconds)
        }
        let limit = limitSeconds.map { sec($0) } ?? sec(300)
        var queue = SchedulingQueue(configuration: configuration)
        queue.add(entry("a", key: 2), now: .zero)
        queue.add(entry("b", key: 1), now: .zero)
        queue.add(entry("g", gated: true), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(10)) == .unschedulable)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(20)) == .unschedulable)
        #expect(queue.flushUnschedulable(now: sec(10) + limit) == [])
        #expect(queue.flushUnschedulable(now: sec(10) + limit + .milliseconds(1)) == ["a"])
        #expect(queue.location(of: "a") == .active)
        #expect(queue.location(of: "b") == .unschedulable)
        #expect(queue.flushUnschedulable(now: sec(20.001) + limit) == ["b"])
        #expect(queue.counts == [2, 0, 0, 1])
        #expect(queue.location(of: "g") == .gated)
    }

    @Test("a move request during an attempt sends the failed pod to backoffQ instead of unschedulablePods")
    func moveRequestWhileInFlight() throws {
        var queue = makeQueue()
        queue.add(entry("a", key: 3), now: .zero)
        queue.add(entry("b", key: 2), now: .zero)
        queue.add(entry("c", key: 1), now: .zero)

        // A move request before the pop does not count.
        #expect(queue.moveAll(event: .nodeAdd, now: .zero) == [])
        let a = try queue.popHead()
        let b = try queue.popHead()
        #expect(queue.moveRequestCycle == 0)
        #expect(queue.moveAll(event: .podDelete, now: sec(1)) == [])
        #expect(queue.moveRequestCycle == 2)
        // NodeAffinity does not care about podDelete: kube's rule is per cycle, not per plugin.
        #expect(try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(1)) == .backoff)
        #expect(try queue.addUnschedulable(b, rejectedBy: ["NodeResourcesFit"], now: sec(1)) == .backoff)
        #expect(queue.inFlightCount == 0)

        // c is popped after the request: it goes to unschedulablePods.
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(1)) == .unschedulable)
        #expect(queue.counts == [0, 2, 1, 0])
    }

    @Test("an event no plugin registered for is not a move request")
    func uninterestingEventIsNoMoveRequest() throws {
        var queue = SchedulingQueue(
            configuration: .init(pluginEvents: ["NodeAffinity": .nodeAdd], unregisteredPluginEvents: []))
        queue.add(entry("a"), now: .zero)
        let a = try queue.popHead()
        #expect(queue.moveAll(event: .podAdd, now: sec(1)) == [])
        #expect(queue.moveRequestCycle == -1)
        #expect(try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(1)) == .unschedulable)
    }

    @Test("activating an in-flight pod sends it to backoffQ when it fails")
    func activateInFlight() throws {
        var queue = makeQueue()
        queue.add(entry("a"), now: .zero)
        let a = try queue.popHead()
        #expect(queue.activate(uid: "a") == false)
        #expect(try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(1)) == .backoff)
    }

    @Test("activate moves unschedulable and backoff pods straight to activeQ")
    func activate() throws {
        var queue = makeQueue()
        queue.add(entry("a", key: 2), now: .zero)
        queue.add(entry("b", key: 1), now: .zero)
        queue.add(entry("g", gated: true), now: .zero)
        #expect(try queue.failHead(rejectedBy: ["NodeAffinity"], now: sec(1)) == .unschedulable)
        #expect(try queue.failHead(rejectedBy: [], now: sec(1)) == .backoff)
        #expect(queue.activate(uid: "a") == true)
        #expect(queue.activate(uid: "b") == true)
        #expect(queue.activate(uid: "a") == false)
        #expect(queue.activate(uid: "g") == false)
        #expect(queue.activate(uid: "unknown") == false)
        #expect(queue.counts == [2, 0, 0, 1])
        #expect(queue.drain() == ["a", "b"])
    }

    @Test("addUnschedulable refuses a pod that is already pending")
    func addUnschedulableTwice() throws {
        var queue = makeQueue()
        queue.add(entry("a"), now: .zero)
        let a = try queue.popHead()
        #expect(try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(1)) == .unschedulable)
        let error = #expect(throws: QueueError.self) {
            try queue.addUnschedulable(a, rejectedBy: ["NodeAffinity"], now: sec(2))
        }
        #expect(error?.code == .alreadyQueued)
        #expect(queue.entry("a")?.timestamp == sec(1))
    }
}
