import SkiffAPI
import SkiffPluginKit
import SkiffSchedulerPlugins
import Testing

@Suite("InterPodAffinity")
struct InterPodAffinityTests {
    static let affinityMismatch = Outcome.unresolvable("node(s) didn't match pod affinity rules")
    static let antiAffinityMismatch = Outcome.unschedulable("node(s) didn't match pod anti-affinity rules")
    static let existingMismatch = Outcome.unschedulable("node(s) didn't satisfy existing pods anti-affinity rules")

    /// node-1 (r1, z11), node-2 (r1, z12), node-3 (r2, z21).
    static let nodes = [
        Fixtures.node("node-1", labels: ["region": "r1", "zone": "z11"]),
        Fixtures.node("node-2", labels: ["region": "r1", "zone": "z12"]),
        Fixtures.node("node-3", labels: ["region": "r2", "zone": "z21"]),
    ]

    static let securityscan = Fixtures.selector(["service": "securityscan"])

    static func affinity(required: [JSONValue] = [], anti: [JSONValue] = []) -> JSONValue {
        var affinity: JSONValue = [:]
        if !required.isEmpty {
            affinity["podAffinity"] = ["requiredDuringSchedulingIgnoredDuringExecution": .array(required)]
        }
        if !anti.isEmpty {
            affinity["podAntiAffinity"] = ["requiredDuringSchedulingIgnoredDuringExecution": .array(anti)]
        }
        return ["affinity": affinity]
    }

    static func preferred(affinity: [JSONValue] = [], anti: [JSONValue] = []) -> JSONValue {
        var result: JSONValue = [:]
        if !affinity.isEmpty {
            result["podAffinity"] = ["preferredDuringSchedulingIgnoredDuringExecution": .array(affinity)]
        }
        if !anti.isEmpty {
            result["podAntiAffinity"] = ["preferredDuringSchedulingIgnoredDuringExecution": .array(anti)]
        }
        return ["affinity": result]
    }

