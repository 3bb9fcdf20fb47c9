import SkiffAPI
import Testing

@Suite("StructuralSchema defaulting")
struct SchemaDefaultingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The schema of `spec`.
        var schema: String
        /// `spec` before defaulting.
        var spec: String
        /// `spec` after defaulting.
        var expected: String
        var testDescription: String { name }
    }

    static let deployment =
        #"{"type":"object","properties":{"replicas":{"type":"integer","default":1},"strategy":{"type":"object","#
        + #""default":{},"properties":{"type":{"type":"string","default":"Rolling"}}}}}"#

    static let cases: [Case] = [
        Case(
            name: "absent fields, and defaults inside a defaulted object", schema: deployment, spec: "{}",
            expected: #"{"replicas":1,"strategy":{"type":"Rolling"}}"#),
        Case(
            name: "present values are kept", schema: deployment,
            spec: #"{"replicas":5,"strategy":{"type":"Recreate"}}"#,
            expected: #"{"replicas":5,"strategy":{"type":"Recreate"}}"#),
        Case(
            name: "null takes the default when not nullable", schema: deployment, spec: #"{"replicas":null}"#,
            expected: #"{"replicas":1,"strategy":{"type":"Rolling"}}"#),
        Case(
            name: "null is kept when nullable",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer","nullable":true,"default":1}}}"#,
            spec: #"{"replicas":null}"#, expected: #"{"replicas":null}"#),
        Case(
            name: "absent parent without default is not created",
            schema:
                #"{"type":"object","properties":{"strategy":{"type":"object","properties":{"type":{"type":"string","#
                + #""default":"Rolling"}}}}}"#,
            spec: "{}", expected: "{}"),
        Case(
            name: "inside array elements",
            schema: #"{"type":"object","properties":{"ports":{"type":"array","items":{"type":"object","#
                + #""properties":{"protocol":{"type":"string","default":"TCP"}}}}}}"#,
            spec: #"{"ports":[{"port":1},{"protocol":"UDP"}]}"#,
            expected: #"{"ports":[{"port":1,"protocol":"TCP"},{"protocol":"UDP"}]}"#),
        Case(
            name: "null array element takes the items default",
            schema:
                #"{"type":"object","properties":{"values":{"type":"array","items":{"type":"string","default":"x"}}}}"#,
            spec: #"{"values":[null,"a"]}"#, expected: #"{"values":["x","a"]}"#),
        Case(
            name: "inside map values",
            schema:
                #"{"type":"object","properties":{"limits":{"type":"object","additionalProperties":{"type":"object","#
                + #""properties":{"unit":{"type":"string","default":"Mi"}}}}}}"#,
            spec: #"{"limits":{"mem":{"value":1},"cpu":{"unit":"m"}}}"#,
            expected: #"{"limits":{"mem":{"value":1,"unit":"Mi"},"cpu":{"unit":"m"}}}"#),
        Case(
            name: "null map value takes the default",
            schema:
                #"{"type":"object","properties":{"m":{"type":"object","additionalProperties":{"type":"string","#
                + #""default":"d"}}}}"#,
            spec: #"{"m":{"a":null,"b":"x"}}"#, expected: #"{"m":{"a":"d","b":"x"}}"#),
        Case(
            name: "nested defaults in array defaults",
            schema: #"{"type":"object","properties":{"list":{"type":"array","default":[{}],"items":{"type":"object","#
                + #""properties":{"n":{"type":"integer","default":7}}}}}}"#,
            spec: "{}", expected: #"{"list":[{"n":7}]}"#),
    ]

    @Test(arguments: cases)
    func defaults(_ testCase: Case) {
        let object = rootSchema(spec: testCase.schema).applyDefaults(resource(spec: testCase.spec))
        #expect(object == resource(spec: testCase.expected))
    }

    @Test func defaultsAtTheRoot() {
        let schema = StructuralSchema(
            schemaJSON(
                #"{"type":"object","properties":{"spec":{"type":"object","default":{"size":"m"},"#
                    + #""properties":{"size":{"type":"string"}}}}}"#))
        #expect(schema.applyDefaults(schemaJSON(#"{"kind":"K"}"#)) == schemaJSON(#"{"kind":"K","spec":{"size":"m"}}"#))
    }

    struct NullCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        var spec: String
        var expected: String
        var testDescription: String { name }
    }

    static let nullCases: [NullCase] = [
        NullCase(
            name: "non-nullable nulls without default are dropped",
            schema: #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string","nullable":true},"#
                + #""c":{"type":"string","default":"x"}}}"#,
            spec: #"{"a":null,"b":null,"c":null}"#, expected: #"{"b":null,"c":null}"#),
        NullCase(
            name: "in map values and nested objects",
            schema: #"{"type":"object","properties":{"m":{"type":"object","additionalProperties":{"type":"object","#
                + #""properties":{"x":{"type":"integer"}}}}}}"#,
            spec: #"{"m":{"k":{"x":null},"l":null}}"#, expected: #"{"m":{"k":{}}}"#),
        NullCase(
            name: "unknown fields are left alone",
            schema: #"{"type":"object","properties":{"a":{"type":"string"}}}"#, spec: #"{"z":null}"#,
            expected: #"{"z":null}"#),
    ]

    @Test(arguments: nullCases)
    func dropsNonNullableNulls(_ testCase: NullCase) {
        let object = rootSchema(spec: testCase.schema).removingNonNullableNulls(resource(spec: testCase.spec))
        #expect(object == resource(spec: testCase.expected))
    }
}
