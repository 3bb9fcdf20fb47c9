import Foundation
import SkiffAPI
import Testing

@Suite("JSONPath")
struct JSONPathTests {
    static let document = schemaJSON(
        #"{"metadata":{"name":"web","labels":{"app.kubernetes.io/name":"web","tier":"front"}},"spec":{"replicas":3,"#
            + #""ratio":0.5,"paused":false,"containers":[{"name":"a","image":"nginx","#
            + #""ports":[{"port":80},{"port":443}]},{"name":"b","image":"redis"}]},"#
            + #""status":{"conditions":[{"type":"Available","status":"True","count":2},{"type":"Ready","#
            + #""status":"False","count":5}]}}"#)

    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        /// The values found, as a JSON array.
        var expected: String
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(path: ".spec.replicas", expected: "[3]"),
        Case(path: "{.spec.replicas}", expected: "[3]"),
        Case(path: "$.spec.replicas", expected: "[3]"),
        Case(path: "spec.replicas", expected: "[3]"),
        Case(path: ".spec.paused", expected: "[false]"),
        Case(path: ".metadata.labels['app.kubernetes.io/name']", expected: #"["web"]"#),
        Case(path: #".metadata.labels["tier"]"#, expected: #"["front"]"#),
        Case(path: ".metadata.labels.*", expected: #"["web","front"]"#),
        Case(path: ".spec.containers[0].image", expected: #"["nginx"]"#),
        Case(path: ".spec.containers[-1].name", expected: #"["b"]"#),
        Case(path: ".spec.containers[5].name", expected: "[]"),
        Case(path: ".spec.containers[*].name", expected: #"["a","b"]"#),
        Case(path: ".spec.containers[*].ports[*].port", expected: "[80,443]"),
        Case(path: ".spec.containers[0:1].name", expected: #"["a"]"#),
        Case(path: ".spec.containers[1:].name", expected: #"["b"]"#),
        Case(path: #".status.conditions[?(@.type=="Ready")].status"#, expected: #"["False"]"#),
        Case(path: #".status.conditions[?(@.type == 'Available')].count"#, expected: "[2]"),
        Case(path: #".status.conditions[?(@.type!="Ready")].type"#, expected: #"["Available"]"#),
        Case(path: ".status.conditions[?(@.count>3)].type", expected: #"["Ready"]"#),
        Case(path: ".status.conditions[?(@.count<3)].type", expected: #"["Available"]"#),
        Case(path: ".status.conditions[?(@.count>=2)].type", expected: #"["Available","Ready"]"#),
        Case(path: ".spec.containers[?(@.ports)].name", expected: #"["a"]"#),
        Case(path: #".spec.containers[?(@.ports[0].port==80)].image"#, expected: #"["nginx"]"#),
        Case(path: "..port", expected: "[80,443]"),
        Case(path: "..name", expected: #"["web","a","b"]"#),
        Case(path: ".spec.missing.deep", expected: "[]"),
        Case(path: ".spec.replicas.deeper", expected: "[]"),
        Case(path: ".metadata.name", expected: #"["web"]"#),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: Case) throws {
        let path = try JSONPath(parsing: testCase.path)
        #expect(JSONValue.array(path.evaluate(Self.document)) == schemaJSON(testCase.expected))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var path: String
        var code: JSONPathError.Code
        var testDescription: String { path.isEmpty ? "empty" : path }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(path: "", code: .empty),
        ErrorCase(path: "{}", code: .empty),
        ErrorCase(path: ".spec[", code: .unexpectedEnd),
        ErrorCase(path: ".spec.", code: .unexpectedEnd),
        ErrorCase(path: ".spec['a", code: .unterminatedString),
        ErrorCase(path: ".spec[abc]", code: .invalidIndex),
        ErrorCase(path: ".spec[1:2:3]", code: .invalidIndex),
        ErrorCase(path: ".spec[?(@.a ~ 1)]", code: .invalidFilter),
        ErrorCase(path: "{.spec", code: .unbalancedBraces),
        ErrorCase(path: ".spec}", code: .unbalancedBraces),
        ErrorCase(path: ".a]", code: .unexpectedCharacter),
    ]

    @Test(arguments: errorCases)
    func refusesMalformedPaths(_ testCase: ErrorCase) {
        #expect {
            _ = try JSONPath(parsing: testCase.path)
        } throws: { error in
            (error as? JSONPathError)?.code == testCase.code
        }
    }

    struct CellCase: Sendable, CustomTestStringConvertible {
        var name: String
        var values: [JSONValue]
        var type: String
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let now = Date(timeIntervalSince1970: 1_704_067_500)  // 2024-01-01T00:05:00Z

    static let cellCases: [CellCase] = [
        CellCase(name: "integer", values: [3], type: "integer", expected: 3),
        CellCase(name: "integer from a double", values: [3.7], type: "integer", expected: 3),
        CellCase(name: "number from an integer", values: [3], type: "number", expected: .double(3)),
        CellCase(name: "boolean", values: [true], type: "boolean", expected: true),
        CellCase(name: "boolean of a string", values: ["x"], type: "boolean", expected: .null),
        CellCase(name: "nothing found", values: [], type: "string", expected: .null),
        CellCase(name: "null", values: [.null], type: "string", expected: .null),
        CellCase(name: "first value counts", values: ["a", "b"], type: "string", expected: "a"),
        CellCase(name: "object as JSON", values: [["b": 1, "a": "x"]], type: "string", expected: #"{"a":"x","b":1}"#),
        CellCase(name: "array as JSON", values: [[1, 2]], type: "string", expected: "[1,2]"),
        CellCase(name: "integer as text", values: [5], type: "string", expected: "5"),
        CellCase(name: "double as text", values: [1.5], type: "string", expected: "1.5"),
        CellCase(name: "large double as Go prints it", values: [1_000_000.0], type: "string", expected: "1e+06"),
        CellCase(name: "boolean as text", values: [false], type: "string", expected: "false"),
        CellCase(name: "date", values: ["2024-01-01T00:00:00Z"], type: "date", expected: "5m"),
        CellCase(name: "date that is not a time", values: ["garbage"], type: "date", expected: "<invalid>"),
        CellCase(name: "date of a number", values: [5], type: "date", expected: .null),
        CellCase(name: "unknown column type", values: [1], type: "quantity", expected: .null),
    ]

    @Test(arguments: cellCases)
    func formatsCells(_ testCase: CellCase) {
        #expect(JSONPath.cell(testCase.values, type: testCase.type, now: Self.now) == testCase.expected)
    }

    @Test func printerColumnEndToEnd() throws {
        let path = try JSONPath(parsing: #".status.conditions[?(@.type=="Ready")].status"#)
        #expect(JSONPath.cell(path.evaluate(Self.document), type: "string") == "False")
        #expect(path.description == #".status.conditions[?(@.type=="Ready")].status"#)
    }
}
