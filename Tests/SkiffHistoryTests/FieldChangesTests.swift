import SkiffAPI
import Testing

@testable import SkiffHistory

@Suite("FieldChanges")
struct FieldChangesTests {
    @Test func listsDeploymentChangesByPathIgnoringResourceVersion() {
        let changes = FieldChanges(old: Fixtures.deploymentBefore, new: Fixtures.deploymentAfter).changes
        #expect(
            changes == [
                FieldChange(path: "metadata.generation", kind: .changed, old: 1, new: 2),
                FieldChange(path: "spec.replicas", kind: .changed, old: 3, new: 5),
                FieldChange(
                    path: "spec.template.spec.containers[0].image", kind: .changed, old: "nginx:1.25",
                    new: "nginx:1.26"),
            ])
        #expect(
            changes.map(\.description) == [
                "~ metadata.generation: 1 → 2",
                "~ spec.replicas: 3 → 5",
                "~ spec.template.spec.containers[0].image: nginx:1.25 → nginx:1.26",
            ])
    }

    /// The desired state first, then metadata, then status; as many as fit, the rest counted.
    @Test(arguments: [
        (40, "spec.replicas: 3 → 5, +2 more"),
        (60, "spec.replicas: 3 → 5, +2 more"),
        (100, "spec.replicas: 3 → 5, spec.template.spec.containers[0].image: nginx:1.25 → nginx:1.26, +1 more"),
        (
            200,
            "spec.replicas: 3 → 5, spec.template.spec.containers[0].image: nginx:1.25 → nginx:1.26, "
                + "metadata.generation: 1 → 2"
        ),
        (20, "spec.repli…, +2 more"),
        (12, "sp…, +2 more"),
    ])
    func summarizesADeploymentRollout(_ width: Int, _ expected: String) {
        let summary = FieldChanges(old: Fixtures.deploymentBefore, new: Fixtures.deploymentAfter)
            .summary(maxWidth: width)
        #expect(summary == expected)
        #expect(summary.count <= width)
    }

    @Test func summarizesAsTheCLIShowsIt() {
        let old: JSONValue = [
            "metadata": ["name": "web", "labels": ["tier": "frontend"]], "spec": ["replicas": 3],
            "status": ["readyReplicas": 3, "replicas": 3],
        ]
        let new: JSONValue = [
            "metadata": ["name": "web", "labels": ["tier": "frontend", "app": "web"]], "spec": ["replicas": 5],
            "status": ["readyReplicas": 5, "replicas": 5],
        ]
        #expect(
            FieldChanges(old: old, new: new).summary(maxWidth: 60)
                == "spec.replicas: 3 → 5, metadata.labels.app: added, +2 more")
    }

    @Test func namesPathsWithIndicesAndQuotedKeys() {
        let old: JSONValue = [
            "metadata": ["annotations": ["deployment.kubernetes.io/revision": "1"]],
            "spec": ["containers": [["name": "a"]], "ports": [80, 443], "mode": ["x": 1], "": 1],
        ]
        let new: JSONValue = [
            "metadata": ["annotations": ["deployment.kubernetes.io/revision": "2"]],
            "spec": ["containers": [["name": "a"], ["name": "b"]], "ports": [80], "mode": [1, 2, 3], "": 2],
        ]
        #expect(
            FieldChanges(old: old, new: new).changes.map(\.description) == [
                "~ metadata.annotations[\"deployment.kubernetes.io/revision\"]: 1 → 2",
                "~ spec[\"\"]: 1 → 2",
                "+ spec.containers[1]: {…}",
                "~ spec.mode: {…} → [3 items]",
                "- spec.ports[1]: 443",
            ])
        #expect(
            FieldChanges(old: old, new: new).changes.map(\.compactDescription) == [
                "metadata.annotations[\"deployment.kubernetes.io/revision\"]: 1 → 2",
                "spec[\"\"]: 1 → 2",
                "spec.containers[1]: added",
                "spec.mode: {…} → [3 items]",
                "spec.ports[1]: removed",
            ])
    }

    @Test func sortsIndicesNumerically() {
        let old: JSONValue = ["items": .array((0..<12).map { .int($0) })]
        var new = old
        new["items"] = .array((0..<12).map { .int($0 == 2 || $0 == 10 ? $0 * 100 : $0) })
        #expect(FieldChanges(old: old, new: new).changes.map(\.path) == ["items[2]", "items[10]"])
    }

    @Test func ignoresBookkeepingUnlessAskedFor() {
        let old: JSONValue = ["metadata": ["resourceVersion": "1", "managedFields": [["manager": "a"]]]]
        let new: JSONValue = ["metadata": ["resourceVersion": "2", "managedFields": [["manager": "b"]]]]
        #expect(FieldChanges(old: old, new: new).isEmpty)
        #expect(FieldChanges(old: old, new: new).summary() == "no changes")
        #expect(
            FieldChanges(old: old, new: new, ignoring: []).changes.map(\.path) == [
                "metadata.managedFields[0].manager", "metadata.resourceVersion",
            ])
    }

    @Test func treatsCreatesDeletesAndEqualNumbersAsWholes() {
        let object: JSONValue = ["kind": "Pod", "spec": ["nodeName": "n1"]]
        #expect(
            FieldChanges(old: nil, new: object).changes == [FieldChange(path: "", kind: .added, old: nil, new: object)])
        #expect(FieldChanges(old: nil, new: object).summary() == "created")
        #expect(FieldChanges(old: object, new: nil).summary() == "deleted")
        #expect(FieldChanges(old: nil, new: nil).summary() == "no changes")
        #expect(FieldChanges(old: ["a": 3], new: ["a": 3.0]).isEmpty)
        #expect(FieldChanges(old: "a", new: "b").summary() == "value: a → b")
        #expect(FieldChanges(old: ["a": .null], new: [:]).changes.map(\.description) == ["- a: null"])
    }

    static let renderings: [(JSONValue?, String)] = [
        (.string("nginx:1.25"), "nginx:1.25"),
        (.string(""), "\"\""),
        (.string("line one\nline two\tend"), "line one\\nline two\\tend"),
        (.string(String(repeating: "x", count: 39) + "yz"), String(repeating: "x", count: 39) + "…"),
        (.string(String(repeating: "x", count: 40)), String(repeating: "x", count: 40)),
        (.int(5), "5"),
        (.double(-0.25), "-0.25"),
        (.bool(true), "true"),
        (.null, "null"),
        (.object([:]), "{}"),
        (.object(["a": .int(1)]), "{…}"),
        (.array([]), "[]"),
        (.array([.int(1)]), "[1 item]"),
        (.array([.int(1), .int(2), .int(3)]), "[3 items]"),
        (nil, "(absent)"),
    ]

    @Test(arguments: renderings)
    func rendersValuesShortly(_ value: JSONValue?, _ expected: String) {
        #expect(FieldChange.render(value) == expected)
    }

    static let storedBytes: [([UInt8]?, [UInt8]?, String)] = [
        (Array("hello world".utf8), [0x00, 0x01, 0xFF], "value: 11 B → 3 B (sha256 b94d27b9 → 26a66b06)"),
        (nil, [0x00, 0x01, 0xFF, 0x07], "created: 4 B (sha256 f7d2a93c)"),
        ([0x00, 0x01, 0xFF], nil, "deleted: 3 B (sha256 26a66b06)"),
        ([0x00, 0x01, 0xFF], [0x00, 0x01, 0xFF], "value: unchanged (3 B, sha256 26a66b06)"),
        (nil, nil, "no changes"),
        // JSON on both sides: the field summary.
        (Array("{\"spec\":{\"replicas\":3}}".utf8), Array("{\"spec\":{\"replicas\":5}}".utf8), "spec.replicas: 3 → 5"),
        (nil, Array("{\"kind\":\"Pod\"}".utf8), "created"),
        // JSON on one side only: bytes.
        (Array("{}".utf8), [0xFF], "value: 2 B → 1 B (sha256 44136fa3 → a8100ae6)"),
    ]

    @Test(arguments: storedBytes)
    func summarizesStoredBytes(_ old: [UInt8]?, _ new: [UInt8]?, _ expected: String) {
        #expect(FieldChanges.summary(old: old, new: new) == expected)
    }

    @Test func cutsByteSummariesToWidth() {
        let summary = FieldChanges.byteSummary(old: Array("hello world".utf8), new: [0x00], maxWidth: 20)
        #expect(summary == "value: 11 B → 1 B (…")
    }

    @Test(arguments: [
        (0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (1_048_575, "1.0 MiB"),
        (1_048_576, "1.0 MiB"), (5 * 1024 * 1024 * 1024, "5.0 GiB"),
    ])
    func formatsSizes(_ count: Int, _ expected: String) {
        #expect(FieldChanges.formatSize(count) == expected)
    }
}
