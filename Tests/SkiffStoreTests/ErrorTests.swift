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

@Suite("Guarded writes")
struct GuardedWriteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Runs against a store where "/k" exists at mod revision 1 and "/none" does not.
        var run: @Sendable (Store) async throws -> Void
        var code: StoreError.Code?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "create a new key", run: { try await $0.create(k("/none"), k("v")) }, code: nil),
        Case(name: "create an existing key", run: { try await $0.create(k("/k"), k("v")) }, code: .conflict),
        Case(
            name: "update at the right revision", run: { try await $0.update(k("/k"), k("v"), ifModRevision: 1) },
            code: nil),
        Case(
            name: "update at a stale revision", run: { try await $0.update(k("/k"), k("v"), ifModRevision: 7) },
            code: .conflict),
        Case(
            name: "update a missing key", run: { try await $0.update(k("/none"), k("v"), ifModRevision: 1) },
            code: .notFound),
        Case(
            name: "update without a revision", run: { try await $0.update(k("/k"), k("v"), ifModRevision: 0) },
            code: .invalidArgument),
        Case(name: "delete at the right revision", run: { try await $0.delete(k("/k"), ifModRevision: 1) }, code: nil),
        Case(
            name: "delete at a stale revision", run: { try await $0.delete(k("/k"), ifModRevision: 2) }, code: .conflict
        ),
        Case(name: "delete a missing key", run: { try await $0.delete(k("/none"), ifModRevision: 1) }, code: .notFound),
    ]

    @Test(arguments: cases)
    func guardedWrite(_ testCase: Case) async throws {
        try await withScratchStore { store in
            try await store.put(k("/k"), k("original"))
            let error = await thrownStoreError { try await testCase.run(store) }
            #expect(error?.code == testCase.code)
            if testCase.code == .conflict {
                #expect(error?.currentKV?.value == k("original"))
                #expect(error?.currentKV?.modRevision == 1)
            }
            // A refused write changes nothing.
            if testCase.code != nil { #expect(store.currentRevision == 1) }
        }
    }
}
