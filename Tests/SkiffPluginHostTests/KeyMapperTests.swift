import SkiffAPI
import SkiffClient
import SkiffPluginABI
import Testing

@testable import SkiffPluginHost

@Suite("Key mapping and reconcile outcomes (pure decisions)")
struct KeyMapperTests {
    static func item(_ json: String) -> CachedItem {
        CachedItem(object: try! JSONParser.parse(json))!
    }

    static let pod = item(
        #"{"metadata":{"name":"web-1","namespace":"shop","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"u1","controller":true},{"apiVersion":"v1","kind":"ConfigMap","name":"other","uid":"u2"}]}}"#
    )
    static let orphan = item(#"{"metadata":{"name":"lonely","namespace":"shop"}}"#)
    static let node = item(#"{"metadata":{"name":"n1"}}"#)

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var mapper: KeyMapper
        var event: InformerEvent
        var keys: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "self", mapper: KeyMapper(mapping: .this), event: .added(pod), keys: ["shop/web-1"]),
        Case(name: "self, cluster-scoped", mapper: KeyMapper(mapping: .this), event: .added(node), keys: ["n1"]),
        Case(name: "namespace", mapper: KeyMapper(mapping: .namespace), event: .added(pod), keys: ["shop"]),
        Case(
            name: "namespace of a cluster-scoped object", mapper: KeyMapper(mapping: .namespace), event: .added(node),
            keys: []),
        Case(
            name: "controller owner", mapper: KeyMapper(mapping: .owner, ownerGroup: "apps", ownerKind: "ReplicaSet"),
            event: .added(pod), keys: ["shop/web"]),
        Case(
            name: "an owner that is not the controller",
            mapper: KeyMapper(mapping: .owner, ownerGroup: "", ownerKind: "ConfigMap"),
            event: .added(pod), keys: []),
        Case(
            name: "owner of another group",
            mapper: KeyMapper(mapping: .owner, ownerGroup: "extensions", ownerKind: "ReplicaSet"),
            event: .added(pod), keys: []),
        Case(
            name: "orphan", mapper: KeyMapper(mapping: .owner, ownerGroup: "apps", ownerKind: "ReplicaSet"),
            event: .deleted(orphan, finalStateUnknown: false), keys: []),
        Case(
            name: "adopted: the new owner",
            mapper: KeyMapper(mapping: .owner, ownerGroup: "apps", ownerKind: "ReplicaSet"),
            event: .updated(old: orphan, new: pod), keys: ["shop/web"]),
        Case(name: "cache only", mapper: KeyMapper(mapping: .none), event: .added(pod), keys: []),
    ]

    @Test("events become keys", arguments: cases)
    func keys(_ test: Case) {
        #expect(test.mapper.keys(for: test.event) == test.keys)
    }

    static func result(status: Int32, terminal: Int32 = 0, requeue: Int64 = 0, message: String = "")
        -> skiff_reconcile_result
    {
        var result = skiff_reconcile_result()
        result.struct_size = UInt32(MemoryLayout<skiff_reconcile_result>.size)
        result.status = status
        result.terminal = terminal
        result.requeue_after_ns = requeue
        withUnsafeMutableBytes(of: &result.message) { raw in
            let bytes = Array(message.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return result
    }

    @Test("reconcile results decide forget, requeue, retry or give up")
    func outcomes() {
        #expect(ReconcileOutcome(Self.result(status: 0)) == .success)
        #expect(ReconcileOutcome(Self.result(status: 0, requeue: 2_000_000_000)) == .requeue(after: .seconds(2)))
        #expect(ReconcileOutcome(Self.result(status: 9, message: "boom")) == .retry(status: 9, message: "boom"))
        #expect(
            ReconcileOutcome(Self.result(status: 4, terminal: 1, message: "bad spec"))
                == .terminal(status: 4, message: "bad spec"))
        // A requeue delay with an error is ignored: errors back off.
        #expect(ReconcileOutcome(Self.result(status: 9, requeue: 5)) == .retry(status: 9, message: ""))
    }
}
