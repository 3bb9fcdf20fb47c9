import Testing

@testable import SkiffStore

@Suite("Store errors")
struct ErrorTests {
    @Test func futureRevisionNamesTheCurrentRevision() async throws {
        try await withFixtureStore { store, _ in
            try await store.put(bytes("/a"), [])
            do {
                _ = try await store.range(RangeRequest(.all, revision: 5))
                Issue.record("expected futureRevision")
            } catch let error as StoreError {
                #expect(error.code == .futureRevision)
                #expect(error.currentRevision == 1)
            }
        }
    }

    @Test func compactedNamesTheCompactedRevision() async throws {
        try await withFixtureStore { store, _ in
            for index in 0..<5 { try await store.put(bytes("/a"), bytes("\(index)")) }
            try await store.compact(to: 3)
            do {
                _ = try await store.range(RangeRequest(.all, revision: 2))
                Issue.record("expected compacted")
            } catch let error as StoreError {
                #expect(error.code == .compacted)
                #expect(error.compactRevision == 3)
            }
            #expect(try await store.get(bytes("/a"), revision: 3)?.value == bytes("2"))
            #expect(await storeErrorCode { try await store.compact(to: 3) } == .compacted)
            #expect(await storeErrorCode { try await store.compact(to: 9) } == .futureRevision)
        }
    }

    @Test func closedStoreRefusesWork() async throws {
        let directory = TemporaryDirectory()
        let store = try Store.open(path: directory.file("s.db"), logger: quietLogger)
        try await store.put(bytes("/a"), [])
        await store.close()
        #expect(await storeErrorCode { try await store.put(bytes("/b"), []) } == .closed)
        #expect(await storeErrorCode { _ = try await store.range(RangeRequest(.all)) } == .closed)
        #expect(await storeErrorCode { _ = try await store.watch(.all) } == .closed)
    }
}
