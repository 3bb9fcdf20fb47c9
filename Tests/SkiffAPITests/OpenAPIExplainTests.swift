import Testing

@testable import SkiffAPI

@Suite("kubectl explain over the documents")
struct OpenAPIExplainTests {
    @Test(
        "a field path resolves to the type kubectl prints",
        arguments: [
            ("apps", "v1", "deployments", "Deployment", "spec.strategy", "DeploymentStrategy"),
            ("apps", "v1", "deployments", "Deployment", "spec.strategy.rollingUpdate", "RollingUpdateDeployment"),
            ("apps", "v1", "deployments", "Deployment", "spec.strategy.rollingUpdate.maxSurge", "IntOrString"),
            ("apps", "v1", "deployments", "Deployment", "spec.replicas", "integer"),
            ("apps", "v1", "deployments", "Deployment", "spec.template.spec.containers", "[]Container"),
            ("apps", "v1", "replicasets", "ReplicaSet", "spec.selector.matchLabels", "map[string]string"),
            ("", "v1", "pods", "Pod", "spec.containers", "[]Container"),
            ("", "v1", "pods", "Pod", "spec.containers.resources", "ResourceRequirements"),
            ("", "v1", "pods", "Pod", "spec.containers.resources.limits", "map[string]Quantity"),
            ("", "v1", "pods", "Pod", "spec.containers.livenessProbe.httpGet.port", "IntOrString"),
            ("", "v1", "pods", "Pod", "spec.volumes.configMap.items", "[]KeyToPath"),
            ("", "v1", "pods", "Pod", "metadata.creationTimestamp", "string"),
            ("", "v1", "pods", "Pod", "metadata.ownerReferences", "[]OwnerReference"),
            ("", "v1", "configmaps", "ConfigMap", "data", "map[string]string"),
            ("", "v1", "nodes", "Node", "status.capacity", "map[string]Quantity"),
            ("coordination.k8s.io", "v1", "leases", "Lease", "spec.renewTime", "string"),
            ("apps", "v1beta1", "deployments", "Deployment", "spec.rollbackTo.revision", "integer"),
            ("stable.example.com", "v1", "crontabs", "CronTab", "spec.cronSpec", "string"),
            ("stable.example.com", "v1", "crontabs", "CronTab", "metadata", "ObjectMeta"),
            ("stable.example.com", "v1", "crontabs", "CronTab", "metadata.labels", "map[string]string"),
            ("example.com", "v1alpha1", "widgets", "Widget", "metadata.name", "string"),
        ])
    func fieldType(
        group: String, version: String, plural: String, kind: String, fieldPath: String, expected: String
    ) throws {
        let model = ExplainModel(document: Fixtures.document(group, version))
        let gvk = try #require(model.groupVersionKind(group: group, version: version, plural: plural))
        #expect(gvk == ["group": .string(group), "version": .string(version), "kind": .string(kind)])
        let schema = try #require(model.kindSchema(gvk))
        let field = try #require(model.field(fieldPath.split(separator: ".").map(String.init), in: schema))
        #expect(model.typeGuess(field) == expected)
    }

    @Test(
        "--recursive lists nested fields",
        arguments: [
            (
                "apps", "v1", "deployments",
                ["spec.strategy.rollingUpdate.maxSurge", "spec.template.spec.containers.name"]
            ),
            (
                "", "v1", "pods",
                [
                    "spec.containers.resources.limits", "spec.containers.livenessProbe.httpGet.port",
                    "status.containerStatuses.state.terminated.exitCode", "metadata.managedFields.fieldsV1",
                ]
            ),
            ("stable.example.com", "v1", "crontabs", ["spec.cronSpec", "spec.template.metadata.name", "metadata.uid"]),
        ])
    func recursive(group: String, version: String, plural: String, expected: [String]) throws {
        let model = ExplainModel(document: Fixtures.document(group, version))
        let gvk = try #require(model.groupVersionKind(group: group, version: version, plural: plural))
        let schema = try #require(model.kindSchema(gvk))
        let fields = Set(model.recursiveFields(schema))
        for field in expected { #expect(fields.contains(field), "\(field) is not listed") }
    }

    @Test("only one component claims each kind", arguments: Fixtures.groupVersions)
    func uniqueKinds(group: String, version: String) {
        let document = Fixtures.document(group, version)
        var claimed: [JSONValue: [String]] = [:]
        for (name, schema) in document[path: ["components", "schemas"]]?.objectValue ?? [:] {
            for gvk in schema["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                claimed[gvk, default: []].append(name)
            }
        }
        for (gvk, names) in claimed { #expect(names.count == 1, "\(gvk) is claimed by \(names)") }
    }
}
