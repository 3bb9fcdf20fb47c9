import Testing

@testable import SkiffStore

@Suite("Store errors")
struct ErrorTests {
    @Test func futureRevisionNamesTheCurrentRevision() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), [])
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
        try await withScratchStore { store in
            for index in 0..<5 { try await store.put(k("/a"), k("\(index)")) }
            try await store.compact(to: 3)
            do {
                _ = try await store.range(RangeRequest(.all, revision: 2))
                Issue.record("expected compacted")
            } catch let error as StoreError {
                #expect(error.code == .compacted)
                #expect(error.compactRevision == 3)
            }
            #expect(try await store.get(k("/a"), revision: 3)?.value == k("2"))
            #expect(await thrownStoreError { try await store.compact(to: 3) }?.code == .compacted)
            #expect(await thrownStoreError { try await store.compact(to: 9) }?.code == .futureRevision)
        }
    }

    @Test func closedStoreRefusesWork() async throws {
        let directory = ScratchDirectory()
        let store = try Store.open(path: directory.file("s.db"), logger: quietLogger)
        try await store.put(k("/a"), [])
        await store.close()
        #expect(await thrownStoreError { try await store.put(k("/b"), []) }?.code == .closed)
        #expect(await thrownStoreError { _ = try await store.range(RangeRequest(.all)) }?.code == .closed)
        #expect(await thrownStoreError { _ = try await store.watch(.all) }?.code == .closed)
    }
}
