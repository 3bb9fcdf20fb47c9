import SkiffAPI
import Testing

@Suite struct LabelQueryTests {
    @Test(
        arguments: [
            ("", ""),
            ("   ", ""),
            ("a=b", "a=b"),
            ("a==b", "a=b"),
            ("a!=b", "a!=b"),
            ("a in (x,y)", "a in (x,y)"),
            ("a in (y, x, x)", "a in (x,y)"),
            (" a  notin ( x ,y ) ", "a notin (x,y)"),
            ("a", "a"),
            ("!a", "!a"),
            ("! a", "!a"),
            ("b=1,a=2", "a=2,b=1"),
            ("env in (prod, staging),!canary", "!canary,env in (prod,staging)"),
            ("a=", "a="),
            ("a=,b", "a=,b"),
            ("x>5", "x>5"),
            ("x < 3", "x<3"),
            ("example.com/app=web", "example.com/app=web"),
            ("a in (x,)", "a in (,x)"),
            ("a=in", "a=in"),
            ("a notin (in,notin)", "a notin (in,notin)"),
            ("a\t=\nb", "a=b"),
            ("z,a=1,z!=2", "a=1,z,z!=2"),
        ] as [(String, String)])
    func parsesToCanonicalText(text: String, canonical: String) throws {
        let query = try LabelQuery(parsing: text)
        #expect(query.description == canonical)
        #expect(query.isEverything == canonical.isEmpty)
        #expect(try LabelQuery(parsing: query.description) == query)
    }

    @Test(
        arguments: [
            (["env": "prod"], true),
            (["env": "staging", "app": "web"], true),
            (["env": "dev"], false),
            ([:], false),
            (["env": "prod", "canary": "true"], false),
            (["env": "prod", "canary": ""], false),
            (["environment": "prod"], false),
        ] as [([String: String], Bool)])
    func setBasedSelectorMatches(labels: [String: String], expected: Bool) throws {
        let query = try LabelQuery(parsing: "env in (prod, staging),!canary")
        #expect(query.matches(labels) == expected)
    }

    @Test(
        arguments: [
            ("a!=b", [String: String](), true),
            ("a!=b", ["a": "b"], false),
            ("a!=b", ["a": "c"], true),
            ("a notin (x)", [:], true),
            ("a notin (x)", ["a": "x"], false),
            ("a", ["a": ""], true),
            ("a", [:], false),
            ("!a", [:], true),
            ("!a", ["a": "x"], false),
            ("a=", ["a": ""], true),
            ("a=", [:], false),
            ("a=", ["a": "x"], false),
            ("a==b", ["a": "b"], true),
            ("x>5", ["x": "6"], true),
            ("x>5", ["x": "5"], false),
            ("x>5", ["x": "abc"], false),
            ("x>5", [:], false),
            ("x<5", ["x": "-1"], true),
            ("", [:], true),
            ("", ["a": "b"], true),
            ("a=1,b=2", ["a": "1", "b": "2"], true),
            ("a=1,b=2", ["a": "1"], false),
        ] as [(String, [String: String], Bool)])
    func matches(text: String, labels: [String: String], expected: Bool) throws {
        #expect(try LabelQuery(parsing: text).matches(labels) == expected)
    }

    @Test(
        arguments: [
            ("a in ()", SelectorError.Code.invalidSyntax),
            ("a=b=c", .invalidSyntax),
            ("a b", .invalidSyntax),
            ("a in (x", .invalidSyntax),
            ("a in x", .invalidSyntax),
            ("a in (x y)", .invalidSyntax),
            (",a", .invalidSyntax),
            ("a,", .invalidSyntax),
            ("a,,b", .invalidSyntax),
            ("=b", .invalidSyntax),
            ("in=b", .invalidSyntax),
            ("a=(b)", .invalidSyntax),
            ("a=b c", .invalidSyntax),
            ("!a=b", .invalidSyntax),
            ("!", .invalidSyntax),
            ("-a=b", .invalidKey),
            ("a/b/c=d", .invalidKey),
            ("/a=b", .invalidKey),
            ("Example.com/a=b", .invalidKey),
            (String(repeating: "k", count: 64) + "=v", .invalidKey),
            ("a=-b", .invalidValue),
            ("a=" + String(repeating: "v", count: 64), .invalidValue),
            ("a in (ok, not ok)", .invalidSyntax),
            ("a in (ok,-bad)", .invalidValue),
            ("x>y", .invalidValue),
            ("x<-3", .invalidValue),
        ] as [(String, SelectorError.Code)])
    func rejects(text: String, code: SelectorError.Code) {
        #expect {
            try LabelQuery(parsing: text)
        } throws: { error in
            (error as? SelectorError)?.code == code
        }
    }

    @Test func syntaxErrorsSayWhatWasFound() {
        #expect(throws: SelectorError(.invalidSyntax, "found '=', expected: ',' or 'end of string'")) {
            try LabelQuery(parsing: "a=b=c")
        }
    }

    @Test func acceptsLongestValidKeyAndValue() throws {
        let key = String(repeating: "p", count: 253) + "/" + String(repeating: "n", count: 63)
        let value = String(repeating: "v", count: 63)
        let query = try LabelQuery(parsing: "\(key)=\(value)")
        #expect(query.matches([key: value]))
    }

    @Test func buildsFromMatchLabelsAndExpressions() throws {
        let query = try LabelQuery(
            matchLabels: ["app": "web", "env": "prod"],
            matchExpressions: [
                (key: "tier", operator: "In", values: ["b", "a"]),
                (key: "canary", operator: "DoesNotExist", values: []),
                (key: "zone", operator: "Exists", values: []),
                (key: "track", operator: "NotIn", values: ["beta"]),
            ])
        #expect(query.selectorString == "app=web,!canary,env=prod,tier in (a,b),track notin (beta),zone")
        #expect(query.matches(["app": "web", "env": "prod", "tier": "a", "zone": "z1"]))
        #expect(!query.matches(["app": "web", "env": "prod", "tier": "a", "zone": "z1", "canary": "1"]))
        #expect(!query.matches(["app": "web", "env": "prod", "tier": "c", "zone": "z1"]))
        #expect(try LabelQuery(parsing: query.selectorString) == query)
        #expect(query.exactValue(for: "app") == "web")
        #expect(query.exactValue(for: "tier") == nil)
    }

    @Test func emptyPartsSelectEverything() throws {
        #expect(try LabelQuery(matchLabels: nil, matchExpressions: []).isEverything)
        #expect(try LabelQuery(matchLabels: [:], matchExpressions: []) == LabelQuery.everything)
        #expect(LabelQuery.everything.selectorString == "")
    }

    @Test(
        arguments: [
            ([String: String](), "tier", "In", [String](), SelectorError.Code.unsupportedOperator),
            ([:], "tier", "NotIn", [], .unsupportedOperator),
            ([:], "tier", "Exists", ["x"], .unsupportedOperator),
            ([:], "tier", "DoesNotExist", ["x"], .unsupportedOperator),
            ([:], "tier", "Matches", ["x"], .unsupportedOperator),
            ([:], "tier", "in", ["x"], .unsupportedOperator),
            ([:], "-tier", "In", ["x"], .invalidKey),
            ([:], "tier", "In", ["x y"], .invalidValue),
            (["-app": "web"], "tier", "Exists", [], .invalidKey),
            (["app": "web!"], "tier", "Exists", [], .invalidValue),
        ] as [([String: String], String, String, [String], SelectorError.Code)])
    func rejectsBadParts(
        matchLabels: [String: String], key: String, op: String, values: [String], code: SelectorError.Code
    ) {
        #expect {
            try LabelQuery(matchLabels: matchLabels, matchExpressions: [(key: key, operator: op, values: values)])
        } throws: { error in
            (error as? SelectorError)?.code == code
        }
    }
}

