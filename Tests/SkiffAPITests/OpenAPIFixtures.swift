@testable import SkiffAPI

/// Resources and documents the OpenAPI tests share.
enum Fixtures {
    /// A custom resource: `crontabs.stable.example.com`, namespaced, with status and scale.
    static let cronTab = ResourceType(
        group: "stable.example.com", versions: ["v1"], kind: "CronTab", plural: "crontabs", namespaced: true,
        subresources: [.status, .scale], strategy: .unstructured)

    /// A custom resource without a schema.
    static let widget = ResourceType(
        group: "example.com", versions: ["v1alpha1"], kind: "Widget", plural: "widgets", namespaced: false,
        strategy: .unstructured)

    /// The `openAPIV3Schema` of CronTab v1.
    static let cronTabSchema: JSONValue = [
        "type": "object",
        "description": "A cron job of the example.",
        "properties": [
            "spec": [
                "type": "object",
                "properties": [
                    "cronSpec": ["type": "string", "description": "When to run."],
                    "replicas": ["type": "integer", "minimum": 1],
                    "template": [
                        "type": "object", "x-kubernetes-embedded-resource": true,
                        "x-kubernetes-preserve-unknown-fields": true,
                    ],
                ],
                "required": ["cronSpec"],
            ],
            "status": ["type": "object", "properties": ["replicas": ["type": "integer"]]],
        ],
    ]

    /// Deployment served at apps/v1 and apps/v1beta1.
    static let deploymentTwoVersions: ResourceType = {
        var deployment = Scheme.builtIn.resource(group: "apps", kind: "Deployment")!
        deployment.versions = ["v1", "v1beta1"]
        return deployment
    }()

    /// Every resource: the built-in ones (Deployment also at v1beta1) and the two custom ones.
    static let resources: [ResourceType] =
        Scheme.builtIn.resources.map { $0.kind == "Deployment" ? deploymentTwoVersions : $0 } + [cronTab, widget]

    /// The custom schemas: CronTab's, or `schema` instead when given.
    static func customSchema(_ schema: JSONValue = cronTabSchema) -> (ResourceType, String) -> JSONValue? {
        { resource, version in resource.kind == "CronTab" && version == "v1" ? schema : Optional.none }
    }

    /// The document of a group/version.
    static func document(_ group: String, _ version: String, cronTab schema: JSONValue = cronTabSchema) -> JSONValue {
        OpenAPIDocument.document(
            group: group, version: version, resources: resources, customSchema: customSchema(schema))!
    }

    /// Every group/version served.
    static let groupVersions: [(String, String)] = [
        ("", "v1"), ("apps", "v1"), ("apps", "v1beta1"), ("coordination.k8s.io", "v1"),
        ("stable.example.com", "v1"), ("example.com", "v1alpha1"),
    ]

    /// The component `name` of the document of a group/version.
    static func component(_ group: String, _ version: String, _ name: String) -> JSONValue? {
        document(group, version)[path: ["components", "schemas", name]]
    }

    /// `{"$ref": "#/components/schemas/<name>"}`.
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }

    /// `value` without `description` members, at any depth.
    static func withoutDescriptions(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members where key != "description" { result[key] = withoutDescriptions(member) }
            return .object(result)
        case .array(let elements): return .array(elements.map(withoutDescriptions))
        default: return value
        }
    }
}