    static let scanner = Fixtures.pod("scanner", labels: ["service": "securityscan"])

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var pods: [(node: String, pod: JSONValue)]
        var expected: [Outcome]
        var testDescription: String { name }
    }

    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "affinity to a pod in the same region",
            pod: Fixtures.pod("p", spec: affinity(required: [Fixtures.podTerm(securityscan, topologyKey: "region")])),
            pods: [("node-1", scanner)], expected: [.ok, .ok, affinityMismatch]),
        FilterCase(
            name: "affinity with In",
            pod: Fixtures.pod(
                "p",
                spec: affinity(required: [
                    Fixtures.podTerm(
                        Fixtures.selector("service", "In", ["securityscan", "value2"]), topologyKey: "zone")
                ])),
            pods: [("node-1", scanner)], expected: [.ok, affinityMismatch, affinityMismatch]),
        FilterCase(
            name: "affinity looks in the pod's namespace only",
            pod: Fixtures.pod("p", spec: affinity(required: [Fixtures.podTerm(securityscan, topologyKey: "region")])),
            pods: [("node-1", Fixtures.pod("scanner", namespace: "other", labels: ["service": "securityscan"]))],
            expected: [affinityMismatch, affinityMismatch, affinityMismatch]),
        FilterCase(
            name: "affinity to listed namespaces",
            pod: Fixtures.pod(
                "p",
                spec: affinity(required: [
                    Fixtures.podTerm(securityscan, topologyKey: "region", namespaces: ["other"])
                ])),
            pods: [("node-3", Fixtures.pod("scanner", namespace: "other", labels: ["service": "securityscan"]))],
            expected: [affinityMismatch, affinityMismatch, .ok]),
        FilterCase(
            name: "an empty namespaceSelector reaches all namespaces",
            pod: Fixtures.pod(
                "p",
                spec: affinity(required: [
                    Fixtures.podTerm(securityscan, topologyKey: "region", namespaceSelector: [:])
                ])),
            pods: [("node-3", Fixtures.pod("scanner", namespace: "other", labels: ["service": "securityscan"]))],
            expected: [affinityMismatch, affinityMismatch, .ok]),
        FilterCase(
            name: "a namespaceSelector on the namespace name label",
            pod: Fixtures.pod(
                "p",
                spec: affinity(required: [
                    Fixtures.podTerm(
                        securityscan, topologyKey: "region",
                        namespaceSelector: Fixtures.selector(["kubernetes.io/metadata.name": "other"]))
                ])),
            pods: [
                ("node-3", Fixtures.pod("scanner", namespace: "other", labels: ["service": "securityscan"])),
                ("node-1", Fixtures.pod("scanner", namespace: "third", labels: ["service": "securityscan"])),
            ],
            expected: [affinityMismatch, affinityMismatch, .ok]),
        FilterCase(
            name: "the first pod of a group with affinity to itself may go anywhere",
            pod: Fixtures.pod(
                "p", labels: ["service": "securityscan"],
                spec: affinity(required: [Fixtures.podTerm(securityscan, topologyKey: "region")])),
            pods: [], expected: [.ok, .ok, .ok]),
        FilterCase(
            name: "all terms must match the same pod",
            pod: Fixtures.pod(
                "p",
                spec: affinity(required: [
                    Fixtures.podTerm(securityscan, topologyKey: "region"),
                    Fixtures.podTerm(Fixtures.selector(["team": "a"]), topologyKey: "region"),
                ])),
            pods: [
                ("node-1", scanner),
                ("node-3", Fixtures.pod("both", labels: ["service": "securityscan", "team": "a"])),
            ],
            expected: [affinityMismatch, affinityMismatch, .ok]),
        FilterCase(
            name: "nodes without the topology key fail affinity",
            pod: Fixtures.pod("p", spec: affinity(required: [Fixtures.podTerm(securityscan, topologyKey: "rack")])),
            pods: [("node-1", scanner)], expected: [affinityMismatch, affinityMismatch, affinityMismatch]),
        FilterCase(
            name: "anti-affinity to a pod in the same zone",
            pod: Fixtures.pod("p", spec: affinity(anti: [Fixtures.podTerm(securityscan, topologyKey: "zone")])),
            pods: [("node-1", scanner)], expected: [antiAffinityMismatch, .ok, .ok]),
        FilterCase(
            name: "anti-affinity to a pod in the same region",
            pod: Fixtures.pod("p", spec: affinity(anti: [Fixtures.podTerm(securityscan, topologyKey: "region")])),
            pods: [("node-2", scanner)], expected: [antiAffinityMismatch, antiAffinityMismatch, .ok]),
        FilterCase(
            name: "affinity and anti-affinity together",
            pod: Fixtures.pod(
                "p",
                spec: affinity(
                    required: [Fixtures.podTerm(securityscan, topologyKey: "region")],
                    anti: [Fixtures.podTerm(securityscan, topologyKey: "kubernetes.io/hostname")])),
            pods: [("node-1", scanner)], expected: [antiAffinityMismatch, .ok, affinityMismatch]),
        FilterCase(
            name: "an existing pod's anti-affinity keeps the pod out of its region",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-1",
                    Fixtures.pod(
                        "loner",
                        spec: affinity(anti: [
                            Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "region")
                        ]))
                )
            ],
            expected: [existingMismatch, existingMismatch, .ok]),
        FilterCase(
            name: "an existing pod's anti-affinity to other labels",
            pod: Fixtures.pod("p", labels: ["app": "db"]),
            pods: [
                (
                    "node-1",
                    Fixtures.pod(
                        "loner",
                        spec: affinity(anti: [
                            Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "region")
                        ]))
                )
            ],
            expected: [.ok, .ok, .ok]),
    ]

    @Test(arguments: filterCases)
    func filter(_ test: FilterCase) {
        let harness = Harness(nodes: InterPodAffinityTests.nodes, pods: test.pods)
        let run = harness.filter(Plugin.interPodAffinity, test.pod)
        if run.preFilter == .skip {
            #expect(test.expected.allSatisfy { $0 == .ok })
        } else {
            #expect(run.outcomes == test.expected)
        }
    }

    @Test func podWithoutAffinitySkips() {
        let harness = Harness(nodes: InterPodAffinityTests.nodes, pods: [("node-1", InterPodAffinityTests.scanner)])
        #expect(harness.filter(Plugin.interPodAffinity, Fixtures.pod("p")).preFilter == .skip)
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: JSONValue
        var pods: [(node: String, pod: JSONValue)]
        var configuration: JSONValue = [:]
        var expected: [Int64]?
        var testDescription: String { name }
    }

    static let s1 = Fixtures.selector(["security": "S1"])
    static let s1Pod = Fixtures.pod("s1", labels: ["security": "S1"])

    static let scoreCases: [ScoreCase] = [
        ScoreCase(name: "no affinity anywhere skips", pod: Fixtures.pod("p"), pods: [("node-1", s1Pod)], expected: nil),
        ScoreCase(
            name: "preferred affinity to a pod's region",
            pod: Fixtures.pod(
                "p", spec: preferred(affinity: [Fixtures.weighted(5, Fixtures.podTerm(s1, topologyKey: "region"))])),
            pods: [("node-1", s1Pod)], expected: [100, 100, 0]),
        ScoreCase(
            name: "preferred anti-affinity to a pod's region",
            pod: Fixtures.pod(
                "p", spec: preferred(anti: [Fixtures.weighted(5, Fixtures.podTerm(s1, topologyKey: "region"))])),
            pods: [("node-1", s1Pod)], expected: [0, 0, 100]),
        ScoreCase(
            name: "affinity and anti-affinity weights add up",
            pod: Fixtures.pod(
                "p",
                spec: preferred(
                    affinity: [Fixtures.weighted(8, Fixtures.podTerm(s1, topologyKey: "region"))],
                    anti: [Fixtures.weighted(4, Fixtures.podTerm(s1, topologyKey: "zone"))])),
            pods: [("node-1", s1Pod)], expected: [50, 100, 0]),
        ScoreCase(
            name: "no matching pods leaves every score 0 (skipped)",
            pod: Fixtures.pod(
                "p", spec: preferred(affinity: [Fixtures.weighted(5, Fixtures.podTerm(s1, topologyKey: "region"))])),
            pods: [], expected: nil),
        ScoreCase(
            name: "an existing pod's preferred affinity to the pod",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-3",
                    Fixtures.pod(
                        "fan",
                        spec: preferred(affinity: [
                            Fixtures.weighted(
                                3, Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "region"))
                        ]))
                )
            ],
            expected: [0, 0, 100]),
        ScoreCase(
            name: "an existing pod's preferred anti-affinity to the pod",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-3",
                    Fixtures.pod(
                        "hater",
                        spec: preferred(anti: [
                            Fixtures.weighted(
                                3, Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "region"))
                        ]))
                )
            ],
            expected: [100, 100, 0]),
        ScoreCase(
            name: "an existing pod's required affinity counts with hardPodAffinityWeight",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-2",
                    Fixtures.pod(
                        "needy",
                        spec: affinity(required: [
                            Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "zone")
                        ]))
                )
            ],
            expected: [0, 100, 0]),
        ScoreCase(
            name: "hardPodAffinityWeight 0 ignores existing pods' required affinity",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-2",
                    Fixtures.pod(
                        "needy",
                        spec: affinity(required: [
                            Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "zone")
                        ]))
                )
            ],
            configuration: ["InterPodAffinity": ["hardPodAffinityWeight": 0]], expected: nil),
        ScoreCase(
            name: "ignorePreferredTermsOfExistingPods skips pods without preferences",
            pod: Fixtures.pod("p", labels: ["app": "web"]),
            pods: [
                (
                    "node-3",
                    Fixtures.pod(
                        "fan",
                        spec: preferred(affinity: [
                            Fixtures.weighted(
                                3, Fixtures.podTerm(Fixtures.selector(["app": "web"]), topologyKey: "region"))
                        ]))
                )
            ],
            configuration: ["InterPodAffinity": ["ignorePreferredTermsOfExistingPods": true]], expected: nil),
    ]

    @Test(arguments: scoreCases)
    func score(_ test: ScoreCase) {
        let harness = Harness(configuration: test.configuration, nodes: InterPodAffinityTests.nodes, pods: test.pods)
        #expect(harness.scores(Plugin.interPodAffinity, test.pod) == test.expected)
    }
}
