import Testing

@testable import SkiffAPI

/// The conversion seam: every served version converts through the hub version.
@Suite("Conversion through the hub version")
struct ConversionTests {
    /// A kind stored as v1 with `spec.size`, also served as v2 where the field is `spec.count`.
    static let widgets: ResourceType = {
        var resource = ResourceType(
            group: "example.com", versions: ["v1", "v2"], kind: "Widget", plural: "widgets", namespaced: true,
            strategy: .unstructured)
        resource.conversion = Conversion(
            toHub: { object, version in
                var stored = object
                if version == "v2" {
                    stored[path: ["spec", "size"]] = object[path: ["spec", "count"]]
                    stored[path: ["spec", "count"]] = nil
                }
                return stored
            },
            fromHub: { object, version in
                var served = object
                if version == "v2" {
                    served[path: ["spec", "count"]] = object[path: ["spec", "size"]]
                    served[path: ["spec", "size"]] = nil
                }
                return served
            })
        return resource
    }()

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: JSONValue
        var target: String
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "v2 to the hub", input: ["apiVersion": "example.com/v2", "spec": ["count": 3]], target: "v1",
            expected: ["apiVersion": "example.com/v1", "spec": ["size": 3]]),
        Case(
            name: "the hub to v2", input: ["apiVersion": "example.com/v1", "spec": ["size": 3]], target: "v2",
            expected: ["apiVersion": "example.com/v2", "spec": ["count": 3]]),
        Case(
            name: "same version is untouched", input: ["apiVersion": "example.com/v2", "spec": ["count": 3]],
            target: "v2", expected: ["apiVersion": "example.com/v2", "spec": ["count": 3]]),
        Case(
            name: "no apiVersion means the hub version", input: ["spec": ["size": 1]], target: "v2",
            expected: ["apiVersion": "example.com/v2", "spec": ["count": 1]]),
    ]

    @Test(arguments: cases)
    func converts(_ testCase: Case) {
        #expect(Self.widgets.convert(testCase.input, to: testCase.target) == testCase.expected)
    }

    @Test func roundTripThroughTheHub() {
        let served: JSONValue = ["apiVersion": "example.com/v2", "spec": ["count": 7]]
        let stored = Self.widgets.convert(served, to: "v1")
        #expect(Self.widgets.convert(stored, to: "v2") == served)
    }

    @Test func builtInKindsStoreTheirPreferredVersion() {
        for resource in Scheme.builtIn.resources {
            #expect(resource.storageVersion == resource.versions[0])
            #expect(resource.hubVersion == resource.versions[0])
            #expect(
                resource.convert(["spec": [:]], to: resource.storageVersion)["apiVersion"]
                    == .string(resource.apiVersion))
        }
    }
}

/// apps/v1beta1 Deployments converted to and from the apps/v1 hub.
@Suite("Deployment: apps/v1beta1 beside apps/v1")
struct DeploymentConversionTests {
    static let deployments = Scheme.builtIn.resource(group: "apps", kind: "Deployment")!

