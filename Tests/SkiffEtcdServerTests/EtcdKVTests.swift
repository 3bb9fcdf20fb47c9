import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore
import Testing

/// The KV service through a real gRPC client: what etcdctl 3.4 cannot send (count_only, the
/// revision filters, ignore_value, range compares) and etcd's exact errors.
@Suite(.timeLimit(.minutes(2)))
struct EtcdKVTests {
    @Test func rangeOptions() async throws {
        try await EtcdHarness.with { etcd in
            for key in ["a", "b", "c", "d"] { try await etcd.put(key, "value-\(key)") }
            let all = try await etcd.range("a", end: "\0")
            #expect(all.keys == ["a", "b", "c", "d"])
            #expect(all.count == 4 && !all.more && all.header.revision == 4)

            let limited = try await etcd.range("a", end: "\0") { $0.limit = 2 }
            #expect(limited.keys == ["a", "b"] && limited.more && limited.count == 4)

            let counted = try await etcd.range("a", end: "z") { $0.countOnly = true }
            #expect(counted.kvs.isEmpty && counted.count == 4)

            let keysOnly = try await etcd.range("b") { $0.keysOnly = true }
            #expect(keysOnly.keys == ["b"] && keysOnly.kvs[0].value.isEmpty && keysOnly.kvs[0].modRevision == 2)

            let past = try await etcd.range("a", end: "\0") { $0.revision = 2 }
            #expect(past.keys == ["a", "b"] && past.header.revision == 4)
        }
    }

    /// etcd's sort: a target other than the key sorts ascending unless told otherwise; the limit
    /// applies after sorting.
    @Test(arguments: [
        (EtcdRangeRequest.SortOrder.descend, EtcdRangeRequest.SortTarget.key, 0, ["d", "c", "b", "a"]),
        (.none, .mod, 0, ["c", "d", "a", "b"]),
        (.descend, .mod, 2, ["b", "a"]),
        (.ascend, .create, 0, ["c", "a", "b", "d"]),
        (.descend, .create, 1, ["d"]),
        (.ascend, .value, 0, ["d", "c", "b", "a"]),
    ])
    func sorting(order: EtcdRangeRequest.SortOrder, target: EtcdRangeRequest.SortTarget, limit: Int, expected: [String])
        async throws
    {
        try await EtcdHarness.with { etcd in
            // Created c, a, b, d (create revisions 1-4); then a and b rewritten: mod order c, d, a, b.
            try await etcd.put("c", "3")
            try await etcd.put("a", "9")
            try await etcd.put("b", "1")
            try await etcd.put("d", "0")
            try await etcd.put("a", "9")
            try await etcd.put("b", "5")
            let answer = try await etcd.range("a", end: "\0") {
                $0.sortOrder = order
                $0.sortTarget = target
                $0.limit = Int64(limit)
            }
            #expect(answer.keys == expected)
            #expect(answer.count == 4)
            #expect(answer.more == (limit > 0))
        }
    }

    @Test func revisionFilters() async throws {
        try await EtcdHarness.with { etcd in
            for key in ["a", "b", "c", "d"] { try await etcd.put(key) }
            try await etcd.put("a")
            let recent = try await etcd.range("a", end: "\0") { $0.minModRevision = 3 }
            #expect(recent.keys == ["a", "c", "d"])
            let old = try await etcd.range("a", end: "\0") { $0.maxCreateRevision = 2 }
            #expect(old.keys == ["a", "b"])
            let window = try await etcd.range("a", end: "\0") {
                $0.minCreateRevision = 2
                $0.maxModRevision = 3
            }
            #expect(window.keys == ["b", "c"])
            // The count is the range's, before filters, as in etcd.
            #expect(window.count == 4)
        }
    }

    @Test func putOptions() async throws {
        try await EtcdHarness.with { etcd in
            var grant = EtcdLeaseGrantRequest()
            grant.ttl = 60
            let lease = try await etcd.lease.leaseGrant(grant).id
            try await etcd.put("k", "first", lease: lease)

            var keepValue = EtcdPutRequest()
            keepValue.key = Data("k".utf8)
            keepValue.ignoreValue = true
            keepValue.prevKv = true
            let kept = try await etcd.kv.put(keepValue)
            #expect(kept.prevKv.value == Data("first".utf8))
            var now = try await etcd.range("k")
            #expect(now.kvs[0].value == Data("first".utf8) && now.kvs[0].version == 2 && now.kvs[0].lease == 0)

            try await etcd.put("k", "second", lease: lease)
            var keepLease = EtcdPutRequest()
            keepLease.key = Data("k".utf8)
            keepLease.value = Data("third".utf8)
            keepLease.ignoreLease = true
            _ = try await etcd.kv.put(keepLease)
            now = try await etcd.range("k")
            #expect(now.kvs[0].value == Data("third".utf8) && now.kvs[0].lease == lease)
        }
    }

