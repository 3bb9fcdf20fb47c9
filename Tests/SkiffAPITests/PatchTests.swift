import SkiffAPI
import Testing

/// Parses JSON text for a test.
private func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// A patch that applies: the document, the patch and the result, as JSON text.
struct PatchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var document: String
    var patch: String
    var expected: String

    init(_ name: String, _ document: String, _ patch: String, _ expected: String) {
        self.name = name
        self.document = document
        self.patch = patch
        self.expected = expected
    }

    var testDescription: String { name }

    /// Runs `apply` and compares with the expected document (as sorted-key JSON, so a failure
    /// shows both sides readably).
    func check(_ apply: (JSONValue, JSONValue) throws -> JSONValue) throws {
        let result = try apply(try json(patch), try json(document))
        #expect(result.serializedString() == (try json(expected)).serializedString(), "\(name)")
    }
}

/// A patch that must fail with `code`.
struct FailingPatchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var document: String
    var patch: String
    var code: PatchError.Code

    init(_ name: String, _ document: String, _ patch: String, _ code: PatchError.Code) {
        self.name = name
        self.document = document
        self.patch = patch
        self.code = code
    }

    var testDescription: String { name }

    /// Runs `apply` and checks the error's code.
    func check(_ apply: (JSONValue, JSONValue) throws(PatchError) -> JSONValue) throws {
        let patchValue = try json(patch)
        let documentValue = try json(document)
        do {
            let result = try apply(patchValue, documentValue)
            Issue.record("\(name): expected \(code), got \(result.serializedString())")
        } catch {
            #expect(error.code == code, "\(name): \(error.message)")
        }
    }
}

