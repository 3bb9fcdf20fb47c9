import SkiffAPI
import Testing

@Suite("SchemaCheck")
struct SchemaCheckTests {
    static let prefix = "spec.versions[0].schema.openAPIV3Schema"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        /// Expected errors, `P` standing for the path prefix.
        var errors: [String]
        var testDescription: String { name }
    }

    /// A root schema with the given `properties`.
    static func object(_ properties: String) -> String { #"{"type":"object","properties":"# + properties + "}" }

    static let cases: [Case] = [
        Case(
            name: "structural schema",
            schema: object(
                #"{"spec":{"type":"object","required":["replicas"],"properties":{"replicas":{"type":"integer","#
                    + #""minimum":0,"default":1},"mode":{"type":"string","enum":["a","b"]},"tags":{"type":"array","#
                    + #""x-kubernetes-list-type":"set","items":{"type":"string"}},"ports":{"type":"array","#
                    + #""x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"#
                    + #""items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}},"#
                    + #""labels":{"type":"object","additionalProperties":{"type":"string"}},"#
                    + #""port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},"#
                    + #""free":{"x-kubernetes-preserve-unknown-fields":true},"template":{"type":"object","#
                    + #""x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}},"#
                    + #""metadata":{"type":"object","properties":{"name":{"type":"string","maxLength":10}}}}"#),
            errors: []),
        Case(
            name: "property without type",
            schema: object(#"{"spec":{"properties":{"a":{"type":"string"}}}}"#),
            errors: ["P.properties[spec].type: Required value: must not be empty for specified object fields"]),
        Case(
            name: "root without type", schema: #"{"properties":{}}"#,
            errors: ["P.type: Required value: must not be empty at the root"]),
        Case(
            name: "root not an object", schema: #"{"type":"string"}"#,
            errors: [#"P.type: Invalid value: "string": must be object at the root"#]),
        Case(
            name: "array without items", schema: object(#"{"list":{"type":"array"}}"#),
            errors: ["P.properties[list].items: Required value: must be specified"]),
        Case(
            name: "items without type", schema: object(#"{"list":{"type":"array","items":{}}}"#),
            errors: ["P.properties[list].items.type: Required value: must not be empty for specified array items"]),
        Case(
            name: "errors are sorted", schema: object(#"{"b":{},"a":{}}"#),
            errors: [
                "P.properties[a].type: Required value: must not be empty for specified object fields",
                "P.properties[b].type: Required value: must not be empty for specified object fields",
            ]),
        Case(
            name: "properties with additionalProperties",
            schema: object(
                #"{"m":{"type":"object","properties":{"a":{"type":"string"}},"#
                    + #""additionalProperties":{"type":"string"}}}"#
            ),
            errors: [
                "P.properties[m].additionalProperties: Forbidden: "
                    + "additionalProperties and properties are mutual exclusive"
            ]),
        Case(
            name: "additionalProperties at the root",
            schema: #"{"type":"object","additionalProperties":{"type":"string"}}"#,
            errors: ["P.additionalProperties: Forbidden: must not be used at the root"]),
        Case(
            name: "unknown type", schema: object(#"{"a":{"type":"strin"}}"#),
            errors: [
                #"P.properties[a].type: Unsupported value: "strin": supported values: "array", "boolean", "integer","#
                    + #" "number", "object", "string""#
            ]),
        Case(
            name: "$ref", schema: object(##"{"a":{"type":"object","$ref":"#/definitions/x"}}"##),
            errors: ["P.properties[a].$ref: Forbidden: $ref is not supported"]),
        Case(
            name: "uniqueItems",
            schema: object(#"{"l":{"type":"array","items":{"type":"string"},"uniqueItems":true}}"#),
            errors: [
                "P.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true "
                    + "since the runtime complexity becomes quadratic"
            ]),
        Case(
            name: "default of the wrong type", schema: object(#"{"replicas":{"type":"integer","default":"one"}}"#),
            errors: [
                #"P.properties[replicas].default: Invalid value: "string": in body must be of type integer: "string""#
            ]),
        Case(
            name: "default breaking a constraint",
            schema: object(
                #"{"size":{"type":"object","default":{"n":11},"properties":{"n":{"type":"integer","maximum":10}}}}"#),
            errors: ["P.properties[size].default.n: Invalid value: 11: n in body should be less than or equal to 10"]),
        Case(
            name: "default with unknown fields",
            schema: object(#"{"s":{"type":"object","properties":{"a":{"type":"string"}},"default":{"a":"x","b":1}}}"#),
            errors: [
                #"P.properties[s].default: Invalid value: map[string]interface {}{"a":"x","#
                    + #" "b":1}: must not have unknown fields"#
            ]),
        Case(
            name: "enum value of the wrong type", schema: object(#"{"mode":{"type":"string","enum":["a",1]}}"#),
            errors: [
                #"P.properties[mode].enum[1]: Invalid value: "integer": in body must be of type string: "integer""#
            ]),
        Case(
            name: "defaults are not checked while the schema is not structural",
            schema: object(#"{"a":{"type":"integer","default":"x"},"b":{}}"#),
            errors: ["P.properties[b].type: Required value: must not be empty for specified object fields"]),
        Case(
            name: "pattern that does not compile", schema: object(#"{"name":{"type":"string","pattern":"[a-z"}}"#),
            errors: [
                #"P.properties[name].pattern: Invalid value: "[a-z": must be a valid regular expression, but isn't: "#
                    + "error parsing regexp: invalid regular expression: `[a-z`"
            ]),
        Case(
            name: "pattern with a look-ahead", schema: object(#"{"name":{"type":"string","pattern":"^(?=a)"}}"#),
            errors: [
                #"P.properties[name].pattern: Invalid value: "^(?=a)": must be a valid regular expression, but isn't: "#
                    + "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
            ]),
        Case(
            name: "unknown list type",
            schema: object(#"{"l":{"type":"array","items":{"type":"string"},"# + #""x-kubernetes-list-type":"bag"}}"#),
            errors: [
                #"P.properties[l].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set","#
                    + #" "map""#
            ]),
        Case(
            name: "list type on a string",
            schema: object(#"{"s":{"type":"string","x-kubernetes-list-type":"set"}}"#),
            errors: [
                #"P.properties[s].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified"#
            ]),
        Case(
            name: "map list without keys",
            schema: object(
                #"{"l":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object","#
                    + #""properties":{"name":{"type":"string"}}}}}"#),
            errors: [
                "P.properties[l].x-kubernetes-list-map-keys: Required value: "
                    + "must not be empty if x-kubernetes-list-type is map"
            ]),
        Case(
            name: "map list keys that are not item properties",
            schema: object(
                #"{"l":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["id"],"#
                    + #""items":{"type":"object","properties":{"name":{"type":"string"}}}}}"#),
            errors: [
                #"P.properties[l].x-kubernetes-list-map-keys: Invalid value: []string{"id"}: entries must all be names"#
                    + #" of item properties"#
            ]),
        Case(
            name: "map list key neither required nor defaulted",
            schema: object(
                #"{"l":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"#
                    + #""items":{"type":"object","properties":{"name":{"type":"string"}}}}}"#),
            errors: [
                "P.properties[l].items.properties[name].default: Required value: "
                    + "this property is in x-kubernetes-list-map-keys, so it must have a default "
                    + "or be a required property"
            ]),
        Case(
            name: "metadata beyond name and generateName",
            schema: object(#"{"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}"#),
            errors: [
                "P.properties[metadata]: Forbidden: must not specify anything other than name and generateName, "
                    + "but metadata is implicitly specified"
            ]),
        Case(
            name: "default in top-level metadata", schema: object(#"{"metadata":{"type":"object","default":{}}}"#),
            errors: ["P.properties[metadata].default: Forbidden: must not be set in top-level metadata"]),
        Case(
            name: "preserve-unknown-fields false",
            schema: object(#"{"a":{"type":"object","x-kubernetes-preserve-unknown-fields":false}}"#),
            errors: [
                "P.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"
            ]),
        Case(
            name: "embedded resource without type",
            schema: object(
                #"{"e":{"x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}"#),
            errors: ["P.properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true"]),
        Case(
            name: "type inside anyOf",
            schema: object(#"{"v":{"type":"string","anyOf":[{"type":"string","maxLength":3}]}}"#),
            errors: ["P.properties[v].anyOf[0].type: Forbidden: must be empty to be structural"]),
        Case(
            name: "field only specified in a value validation",
            schema:
                #"{"type":"object","anyOf":[{"properties":{"x":{"minimum":1}}}],"#
                + #""properties":{"y":{"type":"integer"}}}"#,
            errors: ["P.properties[x]: Required value: because it is defined in P.anyOf[0].properties[x]"]),
        Case(
            name: "set of objects that are not atomic",
            schema: object(
                #"{"l":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object","#
                    + #""properties":{"a":{"type":"string"}}}}}"#),
            errors: [
                #"P.properties[l].items.x-kubernetes-map-type: Invalid value: "null": "#
                    + "must be atomic as item of a list with x-kubernetes-list-type=set"
            ]),
        Case(
            name: "int-or-string under allOf",
            schema: object(
                #"{"p":{"x-kubernetes-int-or-string":true,"allOf":[{"anyOf":[{"type":"integer"},"#
                    + #"{"type":"string"}]},{"pattern":"^[0-9]+%?$"}]}}"#),
            errors: []),
        Case(
            name: "metadata in a nested clause",
            schema: object(
                #"{"spec":{"type":"object","anyOf":[{"properties":{"metadata":{"minProperties":1}}}],"#
                    + #""properties":{"metadata":{"type":"object"}}}}"#),
            errors: [
                "P.properties[spec].anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context"
            ]),
        Case(
            name: "embedded resource with nothing specified",
            schema: object(#"{"e":{"type":"object","x-kubernetes-embedded-resource":true}}"#),
            errors: [
                "P.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource "
                    + "is true without x-kubernetes-preserve-unknown-fields"
            ]),
        Case(
            name: "nullable at the root", schema: #"{"type":"object","nullable":true}"#,
            errors: ["P.nullable: Forbidden: nullable cannot be true at the root"]),
        Case(
            name: "keyword of the wrong JSON type", schema: object(#"{"a":{"type":5,"properties":[]}}"#),
            errors: [
                "P.properties[a].properties: Invalid value: []interface {}{}: must be an object",
                "P.properties[a].type: Invalid value: 5: must be a string",
            ]),
    ]

    @Test(arguments: cases)
    func checks(_ testCase: Case) {
        let errors = SchemaCheck.check(schemaJSON(testCase.schema), path: FieldPath(Self.prefix))
        let expected = testCase.errors.map { $0.replacingOccurrences(of: "P.", with: Self.prefix + ".") }
        #expect(errors.map(\.description) == expected)
    }

    @Test func schemaThatIsNotAnObject() {
        #expect(
            SchemaCheck.check("x", path: FieldPath("schema")).map(\.description) == [
                #"schema: Invalid value: "x": must be an object"#
            ])
    }
}
