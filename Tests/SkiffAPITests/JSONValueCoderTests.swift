import Foundation
import SkiffAPI
import Testing

/// A fixture manifest with the checks that need its kind's type: ``JSONValueDecoder`` and
/// ``JSONValueEncoder`` must give what Foundation's coders give.
struct CoderManifest: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    /// Decodes the JSON with both decoders; whether the typed values are equal.
    let decodersAgree: @Sendable (_ json: String) throws -> Bool
    /// Decodes the JSON with Foundation, optionally defaults it, and encodes it with both encoders:
    /// the tree of ours and the parsed sorted-key output of Foundation's.
    let encodings:
        @Sendable (_ json: String, _ applyingDefaults: Bool) throws -> (ours: JSONValue, foundation: JSONValue)

    var testDescription: String { name }

    init<Kind: APIObject & Defaulting & Equatable>(_ name: String, _ kind: Kind.Type, _ json: String) {
        self.name = name
        self.json = json
        self.decodersAgree = { json in
            let ours = try JSONValueDecoder().decode(Kind.self, from: try JSONParser.parse(json))
            let theirs = try JSONDecoder().decode(Kind.self, from: Data(json.utf8))
            return ours == theirs
        }
        self.encodings = { json, applyingDefaults in
            var object = try JSONDecoder().decode(Kind.self, from: Data(json.utf8))
            if applyingDefaults { object.applyDefaults() }
            return (try JSONValueEncoder().encode(object), try CoderComparison.foundationTree(object))
        }
    }

    static let all: [CoderManifest] = [
        CoderManifest("Deployment", Deployment.self, KindsFixtures.deployment),
        CoderManifest("running Pod", Pod.self, KindsFixtures.runningPod),
        CoderManifest("pending Pod", Pod.self, KindsFixtures.pendingPod),
        CoderManifest("Node", Node.self, KindsFixtures.node),
        CoderManifest("LoadBalancer Service", Service.self, KindsFixtures.service),
        CoderManifest("ExternalName Service", Service.self, KindsFixtures.externalNameService),
        CoderManifest("Lease", Lease.self, KindsFixtures.lease),
        CoderManifest("Event", Event.self, KindsFixtures.event),
        CoderManifest("ConfigMap", ConfigMap.self, KindsFixtures.configMap),
        CoderManifest("Secret", Secret.self, KindsFixtures.secret),
        CoderManifest("Namespace", Namespace.self, KindsFixtures.namespace),
        CoderManifest("ReplicaSet", ReplicaSet.self, KindsFixtures.replicaSet),
        CoderManifest("ServiceAccount", ServiceAccount.self, KindsFixtures.serviceAccount),
        CoderManifest("Binding", Binding.self, KindsFixtures.binding),
        CoderManifest("Scale", Scale.self, KindsFixtures.scale),
    ]
}

/// Helpers comparing our coders with Foundation's.
enum CoderComparison {
    /// Foundation's sorted-key JSON of `value`, parsed.
    static func foundationTree<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONParser.parse(try encoder.encode(value))
    }

    /// A decoding error as comparable text: its case, the type or key, and the path
    /// (`spec.containers[1].name`).
    static func summary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a DecodingError: \(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context): return "typeMismatch \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context): return "valueNotFound \(type) at \(path(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "keyNotFound \(key.stringValue) at \(path(context.codingPath))"
        case .dataCorrupted(let context): return "dataCorrupted at \(path(context.codingPath))"
        @unknown default: return "\(error)"
        }
    }

    /// What decoding `json` as `T` gives with ours and Foundation's decoder: the value or the error.
    static func outcomes<T: Decodable & Equatable>(
        _ type: T.Type, _ json: String
    ) throws -> (ours: Result<T, CoderFailure>, foundation: Result<T, CoderFailure>) {
        let tree = try JSONParser.parse(json)
        func run(_ body: () throws -> T) -> Result<T, CoderFailure> {
            do { return .success(try body()) } catch { return .failure(CoderFailure(summary(error))) }
        }
        return (
            run { try JSONValueDecoder().decode(T.self, from: tree) },
            run { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
        )
    }
}