    static let template: JSONValue = [
        "metadata": ["labels": ["app": "web"]],
        "spec": ["containers": [["name": "web", "image": "nginx"]]],
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: JSONValue
        var target: String
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "v1beta1 defaults the selector and labels from the template, and keeps 2 old sets",
            input: ["apiVersion": "apps/v1beta1", "metadata": ["name": "a"], "spec": ["template": template]],
            target: "v1",
            expected: [
                "apiVersion": "apps/v1", "metadata": ["name": "a", "labels": ["app": "web"]],
                "spec": ["template": template, "selector": ["matchLabels": ["app": "web"]], "revisionHistoryLimit": 2],
            ]),
        Case(
            name: "v1beta1 keeps a selector and history limit it was given",
            input: [
                "apiVersion": "apps/v1beta1", "metadata": ["name": "a", "labels": ["team": "x"]],
                "spec": ["template": template, "selector": ["matchLabels": ["tier": "f"]], "revisionHistoryLimit": 5],
            ],
            target: "v1",
            expected: [
                "apiVersion": "apps/v1", "metadata": ["name": "a", "labels": ["team": "x"]],
                "spec": ["template": template, "selector": ["matchLabels": ["tier": "f"]], "revisionHistoryLimit": 5],
            ]),
        Case(
            name: "rollbackTo becomes the deprecated annotation in v1",
            input: [
                "apiVersion": "apps/v1beta1", "metadata": ["name": "a"],
                "spec": ["revisionHistoryLimit": 3, "rollbackTo": ["revision": 4]],
            ],
            target: "v1",
            expected: [
                "apiVersion": "apps/v1",
                "metadata": ["name": "a", "annotations": ["deprecated.deployment.rollback.to": "4"]],
                "spec": ["revisionHistoryLimit": 3],
            ]),
        Case(
            name: "the deprecated annotation becomes rollbackTo in v1beta1",
            input: [
                "apiVersion": "apps/v1",
                "metadata": ["name": "a", "annotations": ["deprecated.deployment.rollback.to": "4", "x": "y"]],
                "spec": ["revisionHistoryLimit": 3],
            ],
            target: "v1beta1",
            expected: [
                "apiVersion": "apps/v1beta1", "metadata": ["name": "a", "annotations": ["x": "y"]],
                "spec": ["revisionHistoryLimit": 3, "rollbackTo": ["revision": 4]],
            ]),
        Case(
            name: "v1's terminatingReplicas moves into an annotation in v1beta1",
            input: [
                "apiVersion": "apps/v1", "metadata": ["name": "a"],
                "status": ["replicas": 3, "terminatingReplicas": 1],
            ],
            target: "v1beta1",
            expected: [
                "apiVersion": "apps/v1beta1",
                "metadata": ["name": "a", "annotations": ["apps.skiff.dev/v1-status": "{\"terminatingReplicas\":1}"]],
                "status": ["replicas": 3],
            ]),
        Case(
            name: "and back out of it in v1",
            input: [
                "apiVersion": "apps/v1beta1",
                "metadata": ["name": "a", "annotations": ["apps.skiff.dev/v1-status": "{\"terminatingReplicas\":1}"]],
                "spec": ["revisionHistoryLimit": 10],
                "status": ["replicas": 3],
            ],
            target: "v1",
            expected: [
                "apiVersion": "apps/v1", "metadata": ["name": "a"], "spec": ["revisionHistoryLimit": 10],
                "status": ["replicas": 3, "terminatingReplicas": 1],
            ]),
    ]

    @Test(arguments: cases)
    func converts(_ testCase: Case) {
        #expect(Self.deployments.convert(testCase.input, to: testCase.target) == testCase.expected)
    }

    /// Every field of a full v1 Deployment survives v1 → v1beta1 → v1.
    @Test(arguments: ["v1", "v1beta1"])
    func roundTripLosesNothing(_ through: String) throws {
        let full: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": "web", "namespace": "default", "labels": ["app": "web"],
                "annotations": ["deprecated.deployment.rollback.to": "2", "note": "kept"],
            ],
            "spec": [
                "replicas": 3, "selector": ["matchLabels": ["app": "web"]], "template": Self.template,
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "50%", "maxUnavailable": 0]],
                "minReadySeconds": 5, "revisionHistoryLimit": 7, "paused": true, "progressDeadlineSeconds": 120,
            ],
            "status": [
                "observedGeneration": 4, "replicas": 3, "updatedReplicas": 2, "readyReplicas": 2,
                "availableReplicas": 2, "unavailableReplicas": 1, "terminatingReplicas": 1, "collisionCount": 1,
                "conditions": [["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"]],
            ],
        ]
        let there = Self.deployments.convert(full, to: through)
        #expect(Self.deployments.convert(there, to: "v1") == full)
        // And a v1beta1 object survives v1beta1 → v1 → v1beta1.
        let old = Self.deployments.convert(full, to: "v1beta1")
        #expect(Self.deployments.convert(Self.deployments.convert(old, to: "v1"), to: "v1beta1") == old)
    }
}