@Suite struct FieldQueryTests {
    @Test(
        arguments: [
            ("", ""),
            ("metadata.name=web", "metadata.name=web"),
            ("metadata.name==web", "metadata.name=web"),
            ("status.phase!=Running,metadata.name=web", "metadata.name=web,status.phase!=Running"),
            (#"a=b\,c"#, #"a=b\,c"#),
            (#"a=b\=c\\d"#, #"a=b\=c\\d"#),
            ("a=", "a="),
            ("a=b,,c=d", "a=b,c=d"),
            ("a= b", "a= b"),
        ] as [(String, String)])
    func parsesToCanonicalText(text: String, canonical: String) throws {
        let query = try FieldQuery(parsing: text)
        #expect(query.description == canonical)
        #expect(query.isEverything == canonical.isEmpty)
        #expect(try FieldQuery(parsing: query.description) == query)
    }

    @Test(
        arguments: [
            (#"a=b\,c"#, "b,c"),
            (#"a=b\=c\\d"#, #"b=c\d"#),
            ("a==b", "b"),
            ("a!=b", "b"),
            ("a==", ""),
            (#"a==\="#, "="),
        ] as [(String, String)])
    func unescapesValues(text: String, value: String) throws {
        #expect(try FieldQuery(parsing: text).requirements.map(\.value) == [value])
    }

    @Test(
        arguments: [
            ("a", SelectorError.Code.invalidSyntax),
            ("a=b,c", .invalidSyntax),
            ("a=b=c", .invalidValue),
            ("a!==b", .invalidValue),
            (#"a=b\x"#, .invalidValue),
            (#"a=b\"#, .invalidValue),
            ("=b", .invalidKey),
        ] as [(String, SelectorError.Code)])
    func rejects(text: String, code: SelectorError.Code) {
        #expect {
            try FieldQuery(parsing: text)
        } throws: { error in
            (error as? SelectorError)?.code == code
        }
    }

    @Test(
        arguments: [
            ("spec.nodeName=", [String: String](), true),
            ("spec.nodeName=", ["spec.nodeName": "n1"], false),
            ("spec.nodeName!=", [:], false),
            ("spec.nodeName!=", ["spec.nodeName": "n1"], true),
            (
                "metadata.name=web,metadata.namespace=default",
                ["metadata.name": "web", "metadata.namespace": "default"], true
            ),
            (
                "metadata.name=web,metadata.namespace=default", ["metadata.name": "web", "metadata.namespace": "kube"],
                false
            ),
            ("status.phase!=Running", ["status.phase": "Pending"], true),
            (#"a=x\,y"#, ["a": "x,y"], true),
            ("", ["a": "b"], true),
        ] as [(String, [String: String], Bool)])
    func matches(text: String, fields: [String: String], expected: Bool) throws {
        #expect(try FieldQuery(parsing: text).matches(fields) == expected)
    }

    @Test func exposesFieldNamesAndExactValues() throws {
        let query = try FieldQuery(parsing: "metadata.name=web,status.phase!=Running,metadata.name!=db")
        #expect(query.fieldNames == ["metadata.name", "status.phase"])
        #expect(query.exactValue(for: "metadata.name") == "web")
        #expect(query.exactValue(for: "status.phase") == nil)
        #expect(query.requirements.map(\.operator) == [.notEquals, .equals, .notEquals])
    }

    @Test func escapesValues() {
        #expect(FieldQuery.escape(#"a,b=c\d"#) == #"a\,b\=c\\d"#)
    }
}
