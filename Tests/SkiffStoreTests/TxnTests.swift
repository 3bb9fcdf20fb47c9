import Testing

@testable import SkiffStore

@Suite("Transactions")
struct TxnTests {
    struct CompareCase: Sendable, CustomTestStringConvertible {
        var name: String
        var compare: Compare
        var holds: Bool
        var testDescription: String { name }
    }

    // The key "/k" exists at version 2 (created at 1, modified at 2) with value "v2"; "/none" does not.
    static let compareCases: [CompareCase] = [
        CompareCase(name: "version = 2", compare: Compare(key: k("/k"), .equal, .version(2)), holds: true),
        CompareCase(name: "version != 2", compare: Compare(key: k("/k"), .notEqual, .version(2)), holds: false),
        CompareCase(name: "version < 3", compare: Compare(key: k("/k"), .less, .version(3)), holds: true),
        CompareCase(name: "version > 2", compare: Compare(key: k("/k"), .greater, .version(2)), holds: false),
        CompareCase(name: "mod = 2", compare: Compare(key: k("/k"), .equal, .modRevision(2)), holds: true),
        CompareCase(name: "mod = 1", compare: Compare(key: k("/k"), .equal, .modRevision(1)), holds: false),
        CompareCase(name: "create = 1", compare: Compare(key: k("/k"), .equal, .createRevision(1)), holds: true),
        CompareCase(name: "create > 0", compare: Compare(key: k("/k"), .greater, .createRevision(0)), holds: true),
        CompareCase(name: "value = v2", compare: Compare(key: k("/k"), .equal, .value(k("v2"))), holds: true),
        CompareCase(name: "value < v3", compare: Compare(key: k("/k"), .less, .value(k("v3"))), holds: true),
        CompareCase(
            name: "value > v3", compare: Compare(key: k("/k"), .greater, .value(k("v3"))), holds: false),
        CompareCase(name: "value != x", compare: Compare(key: k("/k"), .notEqual, .value(k("x"))), holds: true),
        CompareCase(name: "lease = none", compare: Compare(key: k("/k"), .equal, .lease(.none)), holds: true),
        CompareCase(
            name: "missing mod = 0", compare: Compare(key: k("/none"), .equal, .modRevision(0)), holds: true),
        CompareCase(
            name: "missing version = 0", compare: Compare(key: k("/none"), .equal, .version(0)), holds: true),
        CompareCase(
            name: "missing value is never equal", compare: Compare(key: k("/none"), .equal, .value([])),
            holds: false),
        CompareCase(
            name: "missing value is never unequal", compare: Compare(key: k("/none"), .notEqual, .value([])),
            holds: false),
    ]

    @Test(arguments: compareCases)
    func compare(_ testCase: CompareCase) async throws {
        try await withScratchStore { store in
            try await store.put(k("/k"), k("v1"))
            try await store.put(k("/k"), k("v2"))
            let response = try await store.txn(
                TxnRequest(
                    compares: [testCase.compare], success: [.put(PutRequest(key: k("/yes"), value: []))],
                    failure: [.put(PutRequest(key: k("/no"), value: []))]))
            #expect(response.succeeded == testCase.holds)
            #expect(try await store.get(k(testCase.holds ? "/yes" : "/no")) != nil)
            #expect(response.revision == 3)
        }
    }

    @Test func kubernetesCreateUpdateDeleteShapes() async throws {
        try await withScratchStore { store in
            let key = k("/registry/pods/default/web")
            // Create: If mod(key) == 0 Then Put.
            let create = TxnRequest(
                compares: [Compare(key: key, .equal, .modRevision(0))],
                success: [.put(PutRequest(key: key, value: k("v1")))])
            #expect(try await store.txn(create).succeeded)
            #expect(try await !store.txn(create).succeeded)
            // Update: If mod(key) == R Then Put Else Get.
            func update(from revision: Revision, to value: String) -> TxnRequest {
                TxnRequest(
                    compares: [Compare(key: key, .equal, .modRevision(revision))],
                    success: [.put(PutRequest(key: key, value: k(value)))],
                    failure: [.range(RangeRequest(.key(key)))])
            }
            let updated = try await store.txn(update(from: 1, to: "v2"))
            #expect(updated.succeeded)
            #expect(updated.revision == 2)
            let stale = try await store.txn(update(from: 1, to: "v3"))
            #expect(!stale.succeeded)
            guard case .range(let current) = stale.responses.first else {
                Issue.record("expected a range response")
                return
            }
            #expect(current.kvs.first?.value == k("v2"))
            #expect(current.kvs.first?.modRevision == 2)
            // Delete: If mod(key) == R Then Delete Else Get.
            let delete = try await store.txn(
                TxnRequest(
                    compares: [Compare(key: key, .equal, .modRevision(2))],
                    success: [.delete(DeleteRequest(.key(key), prevKV: true))],
                    failure: [.range(RangeRequest(.key(key)))]))
            #expect(delete.succeeded)
            #expect(delete.revision == 3)
        }
    }