/// A decoding failure as ``CoderComparison/summary(_:)`` writes it.
struct CoderFailure: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// Every scalar type the coders special-case, and the containers around them.
private struct Scalars: Codable, Hashable {
    var int: Int
    var int8: Int8?
    var int16: Int16?
    var int32: Int32?
    var int64: Int64?
    var uint: UInt?
    var uint8: UInt8?
    var uint16: UInt16?
    var uint32: UInt32?
    var uint64: UInt64?
    var double: Double?
    var float: Float?
    var bool: Bool?
    var string: String?
    var strings: [String]?
    var lists: [String: [Int]]?
    var matrix: [[Int?]]?
    var json: JSONValue?
    var intKeys: [Int: String]?
    var data: Data?
    var date: Date?
    var quantity: Quantity?
    var intOrString: IntOrString?
    var time: Time?
}

/// A type written with nested containers and super coders instead of synthesized code.
private struct Handwritten: Codable, Hashable {
    var name: String
    var counts: [Int]
    var inner: String
    var parent: String
    var pairs: [[String: Int]]

    init(name: String, counts: [Int], inner: String, parent: String, pairs: [[String: Int]]) {
        self.name = name
        self.counts = counts
        self.inner = inner
        self.parent = parent
        self.pairs = pairs
    }

    private enum Keys: String, CodingKey {
        case name, counts, outer, inner, pairs, key, value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        var countList = try container.nestedUnkeyedContainer(forKey: .counts)
        counts = []
        while !countList.isAtEnd { counts.append(try countList.decode(Int.self)) }
        inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .outer).decode(String.self, forKey: .inner)
        parent = try container.superDecoder().singleValueContainer().decode(String.self)
        var pairList = try container.nestedUnkeyedContainer(forKey: .pairs)
        pairs = []
        while !pairList.isAtEnd {
            let pair = try pairList.nestedContainer(keyedBy: Keys.self)
            pairs.append([try pair.decode(String.self, forKey: .key): try pair.decode(Int.self, forKey: .value)])
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        var countList = container.nestedUnkeyedContainer(forKey: .counts)
        for count in counts { try countList.encode(count) }
        var outer = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
        try outer.encode(inner, forKey: .inner)
        var parentContainer = container.superEncoder().singleValueContainer()
        try parentContainer.encode(parent)
        var pairList = container.nestedUnkeyedContainer(forKey: .pairs)
        for pair in pairs {
            for (key, value) in pair {
                var entry = pairList.nestedContainer(keyedBy: Keys.self)
                try entry.encode(key, forKey: .key)
                try entry.encode(value, forKey: .value)
            }
        }
    }
}

@Suite struct JSONValueCoderTests {
    @Test func everyKindsFixtureIsCovered() {
        #expect(CoderManifest.all.map(\.name) == KindsManifest.all.map(\.name))
    }

    @Test(arguments: CoderManifest.all)
    func decodingGivesWhatFoundationGives(manifest: CoderManifest) throws {
        #expect(try manifest.decodersAgree(manifest.json))
    }

    @Test(arguments: CoderManifest.all, [false, true])
    func encodingGivesWhatFoundationGives(manifest: CoderManifest, applyingDefaults: Bool) throws {
        let (ours, foundation) = try manifest.encodings(manifest.json, applyingDefaults)
        #expect(KindsJSON.differences(ours, foundation) == [])
        #expect(ours == foundation)
    }

