import SkiffAPI
import SkiffClient
import Testing

@Suite("Indexer")
struct IndexerTests {
    static func entry(_ json: String) -> (item: CachedItem, object: JSONValue) {
        let object = try! JSONParser.parse(json)
        return (CachedItem(object: object)!, object)
    }

    static let a = entry(
        #"{"metadata":{"name":"a","namespace":"n1","uid":"ua","labels":{"app":"web"},"ownerReferences":[{"uid":"rs1","controller":true},{"uid":"x"}]},"spec":{"nodeName":"node-1"}}"#
    )
    static let b = entry(
        #"{"metadata":{"name":"b","namespace":"n2","uid":"ub","labels":{"app":"db"}},"spec":{"nodeName":"node-1"}}"#)
    static let c = entry(#"{"metadata":{"name":"c","namespace":"n1","uid":"uc","ownerReferences":[{"uid":"rs1"}]}}"#)

    struct Lookup: Sendable, CustomStringConvertible {
        var index: String
        var value: String
        var names: [String]
        var description: String { "\(index)=\(value)" }
    }

    static let lookups: [Lookup] = [
        Lookup(index: Indexer.namespaceIndex, value: "n1", names: ["a", "c"]),
        Lookup(index: Indexer.namespaceIndex, value: "n3", names: []),
        Lookup(index: Indexer.ownerIndex, value: "rs1", names: ["a", "c"]),
        Lookup(index: Indexer.controllerIndex, value: "rs1", names: ["a"]),
        Lookup(index: "spec.nodeName", value: "node-1", names: ["a", "b"]),
        Lookup(index: "label:app", value: "web", names: ["a"]),
    ]

    @Test("lookups by index", arguments: lookups)
    func lookup(_ lookup: Lookup) throws {
        let indexer = Indexer(indexes: ["spec.nodeName": Indexer.fieldIndex("spec.nodeName")])
        _ = indexer.replace([Self.a, Self.b, Self.c])
        #expect(try indexer.byIndex(lookup.index, lookup.value).map(\.key.name) == lookup.names)
    }

    @Test("updates move objects between index values; removals leave no trace")
    func refiles() throws {
        let indexer = Indexer(indexes: ["spec.nodeName": Indexer.fieldIndex("spec.nodeName")])
        _ = indexer.replace([Self.a, Self.b])
        let moved = Self.entry(#"{"metadata":{"name":"a","namespace":"n1","uid":"ua"},"spec":{"nodeName":"node-2"}}"#)
        let old = indexer.upsert(moved.item, object: moved.object)
        #expect(old?.labels == ["app": "web"])
        #expect(try indexer.byIndex("spec.nodeName", "node-1").map(\.key.name) == ["b"])
        #expect(try indexer.byIndex("spec.nodeName", "node-2").map(\.key.name) == ["a"])
        #expect(try indexer.byIndex(Indexer.controllerIndex, "rs1").isEmpty)
        indexer.remove(ObjectKey(namespace: "n2", name: "b"))
        #expect(try indexer.byIndex("spec.nodeName", "node-1").isEmpty)
        #expect(indexer.list().map(\.key.name) == ["a"])
    }

    @Test("replace reports removals and changes")
    func replace() {
        let indexer = Indexer()
        _ = indexer.replace([Self.a, Self.b])
        let (removed, changed) = indexer.replace([Self.b, Self.c])
        #expect(removed.map(\.key.name) == ["a"])
        #expect(changed.map { $0.old == nil } == [false, true])
        #expect(indexer.list(namespace: "n1").map(\.key.name) == ["c"])
    }

    @Test("an unknown index is an error")
    func unknownIndex() {
        #expect(throws: ClientError.self) { try Indexer().byIndex("nope", "x") }
    }
}
