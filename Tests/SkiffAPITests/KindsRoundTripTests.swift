import Foundation
import SkiffAPI
import Testing

/// A manifest and the kind it decodes as.
struct KindsManifest: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    /// Decodes the JSON as the kind, optionally defaults it, and encodes it with sorted keys.
    let reencode: @Sendable (_ data: Data, _ applyingDefaults: Bool) throws -> Data

    var testDescription: String { name }

    init<Kind: APIObject & Defaulting>(_ name: String, _ kind: Kind.Type, _ json: String) {
        self.name = name
        self.json = json
        self.reencode = { data, applyingDefaults in
            var object = try JSONDecoder().decode(Kind.self, from: data)
            if applyingDefaults { object.applyDefaults() }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(object)
        }
    }

    static let all: [KindsManifest] = [
        KindsManifest("Deployment", Deployment.self, KindsFixtures.deployment),
        KindsManifest("running Pod", Pod.self, KindsFixtures.runningPod),
        KindsManifest("pending Pod", Pod.self, KindsFixtures.pendingPod),
        KindsManifest("Node", Node.self, KindsFixtures.node),
        KindsManifest("LoadBalancer Service", Service.self, KindsFixtures.service),
        KindsManifest("ExternalName Service", Service.self, KindsFixtures.externalNameService),
        KindsManifest("Lease", Lease.self, KindsFixtures.lease),
        KindsManifest("Event", Event.self, KindsFixtures.event),
        KindsManifest("ConfigMap", ConfigMap.self, KindsFixtures.configMap),
        KindsManifest("Secret", Secret.self, KindsFixtures.secret),
        KindsManifest("Namespace", Namespace.self, KindsFixtures.namespace),
        KindsManifest("ReplicaSet", ReplicaSet.self, KindsFixtures.replicaSet),
        KindsManifest("ServiceAccount", ServiceAccount.self, KindsFixtures.serviceAccount),
        KindsManifest("Binding", Binding.self, KindsFixtures.binding),
        KindsManifest("Scale", Scale.self, KindsFixtures.scale),
    ]
}

/// JSON comparison helpers of the Kinds tests.
enum KindsJSON {
    /// `value` without `null` object members: Kubernetes treats them as absent, and so do the kinds.
    static func removingNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.filter { !$0.value.isNull }.mapValues(removingNulls))
        case .array(let elements):
            return .array(elements.map(removingNulls))
        default:
            return value
        }
    }

    /// The dotted paths where `lhs` and `rhs` differ, for failure messages.
    static func differences(_ lhs: JSONValue, _ rhs: JSONValue, path: String = "") -> [String] {
        switch (lhs, rhs) {
        case (.object(let left), .object(let right)):
            return Set(left.keys).union(right.keys).sorted().flatMap { key -> [String] in
                let child = path.isEmpty ? key : "\(path).\(key)"
                switch (left[key], right[key]) {
                case (let l?, let r?): return differences(l, r, path: child)
                case (nil, _): return ["\(child): missing on the left"]
                case (_, nil): return ["\(child): missing on the right"]
                }
            }
        case (.array(let left), .array(let right)) where left.count == right.count:
            return zip(left, right).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]") }
        default:
            return lhs == rhs ? [] : ["\(path): \(lhs) != \(rhs)"]
        }
    }
}

@Suite struct KindsRoundTripTests {
    @Test(arguments: KindsManifest.all)
    func decodingAndEncodingGivesTheSameJSON(manifest: KindsManifest) throws {
        let input = KindsJSON.removingNulls(try JSONParser.parse(manifest.json))
        let output = try JSONParser.parse(try manifest.reencode(Data(manifest.json.utf8), false))
        #expect(KindsJSON.differences(input, output) == [])
        #expect(input == output)
    }

    /// The fixtures are as kube-apiserver stores them, so its defaults are already applied.
    @Test(arguments: KindsManifest.all)
    func defaultsAreAlreadyAppliedToStoredObjects(manifest: KindsManifest) throws {
        let input = KindsJSON.removingNulls(try JSONParser.parse(manifest.json))
        let output = try JSONParser.parse(try manifest.reencode(Data(manifest.json.utf8), true))
        #expect(KindsJSON.differences(input, output) == [])
    }

    /// A field a kind does not model is dropped, so the round trip check can fail.
    @Test func anUnknownFieldIsDropped() throws {
        let manifest = KindsManifest(
            "Lease", Lease.self,
            #"{"kind": "Lease", "metadata": {"name": "a"}, "spec": {"holderIdentity": "x", "unknownField": 1}}"#)
        let output = try JSONParser.parse(try manifest.reencode(Data(manifest.json.utf8), false))
        let input = try JSONParser.parse(manifest.json)
        #expect(KindsJSON.differences(input, output) == ["spec.unknownField: missing on the right"])
    }

    @Test func absentMetadataDecodesAsEmptyAndIsWrittenAsAnEmptyObject() throws {
        let pod = try JSONDecoder().decode(Pod.self, from: Data(#"{"spec": {"containers": []}}"#.utf8))
        #expect(pod.metadata == ObjectMeta())
        #expect(pod.apiVersion == nil && pod.kind == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try JSONParser.parse(try encoder.encode(pod)) == ["metadata": [:], "spec": ["containers": []]])
    }

    @Test func builtObjectsCarryTheirTypeMeta() {
        #expect(Deployment().apiVersion == "apps/v1" && Deployment().kind == "Deployment")
        #expect(Lease().apiVersion == "coordination.k8s.io/v1")
        #expect(Scale().apiVersion == "autoscaling/v1" && Scale().kind == "Scale")
        #expect(Pod().apiVersion == "v1" && Pod.kind == "Pod")
    }

    @Test(arguments: [
        "2025-03-02T08:31:07.123456Z", "2025-03-02T08:31:07.000001Z", "2025-03-02T08:31:07.999999Z",
        "2038-01-19T03:14:07.654321Z", "1999-12-31T23:59:59.100000Z",
    ])
    func microTimesKeepTheirMicroseconds(text: String) throws {
        let json = #"{"spec": {"renewTime": "\#(text)"}}"#
        let lease = try JSONDecoder().decode(Lease.self, from: Data(json.utf8))
        #expect(lease.spec?.renewTime?.description == text)
    }

    @Test(arguments: [Int64(1_740_904_267), 4_102_444_800, 0])
    func everyMicrosecondSurvives(seconds: Int64) throws {
        for micros in stride(from: 0, to: 1_000_000, by: 997) {
            let text = RFC3339.format(Date(timeIntervalSince1970: Double(seconds)), fractionDigits: 0)
            let written = text.dropLast() + "." + String(1_000_000 + micros).dropFirst() + "Z"
            #expect(MicroTime(rfc3339: String(written))?.description == String(written))
        }
    }

    @Test func daemonEndpointUsesTheCapitalizedPortKey() throws {
        let encoded = try JSONEncoder().encode(NodeDaemonEndpoints(kubeletEndpoint: DaemonEndpoint(port: 10250)))
        #expect(try JSONParser.parse(encoded) == ["kubeletEndpoint": ["Port": 10250]])
    }
}
