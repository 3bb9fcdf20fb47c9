import Foundation
import Logging
import SkiffStore
import SkiffTestSupport
import Testing

@testable import SkiffEtcdStore

/// The etcd datastore against a real three-member cluster: the ``StorageBackend`` contract the
/// API server relies on, member failures, compaction and TLS.
@Suite("etcd datastore", .serialized)
struct EtcdDatastoreTests {
    static func connect(_ cluster: EtcdClusterFixture, tls: Bool = false) async throws -> EtcdDatastore {
        var configuration = try EtcdDatastoreConfiguration.parse(cluster.url, compactionInterval: nil)
        // The suite shares 2 cores with everything else `swift test` runs: give calls room.
        configuration.requestTimeout = .seconds(30)
        if tls {
            configuration.tls = .init(
                certificateAuthority: cluster.certificateAuthority, certificate: cluster.clientCertificate,
                key: cluster.clientKey)
        }
        var logger = Logger(label: "test.etcd")
        logger.logLevel = .critical
        return try await EtcdDatastore.connect(configuration, logger: logger)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("ranges, guarded writes and their errors are the store's")
    func readsAndGuardedWrites() async throws {
        try await EtcdClusterFixture.with { cluster in
            let store = try await Self.connect(cluster)
            defer { Task { await store.close() } }
            let key = Self.bytes("/registry/configmaps/default/a")
            let created = try await store.create(key, Self.bytes("one"))
            #expect(created > .zero)
            #expect(store.currentRevision >= created)
            // Creating again: a conflict that carries the current key-value.
            await #expect {
                try await store.create(key, Self.bytes("again"))
            } throws: { error in
                (error as? StoreError)?.code == .conflict && (error as? StoreError)?.currentKV?.modRevision == created
            }
            let updated = try await store.update(key, Self.bytes("two"), ifModRevision: created)
            await #expect {
                try await store.update(key, Self.bytes("stale"), ifModRevision: created)
            } throws: { error in
                (error as? StoreError)?.code == .conflict
            }
            await #expect {
                try await store.delete(Self.bytes("/registry/configmaps/default/none"), ifModRevision: Revision(5))
            } throws: { error in
                (error as? StoreError)?.code == .notFound
            }
            let now = try #require(try await store.get(key))
            #expect(now.value == Self.bytes("two") && now.version == 2 && now.modRevision == updated)
            #expect(now.createRevision == created)
            let then = try #require(try await store.get(key, revision: created))
            #expect(then.value == Self.bytes("one"))
            for index in 0..<5 { try await store.create(Self.bytes("/registry/pods/ns/p\(index)"), Self.bytes("{}")) }
            let page = try await store.range(RangeRequest(.prefix("/registry/pods/"), limit: 3))
            #expect(page.kvs.count == 3 && page.more && page.count == 5)
            let latest = try await store.latestRevision()
            #expect(latest == page.revision)
            await #expect {
                try await store.range(RangeRequest(.prefix("/registry/"), revision: latest.next.next))
            } throws: { error in
                (error as? StoreError)?.code == .futureRevision
            }
        }
    }

    @Test("a watch replays from a revision with previous values, then follows live writes")
    func watchFromRevision() async throws {
        try await EtcdClusterFixture.with { cluster in
            let store = try await Self.connect(cluster)
            defer { Task { await store.close() } }
            let key = Self.bytes("/registry/secrets/ns/s")
            let first = try await store.create(key, Self.bytes("v1"))
            let second = try await store.update(key, Self.bytes("v2"), ifModRevision: first)
            let watch = try await store.watch(
                .prefix("/registry/secrets/"), from: first, prevKV: true, progressNotify: false)
            let third = try await store.delete(key, ifModRevision: second)
            var events: [WatchEvent] = []
            for try await response in watch {
                events += response.events
                if response.revision >= third { break }
            }
            #expect(events.map(\.revision) == [first, second, third])
            #expect(events.map(\.kind) == [.put, .put, .delete])
            #expect(events[1].prevKV?.value == Self.bytes("v1"))
            #expect(events[2].prevKV?.value == Self.bytes("v2"))
            #expect(events[0].isCreate && !events[1].isCreate)
        }
    }

    @Test("the compactor elects one server per round; history below it is compacted for reads and watches")
    func compaction() async throws {
        try await EtcdClusterFixture.with { cluster in
            let first = try await Self.connect(cluster)
            let second = try await Self.connect(cluster)
            defer {
                Task {
                    await first.close()
                    await second.close()
                }
            }
            var (planA, planB) = (CompactorPlan(), CompactorPlan())
            let early = try await first.create(Self.bytes("/registry/configmaps/ns/early"), Self.bytes("x"))
            // Round one: the first server wins the election and has nothing to compact to yet;
            // the second loses and learns the key's version.
            try await first.compactionRound(&planA)
            try await second.compactionRound(&planB)
            #expect(planA.expectedVersion == 1 && planB.expectedVersion == 1)
            let seen = planA.proposedValue
            for index in 0..<3 {
                try await first.create(Self.bytes("/registry/configmaps/ns/c\(index)"), Self.bytes("x"))
            }
            // Round two: the first to run wins and compacts to the revision it saw one round earlier
            // (no write came between the two servers' first rounds: the same revision).
            try await second.compactionRound(&planB)
            try await first.compactionRound(&planA)
            let compacted = try #require(Int64(seen))
            // The second server ran first this round, so it won and compacted.
            #expect(second.compactRevision.rawValue == compacted)
            // The server that lost the round learns the compaction from etcd itself: its next read
            // below it is refused with the compacted revision.
            await #expect {
                try await first.range(RangeRequest(.prefix("/registry/"), revision: early))
            } throws: { error in
                (error as? StoreError)?.code == .compacted
            }
            #expect(first.compactRevision.rawValue == compacted)
            let winnerValue = try await first.get(Self.bytes("compact_rev_key"))
            #expect(winnerValue?.version == 2)
            // A third server learns the compacted revision when it connects.
            let third = try await Self.connect(cluster)
            #expect(third.compactRevision.rawValue == compacted)
            await #expect {
                try await third.range(RangeRequest(.prefix("/registry/"), revision: early))
            } throws: { error in
                (error as? StoreError)?.code == .compacted
                    && (error as? StoreError)?.compactRevision?.rawValue == compacted
            }
            await #expect {
                try await third.watch(.all, from: early, prevKV: false, progressNotify: false)
            } throws: { error in
                (error as? StoreError)?.code == .compacted
            }
            await third.close()
        }
    }

    @Test("keys put with a lease are deleted when it expires")
    func leaseExpiry() async throws {
        try await EtcdClusterFixture.with { cluster in
            let store = try await Self.connect(cluster)
            defer { Task { await store.close() } }
            let grant = try await store.grantLease(ttlSeconds: 2, id: nil)
            #expect(grant.ttlSeconds == 2)
            let key = Self.bytes("/registry/events/ns/e1")
            try await store.create(key, Self.bytes("{}"), lease: grant.id)
            #expect(try await store.get(key)?.lease == grant.id)
            let gone = try await TestCluster.eventually(timeout: .seconds(20)) { try await store.get(key) == nil }
            #expect(gone)
            await #expect {
                try await store.create(Self.bytes("/registry/events/ns/e2"), Self.bytes("{}"), lease: grant.id)
            } throws: { error in
                (error as? StoreError)?.code == .leaseNotFound
            }
        }
    }

    /// Member 0 is the first endpoint: requests and the watch use it among the others until it dies.
    @Test("a killed member: writes go on and an open watch delivers every revision once, in order")
    func memberFailure() async throws {
        try await EtcdClusterFixture.with { cluster in
            let store = try await Self.connect(cluster)
            defer { Task { await store.close() } }
            let start = try await store.latestRevision().next
            let watch = try await store.watch(
                .prefix("/registry/leases/"), from: start, prevKV: false, progressNotify: false)
            var written: [Revision] = []
            for index in 0..<40 {
                if index == 10 { try cluster.kill(member: 0) }
                written.append(
                    try await store.create(Self.bytes("/registry/leases/ns/l\(index)"), Self.bytes("\(index)")))
            }
            var seen: [Revision] = []
            for try await response in watch {
                seen += response.events.map(\.revision)
                if let last = seen.last, last >= written.last! { break }
            }
            #expect(seen == written)
        }
    }

    @Test("TLS with client certificates; a client without one is refused with a clear error")
    func tls() async throws {
        try await EtcdClusterFixture.with(tls: true) { cluster in
            let store = try await Self.connect(cluster, tls: true)
            let key = Self.bytes("/registry/configmaps/tls/a")
            let revision = try await store.create(key, Self.bytes("secret"))
            #expect(try await store.get(key)?.modRevision == revision)
            await store.close()
            var plain = try EtcdDatastoreConfiguration.parse(cluster.url, compactionInterval: nil)
            plain.requestTimeout = .seconds(2)
            await #expect {
                _ = try await EtcdDatastore.connect(plain)
            } throws: { error in
                (error as? StoreError)?.code == .unavailable
                    && (error as? StoreError)?.message.contains("no etcd member answered") == true
            }
        }
    }
}
