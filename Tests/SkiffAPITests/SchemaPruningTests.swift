import SkiffAPI
import Testing

@Suite("StructuralSchema pruning")
struct SchemaPruningTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The schema of `spec`.
        var schema: String
        /// `spec` before pruning.
        var spec: String
        /// `spec` after pruning.
        var expected: String
        var pruned: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown field in an object",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer"}}}"#,
            spec: #"{"replicas":1,"unknown":true}"#, expected: #"{"replicas":1}"#, pruned: ["spec.unknown"]),
        Case(
            name: "nested objects",
            schema: #"{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","#
                + #""properties":{"c":{"type":"string"}}}}}}}"#,
            spec: #"{"a":{"b":{"c":"x","d":1},"e":2}}"#, expected: #"{"a":{"b":{"c":"x"}}}"#,
            pruned: ["spec.a.b.d", "spec.a.e"]),
        Case(
            name: "array elements",
            schema: #"{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","#
                + #""properties":{"name":{"type":"string"}}}}}}"#,
            spec: #"{"items":[{"name":"a","extra":1},{"name":"b"},{"extra":2}]}"#,
            expected: #"{"items":[{"name":"a"},{"name":"b"},{}]}"#,
            pruned: ["spec.items[0].extra", "spec.items[2].extra"]),
        Case(
            name: "map values",
            schema:
                #"{"type":"object","properties":{"limits":{"type":"object","additionalProperties":{"type":"object","#
                + #""properties":{"value":{"type":"integer"}}}}}}"#,
            spec: #"{"limits":{"cpu":{"value":1,"unit":"m"},"mem":{"value":2}}}"#,
            expected: #"{"limits":{"cpu":{"value":1},"mem":{"value":2}}}"#, pruned: ["spec.limits.cpu.unit"]),
        Case(
            name: "additionalProperties true keeps keys, not nested members",
            schema: #"{"type":"object","properties":{"m":{"type":"object","additionalProperties":true}}}"#,
            spec: #"{"m":{"a":1,"b":{"c":1}}}"#, expected: #"{"m":{"a":1,"b":{}}}"#, pruned: ["spec.m.b.c"]),
        Case(
            name: "object without properties keeps nothing",
            schema: #"{"type":"object","properties":{"o":{"type":"object"}}}"#, spec: #"{"o":{"a":1}}"#,
            expected: #"{"o":{}}"#, pruned: ["spec.o.a"]),
        Case(
            name: "preserve-unknown-fields on spec",
            schema:
                #"{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","#
                + #""properties":{"a":{"type":"integer"}}}}}"#,
            spec: #"{"anything":{"deep":[1,{"x":2}]},"known":{"a":1,"b":2}}"#,
            expected: #"{"anything":{"deep":[1,{"x":2}]},"known":{"a":1}}"#, pruned: ["spec.known.b"]),
        Case(
            name: "preserve-unknown-fields on one field only",
            schema:
                #"{"type":"object","properties":{"config":{"type":"object","#
                + #""x-kubernetes-preserve-unknown-fields":true},"x":{"type":"string"}}}"#,
            spec: #"{"config":{"free":{"form":[1]}},"x":"a","y":1}"#,
            expected: #"{"config":{"free":{"form":[1]}},"x":"a"}"#, pruned: ["spec.y"]),
        Case(
            name: "preserve-unknown-fields on an array keeps element members",
            schema:
                #"{"type":"object","properties":{"list":{"type":"array","x-kubernetes-preserve-unknown-fields":true,"#
                + #""items":{"type":"object","properties":{"a":{"type":"object","#
                + #""properties":{"b":{"type":"string"}}}}}}}}"#,
            spec: #"{"list":[{"a":{"b":"x","c":1},"z":1}]}"#, expected: #"{"list":[{"a":{"b":"x"},"z":1}]}"#,
            pruned: ["spec.list[0].a.c"]),
        Case(
            name: "embedded resource keeps its type and object meta",
            schema:
                #"{"type":"object","properties":{"template":{"type":"object","x-kubernetes-embedded-resource":true,"#
                + #""properties":{"spec":{"type":"object","properties":{"x":{"type":"string"}}}}}}}"#,
            spec: #"{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"x":"a","#
                + #""y":1},"other":2}}"#,
            expected:
                #"{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"x":"a"}}}"#,
            pruned: ["spec.template.other", "spec.template.spec.y"]),
        Case(
            name: "embedded resource preserving unknown fields",
            schema: #"{"type":"object","properties":{"raw":{"type":"object","x-kubernetes-embedded-resource":true,"#
                + #""x-kubernetes-preserve-unknown-fields":true}}}"#,
            spec: #"{"raw":{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"b"}}}"#,
            expected: #"{"raw":{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"b"}}}"#, pruned: []),
        Case(
            name: "nothing to prune",
            schema: #"{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"}}}}"#,
            spec: #"{"a":[1,2]}"#, expected: #"{"a":[1,2]}"#, pruned: []),
    ]

    @Test(arguments: cases)
    func prunes(_ testCase: Case) {
        let (object, pruned) = rootSchema(spec: testCase.schema).prune(resource(spec: testCase.spec))
        #expect(object == resource(spec: testCase.expected))
        #expect(pruned == testCase.pruned)
    }

    struct RootCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        var object: String
        var expected: String
        var pruned: [String]
        var testDescription: String { name }
    }

    static let rootCases: [RootCase] = [
        RootCase(
            name: "root keeps apiVersion, kind and all of metadata",
            schema:
                #"{"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string"}}},"#
                + #""spec":{"type":"object"}}}"#,
            object:
                #"{"apiVersion":"a/v1","kind":"K","metadata":{"name":"x","labels":{"a":"b"}},"spec":{},"#
                + #""status":{"a":1}}"#,
            expected: #"{"apiVersion":"a/v1","kind":"K","metadata":{"name":"x","labels":{"a":"b"}},"spec":{}}"#,
            pruned: ["status"]),
        RootCase(
            name: "preserve-unknown-fields at the root",
            schema:
                #"{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"spec":{"type":"object","#
                + #""properties":{"a":{"type":"string"}}}}}"#,
            object: #"{"apiVersion":"a/v1","kind":"K","spec":{"a":"x","b":1},"other":{"c":1}}"#,
            expected: #"{"apiVersion":"a/v1","kind":"K","spec":{"a":"x"},"other":{"c":1}}"#, pruned: ["spec.b"]),
    ]

    @Test(arguments: rootCases)
    func prunesResources(_ testCase: RootCase) {
        let (object, pruned) = StructuralSchema(schemaJSON(testCase.schema)).prune(schemaJSON(testCase.object))
        #expect(object == schemaJSON(testCase.expected))
        #expect(pruned == testCase.pruned)
    }
}
