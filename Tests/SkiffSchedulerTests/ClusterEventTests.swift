import SkiffScheduler
import Testing

@Suite("ClusterEvent")
struct ClusterEventTests {
    @Test(
        "bits match the registered values",
        arguments: [
            (ClusterEvent.nodeAdd, UInt32(1)), (.nodeUpdate, 2), (.nodeDelete, 4), (.podAdd, 8), (.podUpdate, 16),
            (.podDelete, 32), (.all, 63),
        ])
    func bits(event: ClusterEvent, raw: UInt32) {
        #expect(event.rawValue == raw)
    }

    @Test("description names the set bits")
    func description() {
        #expect(ClusterEvent([.nodeAdd, .podDelete]).description == "NodeAdd|PodDelete")
        #expect(ClusterEvent().description == "None")
    }

    @Test("interest: a plugin's mask must intersect the event; no plugin means an error, always retried")
    func interest() {
        let configuration = SchedulingQueue.Configuration(
            pluginEvents: testPluginEvents, unregisteredPluginEvents: .nodeDelete)
        #expect(configuration.isInterested(["NodeAffinity"], in: .nodeUpdate))
        #expect(!configuration.isInterested(["NodeAffinity"], in: .podAdd))
        #expect(configuration.isInterested(["NodeAffinity", "InterPodAffinity"], in: .podAdd))
        #expect(!configuration.isInterested(["SchedulingGates"], in: .all))
        #expect(configuration.isInterested(["Unknown"], in: .nodeDelete))
        #expect(!configuration.isInterested(["Unknown"], in: .nodeAdd))
        #expect(configuration.isInterested([], in: .podUpdate))
        #expect(configuration.isEventOfInterest(.podAdd))
        #expect(!SchedulingQueue.Configuration(unregisteredPluginEvents: []).isEventOfInterest(.all))
    }
}
