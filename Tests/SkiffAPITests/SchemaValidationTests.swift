import SkiffAPI
import Testing

@Suite("StructuralSchema validation")
struct SchemaValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The schema of `spec`.
        var schema: String
        /// The value of `spec`.
        var spec: String
        var errors: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // type
        Case(
            name: "integer accepted", schema: #"{"type":"object","properties":{"replicas":{"type":"integer"}}}"#,
            spec: #"{"replicas":3}"#, errors: []),
        Case(
            name: "integral double is an integer",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer"}}}"#,
            spec: #"{"replicas":3.0}"#, errors: []),
        Case(
            name: "fractional double is not an integer",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer"}}}"#,
            spec: #"{"replicas":3.5}"#,
            errors: [
                #"spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number""#
            ]),
        Case(
            name: "string is not an integer",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer"}}}"#,
            spec: #"{"replicas":"string"}"#,
            errors: [
                #"spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string""#
            ]),
        Case(
            name: "integer is a number", schema: #"{"type":"object","properties":{"ratio":{"type":"number"}}}"#,
            spec: #"{"ratio":2}"#, errors: []),
        Case(
            name: "boolean type", schema: #"{"type":"object","properties":{"on":{"type":"boolean"}}}"#,
            spec: #"{"on":"yes"}"#,
            errors: [#"spec.on: Invalid value: "string": spec.on in body must be of type boolean: "string""#]),
        Case(
            name: "object type", schema: #"{"type":"object"}"#, spec: "[]",
            errors: [#"spec: Invalid value: "array": spec in body must be of type object: "array""#]),
        Case(
            name: "array type",
            schema: #"{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}}}}"#,
            spec: #"{"tags":"a"}"#,
            errors: [#"spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string""#]),
        // null
        Case(
            name: "null is refused unless nullable",
            schema: #"{"type":"object","properties":{"name":{"type":"string"}}}"#, spec: #"{"name":null}"#,
            errors: [#"spec.name: Invalid value: "null": spec.name in body must be of type string: "null""#]),
        Case(
            name: "null accepted when nullable",
            schema: #"{"type":"object","properties":{"name":{"type":"string","nullable":true,"enum":["a"]}}}"#,
            spec: #"{"name":null}"#, errors: []),
        // enum
        Case(
            name: "enum refuses others",
            schema: #"{"type":"object","properties":{"mode":{"type":"string","enum":["a","b"]}}}"#,
            spec: #"{"mode":"x"}"#, errors: [#"spec.mode: Unsupported value: "x": supported values: "a", "b""#]),
        Case(
            name: "enum accepts a member",
            schema: #"{"type":"object","properties":{"mode":{"type":"string","enum":["a","b"]}}}"#,
            spec: #"{"mode":"b"}"#, errors: []),
        Case(
            name: "numeric enum",
            schema: #"{"type":"object","properties":{"level":{"type":"integer","enum":[1,2]}}}"#,
            spec: #"{"level":3}"#, errors: [#"spec.level: Unsupported value: 3: supported values: "1", "2""#]),
        Case(
            name: "numeric enum matches 2.0", schema: #"{"type":"object","properties":{"level":{"enum":[1,2]}}}"#,
            spec: #"{"level":2.0}"#, errors: []),
        // numbers
        Case(
            name: "maximum", schema: #"{"type":"object","properties":{"replicas":{"type":"integer","maximum":10}}}"#,
            spec: #"{"replicas":11}"#,
            errors: ["spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"]),
        Case(
            name: "maximum reached",
            schema: #"{"type":"object","properties":{"replicas":{"type":"integer","maximum":10}}}"#,
            spec: #"{"replicas":10}"#, errors: []),
        Case(
            name: "exclusiveMaximum",
            schema: #"{"type":"object","properties":{"r":{"type":"integer","maximum":10,"exclusiveMaximum":true}}}"#,
            spec: #"{"r":10}"#, errors: ["spec.r: Invalid value: 10: spec.r in body should be less than 10"]),
        Case(
            name: "minimum", schema: #"{"type":"object","properties":{"replicas":{"type":"integer","minimum":1}}}"#,
            spec: #"{"replicas":0}"#,
            errors: ["spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"]),
        Case(
            name: "exclusiveMinimum",
            schema: #"{"type":"object","properties":{"r":{"type":"integer","minimum":1,"exclusiveMinimum":true}}}"#,
            spec: #"{"r":1}"#, errors: ["spec.r: Invalid value: 1: spec.r in body should be greater than 1"]),
        Case(
            name: "fractional minimum",
            schema: #"{"type":"object","properties":{"ratio":{"type":"number","minimum":0.5}}}"#,
            spec: #"{"ratio":0.25}"#,
            errors: ["spec.ratio: Invalid value: 0.25: spec.ratio in body should be greater than or equal to 0.5"]),
        Case(
            name: "large maximum printed as Go does",
            schema: #"{"type":"object","properties":{"n":{"type":"integer","maximum":1000000}}}"#,
            spec: #"{"n":1000001}"#,
            errors: ["spec.n: Invalid value: 1000001: spec.n in body should be less than or equal to 1e+06"]),
        Case(
            name: "multipleOf", schema: #"{"type":"object","properties":{"r":{"type":"integer","multipleOf":2}}}"#,
            spec: #"{"r":7}"#, errors: ["spec.r: Invalid value: 7: spec.r in body should be a multiple of 2"]),
        Case(
            name: "multipleOf met", schema: #"{"type":"object","properties":{"r":{"type":"integer","multipleOf":2}}}"#,
            spec: #"{"r":8}"#, errors: []),
        Case(
            name: "fractional multipleOf",
            schema: #"{"type":"object","properties":{"r":{"type":"number","multipleOf":0.1}}}"#,
            spec: #"{"r":0.3}"#, errors: []),
        // strings
        Case(
            name: "maxLength", schema: #"{"type":"object","properties":{"name":{"type":"string","maxLength":10}}}"#,
            spec: #"{"name":"abcdefghijk"}"#, errors: ["spec.name: Too long: may not be more than 10 bytes"]),
        Case(
            name: "maxLength counts characters",
            schema: #"{"type":"object","properties":{"name":{"type":"string","maxLength":3}}}"#,
            spec: #"{"name":"日本語"}"#, errors: []),
        Case(
            name: "minLength", schema: #"{"type":"object","properties":{"name":{"type":"string","minLength":3}}}"#,
            spec: #"{"name":"ab"}"#,
            errors: [#"spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long"#]),
        Case(
            name: "pattern",
            schema: #"{"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]+$"}}}"#,
            spec: #"{"name":"ABC"}"#,
            errors: [#"spec.name: Invalid value: "ABC": spec.name in body should match '^[a-z]+$'"#]),
        Case(
            name: "pattern met",
            schema: #"{"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]+$"}}}"#,
            spec: #"{"name":"abc"}"#, errors: []),
        Case(
            name: "pattern is unanchored",
            schema: #"{"type":"object","properties":{"name":{"type":"string","pattern":"[0-9]"}}}"#,
            spec: #"{"name":"a1b"}"#, errors: []),
        // formats
        Case(
            name: "date-time format",
            schema: #"{"type":"object","properties":{"at":{"type":"string","format":"date-time"}}}"#,
            spec: #"{"at":"yesterday"}"#,
            errors: [#"spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday""#]),
        Case(
            name: "date-time formats accepted",
            schema: #"{"type":"object","properties":{"a":{"type":"string","format":"date-time"},"b":{"type":"string","#
                + #""format":"date-time"}}}"#,
            spec: #"{"a":"2024-01-02T03:04:05Z","b":"2024-01-02T03:04:05.5+01:00"}"#, errors: []),
        Case(
            name: "date format", schema: #"{"type":"object","properties":{"day":{"type":"string","format":"date"}}}"#,
            spec: #"{"day":"2024-02-30"}"#,
            errors: [#"spec.day: Invalid value: "2024-02-30": spec.day in body must be of type date: "2024-02-30""#]),
        Case(
            name: "leap day", schema: #"{"type":"object","properties":{"day":{"type":"string","format":"date"}}}"#,
            spec: #"{"day":"2024-02-29"}"#, errors: []),
        Case(
            name: "uuid format", schema: #"{"type":"object","properties":{"id":{"type":"string","format":"uuid"}}}"#,
            spec: #"{"id":"123e4567-e89b-12d3-a456-42661417400"}"#,
            errors: [
                #"spec.id: Invalid value: "123e4567-e89b-12d3-a456-42661417400": spec.id in body must be of type uuid:"#
                    + #" "123e4567-e89b-12d3-a456-42661417400""#
            ]),
        Case(
            name: "uuid accepted", schema: #"{"type":"object","properties":{"id":{"type":"string","format":"uuid"}}}"#,
            spec: #"{"id":"123E4567-E89B-12D3-A456-426614174000"}"#, errors: []),
        Case(
            name: "byte format", schema: #"{"type":"object","properties":{"data":{"type":"string","format":"byte"}}}"#,
            spec: #"{"data":"not base64!"}"#,
            errors: [#"spec.data: Invalid value: "not base64!": spec.data in body must be of type byte: "not base64!""#]
        ),
        Case(
            name: "byte accepted",
            schema: #"{"type":"object","properties":{"data":{"type":"string","format":"byte"}}}"#,
            spec: #"{"data":"aGVsbG8="}"#, errors: []),
        Case(
            name: "int32 only describes the width",
            schema: #"{"type":"object","properties":{"n":{"type":"integer","format":"int32"}}}"#,
            spec: #"{"n":5}"#, errors: []),
        Case(
            name: "unchecked format accepted",
            schema: #"{"type":"object","properties":{"q":{"type":"string","format":"quantity"}}}"#,
            spec: #"{"q":"anything"}"#, errors: []),
        Case(
            name: "ipv4 format", schema: #"{"type":"object","properties":{"ip":{"type":"string","format":"ipv4"}}}"#,
            spec: #"{"ip":"256.1.1.1"}"#,
            errors: [#"spec.ip: Invalid value: "256.1.1.1": spec.ip in body must be of type ipv4: "256.1.1.1""#]),
        Case(
            name: "ipv6 format accepted",
            schema: #"{"type":"object","properties":{"a":{"type":"string","format":"ipv6"},"#
                + #""b":{"type":"string","format":"ipv6"}}}"#,
            spec: #"{"a":"fe80::1","b":"::ffff:10.0.0.1"}"#, errors: []),
        Case(
            name: "hostname format",
            schema: #"{"type":"object","properties":{"host":{"type":"string","format":"hostname"}}}"#,
            spec: #"{"host":"-bad.example.com"}"#,
            errors: [
                #"spec.host: Invalid value: "-bad.example.com": "#
                    + #"spec.host in body must be of type hostname: "-bad.example.com""#
            ]),
        // arrays
        Case(
            name: "minItems",
            schema: #"{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"minItems":2}}}"#,
            spec: #"{"tags":["a"]}"#,
            errors: ["spec.tags: Invalid value: 1: spec.tags in body should have at least 2 items"]),
        Case(
            name: "maxItems",
            schema: #"{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"maxItems":2}}}"#,
            spec: #"{"tags":["a","b","c"]}"#, errors: ["spec.tags: Too many: 3: must have at most 2 items"]),
        Case(
            name: "uniqueItems",
            schema:
                #"{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"#
                + #""uniqueItems":true}}}"#,
            spec: #"{"tags":["a","b","a"]}"#,
            errors: [#"spec.tags: Invalid value: "": spec.tags in body shouldn't contain duplicates"#]),
        Case(
            name: "errors inside items carry the index",
            schema: #"{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","#
                + #""properties":{"name":{"type":"string"}}}}}}"#,
            spec: #"{"items":[{"name":"a"},{"name":"b"},{"name":5}]}"#,
            errors: [
                #"spec.items[2].name: Invalid value: "integer": spec.items[2].name in body must be of type string: "in"#
                    + #"teger""#
            ]),
        // objects
        Case(
            name: "required",
            schema: #"{"type":"object","required":["replicas","name"],"properties":{"replicas":{"type":"integer"},"#
                + #""name":{"type":"string"}}}"#,
            spec: #"{"name":"x"}"#, errors: ["spec.replicas: Required value"]),
        Case(
            name: "minProperties",
            schema: #"{"type":"object","properties":{"labels":{"type":"object","#
                + #""additionalProperties":{"type":"string"},"minProperties":2}}}"#,
            spec: #"{"labels":{"a":"x"}}"#,
            errors: ["spec.labels: Invalid value: 1: spec.labels in body should have at least 2 properties"]),
        Case(
            name: "maxProperties",
            schema: #"{"type":"object","properties":{"labels":{"type":"object","#
                + #""additionalProperties":{"type":"string"},"maxProperties":1}}}"#,
            spec: #"{"labels":{"a":"x","b":"y"}}"#, errors: ["spec.labels: Too many: 2: must have at most 1 item"]),
        Case(
            name: "additionalProperties schema names the entry with a dot",
            schema:
                #"{"type":"object","properties":{"labels":{"type":"object","#
                + #""additionalProperties":{"type":"string"}}}}"#,
            spec: #"{"labels":{"app":5,"ok":"x"}}"#,
            errors: [
                #"spec.labels.app: Invalid value: "integer": spec.labels.app in body must be of type string: "integer""#
            ]),
        Case(
            name: "additionalProperties false",
            schema: #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#,
            spec: #"{"a":"x","b":"y"}"#,
            errors: [#"spec: Invalid value: "b": spec.b in body is a forbidden property"#]),
        // allOf, anyOf, oneOf, not, int-or-string
        Case(
            name: "int-or-string accepts a string",
            schema: #"{"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true,"#
                + #""anyOf":[{"type":"integer"},{"type":"string"}]}}}"#,
            spec: #"{"port":"http"}"#, errors: []),
        Case(
            name: "anyOf failing",
            schema: #"{"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true,"#
                + #""anyOf":[{"type":"integer"},{"type":"string"}]}}}"#,
            spec: #"{"port":true}"#,
            errors: [
                #"<nil>: Invalid value: "": "spec.port" must validate at least one schema (anyOf)"#,
                #"spec.port: Invalid value: "boolean": spec.port in body must be of type integer: "boolean""#,
            ]),
        Case(
            name: "int-or-string without anyOf",
            schema: #"{"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true}}}"#,
            spec: #"{"port":1.5}"#,
            errors: [#"spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number""#]
        ),
        Case(
            name: "oneOf with none valid",
            schema: #"{"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"#
                + #""properties":{"a":{"type":"string"},"b":{"type":"string"}}}"#,
            spec: "{}",
            errors: [
                #"<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid"#,
                "spec.a: Required value",
            ]),
        Case(
            name: "oneOf with two valid",
            schema: #"{"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"#
                + #""properties":{"a":{"type":"string"},"b":{"type":"string"}}}"#,
            spec: #"{"a":"x","b":"y"}"#,
            errors: [
                #"<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). "#
                    + "Found 2 valid alternatives"
            ]),
        Case(
            name: "oneOf with one valid",
            schema: #"{"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"#
                + #""properties":{"a":{"type":"string"},"b":{"type":"string"}}}"#,
            spec: #"{"b":"y"}"#, errors: []),
        Case(
            name: "allOf",
            schema: #"{"type":"object","allOf":[{"required":["a"]},{"required":["b"]}],"#
                + #""properties":{"a":{"type":"string"},"b":{"type":"string"}}}"#,
            spec: #"{"a":"x"}"#,
            errors: [
                "spec.b: Required value", #"<nil>: Invalid value: "": "spec" must validate all the schemas (allOf)"#,
            ]),
        Case(
            name: "not",
            schema: #"{"type":"object","not":{"required":["legacy"]},"properties":{"legacy":{"type":"string"}}}"#,
            spec: #"{"legacy":"x"}"#,
            errors: [#"<nil>: Invalid value: "": "spec" must not validate the schema (not)"#]),
        // list types
        Case(
            name: "list-type set duplicates",
            schema: #"{"type":"object","properties":{"tags":{"type":"array","x-kubernetes-list-type":"set","#
                + #""items":{"type":"string"}}}}"#,
            spec: #"{"tags":["a","b","a","a"]}"#, errors: [#"spec.tags[2]: Duplicate value: "a""#]),
        Case(
            name: "list-type map duplicate keys",
            schema: #"{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-type":"map","#
                + #""x-kubernetes-list-map-keys":["name"],"items":{"type":"object","#
                + #""properties":{"name":{"type":"string"},"port":{"type":"integer"}}}}}}"#,
            spec: #"{"ports":[{"name":"a","port":1},{"name":"b"},{"name":"a","port":2}]}"#,
            errors: [#"spec.ports[2]: Duplicate value: map[string]interface {}{"name":"a"}"#]),
        Case(
            name: "list-type map element not an object",
            schema: #"{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-type":"map","#
                + #""x-kubernetes-list-map-keys":["name"],"items":{"type":"object","#
                + #""properties":{"name":{"type":"string"}}}}}}"#,
            spec: #"{"ports":[{"name":"a"},"x"]}"#,
            errors: [
                #"spec.ports[1]: Invalid value: "string": spec.ports[1] in body must be of type object: "string""#,
                #"spec.ports[1]: Invalid value: "x": must be an object for an array of list-type map"#,
            ]),
        Case(
            name: "list-type set inside map values",
            schema: #"{"type":"object","properties":{"groups":{"type":"object","additionalProperties":{"type":"array","#
                + #""x-kubernetes-list-type":"set","items":{"type":"integer"}}}}}"#,
            spec: #"{"groups":{"x":[1,2,1]}}"#, errors: ["spec.groups[x][2]: Duplicate value: 1"]),
    ]

    @Test(arguments: cases)
    func validates(_ testCase: Case) {
        let errors = rootSchema(spec: testCase.schema).validate(resource(spec: testCase.spec))
        #expect(errors.map(\.description) == testCase.errors)
    }

    struct RootCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        var object: String
        var errors: [String]
        var testDescription: String { name }
    }

    static let rootCases: [RootCase] = [
        RootCase(
            name: "metadata.name constrained",
            schema:
                #"{"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string","#
                + #""maxLength":5}}}}}"#,
            object: #"{"apiVersion":"a/v1","kind":"K","metadata":{"name":"toolong","labels":{"x":"y"}}}"#,
            errors: ["metadata.name: Too long: may not be more than 5 bytes"]),
        RootCase(
            name: "metadata.generateName constrained",
            schema: #"{"type":"object","properties":{"metadata":{"type":"object","#
                + #""properties":{"generateName":{"type":"string","pattern":"^web-"}}}}}"#,
            object: #"{"metadata":{"generateName":"db-"}}"#,
            errors: [
                #"metadata.generateName: Invalid value: "db-": metadata.generateName in body should match '^web-'"#
            ]),
        RootCase(
            name: "metadata otherwise not validated",
            schema: #"{"type":"object","properties":{"metadata":{"type":"object"}}}"#,
            object: #"{"apiVersion":"a/v1","kind":"K","metadata":{"name":"x","labels":{"a":"b"},"generation":1}}"#,
            errors: []),
        RootCase(
            name: "required at the root",
            schema: #"{"type":"object","required":["spec"],"properties":{"spec":{"type":"object"}}}"#,
            object: #"{"apiVersion":"a/v1","kind":"K","metadata":{"name":"x"}}"#, errors: ["spec: Required value"]),
        RootCase(
            name: "several errors in document order",
            schema: #"{"type":"object","properties":{"spec":{"type":"object","required":["z"],"#
                + #""properties":{"b":{"type":"string"},"a":{"type":"integer"},"z":{"type":"string"}}}}}"#,
            object: #"{"spec":{"a":"x","b":1}}"#,
            errors: [
                #"spec.a: Invalid value: "string": spec.a in body must be of type integer: "string""#,
                #"spec.b: Invalid value: "integer": spec.b in body must be of type string: "integer""#,
                "spec.z: Required value",
            ]),
    ]

    @Test(arguments: rootCases)
    func validatesResources(_ testCase: RootCase) {
        let errors = StructuralSchema(schemaJSON(testCase.schema)).validate(schemaJSON(testCase.object))
        #expect(errors.map(\.description) == testCase.errors)
    }

    @Test func errorKindsAndValues() {
        let schema = rootSchema(spec: #"{"type":"object","properties":{"replicas":{"type":"integer","maximum":10}}}"#)
        let errors = schema.validate(resource(spec: #"{"replicas":11}"#))
        #expect(errors.count == 1)
        #expect(errors.first?.kind == .invalid)
        #expect(errors.first?.field == "spec.replicas")
        #expect(errors.first?.value == "11")
        #expect(errors.first?.detail == "spec.replicas in body should be less than or equal to 10")
    }

    @Test func validateValueNamesRelativeToTheSchema() {
        let schema = StructuralSchema(schemaJSON(#"{"type":"object","properties":{"a":{"type":"integer"}}}"#))
        #expect(
            schema.validateValue(schemaJSON(#"{"a":"x"}"#), at: FieldPath("status")).map(\.description) == [
                #"status.a: Invalid value: "string": a in body must be of type integer: "string""#
            ])
        #expect(
            StructuralSchema(schemaJSON(#"{"type":"integer"}"#)).validateValue("x", at: FieldPath("p.default"))
                .map(\.description) == [
                    #"p.default: Invalid value: "string": in body must be of type integer: "string""#
                ])
    }

    @Test func parsesKeywords() {
        let schema = StructuralSchema(
            schemaJSON(
                #"{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3,"uniqueItems":true,"#
                    + #""x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["a"],"nullable":true,"#
                    + #""default":[],"description":"d","pattern":"^a","not":{"minItems":2},"minimum":"bad"}"#
            ))
        #expect(schema.type == "array")
        #expect(schema.items?.type == "string")
        #expect(schema.minItems == 1)
        #expect(schema.maxItems == 3)
        #expect(schema.uniqueItems)
        #expect(schema.listType == "map")
        #expect(schema.listMapKeys == ["a"])
        #expect(schema.nullable)
        #expect(schema.defaultValue == .array([]))
        #expect(schema.description == "d")
        #expect(schema.pattern == "^a")
        #expect(schema.not?.minItems == 2)
        #expect(schema.minimum == nil)
    }
}