    @Test(arguments: [
        #"{"int": 1}"#,
        #"{"int": -9223372036854775808, "int64": 9223372036854775807, "uint64": 9223372036854775807}"#,
        #"{"int": 3.0, "int8": -128, "int16": 32767, "int32": 1e2, "uint": 0, "uint8": 255.0, "uint16": 65535}"#,
        #"{"int": 1, "uint32": 4294967295, "double": 1, "float": 0.1, "bool": false, "string": "é\n\"<"}"#,
        #"{"int": 1, "double": -0.0, "float": 1e10}"#,
        #"{"int": 1, "double": 1.5e300, "float": -2.5}"#,
        #"{"int": 1, "double": 9007199254740992, "float": 16777216}"#,
        #"{"int": 1, "double": 1e16}"#,
        #"{"int": 1, "double": 1e-7}"#,
        #"{"int": 1, "strings": [], "lists": {"a": [1, 2], "b": []}, "matrix": [[1, null], []]}"#,
        #"{"int": 1, "strings": ["a", "b"], "lists": {}, "matrix": [[null]]}"#,
        #"{"int": 1, "json": {"a": [1, 2.5, "x", true, null, {}]}, "intKeys": {"1": "a", "20": "b"}}"#,
        #"{"int": 1, "data": "AQID", "date": 5.5}"#,
        #"{"int": 1, "quantity": "100m", "intOrString": 8080, "time": "2025-03-01T10:00:00Z"}"#,
        #"{"int": 1, "quantity": 2, "intOrString": "25%"}"#,
        #"{"int": 1, "quantity": 2.5, "intOrString": "http"}"#,
        #"{"int": 1, "int8": null, "string": null, "strings": null, "json": null, "unknown": [1]}"#,
    ])
    func scalarsDecodeAndEncodeAsWithFoundation(json: String) throws {
        let (ours, foundation) = try CoderComparison.outcomes(Scalars.self, json)
        let value = try foundation.get()
        #expect(try ours.get() == value)
        #expect(try JSONValueEncoder().encode(value) == CoderComparison.foundationTree(value))
    }

    @Test func floatingPointEdgeCasesEncodeAsWithFoundation() throws {
        let doubles: [Double] = [
            3, -0.0, 0.1, 1e15, 1e16, 9_007_199_254_740_992, 9_007_199_254_740_994, -9_007_199_254_740_992, 1e-7,
            123_456.75, 1.5e300, -1e300, .leastNonzeroMagnitude,
        ]
        #expect(try JSONValueEncoder().encode(doubles) == CoderComparison.foundationTree(doubles))
        let floats: [Float] = [3, -0.0, 0.1, 1.1, 16_777_216, 16_777_218, 1e10, 1e-7, 3.4e38]
        #expect(try JSONValueEncoder().encode(floats) == CoderComparison.foundationTree(floats))
        let unsigned: [UInt64] = [0, 9_223_372_036_854_775_807, 9_223_372_036_854_775_808, .max]
        #expect(try JSONValueEncoder().encode(unsigned) == CoderComparison.foundationTree(unsigned))
        let decimals: [Decimal] = [Decimal(string: "1.25")!, 7, Decimal(string: "-0.001")!]
        #expect(try JSONValueEncoder().encode(decimals) == CoderComparison.foundationTree(decimals))
        let urls = [URL(string: "https://example.com/a?b=c")!]
        #expect(try JSONValueEncoder().encode(urls) == CoderComparison.foundationTree(urls))
        #expect(try JSONValueDecoder().decode([URL].self, from: JSONValueEncoder().encode(urls)) == urls)
        #expect(try JSONValueDecoder().decode([Decimal].self, from: JSONValueEncoder().encode(decimals)) == decimals)
    }

