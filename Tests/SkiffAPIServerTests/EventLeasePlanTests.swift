import Testing

@testable import SkiffAPIServer

@Suite("Event lease plan")
struct EventLeasePlanTests {
    @Test(
        "the reuse window is a minute, or a twentieth of a shorter TTL",
        arguments: [(3_600, 60), (600, 30), (20, 1), (2, 1), (86_400, 60)] as [(Int64, Int64)])
    func reuseWindow(ttl: Int64, window: Int64) {
        #expect(EventLeasePlan(ttlSeconds: ttl).reuseSeconds == window)
    }

    /// Steps: at a time (seconds), the decision expected, then (for grants) the lease granted.
    @Test("a lease is reused within its window and granted for TTL plus the window otherwise")
    func decisions() {
        var plan = EventLeasePlan(ttlSeconds: 3_600)
        #expect(plan.decide(now: 1_000) == .grant(ttlSeconds: 3_660))
        plan.granted(7, at: 1_000)
        #expect(plan.decide(now: 1_000) == .reuse(7))
        #expect(plan.decide(now: 1_059.9) == .reuse(7))
        #expect(plan.decide(now: 1_060) == .grant(ttlSeconds: 3_660))
        // A clock that went back does not reuse a lease "granted in the future".
        #expect(plan.decide(now: 999) == .grant(ttlSeconds: 3_660))
        // An older grant that finishes late does not replace a newer one.
        plan.granted(9, at: 1_100)
        plan.granted(8, at: 1_090)
        #expect(plan.decide(now: 1_101) == .reuse(9))
        // A lease the datastore no longer knows is forgotten; forgetting another changes nothing.
        plan.forget(3)
        #expect(plan.decide(now: 1_101) == .reuse(9))
        plan.forget(9)
        #expect(plan.decide(now: 1_101) == .grant(ttlSeconds: 3_660))
    }
}

@Suite("Revision clock")
struct RevisionClockTests {
    @Test("times of revisions and revisions at times, within what was recorded")
    func lookups() {
        let clock = RevisionClock()
        #expect(clock.time(of: 5) == nil && clock.revision(atOrBefore: 100) == nil)
        clock.record(10, at: 1_000)
        clock.record(12, at: 2_000)
        clock.record(11, at: 2_500)  // older than the newest: ignored
        clock.record(20, at: 3_000)
        #expect(clock.time(of: 9) == nil)
        #expect(clock.time(of: 10) == 1_000)
        #expect(clock.time(of: 11) == 1_000)
        #expect(clock.time(of: 19) == 2_000)
        #expect(clock.time(of: 99) == 3_000)
        #expect(clock.revision(atOrBefore: 999) == nil)
        #expect(clock.revision(atOrBefore: 2_999) == 12)
        #expect(clock.revision(atOrBefore: 3_000) == 20)
        clock.prune(below: 12)
        #expect(clock.oldest?.revision == 20)
        #expect(clock.time(of: 12) == nil)
    }
}
