import Testing

@testable import SkiffAPI

@Suite("OpenAPI of custom resources")
struct OpenAPICustomResourceTests {
    @Test(
        "component names reverse the group",
        arguments: [
            ("stable.example.com", "v1", "CronTab", "com.example.stable.v1.CronTab"),
            ("example.com", "v1alpha1", "Widget", "com.example.v1alpha1.Widget"),
            ("a.b.c.d", "v2", "Thing", "d.c.b.a.v2.Thing"),
        ])
    func names(group: String, version: String, kind: String, expected: String) {
        #expect(OpenAPINames.customResource(group: group, version: version, kind: kind) == expected)
    }

    @Test("the kind's component is its schema with type meta, ObjectMeta and the GVK")
    func kind() throws {
        let schema = try #require(Fixtures.component("stable.example.com", "v1", "com.example.stable.v1.CronTab"))
        #expect(
            schema["x-kubernetes-group-version-kind"]
                == [["group": "stable.example.com", "version": "v1", "kind": "CronTab"]])
        #expect(schema[path: ["properties", "metadata", "$ref"]] == Fixtures.ref(OpenAPINames.objectMeta)["$ref"])
        #expect(schema[path: ["properties", "apiVersion", "type"]] == "string")
        #expect(schema[path: ["properties", "kind", "type"]] == "string")
        #expect(schema["type"] == "object")
        #expect(schema["description"] == "A cron job of the example.")
        #expect(schema[path: ["properties", "status"]] == Fixtures.cronTabSchema[path: ["properties", "status"]])
        #expect(
            schema[path: ["properties", "spec", "properties", "cronSpec"]]
                == ["type": "string", "description": "When to run."])
        #expect(schema[path: ["properties", "spec", "required"]] == ["cronSpec"])
    }

    @Test("an embedded resource gets type meta and metadata")
    func embeddedResource() throws {
        let schema = try #require(Fixtures.component("stable.example.com", "v1", "com.example.stable.v1.CronTab"))
        let template = try #require(schema[path: ["properties", "spec", "properties", "template"]])
        #expect(template[path: ["properties", "metadata", "$ref"]] == Fixtures.ref(OpenAPINames.objectMeta)["$ref"])
        #expect(template[path: ["properties", "apiVersion", "type"]] == "string")
        #expect(template["required"] == ["kind", "apiVersion"])
        #expect(template["x-kubernetes-preserve-unknown-fields"] == true)
    }

    @Test("the list kind refers to the kind")
    func list() throws {
        let list = try #require(Fixtures.component("stable.example.com", "v1", "com.example.stable.v1.CronTabList"))
        #expect(
            list["x-kubernetes-group-version-kind"]
                == [["group": "stable.example.com", "version": "v1", "kind": "CronTabList"]])
        #expect(list[path: ["properties", "items", "items"]] == Fixtures.ref("com.example.stable.v1.CronTab"))
        #expect(list[path: ["properties", "metadata", "allOf"]] == [Fixtures.ref(OpenAPINames.listMeta)])
        #expect(list["required"] == ["items"])
    }

    @Test("a kind without a schema accepts any fields")
    func withoutSchema() throws {
        let schema = try #require(Fixtures.component("example.com", "v1alpha1", "com.example.v1alpha1.Widget"))
        #expect(schema["x-kubernetes-preserve-unknown-fields"] == true)
        #expect(schema[path: ["properties"]]?.objectValue?.keys.sorted() == ["apiVersion", "kind", "metadata"])
    }

    @Test("scale and status subresources")
    func subresources() throws {
        let paths = Fixtures.document("stable.example.com", "v1")["paths"]?.objectValue ?? [:]
        let base = "/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"
        #expect(
            paths["\(base)/scale"]?[path: ["get", "responses", "200", "content", "application/json", "schema"]]
                == Fixtures.ref("io.k8s.api.autoscaling.v1.Scale"))
        #expect(
            paths["\(base)/status"]?[path: ["put", "requestBody", "content", "application/json", "schema"]]
                == Fixtures.ref("com.example.stable.v1.CronTab"))
        #expect(paths["/apis/stable.example.com/v1/crontabs"] != nil)
    }
}
