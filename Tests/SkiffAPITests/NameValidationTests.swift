import SkiffAPI
import Testing

private let subdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    + "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
private let labelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
private let dns1035Message =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation "
    + "is '[a-z]([-a-z0-9]*[a-z0-9])?')"
private let nameRegexMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
private let wholeNameMessage =
    "a qualified name " + nameRegexMessage
    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
private let labelValueMessage =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    + "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

@Suite struct NameValidationTests {
    @Test(
        arguments: [
            ("a", [String]()),
            ("example.com", []),
            ("a-b.c-d", []),
            ("1abc", []),
            ("a.1", []),
            (String(repeating: "a", count: 253), []),
            ("", [subdomainMessage]),
            ("Foo", [subdomainMessage]),
            ("-a", [subdomainMessage]),
            ("a-", [subdomainMessage]),
            ("a..b", [subdomainMessage]),
            (".a", [subdomainMessage]),
            ("a.", [subdomainMessage]),
            ("a_b", [subdomainMessage]),
            ("a.-b", [subdomainMessage]),
            ("é", [subdomainMessage]),
            (String(repeating: "a", count: 254), ["must be no more than 253 characters"]),
            (String(repeating: "A", count: 254), ["must be no more than 253 characters", subdomainMessage]),
        ] as [(String, [String])])
    func dns1123Subdomain(value: String, problems: [String]) {
        #expect(NameValidation.isDNS1123Subdomain(value) == problems)
    }

    @Test(
        arguments: [
            ("my-name", [String]()),
            ("123-abc", []),
            ("a", []),
            (String(repeating: "a", count: 63), []),
            ("a.b", [labelMessage]),
            ("My-name", [labelMessage]),
            ("", [labelMessage]),
            (String(repeating: "a", count: 64), ["must be no more than 63 characters"]),
        ] as [(String, [String])])
    func dns1123Label(value: String, problems: [String]) {
        #expect(NameValidation.isDNS1123Label(value) == problems)
    }

    @Test(
        arguments: [
            ("my-name", [String]()),
            ("abc-123", []),
            ("1abc", [dns1035Message]),
            ("abc-", [dns1035Message]),
            ("a.b", [dns1035Message]),
            (String(repeating: "a", count: 64), ["must be no more than 63 characters"]),
        ] as [(String, [String])])
    func dns1035Label(value: String, problems: [String]) {
        #expect(NameValidation.isDNS1035Label(value) == problems)
    }

    @Test(
        arguments: [
            ("app", [String]()),
            ("example.com/app", []),
            ("App_Name.x", []),
            ("a", []),
            ("kubernetes.io/hostname", []),
            ("", ["name part must be non-empty", "name part " + nameRegexMessage]),
            ("/a", ["prefix part must be non-empty"]),
            ("a/", ["name part must be non-empty", "name part " + nameRegexMessage]),
            ("-a", ["name part " + nameRegexMessage]),
            ("a_", ["name part " + nameRegexMessage]),
            ("Example.com/a", ["prefix part " + subdomainMessage]),
            (
                String(repeating: "n", count: 64),
                ["name part must be no more than 63 characters"]
            ),
            ("a/b/c", [wholeNameMessage]),
        ] as [(String, [String])])
    func qualifiedName(value: String, problems: [String]) {
        #expect(NameValidation.isQualifiedName(value) == problems)
    }

    @Test(
        arguments: [
            ("", [String]()),
            ("a", []),
            ("my_value", []),
            ("1.2.3", []),
            (String(repeating: "v", count: 63), []),
            ("-a", [labelValueMessage]),
            ("a b", [labelValueMessage]),
            ("a/b", [labelValueMessage]),
            (String(repeating: "v", count: 64), ["must be no more than 63 characters"]),
        ] as [(String, [String])])
    func labelValue(value: String, problems: [String]) {
        #expect(NameValidation.isValidLabelValue(value) == problems)
    }

    @Test(
        arguments: [
            ("admin", [String]()),
            ("system:admin", []),
            (".", ["may not be '.'"]),
            ("..", ["may not be '..'"]),
            ("a/b%c", ["may not contain '/'", "may not contain '%'"]),
        ] as [(String, [String])])
    func pathSegmentName(value: String, problems: [String]) {
        #expect(NameValidation.isValidPathSegmentName(value) == problems)
    }
}

