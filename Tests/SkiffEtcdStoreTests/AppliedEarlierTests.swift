import SkiffStore
import Testing

@testable import SkiffEtcdStore

/// A guarded put retried after a lost answer: recognised as applied only when the key holds
/// exactly its bytes, newer than the revision it expected.
@Suite("guarded puts applied by an earlier attempt")
struct AppliedEarlierTests {
    static let key = Array("/registry/pods/ns/p".utf8)
    static let value = Array(#"{"metadata":{"uid":"u-1"}}"#.utf8)

    static func guardedPut(expecting expected: Revision) -> TxnRequest {
        TxnRequest(
            compares: [Compare(key: key, .equal, .modRevision(expected))],
            success: [.put(PutRequest(key: key, value: value))], failure: [.range(RangeRequest(.key(key)))])
    }

    static func failed(holding value: [UInt8]?, at revision: Revision) -> TxnResponse {
        let kvs =
            value.map { [KeyValue(key: key, value: $0, createRevision: 3, modRevision: revision, version: 1)] } ?? []
        return TxnResponse(
            revision: revision, succeeded: false,
            responses: [.range(RangeResponse(revision: revision, kvs: kvs, more: false, count: kvs.count))])
    }

    @Test(
        "which failed answers count as this request's write",
        arguments: [
            ("the key holds this request's bytes, newer", value, Revision(9), Revision(0), true),
            ("an update: this request's bytes after the expected revision", value, Revision(9), Revision(5), true),
            ("someone else's bytes", Array("{}".utf8), Revision(9), Revision(0), false),
            ("not newer than expected", value, Revision(5), Revision(5), false),
            ("the key is gone", nil, Revision(9), Revision(0), false),
        ] as [(String, [UInt8]?, Revision, Revision, Bool)])
    func recognised(_ label: String, holding: [UInt8]?, at revision: Revision, expected: Revision, applied: Bool) {
        let answer = EtcdDatastore.appliedEarlier(
            Self.guardedPut(expecting: expected), Self.failed(holding: holding, at: revision))
        #expect((answer != nil) == applied, "\(label)")
        if let answer {
            #expect(answer.succeeded && answer.revision == revision)
        }
    }

    @Test("other transactions are left as they are")
    func otherShapes() {
        let failure = Self.failed(holding: Self.value, at: 9)
        let twoPuts = TxnRequest(
            compares: [Compare(key: Self.key, .equal, .modRevision(0))],
            success: [
                .put(PutRequest(key: Self.key, value: Self.value)),
                .put(PutRequest(key: Array("/x".utf8), value: [])),
            ], failure: [.range(RangeRequest(.key(Self.key)))])
        let versionCompare = TxnRequest(
            compares: [Compare(key: Self.key, .equal, .version(0))],
            success: [.put(PutRequest(key: Self.key, value: Self.value))],
            failure: [.range(RangeRequest(.key(Self.key)))])
        #expect(EtcdDatastore.appliedEarlier(twoPuts, failure) == nil)
        #expect(EtcdDatastore.appliedEarlier(versionCompare, failure) == nil)
        var succeeded = failure
        succeeded.succeeded = true
        #expect(EtcdDatastore.appliedEarlier(Self.guardedPut(expecting: 0), succeeded) == nil)
    }
}
