import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("NodePorts")
struct NodePortsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var wanted: [JSONValue]
        var used: [JSONValue]
        var fits: Bool
        var testDescription: String { name }
    }

    static func port(_ spec: String) -> JSONValue {
        let parts = spec.split(separator: "/").map(String.init)
        return Fixtures.hostPort(parts[0], parts[1], Int64(parts[2])!)
    }

    static let cases: [Case] = [
        Case(name: "other port", wanted: [port("UDP/127.0.0.1/8080")], used: [port("UDP/127.0.0.1/9090")], fits: true),
        Case(
            name: "same udp port", wanted: [port("UDP/127.0.0.1/8080")], used: [port("UDP/127.0.0.1/8080")], fits: false
        ),
        Case(
            name: "same port, other protocol", wanted: [port("TCP/127.0.0.1/8080")], used: [port("UDP/127.0.0.1/8080")],
            fits: true),
        Case(
            name: "second tcp port", wanted: [port("TCP/127.0.0.1/8001"), port("UDP/127.0.0.1/8080")],
            used: [port("TCP/127.0.0.1/8001")], fits: false),
        Case(
            name: "first 0.0.0.0", wanted: [port("TCP/0.0.0.0/8001")], used: [port("TCP/127.0.0.1/8001")], fits: false),
        Case(
            name: "second 0.0.0.0", wanted: [port("TCP/127.0.0.1/8001")], used: [port("TCP/0.0.0.0/8001")],
            fits: false),
        Case(
            name: "udp and tcp, both 0.0.0.0", wanted: [port("UDP/0.0.0.0/8001")], used: [port("TCP/0.0.0.0/8001")],
            fits: true),
        Case(
            name: "other host ips", wanted: [port("TCP/127.0.0.1/8001")], used: [port("TCP/127.0.0.2/8001")], fits: true
        ),
        Case(
            name: "empty host ip and protocol mean 0.0.0.0 and TCP",
            wanted: [["containerPort": 8001, "hostPort": 8001]], used: [port("TCP/10.0.0.1/8001")], fits: false),
    ]

    @Test(arguments: cases)
    func filter(_ test: Case) {
        let existing = Fixtures.pod("existing", spec: ["containers": [Fixtures.container(ports: test.used)]])
        let harness = Harness(nodes: [Fixtures.node("busy"), Fixtures.node("idle")], pods: [("busy", existing)])
        let pod = Fixtures.pod("p", spec: ["containers": [Fixtures.container(ports: test.wanted)]])
        let busy: Outcome =
            test.fits ? .ok : .unschedulable("node(s) didn't have free ports for the requested pod ports")
        #expect(harness.filter(Plugin.nodePorts, pod).outcomes == [busy, .ok])
    }

    @Test func sidecarPortsCount() {
        let sidecar = Fixtures.container(ports: [NodePortsTests.port("TCP/0.0.0.0/80")], restartAlways: true)
        let existing = Fixtures.pod("existing", spec: ["initContainers": [sidecar]])
        let harness = Harness(nodes: [Fixtures.node("busy")], pods: [("busy", existing)])
        let pod = Fixtures.pod(
            "p", spec: ["containers": [Fixtures.container(ports: [NodePortsTests.port("TCP/0.0.0.0/80")])]])
        #expect(harness.filter(Plugin.nodePorts, pod).outcomes.map(\.code) == [.unschedulable])
    }

    @Test func podWithoutHostPortsSkips() {
        let harness = Harness(nodes: [Fixtures.node("idle")])
        #expect(harness.filter(Plugin.nodePorts, Fixtures.pod("p", requests: [[:]])).preFilter == .skip)
    }

    @Test func removedPodsFreeTheirPorts() {
        let existing = Fixtures.pod(
            "existing", spec: ["containers": [Fixtures.container(ports: [NodePortsTests.port("TCP/0.0.0.0/80")])]])
        let harness = Harness(nodes: [Fixtures.node("busy")], pods: [("busy", existing)])
        harness.set.removePod(uid: "uid-default-existing")
        let pod = Fixtures.pod(
            "p", spec: ["containers": [Fixtures.container(ports: [NodePortsTests.port("TCP/0.0.0.0/80")])]])
        #expect(harness.filter(Plugin.nodePorts, pod).outcomes == [.ok])
    }
}
