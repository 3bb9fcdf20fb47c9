import Testing

@testable import SkiffAPI

/// The conversion seam: every served version converts through the storage version.
@Suite("Conversion through the storage version")
struct ConversionTests {
    /// A kind stored as v1 with `spec.size`, also served as v2 where the field is `spec.count`.
    static let widgets: ResourceType = {
        var resource = ResourceType(
            group: "example.com", versions: ["v1", "v2"], kind: "Widget", plural: "widgets", namespaced: true,
            strategy: .unstructured)
        resource.conversion = Conversion(
            toStorage: { object, version in
                var stored = object
                if version == "v2" {
                    stored[path: ["spec", "size"]] = object[path: ["spec", "count"]]
                    stored[path: ["spec", "count"]] = nil
                }
                return stored
            },
            fromStorage: { object, version in
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
            name: "v2 to storage", input: ["apiVersion": "example.com/v2", "spec": ["count": 3]], target: "v1",
            expected: ["apiVersion": "example.com/v1", "spec": ["size": 3]]),
        Case(
            name: "storage to v2", input: ["apiVersion": "example.com/v1", "spec": ["size": 3]], target: "v2",
            expected: ["apiVersion": "example.com/v2", "spec": ["count": 3]]),
        Case(
            name: "same version is untouched", input: ["apiVersion": "example.com/v2", "spec": ["count": 3]],
            target: "v2", expected: ["apiVersion": "example.com/v2", "spec": ["count": 3]]),
        Case(
            name: "no apiVersion means the storage version", input: ["spec": ["size": 1]], target: "v2",
            expected: ["apiVersion": "example.com/v2", "spec": ["count": 1]]),
    ]

    @Test(arguments: cases)
    func converts(_ testCase: Case) {
        #expect(Self.widgets.convert(testCase.input, to: testCase.target) == testCase.expected)
    }

    @Test func roundTripThroughStorage() {
        let served: JSONValue = ["apiVersion": "example.com/v2", "spec": ["count": 7]]
        let stored = Self.widgets.convert(served, to: "v1")
        #expect(Self.widgets.convert(stored, to: "v2") == served)
    }

    @Test func builtInKindsStoreTheirOnlyVersion() {
        for resource in Scheme.builtIn.resources {
            #expect(resource.storageVersion == resource.versions[0])
            #expect(resource.convert(["spec": [:]], to: resource.storageVersion)["apiVersion"] == nil)
        }
    }
}