    @Test func transactions() async throws {
        try await EtcdHarness.with { etcd in
            try await etcd.put("/jobs/a", "1")
            try await etcd.put("/jobs/b", "2")
            func compare(
                _ key: String, end: String = "", _ result: EtcdCompare.CompareResult,
                _ target: EtcdCompare.OneOf_TargetUnion
            ) -> EtcdCompare {
                var compare = EtcdCompare()
                compare.key = Data(key.utf8)
                compare.rangeEnd = Data(end.utf8)
                compare.result = result
                compare.targetUnion = target
                compare.target =
                    switch target {
                    case .version: .version
                    case .createRevision: .create
                    case .modRevision: .mod
                    case .value: .value
                    case .lease: .lease
                    }
                return compare
            }
            // Each compare target, and compares over a range (every key must satisfy it).
            let cases: [(EtcdCompare, Bool)] = [
                (compare("/jobs/a", .equal, .version(1)), true),
                (compare("/jobs/a", .greater, .createRevision(0)), true),
                (compare("/jobs/b", .less, .modRevision(2)), false),
                (compare("/jobs/b", .notEqual, .value(Data("2".utf8))), false),
                (compare("/jobs/a", .equal, .lease(0)), true),
                (compare("/missing", .equal, .version(0)), true),
                (compare("/missing", .equal, .value(Data())), false),
                (compare("/jobs/", end: "/jobs0", .less, .modRevision(3)), true),
                (compare("/jobs/", end: "/jobs0", .equal, .value(Data("1".utf8))), false),
                (compare("/none/", end: "/none0", .equal, .version(0)), true),
                (compare("/jobs/", end: "\0", .greater, .version(0)), true),
            ]
            for (index, (compare, expected)) in cases.enumerated() {
                var txn = EtcdTxnRequest()
                txn.compare = [compare]
                let answer = try await etcd.kv.txn(txn)
                #expect(answer.succeeded == expected, "case \(index)")
            }

            // Nested transactions and every operation, in one revision.
            var put = EtcdRequestOp()
            put.requestPut.key = Data("/jobs/c".utf8)
            put.requestPut.value = Data("3".utf8)
            var delete = EtcdRequestOp()
            delete.requestDeleteRange.key = Data("/jobs/a".utf8)
            delete.requestDeleteRange.prevKv = true
            var read = EtcdRequestOp()
            read.requestRange.key = Data("/jobs/".utf8)
            read.requestRange.rangeEnd = Data("/jobs0".utf8)
            read.requestRange.sortOrder = .descend
            var inner = EtcdTxnRequest()
            inner.compare = [compare("/jobs/b", .equal, .value(Data("nope".utf8)))]
            inner.failure = [put, read]
            var nested = EtcdRequestOp()
            nested.requestTxn = inner
            var outer = EtcdTxnRequest()
            outer.compare = [compare("/jobs/a", .equal, .value(Data("1".utf8)))]
            outer.success = [delete, nested]
            let answer = try await etcd.kv.txn(outer)
            #expect(answer.succeeded && answer.header.revision == 3)
            #expect(answer.responses[0].responseDeleteRange.deleted == 1)
            #expect(answer.responses[0].responseDeleteRange.prevKvs.first?.value == Data("1".utf8))
            let innerAnswer = answer.responses[1].responseTxn
            #expect(!innerAnswer.succeeded)
            #expect(innerAnswer.responses[1].responseRange.keys == ["/jobs/c", "/jobs/b"])
        }
    }

