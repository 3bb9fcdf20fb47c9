import Testing

@testable import SkiffStore

@Suite("Leases")
struct LeaseTests {
    @Test func grantAttachKeepAliveAndStatus() async throws {
        try await withFixtureStore { store, _ in
            let lease = try await store.grantLease(ttlSeconds: 30)
            #expect(lease.ttlSeconds == 30)
            try await store.put(bytes("/l/a"), bytes("1"), lease: lease.id)
            try await store.put(bytes("/l/b"), bytes("2"), lease: lease.id)
            #expect(try await store.get(bytes("/l/a"))?.lease == lease.id)
            #expect(try await store.keepAlive(lease.id) == 30)
            let status = try await store.leaseStatus(lease.id)
            #expect(status.keys == [bytes("/l/a"), bytes("/l/b")])
            #expect(status.remainingSeconds > 25 && status.remainingSeconds <= 30)
            // Moving a key to no lease detaches it.
            try await store.put(bytes("/l/b"), bytes("3"))
            #expect(try await store.leaseStatus(lease.id).keys == [bytes("/l/a")])
        }
    }

    @Test func revokeDeletesAttachedKeysInOneRevision() async throws {
        try await withFixtureStore { store, _ in
            let lease = try await store.grantLease(ttlSeconds: 30)
            for name in ["a", "b", "c"] { try await store.put(bytes("/l/\(name)"), bytes(name), lease: lease.id) }
            try await store.put(bytes("/kept"), bytes("k"))
            let watch = try await store.watch(.prefix("/l/"), prevKV: true)
            let revision = try await store.revokeLease(lease.id)
            #expect(revision == 5)
            #expect(try await store.range(RangeRequest(.prefix("/l/"))).count == 0)
            #expect(try await store.get(bytes("/kept")) != nil)
            var iterator = watch.makeAsyncIterator()
            let response = try #require(try await iterator.next())
            #expect(response.events.count == 3)
            #expect(response.events.allSatisfy { $0.kind == .delete && $0.revision == 5 && $0.prevKV != nil })
            #expect(await storeErrorCode { _ = try await store.leaseStatus(lease.id) } == .leaseNotFound)
            #expect(await storeErrorCode { try await store.keepAlive(lease.id) } == .leaseNotFound)
            #expect(await storeErrorCode { try await store.put(bytes("/x"), [], lease: lease.id) } == .leaseNotFound)
        }
    }

    @Test func expiredLeasesAreRevoked() async throws {
        try await withFixtureStore { store, _ in
            let short = try await store.grantLease(ttlSeconds: 1)
            let long = try await store.grantLease(ttlSeconds: 60)
            try await store.put(bytes("/short"), [], lease: short.id)
            try await store.put(bytes("/long"), [], lease: long.id)
            // Nothing is due yet unless the machine stalled for a second; either way exactly one expires.
            let early = await store.expireLeases()
            #expect(try await store.get(bytes("/long")) != nil)
            try await Task.sleep(for: .milliseconds(1_150))
            let late = await store.expireLeases()
            #expect(early + late == 1)
            #expect(try await store.get(bytes("/short")) == nil)
            #expect(try await store.get(bytes("/long")) != nil)
        }
    }

    @Test func runExpiresLeasesOnItsOwn() async throws {
        try await withFixtureStore({ $0.leaseCheckInterval = .milliseconds(50) }) { store, _ in
            let lease = try await store.grantLease(ttlSeconds: 1)
            try await store.put(bytes("/ttl"), [], lease: lease.id)
            let service = Task { try await store.run() }
            defer { service.cancel() }
            let deadline = ContinuousClock.now + .seconds(5)
            while try await store.get(bytes("/ttl")) != nil && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await store.get(bytes("/ttl")) == nil)
        }
    }

    @Test func leasesAndAttachmentsSurviveRestart() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("lease.db")
        let id: LeaseID
        do {
            let store = try Store.open(path: path, logger: quietLogger)
            id = try await store.grantLease(ttlSeconds: 60).id
            try await store.put(bytes("/a"), [], lease: id)
            await store.close()
        }
        let store = try Store.open(path: path, logger: quietLogger)
        #expect(try await store.leaseStatus(id).keys == [bytes("/a")])
        let next = try await store.grantLease(ttlSeconds: 5)
        #expect(next.id != id)
        try await store.revokeLease(id)
        #expect(try await store.get(bytes("/a")) == nil)
        await store.close()
    }

    @Test func badGrantsAreRefused() async throws {
        try await withFixtureStore { store, _ in
            #expect(await storeErrorCode { _ = try await store.grantLease(ttlSeconds: 0) } == .invalidArgument)
            _ = try await store.grantLease(ttlSeconds: 5, id: 7)
            #expect(await storeErrorCode { _ = try await store.grantLease(ttlSeconds: 5, id: 7) } == .invalidArgument)
            #expect(await storeErrorCode { try await store.revokeLease(99) } == .leaseNotFound)
        }
    }
}