@Suite("JSONPatch")
struct JSONPatchTests {
    static let rfcExamples: [PatchCase] = [
        PatchCase(
            "A.1 adding an object member", #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux"}]"#,
            #"{"baz": "qux", "foo": "bar"}"#),
        PatchCase(
            "A.2 adding an array element", #"{"foo": ["bar", "baz"]}"#,
            #"[{"op": "add", "path": "/foo/1", "value": "qux"}]"#, #"{"foo": ["bar", "qux", "baz"]}"#),
        PatchCase(
            "A.3 removing an object member", #"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "remove", "path": "/baz"}]"#,
            #"{"foo": "bar"}"#),
        PatchCase(
            "A.4 removing an array element", #"{"foo": ["bar", "qux", "baz"]}"#,
            #"[{"op": "remove", "path": "/foo/1"}]"#, #"{"foo": ["bar", "baz"]}"#),
        PatchCase(
            "A.5 replacing a value", #"{"baz": "qux", "foo": "bar"}"#,
            #"[{"op": "replace", "path": "/baz", "value": "boo"}]"#, #"{"baz": "boo", "foo": "bar"}"#),
        PatchCase(
            "A.6 moving a value", #"{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}"#,
            #"[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]"#,
            #"{"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}"#),
        PatchCase(
            "A.7 moving an array element", #"{"foo": ["all", "grass", "cows", "eat"]}"#,
            #"[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]"#, #"{"foo": ["all", "cows", "eat", "grass"]}"#),
        PatchCase(
            "A.8 testing a value: success", #"{"baz": "qux", "foo": ["a", 2, "c"]}"#,
            #"[{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}]"#,
            #"{"baz": "qux", "foo": ["a", 2, "c"]}"#),
        PatchCase(
            "A.10 adding a nested member object", #"{"foo": "bar"}"#,
            #"[{"op": "add", "path": "/child", "value": {"grandchild": {}}}]"#,
            #"{"foo": "bar", "child": {"grandchild": {}}}"#),
        PatchCase(
            "A.11 ignoring unrecognized elements", #"{"foo": "bar"}"#,
            #"[{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]"#, #"{"foo": "bar", "baz": "qux"}"#),
        PatchCase(
            "A.14 ~ escape ordering", #"{"/": 9, "~1": 10}"#, #"[{"op": "test", "path": "/~01", "value": 10}]"#,
            #"{"/": 9, "~1": 10}"#),
        PatchCase(
            "A.16 adding an array value", #"{"foo": ["bar"]}"#,
            #"[{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]"#, #"{"foo": ["bar", ["abc", "def"]]}"#),
    ]

    @Test("RFC 6902 appendix A", arguments: rfcExamples)
    func rfcExample(_ example: PatchCase) throws {
        try example.check { try JSONPatch.apply($0, to: $1) }
    }

    static let moreCases: [PatchCase] = [
        PatchCase(
            "copy a member", #"{"a": {"b": [1]}}"#, #"[{"op": "copy", "from": "/a", "path": "/c"}]"#,
            #"{"a": {"b": [1]}, "c": {"b": [1]}}"#),
        PatchCase(
            "operations apply in order", #"{"a": 1}"#,
            #"[{"op": "add", "path": "/b", "value": [1]}, {"op": "add", "path": "/b/0", "value": 0},"#
                + #" {"op": "remove", "path": "/a"}, {"op": "test", "path": "/b", "value": [0, 1]}]"#,
            #"{"b": [0, 1]}"#),
        PatchCase(
            "replace the whole document", #"{"a": 1}"#, #"[{"op": "replace", "path": "", "value": [true]}]"#,
            #"[true]"#),
        PatchCase(
            "add at the end index", #"{"a": [1, 2]}"#, #"[{"op": "add", "path": "/a/2", "value": 3}]"#,
            #"{"a": [1, 2, 3]}"#),
        PatchCase(
            "add replaces an existing member", #"{"a": 1}"#, #"[{"op": "add", "path": "/a", "value": null}]"#,
            #"{"a": null}"#),
        PatchCase(
            "escaped slash in a member name", #"{"metadata": {"labels": {"app.kubernetes.io/name": "x"}}}"#,
            #"[{"op": "replace", "path": "/metadata/labels/app.kubernetes.io~1name", "value": "y"}]"#,
            #"{"metadata": {"labels": {"app.kubernetes.io/name": "y"}}}"#),
        PatchCase(
            "test compares numbers by value", #"{"a": 1, "b": {"c": [2.0]}}"#,
            #"[{"op": "test", "path": "/a", "value": 1.0}, {"op": "test", "path": "/b", "value": {"c": [2]}}]"#,
            #"{"a": 1, "b": {"c": [2.0]}}"#),
        PatchCase(
            "test of null passes on a missing member (as in Kubernetes)", #"{"a": {}}"#,
            #"[{"op": "test", "path": "/a/b", "value": null}]"#, #"{"a": {}}"#),
        PatchCase(
            "move to the same place", #"{"a": 1}"#, #"[{"op": "move", "from": "/a", "path": "/a"}]"#, #"{"a": 1}"#),
    ]

    @Test("more operations", arguments: moreCases)
    func moreOperations(_ example: PatchCase) throws {
        try example.check { try JSONPatch.apply($0, to: $1) }
    }

    static let failures: [FailingPatchCase] = [
        FailingPatchCase(
            "A.9 testing a value: error", #"{"baz": "qux"}"#, #"[{"op": "test", "path": "/baz", "value": "bar"}]"#,
            .testFailed),
        FailingPatchCase(
            "A.12 adding to a nonexistent target", #"{"foo": "bar"}"#,
            #"[{"op": "add", "path": "/baz/bat", "value": "qux"}]"#, .pathNotFound),
        FailingPatchCase(
            "A.13 duplicate op member (the last one, remove, wins)", #"{"foo": "bar"}"#,
            #"[{"op": "add", "path": "/baz", "value": "qux", "op": "remove"}]"#, .pathNotFound),
        FailingPatchCase(
            "A.15 comparing strings and numbers", #"{"/": 9, "~1": 10}"#,
            #"[{"op": "test", "path": "/~01", "value": "10"}]"#, .testFailed),
        FailingPatchCase(
            "test of a missing member", #"{"a": 1}"#, #"[{"op": "test", "path": "/b", "value": 1}]"#, .testFailed),
        FailingPatchCase(
            "test of a missing array element", #"{"a": [1]}"#, #"[{"op": "test", "path": "/a/1", "value": 1}]"#,
            .testFailed),
        FailingPatchCase("patch is an object", #"{}"#, #"{"op": "add", "path": "/a", "value": 1}"#, .malformedPatch),
        FailingPatchCase("operation is not an object", #"{}"#, #"["add"]"#, .malformedPatch),
        FailingPatchCase("no op", #"{}"#, #"[{"path": "/a", "value": 1}]"#, .malformedPatch),
        FailingPatchCase("unknown op", #"{}"#, #"[{"op": "increment", "path": "/a"}]"#, .malformedPatch),
        FailingPatchCase("no path", #"{}"#, #"[{"op": "add", "value": 1}]"#, .malformedPatch),
        FailingPatchCase("no value", #"{}"#, #"[{"op": "add", "path": "/a"}]"#, .malformedPatch),
        FailingPatchCase("no from", #"{"a": 1}"#, #"[{"op": "move", "path": "/b"}]"#, .malformedPatch),
        FailingPatchCase(
            "pointer without a slash", #"{"a": 1}"#, #"[{"op": "remove", "path": "a"}]"#, .malformedPatch),
        FailingPatchCase("bad ~ escape", #"{"a": 1}"#, #"[{"op": "remove", "path": "/a~2"}]"#, .malformedPatch),
        FailingPatchCase(
            "remove a missing member", #"{"a": 1}"#, #"[{"op": "remove", "path": "/b"}]"#, .pathNotFound),
        FailingPatchCase(
            "replace a missing member", #"{"a": 1}"#, #"[{"op": "replace", "path": "/b", "value": 2}]"#,
            .pathNotFound),
        FailingPatchCase(
            "add past the end", #"{"a": [1]}"#, #"[{"op": "add", "path": "/a/2", "value": 2}]"#, .pathNotFound),
        FailingPatchCase(
            "remove with -", #"{"a": [1]}"#, #"[{"op": "remove", "path": "/a/-"}]"#, .invalidTarget),
        FailingPatchCase(
            "index with a leading zero", #"{"a": [1, 2]}"#, #"[{"op": "replace", "path": "/a/01", "value": 3}]"#,
            .invalidTarget),
        FailingPatchCase(
            "step into a string", #"{"a": "text"}"#, #"[{"op": "add", "path": "/a/b", "value": 1}]"#,
            .invalidTarget),
        FailingPatchCase(
            "move into its own child", #"{"a": {"b": {}}}"#, #"[{"op": "move", "from": "/a", "path": "/a/b/c"}]"#,
            .invalidTarget),
        FailingPatchCase(
            "copy from a missing member", #"{"a": 1}"#, #"[{"op": "copy", "from": "/b", "path": "/c"}]"#,
            .pathNotFound),
    ]

    @Test("failures carry their code", arguments: failures)
    func failure(_ example: FailingPatchCase) throws {
        try example.check { (patch, document) throws(PatchError) in try JSONPatch.apply(patch, to: document) }
    }

    @Test func failedPatchChangesNothing() throws {
        let document = try json(#"{"a": 1}"#)
        let patch = try json(#"[{"op": "add", "path": "/b", "value": 2}, {"op": "test", "path": "/a", "value": 2}]"#)
        #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: document) }
        #expect(document == (try json(#"{"a": 1}"#)))
    }

    @Test func pointers() throws {
        #expect(try JSONPatch.parsePointer("") == [])
        #expect(try JSONPatch.parsePointer("/") == [""])
        #expect(try JSONPatch.parsePointer("/a~1b/~0c/~01/0") == ["a/b", "~c", "~1", "0"])
        let document = try json(#"{"a": [{"b": "c"}]}"#)
        #expect(try JSONPatch.value(at: "/a/0/b", in: document) == "c")
        #expect(try JSONPatch.value(at: "/a/1", in: document) == nil)
    }
}

@Suite("MergePatch")
struct MergePatchTests {
    /// RFC 7386 appendix A, every row.
    static let rfcExamples: [PatchCase] = [
        PatchCase("1", #"{"a": "b"}"#, #"{"a": "c"}"#, #"{"a": "c"}"#),
        PatchCase("2", #"{"a": "b"}"#, #"{"b": "c"}"#, #"{"a": "b", "b": "c"}"#),
        PatchCase("3", #"{"a": "b"}"#, #"{"a": null}"#, #"{}"#),
        PatchCase("4", #"{"a": "b", "b": "c"}"#, #"{"a": null}"#, #"{"b": "c"}"#),
        PatchCase("5", #"{"a": ["b"]}"#, #"{"a": "c"}"#, #"{"a": "c"}"#),
        PatchCase("6", #"{"a": "c"}"#, #"{"a": ["b"]}"#, #"{"a": ["b"]}"#),
        PatchCase("7", #"{"a": {"b": "c"}}"#, #"{"a": {"b": "d", "c": null}}"#, #"{"a": {"b": "d"}}"#),
        PatchCase("8", #"{"a": [{"b": "c"}]}"#, #"{"a": [1]}"#, #"{"a": [1]}"#),
        PatchCase("9", #"["a", "b"]"#, #"["c", "d"]"#, #"["c", "d"]"#),
        PatchCase("10", #"{"a": "b"}"#, #"["c"]"#, #"["c"]"#),
        PatchCase("11", #"{"a": "foo"}"#, #"null"#, #"null"#),
        PatchCase("12", #"{"a": "foo"}"#, #""bar""#, #""bar""#),
        PatchCase("13", #"{"e": null}"#, #"{"a": 1}"#, #"{"e": null, "a": 1}"#),
        PatchCase("14", #"[1, 2]"#, #"{"a": "b", "c": null}"#, #"{"a": "b"}"#),
        PatchCase("15", #"{}"#, #"{"a": {"bb": {"ccc": null}}}"#, #"{"a": {"bb": {}}}"#),
    ]

    @Test("RFC 7386 appendix A through merge(_:into:)", arguments: rfcExamples)
    func rfcExample(_ example: PatchCase) throws {
        try example.check { MergePatch.merge($0, into: $1) }
    }

    @Test("RFC 7386 appendix A object patches through apply", arguments: rfcExamples.filter { $0.patch.hasPrefix("{") })
    func rfcExampleApply(_ example: PatchCase) throws {
        try example.check { try MergePatch.apply($0, to: $1) }
    }

    @Test("a patch that is not an object is malformed", arguments: [#"["c"]"#, "null", #""bar""#, "1"])
    func notAnObject(_ patch: String) throws {
        try FailingPatchCase(patch, #"{"a": 1}"#, patch, .malformedPatch).check {
            (patch, document) throws(PatchError) in
            try MergePatch.apply(patch, to: document)
        }
    }

    @Test func kubernetesLabelsAndLists() throws {
        try PatchCase(
            "labels merge, lists replace",
            #"{"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]}}"#,
            #"{"metadata": {"labels": {"a": null, "c": "3"}}, "spec": {"containers": [{"name": "c"}]}}"#,
            #"{"metadata": {"labels": {"b": "2", "c": "3"}}, "spec": {"containers": [{"name": "c"}]}}"#
        ).check { try MergePatch.apply($0, to: $1) }
    }
}

@Suite("StrategicMergePatch")
struct StrategicMergePatchTests {
    static let pod = #"""
        {"metadata": {"name": "p", "labels": {"app": "web", "tier": "front"}, "finalizers": ["a", "b"]},
         "spec": {"containers": [
            {"name": "app", "image": "app:1", "args": ["--x", "--y"],
             "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}],
             "ports": [{"containerPort": 80, "protocol": "TCP"}]},
            {"name": "log", "image": "log:1"}],
          "tolerations": [{"key": "k", "operator": "Exists"}]}}
        """#

    static let cases: [PatchCase] = [
        PatchCase(
            "container image change by name",
            #"{"spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]}}"#,
            #"{"spec": {"containers": [{"name": "b", "image": "b:2"}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:2"}]}}"#),
        PatchCase(
            "env merges by name, a new variable after the ones it follows",
            #"{"spec": {"containers": [{"name": "a", "env": [{"name": "X", "value": "1"},"#
                + #" {"name": "Y", "value": "2"}]}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "env": [{"name": "Y", "value": "3"},"#
                + #" {"name": "Z", "value": "4"}]}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "3"},"#
                + #" {"name": "Z", "value": "4"}]}]}}"#),
        PatchCase(
            "adding a container puts it first, as kubectl patch does",
            #"{"spec": {"containers": [{"name": "a", "image": "a:1"}]}}"#,
            #"{"spec": {"containers": [{"name": "sidecar", "image": "s:1"}]}}"#,
            #"{"spec": {"containers": [{"name": "sidecar", "image": "s:1"}, {"name": "a", "image": "a:1"}]}}"#),
        PatchCase(
            "$patch: delete removes a container",
            #"{"spec": {"containers": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}"#,
            #"{"spec": {"containers": [{"name": "b", "$patch": "delete"}]}}"#,
            #"{"spec": {"containers": [{"name": "a"}, {"name": "c"}]}}"#),
        PatchCase(
            "$setElementOrder/containers reorders",
            #"{"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b"}, {"name": "c"}]}}"#,
            #"{"spec": {"$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}]}}"#,
            #"{"spec": {"containers": [{"name": "c"}, {"name": "a", "image": "1"}, {"name": "b"}]}}"#),
        PatchCase(
            "$setElementOrder/containers places a new container (kubectl apply)",
            #"{"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}"#,
            #"{"spec": {"$setElementOrder/containers": [{"name": "a"}, {"name": "new"}, {"name": "b"}],"#
                + #" "containers": [{"name": "new", "image": "n"}]}}"#,
            #"{"spec": {"containers": [{"name": "a"}, {"name": "new", "image": "n"}, {"name": "b"}]}}"#),
        PatchCase(
            "$setElementOrder weaves in an element it does not name where the document had it",
            #"{"spec": {"containers": [{"name": "a"}, {"name": "injected"}, {"name": "b"}]}}"#,
            #"{"spec": {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}]}}"#,
            #"{"spec": {"containers": [{"name": "injected"}, {"name": "b"}, {"name": "a"}]}}"#),
        PatchCase(
            "finalizers merge as a set",
            #"{"metadata": {"finalizers": ["a", "b"]}}"#, #"{"metadata": {"finalizers": ["b", "c"]}}"#,
            #"{"metadata": {"finalizers": ["a", "b", "c"]}}"#),
        PatchCase(
            "a new finalizer goes first, as in Kubernetes",
            #"{"metadata": {"finalizers": ["a", "b"]}}"#, #"{"metadata": {"finalizers": ["c", "a"]}}"#,
            #"{"metadata": {"finalizers": ["c", "a", "b"]}}"#),
        PatchCase(
            "$deleteFromPrimitiveList/finalizers",
            #"{"metadata": {"finalizers": ["a", "b", "c"]}}"#,
            #"{"metadata": {"$deleteFromPrimitiveList/finalizers": ["b", "x"]}}"#,
            #"{"metadata": {"finalizers": ["a", "c"]}}"#),
        PatchCase(
            "kubelet status patch: conditions by type with $setElementOrder",
            #"{"status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True"},"#
                + #" {"type": "Ready", "status": "False", "reason": "ContainersNotReady"}]}}"#,
            #"{"status": {"$setElementOrder/conditions": [{"type": "Initialized"}, {"type": "Ready"},"#
                + #" {"type": "PodScheduled"}], "conditions": [{"type": "Initialized", "status": "True"},"#
                + #" {"type": "Ready", "status": "True", "reason": null}], "phase": "Running"}}"#,
            #"{"status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"},"#
                + #" {"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}]}}"#),
        PatchCase(
            "conditions by type without an order",
            #"{"status": {"conditions": [{"type": "Ready", "status": "False"},"#
                + #" {"type": "PodScheduled", "status": "True"}]}}"#,
            #"{"status": {"conditions": [{"type": "Ready", "status": "True"}]}}"#,
            #"{"status": {"conditions": [{"type": "Ready", "status": "True"},"#
                + #" {"type": "PodScheduled", "status": "True"}]}}"#),
        PatchCase(
            "$retainKeys drops the members not listed",
            #"{"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}"#,
            #"{"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}"#,
            #"{"spec": {"strategy": {"type": "Recreate"}}}"#),
        PatchCase(
            "label deletion with null",
            #"{"metadata": {"labels": {"a": "1", "b": "2"}}}"#, #"{"metadata": {"labels": {"a": null, "c": "3"}}}"#,
            #"{"metadata": {"labels": {"b": "2", "c": "3"}}}"#),
        PatchCase(
            "args (no merge key) are replaced whole",
            #"{"spec": {"containers": [{"name": "a", "args": ["--x", "--y"]}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "args": ["--z"]}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "args": ["--z"]}]}}"#),
        PatchCase(
            "tolerations are replaced whole",
            #"{"spec": {"tolerations": [{"key": "a", "operator": "Exists"}]}}"#,
            #"{"spec": {"tolerations": [{"key": "b", "operator": "Exists"}]}}"#,
            #"{"spec": {"tolerations": [{"key": "b", "operator": "Exists"}]}}"#),
        PatchCase(
            "container ports merge by containerPort, Service ports by port",
            #"{"spec": {"ports": [{"port": 80, "name": "http"}], "containers": [{"name": "a","#
                + #" "ports": [{"containerPort": 80, "name": "http"}]}]}}"#,
            #"{"spec": {"ports": [{"port": 80, "targetPort": 8080}], "containers": [{"name": "a","#
                + #" "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}"#,
            #"{"spec": {"ports": [{"port": 80, "name": "http", "targetPort": 8080}], "containers": [{"name": "a","#
                + #" "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}]}]}}"#),
        PatchCase(
            "merge keys compare numbers by value",
            #"{"spec": {"ports": [{"port": 80, "name": "http"}]}}"#,
            #"{"spec": {"ports": [{"port": 80.0, "name": "web"}]}}"#,
            #"{"spec": {"ports": [{"port": 80, "name": "web"}]}}"#),
        PatchCase(
            "$patch: replace in a list replaces the list",
            #"{"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}"#,
            #"{"spec": {"containers": [{"name": "c"}, {"$patch": "replace"}]}}"#,
            #"{"spec": {"containers": [{"name": "c"}]}}"#),
        PatchCase(
            "$patch: replace on a map replaces the map",
            #"{"metadata": {"labels": {"a": "1", "b": "2"}}}"#,
            #"{"metadata": {"labels": {"$patch": "replace", "c": "3"}}}"#,
            #"{"metadata": {"labels": {"c": "3"}}}"#),
        PatchCase(
            "$patch: delete on a map leaves it empty, as in Kubernetes",
            #"{"spec": {"nodeSelector": {"disk": "ssd"}, "x": 1}}"#,
            #"{"spec": {"nodeSelector": {"$patch": "delete"}}}"#,
            #"{"spec": {"nodeSelector": {}, "x": 1}}"#),
        PatchCase(
            "$patch: merge is the default",
            #"{"metadata": {"labels": {"a": "1"}}}"#, #"{"metadata": {"labels": {"$patch": "merge", "b": "2"}}}"#,
            #"{"metadata": {"labels": {"a": "1", "b": "2"}}}"#),
        PatchCase(
            "a list the document lacks is built from the patch, directives carried out",
            #"{"spec": {}}"#,
            #"{"spec": {"containers": [{"name": "gone", "$patch": "delete"}, {"name": "a", "env": [{"name": "X"}],"#
                + #" "resources": {"limits": null}}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "env": [{"name": "X"}], "resources": {}}]}}"#),
        PatchCase(
            "an empty merging list changes nothing",
            #"{"spec": {"containers": [{"name": "a"}]}}"#, #"{"spec": {"containers": []}}"#,
            #"{"spec": {"containers": [{"name": "a"}]}}"#),
        PatchCase(
            "a scalar replaces an object and the reverse",
            #"{"a": {"b": 1}, "c": "text"}"#, #"{"a": "now", "c": {"d": 2, "e": null}}"#,
            #"{"a": "now", "c": {"d": 2}}"#),
        PatchCase(
            "other $ members are fields",
            #"{"spec": {"schema": {}}}"#, ##"{"spec": {"schema": {"$ref": "#/x"}}}"##,
            ##"{"spec": {"schema": {"$ref": "#/x"}}}"##),
        PatchCase(
            "deployment template containers merge too",
            #"{"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b"}]}}}}"#,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "2"}]}}}}"#,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "2"}, {"name": "b"}]}}}}"#),
    ]

    @Test("strategic merges", arguments: cases)
    func merge(_ example: PatchCase) throws {
        try example.check { try StrategicMergePatch.apply($0, to: $1) }
    }

    @Test func wholePod() throws {
        let patch = #"""
            {"metadata": {"labels": {"tier": null}, "$deleteFromPrimitiveList/finalizers": ["a"]},
             "spec": {"containers": [{"name": "app", "image": "app:2", "env": [{"name": "X", "value": "9"}]},
                                     {"name": "log", "$patch": "delete"}],
                      "tolerations": []}}
            """#
        let expected = #"""
            {"metadata": {"name": "p", "labels": {"app": "web"}, "finalizers": ["b"]},
             "spec": {"containers": [
                {"name": "app", "image": "app:2", "args": ["--x", "--y"],
                 "env": [{"name": "X", "value": "9"}, {"name": "Y", "value": "2"}],
                 "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
              "tolerations": []}}
            """#
        try PatchCase("whole pod", Self.pod, patch, expected).check { try StrategicMergePatch.apply($0, to: $1) }
    }

    static let failures: [FailingPatchCase] = [
        FailingPatchCase("patch is a list", #"{}"#, #"[{"a": 1}]"#, .malformedPatch),
        FailingPatchCase("patch is null", #"{}"#, #"null"#, .malformedPatch),
        FailingPatchCase(
            "unknown $patch on a map", #"{"a": {}}"#, #"{"a": {"$patch": "frobnicate"}}"#, .unsupportedDirective),
        FailingPatchCase(
            "unknown $patch in a list", #"{"spec": {"containers": []}}"#,
            #"{"spec": {"containers": [{"name": "a", "$patch": "upsert"}]}}"#, .unsupportedDirective),
        FailingPatchCase(
            "directive prefix without a list", #"{}"#, #"{"$setElementOrder": []}"#, .unsupportedDirective),
        FailingPatchCase(
            "element without its merge key", #"{"spec": {"containers": [{"name": "a"}]}}"#,
            #"{"spec": {"containers": [{"image": "x"}]}}"#, .malformedPatch),
        FailingPatchCase(
            "$patch: delete without the merge key", #"{"spec": {"containers": [{"name": "a"}]}}"#,
            #"{"spec": {"containers": [{"$patch": "delete"}]}}"#, .malformedPatch),
        FailingPatchCase(
            "$retainKeys not naming a member the patch sets", #"{"s": {"a": 1}}"#,
            #"{"s": {"$retainKeys": ["a"], "b": 2}}"#, .malformedPatch),
        FailingPatchCase(
            "$setElementOrder contradicting the patch list",
            #"{"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}"#,
            #"{"spec": {"$setElementOrder/containers": [{"name": "a"}, {"name": "b"}],"#
                + #" "containers": [{"name": "b"}, {"name": "a"}]}}"#, .malformedPatch),
        FailingPatchCase(
            "$setElementOrder that is not a list", #"{}"#, #"{"$setElementOrder/containers": {}}"#, .malformedPatch),
        FailingPatchCase(
            "objects mixed with strings in a merging list", #"{"spec": {"containers": ["a"]}}"#,
            #"{"spec": {"containers": [{"name": "b"}]}}"#, .invalidTarget),
        FailingPatchCase(
            "objects in a set", #"{"metadata": {"finalizers": ["a"]}}"#,
            #"{"metadata": {"finalizers": [{"name": "b"}]}}"#, .invalidTarget),
    ]

    @Test("failures carry their code", arguments: failures)
    func failure(_ example: FailingPatchCase) throws {
        try example.check { (patch, document) throws(PatchError) in
            try StrategicMergePatch.apply(patch, to: document)
        }
    }

    @Test func customStrategy() throws {
        let keys = MergeKeys([MergeKeys.Rule(["items"], .mergeByKey("id"))])
        let result = try StrategicMergePatch.apply(
            try json(#"{"items": [{"id": 2, "v": "new"}], "spec": {"containers": [{"name": "b"}]}}"#),
            to: try json(#"{"items": [{"id": 1}, {"id": 2, "v": "old"}], "spec": {"containers": [{"name": "a"}]}}"#),
            strategy: { keys.strategy(for: $0) })
        let expected = try json(
            #"{"items": [{"id": 1}, {"id": 2, "v": "new"}], "spec": {"containers": [{"name": "b"}]}}"#)
        #expect(result.serializedString() == expected.serializedString())
    }

    static let builtInPaths: [(path: [String], strategy: StrategicMergePatch.ListStrategy)] = [
        (["spec", "containers"], .mergeByKey("name")),
        (["spec", "template", "spec", "initContainers"], .mergeByKey("name")),
        (["spec", "ephemeralContainers"], .mergeByKey("name")),
        (["spec", "containers", "ports"], .mergeByKey("containerPort")),
        (["spec", "template", "spec", "initContainers", "ports"], .mergeByKey("containerPort")),
        (["spec", "ports"], .mergeByKey("port")),
        (["spec", "containers", "env"], .mergeByKey("name")),
        (["spec", "containers", "volumeMounts"], .mergeByKey("mountPath")),
        (["spec", "containers", "volumeDevices"], .mergeByKey("devicePath")),
        (["spec", "volumes"], .mergeByKey("name")),
        (["spec", "imagePullSecrets"], .mergeByKey("name")),
        (["spec", "hostAliases"], .mergeByKey("ip")),
        (["spec", "topologySpreadConstraints"], .mergeByKey("topologyKey")),
        (["spec", "resourceClaims"], .mergeByKey("name")),
        (["status", "conditions"], .mergeByKey("type")),
        (["status", "addresses"], .mergeByKey("type")),
        (["metadata", "ownerReferences"], .mergeByKey("uid")),
        (["metadata", "finalizers"], .mergeSet),
        (["spec", "template", "metadata", "finalizers"], .mergeSet),
        (["spec", "finalizers"], .replace),
        (["spec", "readinessGates"], .replace),
        (["spec", "tolerations"], .replace),
        (["spec", "containers", "args"], .replace),
        (["spec", "containers", "command"], .replace),
        (["subsets", "ports"], .replace),
        (["ports"], .replace),
    ]

    @Test("built-in merge keys", arguments: builtInPaths)
    func builtInStrategy(_ path: [String], _ strategy: StrategicMergePatch.ListStrategy) {
        #expect(StrategicMergePatch.builtInStrategy(path) == strategy, "\(path)")
    }
}
