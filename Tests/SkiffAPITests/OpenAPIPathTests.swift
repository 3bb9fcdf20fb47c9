import Testing

@testable import SkiffAPI

@Suite("OpenAPI paths")
struct OpenAPIPathTests {
    @Test(
        "operations carry their ID, action and GVK",
        arguments: [
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "get", "listAppsV1NamespacedDeployment",
                "list", "apps", "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "post",
                "createAppsV1NamespacedDeployment", "post", "apps", "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments", "delete",
                "deleteAppsV1CollectionNamespacedDeployment", "deletecollection", "apps", "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch",
                "patchAppsV1NamespacedDeployment", "patch", "apps", "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/deployments", "get", "listAppsV1DeploymentForAllNamespaces", "list", "apps",
                "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "get",
                "readAppsV1NamespacedDeploymentStatus", "get", "apps", "Deployment"
            ),
            (
                "apps", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "put",
                "replaceAppsV1NamespacedDeploymentScale", "put", "autoscaling", "Scale"
            ),
            ("", "/api/v1/namespaces/{name}", "delete", "deleteCoreV1Namespace", "delete", "", "Namespace"),
            (
                "", "/api/v1/namespaces/{name}/finalize", "put", "replaceCoreV1NamespaceFinalize", "put", "",
                "Namespace"
            ),
            (
                "", "/api/v1/namespaces/{namespace}/pods/{name}/binding", "post", "createCoreV1NamespacedPodBinding",
                "post", "", "Binding"
            ),
            (
                "coordination.k8s.io", "/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}", "get",
                "readCoordinationV1NamespacedLease", "get", "coordination.k8s.io", "Lease"
            ),
            (
                "stable.example.com", "/apis/stable.example.com/v1/namespaces/{namespace}/crontabs", "get",
                "listStableExampleComV1NamespacedCronTab", "list", "stable.example.com", "CronTab"
            ),
        ])
    func operation(
        group: String, path: String, method: String, id: String, action: String, gvkGroup: String, kind: String
    ) throws {
        let operation = try #require(Fixtures.document(group, "v1")[path: ["paths", path, method]])
        #expect(operation["operationId"] == .string(id))
        #expect(operation["x-kubernetes-action"] == .string(action))
        let gvkVersion: JSONValue = "v1"
        #expect(
            operation["x-kubernetes-group-version-kind"]
                == ["group": .string(gvkGroup), "version": gvkVersion, "kind": .string(kind)])
    }

    @Test(
        "bodies and responses refer to the kind's components",
        arguments: [
            (
                "/apis/apps/v1/namespaces/{namespace}/deployments", "post", "io.k8s.api.apps.v1.Deployment" as String?,
                "201", "io.k8s.api.apps.v1.Deployment"
            ),
            (
                "/apis/apps/v1/namespaces/{namespace}/deployments", "get", nil, "200",
                "io.k8s.api.apps.v1.DeploymentList"
            ),
            (
                "/apis/apps/v1/namespaces/{namespace}/deployments", "delete",
                "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "200",
                "io.k8s.apimachinery.pkg.apis.meta.v1.Status"
            ),
            (
                "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "put", "io.k8s.api.apps.v1.Deployment",
                "200", "io.k8s.api.apps.v1.Deployment"
            ),
            (
                "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "put",
                "io.k8s.api.autoscaling.v1.Scale",
                "200", "io.k8s.api.autoscaling.v1.Scale"
            ),
        ])
    func bodies(path: String, method: String, body: String?, code: String, response: String) throws {
        let operation = try #require(Fixtures.document("apps", "v1")[path: ["paths", path, method]])
        let bodySchema = operation[path: ["requestBody", "content", "application/json", "schema"]]
        #expect(bodySchema == body.map(Fixtures.ref))
        #expect(
            operation[path: ["responses", code, "content", "application/json", "schema"]] == Fixtures.ref(response))
    }

    @Test("every PATCH takes fieldValidation and no strategic merge patch", arguments: Fixtures.groupVersions)
    func patchOperations(group: String, version: String) {
        let paths = Fixtures.document(group, version)["paths"]?.objectValue ?? [:]
        var patches = 0
        for (path, item) in paths {
            guard let patch = item["patch"] else { continue }
            patches += 1
            let names = patch["parameters"]?.arrayValue?.compactMap { parameter -> String? in
                parameter["in"] == "query" ? parameter["name"]?.stringValue : nil
            }
            #expect(names?.contains("fieldValidation") == true, "\(path)")
            #expect(
                patch[path: ["requestBody", "content"]]?.objectValue?.keys.sorted() == [
                    "application/json-patch+json", "application/merge-patch+json",
                ])
        }
        #expect(patches > 0)
    }

    @Test(
        "path parameters",
        arguments: [
            ("/apis/apps/v1/namespaces/{namespace}/deployments/{name}", ["name", "namespace", "pretty"]),
            ("/apis/apps/v1/namespaces/{namespace}/deployments", ["namespace", "pretty"]),
            ("/apis/apps/v1/deployments", ["pretty"]),
        ])
    func pathParameters(path: String, expected: [String]) {
        let parameters = Fixtures.document("apps", "v1")[path: ["paths", path, "parameters"]]?.arrayValue ?? []
        #expect(parameters.compactMap { $0["name"]?.stringValue } == expected)
    }

    @Test("a group version nothing is served at has no document")
    func unknownGroupVersion() {
        #expect(
            OpenAPIDocument.document(
                group: "apps", version: "v2", resources: Fixtures.resources, customSchema: { _, _ in nil }) == nil)
    }
}