    @Test func writesInOneTxnShareARevisionAndReadsSeeThem() async throws {
        try await withScratchStore { store in
            let response = try await store.txn(
                TxnRequest(success: [
                    .put(PutRequest(key: k("/a"), value: k("1"))),
                    .put(PutRequest(key: k("/b"), value: k("2"))),
                    .range(RangeRequest(.all)),
                    .txn(TxnRequest(success: [.put(PutRequest(key: k("/c"), value: k("3")))])),
                ]))
            #expect(response.revision == 1)
            guard case .range(let seen) = response.responses[2] else {
                Issue.record("expected a range response")
                return
            }
            #expect(seen.kvs.map(\.key) == [k("/a"), k("/b")])
            let all = try await store.range(RangeRequest(.all))
            #expect(all.kvs.allSatisfy { $0.modRevision == 1 })
            #expect(all.count == 3)
        }
    }

    @Test func readOnlyTxnMakesNoRevision() async throws {
        try await withScratchStore { store in
            try await store.put(k("/a"), k("1"))
            let response = try await store.txn(TxnRequest(success: [.range(RangeRequest(.all))]))
            #expect(response.revision == 1)
            #expect(store.currentRevision == 1)
        }
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var request: TxnRequest
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(
            name: "duplicate put",
            request: TxnRequest(success: [
                .put(PutRequest(key: k("/a"), value: [])), .put(PutRequest(key: k("/a"), value: [])),
            ])),
        InvalidCase(
            name: "put inside a deleted range",
            request: TxnRequest(success: [
                .delete(DeleteRequest(.prefix("/p/"))), .put(PutRequest(key: k("/p/x"), value: [])),
            ])),
        InvalidCase(
            name: "nested put clashes with outer put",
            request: TxnRequest(success: [
                .put(PutRequest(key: k("/a"), value: [])),
                .txn(TxnRequest(failure: [.put(PutRequest(key: k("/a"), value: []))])),
            ])),
        InvalidCase(name: "empty key", request: TxnRequest(success: [.put(PutRequest(key: [], value: []))])),
        InvalidCase(
            name: "value over the limit",
            request: TxnRequest(success: [
                .put(PutRequest(key: k("/big"), value: [UInt8](repeating: 0, count: 2_000_000)))
            ])),
        InvalidCase(
            name: "unbounded delete from empty key", request: TxnRequest(success: [.delete(DeleteRequest(.all))])),
    ]

    @Test(arguments: invalidCases)
    func invalidRequestsAreRefusedWithoutWriting(_ testCase: InvalidCase) async throws {
        try await withScratchStore { store in
            try await store.put(k("/p/1"), [])
            let code = await thrownStoreError { _ = try await store.txn(testCase.request) }?.code
            #expect(code == .invalidArgument)
            #expect(store.currentRevision == 1)
        }
    }

    @Test func putWithUnknownLeaseFailsAloneInItsBatch() async throws {
        try await withScratchStore { store in
            async let good = store.put(k("/good"), k("1"))
            async let bad = thrownStoreError { _ = try await store.put(k("/bad"), k("1"), lease: 42) }?.code
            let (goodResponse, badCode) = try await (good, bad)
            #expect(badCode == .leaseNotFound)
            #expect(goodResponse.revision == 1)
            #expect(try await store.get(k("/bad")) == nil)
        }
    }
}