    @Test func nonFiniteNumbersAreRefusedAtTheirPath() {
        #expect {
            try JSONValueEncoder().encode(["a": [1, Double.infinity]])
        } throws: { error in
            guard case .invalidValue(_, let context) = error as? EncodingError else { return false }
            return context.codingPath.map(\.stringValue) == ["a", "Index 1"] && context.codingPath[1].intValue == 1
        }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Float.nan) }
    }

    @Test func valuesThatEncodeNothingAreEmptyObjectsExceptAtTheTop() throws {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(try JSONValueEncoder().encode(["a": Nothing()]) == ["a": [:]])
        #expect(try JSONValueEncoder().encode([Nothing()]) == [[:]])
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Nothing()) }
    }

    @Test func nestedContainersAndSuperCodersWorkAsWithFoundation() throws {
        let value = Handwritten(name: "n", counts: [1, 2], inner: "i", parent: "p", pairs: [["a": 1], ["b": 2]])
        let tree = try JSONValueEncoder().encode(value)
        #expect(tree == (try CoderComparison.foundationTree(value)))
        #expect(tree["super"] == "p" && tree["outer"] == ["inner": "i"])
        #expect(try JSONValueDecoder().decode(Handwritten.self, from: tree) == value)
        let (ours, foundation) = try CoderComparison.outcomes(Handwritten.self, tree.serializedString())
        #expect(try ours.get() == foundation.get())
    }

    @Test func aJSONValueIsItsOwnEncodingAndDecoding() throws {
        let value: JSONValue = ["a": [1, 2.5, 3.0, "x", nil, ["b": false]], "c": 1e300]
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: value) == value)
        #expect(try JSONValueEncoder().encode(value) == value)
        #expect(try JSONValueDecoder().decode([String: JSONValue].self, from: value) == value.objectValue)
    }

    @Test func codingPathIsVisibleToTheDecodedTypes() throws {
        struct Probe: Decodable {
            let path: [String]
            init(from decoder: any Decoder) throws { path = decoder.codingPath.map(\.stringValue) }
        }
        let probes = try JSONValueDecoder().decode([String: [Probe]].self, from: ["a": [1, 2]])
        #expect(probes["a"]?.map(\.path) == [["a", "Index 0"], ["a", "Index 1"]])
    }

    /// A decoding failure: what both decoders must report (or, for numbers that do not fit, what
    /// ours reports: Foundation's path is empty there).
    struct Failure: Sendable, CustomTestStringConvertible {
        let json: String
        let expected: String
        let foundationAgrees: Bool
        let decode:
            @Sendable (String) throws -> (ours: Result<Bool, CoderFailure>, foundation: Result<Bool, CoderFailure>)
        var testDescription: String { json }

        init<T: Decodable & Equatable & Sendable>(
            _ type: T.Type, _ json: String, _ expected: String, foundationAgrees: Bool = true
        ) {
            self.json = json
            self.expected = expected
            self.foundationAgrees = foundationAgrees
            self.decode = { json in
                let (ours, foundation) = try CoderComparison.outcomes(T.self, json)
                return (ours.map { _ in true }, foundation.map { _ in true })
            }
        }
    }

    static let failures: [Failure] = [
        Failure(Deployment.self, #"{"spec": {"replicas": "3"}}"#, "typeMismatch Int at .spec.replicas"),
        Failure(
            Deployment.self, #"{"spec": {"template": {"spec": {"containers": [{"name": "a"}, {"name": 5}]}}}}"#,
            "typeMismatch String at .spec.template.spec.containers[1].name"),
        Failure(
            Pod.self, #"{"spec": {"containers": [{"name": "a", "args": ["x", null]}]}}"#,
            "valueNotFound String at .spec.containers[0].args[1]"),
        Failure(
            Pod.self, #"{"spec": {"containers": {"name": "a"}}}"#,
            "typeMismatch Array<Any> at .spec.containers"),
        Failure(Pod.self, #"{"metadata": []}"#, "typeMismatch Dictionary<String, Any> at .metadata"),
        Failure(Pod.self, #"{"metadata": {"labels": {"a": 1}}}"#, "typeMismatch String at .metadata.labels.a"),
        Failure(Pod.self, #"{"spec": {"hostNetwork": "true"}}"#, "typeMismatch Bool at .spec.hostNetwork"),
        Failure(Pod.self, #"{"spec": {"hostNetwork": 1}}"#, "typeMismatch Bool at .spec.hostNetwork"),
        Failure(Pod.self, #"[]"#, "typeMismatch Dictionary<String, Any> at "),
        Failure(Pod.self, #"null"#, "valueNotFound Dictionary<String, Any> at "),
        Failure(Scalars.self, #"{}"#, "keyNotFound int at "),
        Failure(Scalars.self, #"{"int": null}"#, "valueNotFound Int at .int"),
        Failure(Scalars.self, #"{"int": 1, "double": "1"}"#, "typeMismatch Double at .double"),
        Failure(Scalars.self, #"{"int": 1, "matrix": [[1], [2, "x"]]}"#, "typeMismatch Int at .matrix[1][1]"),
        Failure(Scalars.self, #"{"int": 1, "lists": {"a": [true]}}"#, "typeMismatch Int at .lists.a[0]"),
        Failure(Handwritten.self, #"{"name": "n", "counts": []}"#, "keyNotFound outer at "),
        Failure(
            Handwritten.self, #"{"name": "n", "counts": [], "outer": {"inner": "i"}, "super": "p", "pairs": [1]}"#,
            "typeMismatch Dictionary<String, Any> at .pairs[0]"),
        // Numbers that do not fit: Foundation reports them at the top with an empty path.
        Failure(
            Deployment.self, #"{"spec": {"replicas": 99999999999999999999}}"#, "dataCorrupted at .spec.replicas",
            foundationAgrees: false),
        Failure(
            Deployment.self, #"{"spec": {"replicas": 2.5}}"#, "dataCorrupted at .spec.replicas",
            foundationAgrees: false),
        Failure(Scalars.self, #"{"int": 1, "int8": 128}"#, "dataCorrupted at .int8", foundationAgrees: false),
        Failure(Scalars.self, #"{"int": 1, "uint": -1}"#, "dataCorrupted at .uint", foundationAgrees: false),
        Failure(
            Scalars.self, #"{"int": 1, "int32": 2147483648}"#, "dataCorrupted at .int32", foundationAgrees: false),
        Failure(Scalars.self, #"{"int": 1, "float": 1e300}"#, "dataCorrupted at .float", foundationAgrees: false),
    ]

    @Test(arguments: failures)
    func decodingErrorsHaveFoundationsCaseAndPath(failure: Failure) throws {
        let (ours, foundation) = try failure.decode(failure.json)
        #expect(ours == .failure(CoderFailure(failure.expected)))
        if failure.foundationAgrees {
            #expect(foundation == .failure(CoderFailure(failure.expected)))
        } else {
            #expect(foundation == .failure(CoderFailure("dataCorrupted at ")))
        }
    }

    @Test func errorMessagesReadAsBefore() throws {
        func message<T: Decodable>(_ type: T.Type, _ json: String) throws -> String? {
            let tree = try JSONParser.parse(json)
            do {
                let _: T = try KindStrategy.decodeTyped(tree)
                return nil
            } catch {
                return error.message
            }
        }
        let messages = try [
            message(Deployment.self, #"{"spec": {"replicas": "3"}}"#),
            message(Deployment.self, #"{"spec": {"replicas": true}}"#),
            message(Deployment.self, #"{"spec": {"paused": 1}}"#),
            message(Pod.self, #"{"spec": {"containers": {}}}"#),
            message(Pod.self, #"{"spec": {"containers": [[]]}}"#),
            message(Pod.self, #"{"spec": {"containers": [{"args": [null]}]}}"#),
            message(Deployment.self, #"{"spec": {"replicas": 2.5}}"#),
            message(Scalars.self, #"{"int8": 1}"#),
        ]
        #expect(
            messages == [
                "spec.replicas: expected integer, got string",
                "spec.replicas: expected integer, got boolean",
                "spec.paused: expected boolean, got number",
                "spec.containers: expected array, got object",
                "spec.containers[0]: expected object, got array",
                "spec.containers[0].args[0]: expected string, got null",
                "spec.replicas: Parsed JSON number <2.5> does not fit in Int.",
                "int: required field is missing",
            ])
    }
}
