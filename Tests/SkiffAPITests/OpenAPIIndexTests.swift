import Testing

@testable import SkiffAPI

@Suite("OpenAPI index and hashes")
struct OpenAPIIndexTests {
    @Test(
        "the hash is FNV-1a 64 of the serialized bytes, 16 uppercase hex digits",
        arguments: [(JSONValue.null, "5B9BC4BA528108E4"), (JSONValue.emptyObject, "08F44B07B5901A25")])
    func hash(document: JSONValue, expected: String) {
        #expect(OpenAPIDocument.hash(of: document) == expected)
    }

    @Test("the index lists each group version with its document's hash")
    func index() throws {
        let entries = Fixtures.groupVersions.map {
            (group: $0.0, version: $0.1, document: Fixtures.document($0.0, $0.1))
        }
        let index = OpenAPIDocument.index(groupVersions: entries)
        let paths = try #require(index["paths"]?.objectValue)
        #expect(
            paths.keys.sorted() == [
                "api/v1", "apis/apps/v1", "apis/apps/v1beta1", "apis/coordination.k8s.io/v1",
                "apis/example.com/v1alpha1",
                "apis/stable.example.com/v1",
            ])
        for entry in entries {
            let path = OpenAPIDocument.path(group: entry.group, version: entry.version)
            let hash = OpenAPIDocument.hash(of: entry.document)
            #expect(paths[path]?["serverRelativeURL"] == .string("/openapi/v3/\(path)?hash=\(hash)"))
            #expect(hash.count == 16)
        }
    }

    @Test(
        "a hash changes with its document only",
        arguments: [("stable.example.com", "v1", true), ("apps", "v1", false), ("", "v1", false)])
    func hashChanges(group: String, version: String, changes: Bool) {
        let changed: JSONValue = ["type": "object", "properties": ["spec": ["type": "object"]]]
        let before = OpenAPIDocument.hash(of: Fixtures.document(group, version))
        let again = OpenAPIDocument.hash(of: Fixtures.document(group, version))
        let after = OpenAPIDocument.hash(of: Fixtures.document(group, version, cronTab: changed))
        #expect(before == again)
        #expect((before != after) == changes)
    }
}