@Suite struct ObjectMetaValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var meta: ObjectMeta
        var namespaced = true
        var expected: [String]

        var testDescription: String { label }
    }

    private static func meta(_ change: (inout ObjectMeta) -> Void) -> ObjectMeta {
        var meta = ObjectMeta(name: "web", namespace: "default")
        change(&meta)
        return meta
    }

    static let cases: [Case] = [
        Case(label: "valid", meta: meta { _ in }, expected: []),
        Case(label: "valid cluster-scoped", meta: meta { $0.namespace = nil }, namespaced: false, expected: []),
        Case(
            label: "no name", meta: meta { $0.name = nil },
            expected: ["metadata.name: Required value: name or generateName is required"]),
        Case(
            label: "generateName only",
            meta: meta {
                $0.name = ""
                $0.generateName = "web-"
            }, expected: []),
        Case(
            label: "bad generateName",
            meta: meta {
                $0.name = nil
                $0.generateName = "Web-"
            },
            expected: ["metadata.generateName: Invalid value: \"Web-\": " + subdomainMessage]),
        Case(
            label: "bad name", meta: meta { $0.name = "Web" },
            expected: ["metadata.name: Invalid value: \"Web\": " + subdomainMessage]),
        Case(
            label: "no namespace", meta: meta { $0.namespace = nil },
            expected: ["metadata.namespace: Required value"]),
        Case(
            label: "bad namespace", meta: meta { $0.namespace = "a.b" },
            expected: ["metadata.namespace: Invalid value: \"a.b\": " + labelMessage]),
        Case(
            label: "namespace on cluster-scoped", meta: meta { _ in }, namespaced: false,
            expected: ["metadata.namespace: Forbidden: not allowed on this type"]),
        Case(
            label: "negative generation", meta: meta { $0.generation = -1 },
            expected: ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]),
        Case(
            label: "bad labels", meta: meta { $0.labels = ["-x": "ok", "app": "-bad", "fine": ""] },
            expected: [
                "metadata.labels: Invalid value: \"-x\": name part " + nameRegexMessage,
                "metadata.labels: Invalid value: \"-bad\": " + labelValueMessage,
            ]),
        Case(
            label: "annotation keys ignore case", meta: meta { $0.annotations = ["Example.COM/Key": "x"] },
            expected: []),
        Case(
            label: "bad annotation key", meta: meta { $0.annotations = ["a/b/c": "x"] },
            expected: [
                "metadata.annotations: Invalid value: \"a/b/c\": " + wholeNameMessage
            ]),
        Case(
            label: "annotations at the limit",
            meta: meta { $0.annotations = ["k": String(repeating: "x", count: 256 * 1024 - 1)] }, expected: []),
        Case(
            label: "annotations too large",
            meta: meta { $0.annotations = ["k": String(repeating: "x", count: 256 * 1024)] },
            expected: ["metadata.annotations: Too long: may not be more than 262144 bytes"]),
        Case(
            label: "incomplete owner reference",
            meta: meta {
                $0.ownerReferences = [OwnerReference(apiVersion: "apps/", kind: "", name: "", uid: "")]
            },
            expected: [
                "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
            ]),
        Case(
            label: "two controllers",
            meta: meta {
                $0.ownerReferences = [
                    OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "a", uid: "1", controller: true),
                    OwnerReference(apiVersion: "v1", kind: "Node", name: "n", uid: "2", controller: false),
                    OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "3", controller: true),
                ]
            },
            expected: [
                "metadata.ownerReferences: Invalid value: Only one reference can have Controller set to true. "
                    + "Found \"true\" in references for ReplicaSet/a and ReplicaSet/b"
            ]),
        Case(
            label: "event owner",
            meta: meta { $0.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Event", name: "e", uid: "1")] },
            expected: ["metadata.ownerReferences: Invalid value: /v1, Kind=Event is disallowed from being an owner"]),
        Case(
            label: "bad finalizer", meta: meta { $0.finalizers = ["example.com/ok", "a/b/c"] },
            expected: [
                "metadata.finalizers: Invalid value: \"a/b/c\": " + wholeNameMessage
            ]),
        Case(
            label: "orphan and foreground", meta: meta { $0.finalizers = ["orphan", "foregroundDeletion"] },
            expected: [
                "metadata.finalizers: Invalid value: [\"orphan\", \"foregroundDeletion\"]: "
                    + "finalizer orphan and foregroundDeletion cannot be both set"
            ]),
    ]

    @Test(arguments: cases)
    func validates(testCase: Case) {
        let errors = NameValidation.validateObjectMeta(
            testCase.meta, namespaced: testCase.namespaced, nameRule: NameValidation.isDNS1123Subdomain,
            path: FieldPath("metadata"))
        #expect(errors.map(\.description) == testCase.expected)
    }

    @Test func usesThePathGiven() {
        let errors = NameValidation.validateObjectMeta(
            ObjectMeta(), namespaced: false, nameRule: NameValidation.isDNS1123Label,
            path: FieldPath("spec.template.metadata"))
        #expect(errors.map(\.field) == ["spec.template.metadata.name"])
    }
}
