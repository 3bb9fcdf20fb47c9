import Testing

@testable import SkiffStore

@Suite("Store reads and writes")
struct StoreKVTests {
    @Test func putAssignsRevisionsAndMetadata() async throws {
        try await withScratchStore { store in
            #expect(store.currentRevision == 0)
            let first = try await store.put(k("/a"), k("1"))
            #expect(first.revision == 1)
            let second = try await store.put(k("/a"), k("2"), prevKV: true)
            #expect(second.revision == 2)
            #expect(second.prevKV?.value == k("1"))
            #expect(second.prevKV?.version == 1)
            let kv = try #require(try await store.get(k("/a")))
            #expect(kv == KeyValue(key: k("/a"), value: k("2"), createRevision: 1, modRevision: 2, version: 2))
            #expect(store.currentRevision == 2)
        }
    }

    @Test func deleteResetsVersionAndRecreateStartsOver() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("1"))
            try await store.put(k("/a"), k("2"))
            let deleted = try await store.delete(.key("/a"), prevKV: true)
            #expect(deleted.deleted == 1)
            #expect(deleted.revision == 3)
            #expect(deleted.prevKVs.map(\.value) == [k("2")])
            #expect(try await store.get(k("/a")) == nil)
            try await store.put(k("/a"), k("3"))
            let kv = try #require(try await store.get(k("/a")))
            #expect(kv.createRevision == 4)
            #expect(kv.version == 1)
        }
    }

    @Test func deleteOfNothingMakesNoRevision() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("1"))
            let response = try await store.delete(.prefix("/missing/"))
            #expect(response.deleted == 0)
            #expect(response.revision == 1)
            #expect(store.currentRevision == 1)
        }
    }

    @Test func deleteRangeIsOneRevision() async throws {
        try await withScratchStore { store in
            for name in ["a", "b", "c"] { try await store.put(k("/p/\(name)"), k(name)) }
            try await store.put(k("/q"), k("q"))
            let response = try await store.delete(.prefix("/p/"))
            #expect(response.deleted == 3)
            #expect(response.revision == 5)
            let left = try await store.range(RangeRequest(.all))
            #expect(left.kvs.map(\.key) == [k("/q")])
        }
    }

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var request: RangeRequest
        var keys: [String]
        var more: Bool
        var count: Int
        var testDescription: String { name }
    }

    static let rangeCases: [RangeCase] = [
        RangeCase(name: "single key", request: RangeRequest(.key("/r/b")), keys: ["/r/b"], more: false, count: 1),
        RangeCase(name: "missing key", request: RangeRequest(.key("/r/x")), keys: [], more: false, count: 0),
        RangeCase(
            name: "prefix", request: RangeRequest(.prefix("/r/")), keys: ["/r/a", "/r/b", "/r/c", "/r/d"], more: false,
            count: 4),
        RangeCase(
            name: "half-open", request: RangeRequest(KeyRange(start: k("/r/b"), end: k("/r/d"))),
            keys: ["/r/b", "/r/c"], more: false, count: 2),
        RangeCase(
            name: "from key", request: RangeRequest(KeyRange(start: k("/r/c"), end: nil)),
            keys: ["/r/c", "/r/d", "/s"], more: false, count: 3),
        RangeCase(
            name: "limit", request: RangeRequest(.prefix("/r/"), limit: 2), keys: ["/r/a", "/r/b"], more: true,
            count: 4),
        RangeCase(
            name: "count only", request: RangeRequest(.prefix("/r/"), countOnly: true), keys: [], more: false,
            count: 4),
        RangeCase(
            name: "at revision 2", request: RangeRequest(.all, revision: 2), keys: ["/r/a", "/r/b"], more: false,
            count: 2),
        RangeCase(
            name: "at revision 2 with limit", request: RangeRequest(.all, revision: 2, limit: 1), keys: ["/r/a"],
            more: true, count: 2),
    ]

    @Test(arguments: rangeCases)
    func range(_ testCase: RangeCase) async throws {
        try await withScratchStore { store in
            for name in ["/r/a", "/r/b", "/r/c", "/r/d", "/s"] { try await store.put(k(name), k(name)) }
            let response = try await store.range(testCase.request)
            #expect(response.kvs.map { String(decoding: $0.key, as: UTF8.self) } == testCase.keys)
            #expect(response.more == testCase.more)
            #expect(response.count == testCase.count)
            #expect(response.revision == 5)
        }
    }

    @Test func keysOnlyOmitsValues() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("value"))
            let response = try await store.range(RangeRequest(.all, keysOnly: true))
            #expect(response.kvs.first?.value == [])
            #expect(response.kvs.first?.version == 1)
        }
    }

    @Test func pastRevisionSeesOldValuesAndDeletedKeys() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("1"))
            try await store.put(k("/a"), k("2"))
            try await store.delete(.key("/a"))
            #expect(try await store.get(k("/a"), revision: 1)?.value == k("1"))
            #expect(try await store.get(k("/a"), revision: 2)?.value == k("2"))
            #expect(try await store.get(k("/a"), revision: 3) == nil)
        }
    }

    @Test func emptyValueIsStoredAsEmpty() async throws {
        try await withScratchStore { store in
            try await store.put(k("/empty"), [])
            let kv = try #require(try await store.get(k("/empty")))
            #expect(kv.value == [])
        }
    }

    @Test func binaryKeysCompareBytewise() async throws {
        try await withScratchStore { store in
            let keys: [[UInt8]] = [[0x01], [0x01, 0x00], [0x01, 0xFF], [0x02], [0xFF, 0xFF]]
            for key in keys.shuffled() { try await store.put(key, [1]) }
            let all = try await store.range(RangeRequest(.all))
            #expect(all.kvs.map(\.key) == keys)
            let prefixed = try await store.range(RangeRequest(.prefix([0x01])))
            #expect(prefixed.kvs.count == 3)
            let top = try await store.range(RangeRequest(.prefix([0xFF])))
            #expect(top.kvs.map(\.key) == [[0xFF, 0xFF]])
        }
    }
}