    /// etcd's codes and messages, which its clients match on.
    @Test func errors() async throws {
        try await EtcdHarness.with { etcd in
            for index in 1...5 { try await etcd.put("k\(index)") }
            var compact = EtcdCompactionRequest()
            compact.revision = 3
            _ = try await etcd.kv.compact(compact)

            func expectError(
                _ code: RPCError.Code, _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
                _ body: () async throws -> Void
            ) async {
                let error = await EtcdHarness.error(body)
                #expect(error?.code == code, sourceLocation: sourceLocation)
                #expect(error?.message == message, sourceLocation: sourceLocation)
            }
            await expectError(.outOfRange, "etcdserver: mvcc: required revision has been compacted") {
                _ = try await etcd.range("k1") { $0.revision = 2 }
            }
            await expectError(.outOfRange, "etcdserver: mvcc: required revision is a future revision") {
                _ = try await etcd.range("k1") { $0.revision = 99 }
            }
            await expectError(.outOfRange, "etcdserver: mvcc: required revision has been compacted") {
                _ = try await etcd.kv.compact(compact)
            }
            await expectError(.invalidArgument, "etcdserver: key is not provided") {
                _ = try await etcd.range("")
            }
            await expectError(.invalidArgument, "etcdserver: key is not provided") {
                _ = try await etcd.put("")
            }
            await expectError(.notFound, "etcdserver: requested lease not found") {
                _ = try await etcd.put("k", lease: 12345)
            }
            await expectError(.invalidArgument, "etcdserver: key not found") {
                var request = EtcdPutRequest()
                request.key = Data("missing".utf8)
                request.ignoreValue = true
                _ = try await etcd.kv.put(request)
            }
            await expectError(.invalidArgument, "etcdserver: value is provided") {
                var request = EtcdPutRequest()
                request.key = Data("k1".utf8)
                request.value = Data("x".utf8)
                request.ignoreValue = true
                _ = try await etcd.kv.put(request)
            }
            await expectError(.invalidArgument, "etcdserver: duplicate key given in txn request") {
                var put = EtcdRequestOp()
                put.requestPut.key = Data("dup".utf8)
                var txn = EtcdTxnRequest()
                txn.success = [put, put]
                _ = try await etcd.kv.txn(txn)
            }
            await expectError(.invalidArgument, "etcdserver: too many operations in txn request") {
                var get = EtcdRequestOp()
                get.requestRange.key = Data("k1".utf8)
                var txn = EtcdTxnRequest()
                txn.success = Array(repeating: get, count: 129)
                _ = try await etcd.kv.txn(txn)
            }
            await expectError(.invalidArgument, "etcdserver: request is too large") {
                _ = try await etcd.put("big", String(repeating: "x", count: 1_600_000))
            }
            await expectError(.failedPrecondition, "etcdserver: lease already exists") {
                var grant = EtcdLeaseGrantRequest()
                grant.ttl = 10
                grant.id = 77
                _ = try await etcd.lease.leaseGrant(grant)
                _ = try await etcd.lease.leaseGrant(grant)
            }
            await expectError(.outOfRange, "etcdserver: too large lease TTL") {
                var grant = EtcdLeaseGrantRequest()
                grant.ttl = 9_000_000_001
                _ = try await etcd.lease.leaseGrant(grant)
            }
            // Nothing of the refused requests was written.
            #expect(try await etcd.range("k1").header.revision == 5)
        }
    }

    @Test func leasesAndMaintenance() async throws {
        try await EtcdHarness.with { etcd in
            var grant = EtcdLeaseGrantRequest()
            grant.ttl = 1
            let minimum = try await etcd.lease.leaseGrant(grant)
            #expect(minimum.ttl == 2)  // raised to etcd's minimum
            var revokeFirst = EtcdLeaseRevokeRequest()
            revokeFirst.id = minimum.id
            _ = try await etcd.lease.leaseRevoke(revokeFirst)
            grant.ttl = 600
            let short = try await etcd.lease.leaseGrant(grant)
            try await etcd.put("attached", lease: short.id)
            var ask = EtcdLeaseTimeToLiveRequest()
            ask.id = short.id
            ask.keys = true
            let alive = try await etcd.lease.leaseTimeToLive(ask)
            #expect(alive.grantedTtl == 600 && alive.ttl > 500 && alive.keys == [Data("attached".utf8)])
            #expect(try await etcd.lease.leaseLeases(EtcdLeaseLeasesRequest()).leases.map(\.id) == [short.id])
            ask.id = 999
            #expect(try await etcd.lease.leaseTimeToLive(ask).ttl == -1)

            // The keep-alive stream answers each renewal; an unknown lease gets TTL 0.
            let ttls = try await etcd.lease.leaseKeepAlive(
                requestProducer: { writer in
                    for id in [short.id, 999] {
                        var renew = EtcdLeaseKeepAliveRequest()
                        renew.id = id
                        try await writer.write(renew)
                    }
                },
                onResponse: { response in
                    var ttls: [Int64] = []
                    for try await message in response.messages { ttls.append(message.ttl) }
                    return ttls
                })
            #expect(ttls == [600, 0])

            var revoke = EtcdLeaseRevokeRequest()
            revoke.id = short.id
            let revoked = try await etcd.lease.leaseRevoke(revoke)
            #expect(revoked.header.revision == 2)
            #expect(try await etcd.range("attached").kvs.isEmpty)

            let status = try await etcd.maintenance.status(EtcdStatusRequest())
            #expect(status.version == "3.4.23" && status.leader == status.header.memberID && status.raftIndex == 2)
            #expect(status.dbSize > 0 && status.dbSizeInUse > 0 && status.dbSizeInUse <= status.dbSize)
            let members = try await etcd.cluster.memberList(EtcdMemberListRequest()).members
            #expect(members.map(\.id) == [status.header.memberID])

            try await etcd.put("x", "1")
            var hash = EtcdHashKVRequest()
            hash.revision = 3
            let first = try await etcd.maintenance.hashKV(hash)
            try await etcd.put("x", "2")
            #expect(try await etcd.maintenance.hashKV(hash).hash == first.hash)
            hash.revision = 4
            #expect(try await etcd.maintenance.hashKV(hash).hash != first.hash)
        }
    }
}
