import SkiffAPI
import Testing

@testable import SkiffHistory

@Suite("OutputFormat")
struct OutputFormatTests {
    @Test(arguments: [
        ("table", OutputFormat.table), ("json", .json), ("yaml", .yaml), ("JSON", .json), (" Yaml ", .yaml),
    ])
    func parses(_ text: String, _ expected: OutputFormat) throws {
        #expect(try OutputFormat.parse(text) == expected)
    }

    @Test(arguments: ["xml", "", "wide", "yml"])
    func refuses(_ text: String) {
        #expect(
            throws: HistoryError(.unknownOutputFormat, "unknown output format \"\(text)\"; use table, json or yaml")
        ) {
            try OutputFormat.parse(text)
        }
    }

    @Test func rendersDocuments() {
        let value: JSONValue = ["revision": 57, "key": "/registry/pods/default/web-1", "labels": ["app": "web"]]
        #expect(OutputFormat.table.render(value) == nil)
        #expect(
            OutputFormat.json.render(value) == """
                {
                  "key": "/registry/pods/default/web-1",
                  "labels": {
                    "app": "web"
                  },
                  "revision": 57
                }

                """)
        #expect(
            OutputFormat.yaml.render(value) == """
                key: /registry/pods/default/web-1
                labels:
                  app: web
                revision: 57

                """)
    }
}
