import Testing

@testable import SkiffAPI

/// CustomResourceDefinitions: their validation, and the resource type each one serves.
@Suite("CustomResourceDefinition")
struct CustomResourceDefinitionTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object", "required": ["size"],
                "properties": [
                    "size": ["type": "integer", "minimum": 1, "maximum": 10],
                    "color": ["type": "string", "default": "red"],
                ],
            ],
            "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
        ],
    ]

    /// A valid definition of `widgets.example.com`, changed by `edit`.
    static func definition(_ edit: (inout JSONValue) -> Void = { _ in }) -> CustomResourceDefinition {
        var object: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced",
                "names": ["plural": "widgets", "kind": "Widget", "shortNames": ["wd"], "categories": ["all"]],
                "versions": [
                    [
                        "name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema],
                        "subresources": [
                            "status": [:],
                            "scale": ["specReplicasPath": ".spec.size", "statusReplicasPath": ".status.size"],
                        ],
                        "additionalPrinterColumns": [["name": "Size", "type": "integer", "jsonPath": ".spec.size"]],
                    ],
                    ["name": "v1alpha1", "served": true, "storage": false, "schema": ["openAPIV3Schema": schema]],
                ],
            ],
        ]
        edit(&object)
        var definition: CustomResourceDefinition = try! KindStrategy.decodeTyped(object)
        definition.applyDefaults()
        return definition
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var edit: @Sendable (inout JSONValue) -> Void
        var errors: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid", edit: { _ in }, errors: []),
        Case(
            name: "name must be plural.group", edit: { $0[path: ["metadata", "name"]] = "things.example.com" },
            errors: [#"metadata.name: Invalid value: "things.example.com": must be spec.names.plural+"."+spec.group"#]),
        Case(
            name: "a group needs a dot", edit: { $0[path: ["spec", "group"]] = "example" },
            errors: [
                #"spec.group: Invalid value: "example": should be a domain with at least one dot"#,
                #"metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group"#,
            ]),
        Case(
            name: "scope", edit: { $0[path: ["spec", "scope"]] = "Everywhere" },
            errors: [#"spec.scope: Unsupported value: "Everywhere": supported values: "Cluster", "Namespaced""#]),
        Case(
            name: "kind and plural are required",
            edit: {
                $0[path: ["spec", "names", "kind"]] = nil
                $0[path: ["spec", "names", "plural"]] = nil
            },
            errors: [
                "spec.names.plural: Required value", "spec.names.singular: Required value",
                "spec.names.kind: Required value", "spec.names.listKind: Required value",
            ]),
        Case(
            name: "exactly one storage version",
            edit: {
                $0[path: ["spec", "versions"]] = .array(
                    ($0[path: ["spec", "versions"]]?.arrayValue ?? []).map {
                        var version = $0
                        version["storage"] = true
                        return version
                    })
            },
            errors: [#"spec.versions: Invalid value: "": must have exactly one version marked as storage version"#]),
        Case(
            name: "schemas are required",
            edit: { $0[path: ["spec", "versions"]] = [["name": "v1", "served": true, "storage": true]] },
            errors: ["spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"]),
        Case(
            name: "duplicate versions",
            edit: {
                $0[path: ["spec", "versions"]] = [
                    ["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema]],
                    ["name": "v1", "served": true, "storage": false, "schema": ["openAPIV3Schema": schema]],
                ]
            },
            errors: [#"spec.versions[1].name: Duplicate value: "v1""#]),
        Case(
            name: "printer column type",
            edit: {
                $0[path: ["spec", "versions"]] = [
                    [
                        "name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema],
                        "additionalPrinterColumns": [["name": "X", "type": "float", "jsonPath": ".spec.size"]],
                    ]
                ]
            },
            errors: [
                #"spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "float": supported values: "boolean", "date", "integer", "number", "string""#
            ]),
        Case(
            name: "scale paths must point into spec and status",
            edit: {
                $0[path: ["spec", "versions"]] = [
                    [
                        "name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema],
                        "subresources": [
                            "scale": ["specReplicasPath": ".status.size", "statusReplicasPath": ".spec.x"]
                        ],
                    ]
                ]
            },
            errors: [
                #"spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.size": should be a json path under .spec"#,
                #"spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: ".spec.x": should be a json path under .status"#,
            ]),
        Case(
            name: "a Kubernetes group needs the approval annotation",
            edit: {
                $0[path: ["spec", "group"]] = "widgets.k8s.io"
                $0[path: ["metadata", "name"]] = "widgets.widgets.k8s.io"
            },
            errors: [
                #"metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111"#
            ]),
        Case(
            name: "webhook conversion is not served",
            edit: { $0[path: ["spec", "conversion"]] = ["strategy": "Webhook"] },
            errors: [#"spec.conversion.strategy: Unsupported value: "Webhook": supported values: "None""#]),
    ]

    @Test(arguments: cases)
    func validates(_ testCase: Case) {
        let errors = Self.definition(testCase.edit).validate(old: nil)
        #expect(errors.map(\.description) == testCase.errors)
    }

    @Test func updatesKeepTheGroupAndEveryStoredVersion() {
        var old = Self.definition()
        old.status = CustomResourceDefinitionStatus()
        old.status?.storedVersions = ["v1", "v1alpha1"]
        let new = Self.definition {
            $0[path: ["spec", "versions"]] = [
                ["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": Self.schema]]
            ]
        }
        #expect(
            new.validate(old: old).map(\.description) == [
                #"status.storedVersions[1]: Invalid value: "v1alpha1": must appear in spec.versions"#
            ])
    }

    @Test func anEstablishedDefinitionKeepsItsKindAndScope() {
        var old = Self.definition()
        old.status = CustomResourceDefinitionStatus()
        old.status?.conditions = [
            CustomResourceDefinitionCondition(type: "Established", status: "True", reason: nil, message: nil)
        ]
        let new = Self.definition {
            $0[path: ["spec", "names", "kind"]] = "Gadget"
            $0[path: ["spec", "names", "listKind"]] = "GadgetList"
            $0[path: ["spec", "scope"]] = "Cluster"
        }
        #expect(
            new.validate(old: old).map(\.field) == ["spec.scope", "spec.names.kind", "spec.names.listKind"])
        // Before it is established, they may still change.
        old.status = nil
        #expect(new.validate(old: old).isEmpty)
    }

    @Test func theStorageVersionIsRecordedInTheSameWrite() {
        var object = KindStrategy.encodeTyped(Self.definition())
        object[path: ["status", "storedVersions"]] = ["v1alpha1"]
        CustomResourceDefinition.recordStorageVersion(&object)
        #expect(object[path: ["status", "storedVersions"]] == ["v1alpha1", "v1"])
        CustomResourceDefinition.recordStorageVersion(&object)
        #expect(object[path: ["status", "storedVersions"]] == ["v1alpha1", "v1"])
    }

    @Test func aGroupPrefersItsHighestVersion() throws {
        var scheme = Scheme.builtIn
        let foos = try #require(
            Self.definition {
                $0[path: ["metadata", "name"]] = "foos.example.com"
                $0[path: ["spec", "names"]] = ["plural": "foos", "kind": "Foo"]
                $0[path: ["spec", "versions"]] = [
                    ["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": Self.schema]]
                ]
            }.resourceType())
        let bars = try #require(
            Self.definition {
                $0[path: ["metadata", "name"]] = "bars.example.com"
                $0[path: ["spec", "names"]] = ["plural": "bars", "kind": "Bar"]
                $0[path: ["spec", "versions"]] = [
                    ["name": "v2", "served": true, "storage": true, "schema": ["openAPIV3Schema": Self.schema]]
                ]
            }.resourceType())
        scheme.register(foos)
        scheme.register(bars)
        #expect(scheme.groups.first { $0.name == "example.com" }?.versions == ["v2", "v1"])
        #expect(scheme.groups.first { $0.name == "apps" }?.versions == ["v1", "v1beta1"])
        scheme.unregister(group: "example.com", plural: "bars")
        #expect(scheme.groups.first { $0.name == "example.com" }?.versions == ["v1"])
        #expect(scheme.resource(group: "example.com", version: "v2", plural: "bars") == nil)
    }

    @Test func versionPriority() {
        let versions = ["foo", "v1alpha1", "v2", "v1beta2", "v1", "v10", "v11alpha2", "v1beta1", "bar", "v12alpha1"]
        #expect(
            versions.sorted(by: KubeVersion.isPreferred) == [
                "v10", "v2", "v1", "v1beta2", "v1beta1", "v12alpha1", "v11alpha2", "v1alpha1", "bar", "foo",
            ])
    }

    @Test func servesItsResource() throws {
        let resource = try #require(Self.definition().resourceType())
        #expect(resource.versions == ["v1", "v1alpha1"])
        #expect(resource.storageVersion == "v1")
        #expect(resource.hubVersion == "v1")
        #expect(resource.keyPrefix == "/registry/example.com/widgets/")
        #expect(resource.key(namespace: "demo", name: "a") == "/registry/example.com/widgets/demo/a")
        #expect(resource.subresources == [.status, .scale])
        #expect(resource.shortNames == ["wd"])
        #expect(resource.singular == "widget")
        #expect(resource.namespaced)
        #expect(resource.columns.map(\.name) == ["Size"])
        #expect(resource.columns[0].cell(["spec": ["size": 4]]) == 4)
        #expect(resource.custom?.scale?.specReplicasPath == ".spec.size")
        #expect(
            resource.convert(["apiVersion": "example.com/v1alpha1", "spec": ["size": 2]], to: "v1")
                == ["apiVersion": "example.com/v1", "spec": ["size": 2]])
    }

    @Test func itsStrategyDefaultsPrunesAndValidates() throws {
        let resource = try #require(Self.definition().resourceType())
        let prepared = try resource.strategy.prepare(
            [
                "apiVersion": "example.com/v1", "kind": "Widget",
                "metadata": ["name": "a", "bogus": 1], "spec": ["size": 11, "extra": true],
            ], nil, "v1")
        #expect(prepared.object[path: ["spec"]] == ["size": 11, "color": "red"])
        #expect(prepared.object[path: ["metadata", "bogus"]] == nil)
        #expect(prepared.unknownFields.sorted() == ["metadata.bogus", "spec.extra"])
        #expect(prepared.errors.map(\.field) == ["spec.size"])
    }
}
