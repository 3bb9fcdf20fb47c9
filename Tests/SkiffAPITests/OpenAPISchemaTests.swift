import Testing

@testable import SkiffAPI

@Suite("OpenAPI component schemas of built-in kinds")
struct OpenAPISchemaTests {
    @Test("apps/v1 Deployment is a kind with its GVK, type meta and references to its parts")
    func deployment() throws {
        let deployment = try #require(Fixtures.component("apps", "v1", "io.k8s.api.apps.v1.Deployment"))
        #expect(
            deployment["x-kubernetes-group-version-kind"]
                == [["group": "apps", "version": "v1", "kind": "Deployment"]])
        #expect(deployment["type"] == "object")
        #expect(deployment[path: ["properties", "apiVersion", "type"]] == "string")
        #expect(deployment[path: ["properties", "kind", "type"]] == "string")
        let expectedParts: [(String, String)] = [
            ("metadata", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
            ("spec", "io.k8s.api.apps.v1.DeploymentSpec"),
            ("status", "io.k8s.api.apps.v1.DeploymentStatus"),
        ]
        for (field, component) in expectedParts {
            let property = try #require(deployment[path: ["properties", field]])
            #expect(property["allOf"] == [Fixtures.ref(component)])
            #expect(property["default"] == .emptyObject)
            #expect(property["description"]?.stringValue?.isEmpty == false)
        }
        #expect(
            deployment[path: ["properties"]]?.objectValue?.keys.sorted() == [
                "apiVersion", "kind", "metadata", "spec", "status",
            ])
    }

    @Test(
        "every $ref resolves to a component of the same document",
        arguments: Fixtures.groupVersions)
    func referencesResolve(group: String, version: String) {
        let document = Fixtures.document(group, version)
        let schemas = document[path: ["components", "schemas"]]?.objectValue ?? [:]
        let references = ExplainModel.references(in: document)
        #expect(references.count > 20)
        for reference in references {
            #expect(reference.hasPrefix("#/components/schemas/"))
            let name = String(reference.dropFirst("#/components/schemas/".count))
            #expect(schemas[name] != nil, "\(reference) does not resolve")
        }
    }

    @Test("no two messages claim one component name", arguments: Fixtures.groupVersions)
    func noConflicts(group: String, version: String) throws {
        let built = try #require(
            OpenAPIDocument.build(
                group: group, version: version, resources: Fixtures.resources, Fixtures.customSchema()))
        #expect(built.schemas.conflicts.isEmpty)
    }

    @Test(
        "each document has the meta/v1 types, Quantity and IntOrString",
        arguments: Fixtures.groupVersions)
    func standardComponents(group: String, version: String) {
        let schemas = Fixtures.document(group, version)[path: ["components", "schemas"]]?.objectValue ?? [:]
        for name in [
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
            "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
            "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", "io.k8s.apimachinery.pkg.api.resource.Quantity",
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        ] {
            #expect(schemas[name] != nil, "\(name) is missing")
        }
    }

    /// A component and its schema, descriptions aside.
    struct ComponentCase: Sendable {
        let name: String
        let expected: JSONValue
    }

    static let scalarCases: [ComponentCase] = [
        ComponentCase(name: OpenAPINames.time, expected: ["type": "string", "format": "date-time"]),
        ComponentCase(name: OpenAPINames.microTime, expected: ["type": "string", "format": "date-time"]),
        ComponentCase(name: OpenAPINames.quantity, expected: ["oneOf": [["type": "string"], ["type": "number"]]]),
        ComponentCase(
            name: OpenAPINames.intOrString,
            expected: ["format": "int-or-string", "oneOf": [["type": "integer"], ["type": "string"]]]),
        ComponentCase(name: OpenAPINames.fieldsV1, expected: ["type": "object"]),
        ComponentCase(name: OpenAPINames.patch, expected: ["type": "object"]),
    ]

    @Test("apimachinery scalar components", arguments: scalarCases)
    func scalarComponents(_ test: ComponentCase) throws {
        let schema = try #require(Fixtures.component("apps", "v1", test.name))
        #expect(Fixtures.withoutDescriptions(schema) == test.expected)
    }

    /// A field of a component and its schema, descriptions aside.
    struct FieldCase: Sendable {
        let group: String
        let component: String
        let field: String
        let expected: JSONValue
    }

    static let fieldCases: [FieldCase] = [
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.PodSpec", field: "containers",
            expected: [
                "type": "array", "items": ["allOf": [Fixtures.ref("io.k8s.api.core.v1.Container")], "default": [:]],
            ]),
        FieldCase(
            group: "apps", component: "io.k8s.api.apps.v1.DeploymentSpec", field: "replicas",
            expected: ["type": "integer", "format": "int32"]),
        FieldCase(
            group: "apps", component: "io.k8s.api.apps.v1.DeploymentSpec", field: "strategy",
            expected: ["allOf": [Fixtures.ref("io.k8s.api.apps.v1.DeploymentStrategy")], "default": [:]]),
        FieldCase(
            group: "apps", component: "io.k8s.api.apps.v1.RollingUpdateDeployment", field: "maxSurge",
            expected: ["allOf": [Fixtures.ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString")]]),
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.ResourceRequirements", field: "limits",
            expected: [
                "type": "object", "additionalProperties": Fixtures.ref("io.k8s.apimachinery.pkg.api.resource.Quantity"),
            ]),
        FieldCase(
            group: "apps", component: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", field: "labels",
            expected: ["type": "object", "additionalProperties": ["type": "string"]]),
        FieldCase(
            group: "apps", component: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", field: "creationTimestamp",
            expected: ["allOf": [Fixtures.ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time")]]),
        FieldCase(
            group: "apps", component: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", field: "generation",
            expected: ["type": "integer", "format": "int64"]),
        FieldCase(
            group: "apps", component: "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", field: "fieldsV1",
            expected: Fixtures.ref("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1")),
        FieldCase(
            group: "", component: "io.k8s.api.core.v1.Secret", field: "data",
            expected: ["type": "object", "additionalProperties": ["type": "string", "format": "byte"]]),
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.Probe", field: "httpGet",
            expected: ["allOf": [Fixtures.ref("io.k8s.api.core.v1.HTTPGetAction")], "default": [:]]),
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.EphemeralContainer", field: "image",
            expected: ["type": "string"]),
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.ConfigMapKeySelector", field: "name",
            expected: ["type": "string"]),
        FieldCase(
            group: "coordination.k8s.io", component: "io.k8s.api.coordination.v1.LeaseSpec", field: "renewTime",
            expected: ["allOf": [Fixtures.ref("io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime")]]),
        FieldCase(
            group: "apps", component: "io.k8s.api.core.v1.PodSecurityContext", field: "supplementalGroups",
            expected: ["type": "array", "items": ["type": "integer", "format": "int64"]]),
        FieldCase(
            group: "", component: "io.k8s.api.core.v1.ContainerStatus", field: "ready", expected: ["type": "boolean"]),
    ]

    @Test("field schemas (descriptions aside)", arguments: fieldCases)
    func fieldSchema(_ test: FieldCase) throws {
        let schema = try #require(Fixtures.component(test.group, "v1", test.component))
        let property = try #require(schema[path: ["properties", test.field]])
        #expect(Fixtures.withoutDescriptions(property) == test.expected)
    }

    @Test(
        "required fields",
        arguments: [
            ("io.k8s.api.apps.v1.DeploymentSpec", ["selector", "template"] as [String]?),
            ("io.k8s.api.core.v1.PodSpec", ["containers"]),
            ("io.k8s.api.core.v1.Container", ["name"]),
            ("io.k8s.api.core.v1.EphemeralContainer", ["name"]),
            ("io.k8s.api.core.v1.VolumeMount", ["name", "mountPath"]),
            ("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", ["apiVersion", "kind", "name", "uid"]),
            ("io.k8s.api.apps.v1.DeploymentList", ["items"]),
            ("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", nil),
            ("io.k8s.api.apps.v1.DeploymentStrategy", nil),
        ])
    func requiredFields(component: String, expected: [String]?) throws {
        let schema = try #require(Fixtures.component("apps", "v1", component))
        #expect(schema["required"]?.arrayValue?.compactMap(\.stringValue) == expected)
    }

    @Test(
        "top-level kinds carry their GVK",
        arguments: [
            ("", "io.k8s.api.core.v1.Pod", "Pod"),
            ("", "io.k8s.api.core.v1.PodList", "PodList"),
            ("", "io.k8s.api.core.v1.Binding", "Binding"),
            ("", "io.k8s.api.core.v1.ConfigMap", "ConfigMap"),
            ("apps", "io.k8s.api.apps.v1.ReplicaSetList", "ReplicaSetList"),
            ("coordination.k8s.io", "io.k8s.api.coordination.v1.Lease", "Lease"),
        ])
    func kindExtensions(group: String, component: String, kind: String) throws {
        let schema = try #require(Fixtures.component(group, "v1", component))
        let gvk: JSONValue = ["group": .string(group), "version": "v1", "kind": .string(kind)]
        #expect(schema["x-kubernetes-group-version-kind"] == [gvk])
    }

    @Test("the Scale of /scale is autoscaling/v1's, with its GVK")
    func scale() throws {
        let scale = try #require(Fixtures.component("apps", "v1", "io.k8s.api.autoscaling.v1.Scale"))
        #expect(
            scale["x-kubernetes-group-version-kind"]
                == [["group": "autoscaling", "version": "v1", "kind": "Scale"]])
        #expect(scale[path: ["properties", "spec", "allOf"]] == [Fixtures.ref("io.k8s.api.autoscaling.v1.ScaleSpec")])
    }

    @Test(
        "apps/v1beta1 names its apps types after its version and adds spec.rollbackTo",
        arguments: [
            (
                "v1beta1",
                [
                    "io.k8s.api.apps.v1beta1.Deployment", "io.k8s.api.apps.v1beta1.DeploymentList",
                    "io.k8s.api.apps.v1beta1.RollbackConfig", "io.k8s.api.core.v1.PodTemplateSpec",
                ],
                "io.k8s.api.apps.v1.Deployment"
            ),
            (
                "v1",
                ["io.k8s.api.apps.v1.Deployment", "io.k8s.api.apps.v1.DeploymentList"],
                "io.k8s.api.apps.v1beta1.Deployment"
            ),
        ])
    func oldVersion(version: String, present: [String], absent: String) throws {
        let schemas = Fixtures.document("apps", version)[path: ["components", "schemas"]]?.objectValue ?? [:]
        for name in present { #expect(schemas[name] != nil, "\(name) is missing") }
        #expect(schemas[absent] == nil)
        let spec = try #require(schemas["io.k8s.api.apps.\(version).DeploymentSpec"])
        let rollbackTo = spec[path: ["properties", "rollbackTo", "allOf"]]
        #expect(rollbackTo == (version == "v1beta1" ? [Fixtures.ref("io.k8s.api.apps.v1beta1.RollbackConfig")] : nil))
        #expect(
            spec[path: ["properties", "template", "allOf"]] == [Fixtures.ref("io.k8s.api.core.v1.PodTemplateSpec")])
        let deployment = try #require(schemas["io.k8s.api.apps.\(version).Deployment"])
        #expect(
            deployment["x-kubernetes-group-version-kind"]
                == [["group": "apps", "version": .string(version), "kind": "Deployment"]])
    }

    @Test("DeleteOptions is a kind of the core group and of the document's group version")
    func deleteOptions() throws {
        let schema = try #require(
            Fixtures.component("apps", "v1", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"))
        #expect(
            schema["x-kubernetes-group-version-kind"] == [
                ["group": "", "version": "v1", "kind": "DeleteOptions"],
                ["group": "apps", "version": "v1", "kind": "DeleteOptions"],
            ])
    }
}
