import Testing

@testable import SkiffStore

@Suite("Leases")
struct LeaseTests {
    @Test func grantAttachKeepAliveAndStatus() async throws {
        try await withScratchStore { store in
            let lease = try await store.grantLease(ttlSeconds: 30)
            #expect(lease.ttlSeconds == 30)
            try await store.put(k("/l/a"), k("1"), lease: lease.id)
            try await store.put(k("/l/b"), k("2"), lease: lease.id)
            #expect(try await store.get(k("/l/a"))?.lease == lease.id)
            #expect(try await store.keepAlive(lease.id) == 30)
            let status = try await store.leaseStatus(lease.id)
            #expect(status.keys == [k("/l/a"), k("/l/b")])
            #expect(status.remainingSeconds > 25 && status.remainingSeconds <= 30)
            // Moving a key to no lease detaches it.
            try await store.put(k("/l/b"), k("3"))
            #expect(try await store.leaseStatus(lease.id).keys == [k("/l/a")])
        }
    }

    @Test func revokeDeletesAttachedKeysInOneRevision() async throws {
        try await withScratchStore { store in
            let lease = try await store.grantLease(ttlSeconds: 30)
            for name in ["a", "b", "c"] { try await store.put(k("/l/\(name)"), k(name), lease: lease.id) }
            try await store.put(k("/kept"), k("k"))
            let watch = try await store.watch(.prefix("/l/"), prevKV: true)
            let revision = try await store.revokeLease(lease.id)
            #expect(revision == 5)
            #expect(try await store.range(RangeRequest(.prefix("/l/"))).count == 0)
            #expect(try await store.get(k("/kept")) != nil)
            var iterator = watch.makeAsyncIterator()
            let response = try #require(try await iterator.next())
            #expect(response.events.count == 3)
            #expect(response.events.allSatisfy { $0.kind == .delete && $0.revision == 5 && $0.prevKV != nil })
            #expect(await thrownStoreError { _ = try await store.leaseStatus(lease.id) }?.code == .leaseNotFound)
            #expect(await thrownStoreError { try await store.keepAlive(lease.id) }?.code == .leaseNotFound)
            #expect(
                await thrownStoreError { try await store.put(k("/x"), [], lease: lease.id) }?.code == .leaseNotFound)
        }
    }

    @Test func expiredLeasesAreRevoked() async throws {
        try await withScratchStore { store in
            let short = try await store.grantLease(ttlSeconds: 1)
            let long = try await store.grantLease(ttlSeconds: 60)
            try await store.put(k("/short"), [], lease: short.id)
            try await store.put(k("/long"), [], lease: long.id)
            // Nothing is due yet unless the machine stalled for a second; either way exactly one expires.
            let early = await store.expireLeases()
            #expect(try await store.get(k("/long")) != nil)
            try await Task.sleep(for: .milliseconds(1_150))
            let late = await store.expireLeases()
            #expect(early + late == 1)
            #expect(try await store.get(k("/short")) == nil)
            #expect(try await store.get(k("/long")) != nil)
        }
    }

    @Test func runExpiresLeasesOnItsOwn() async throws {
        try await withScratchStore({ $0.leaseCheckInterval = .milliseconds(50) }) { store in
            let lease = try await store.grantLease(ttlSeconds: 1)
            try await store.put(k("/ttl"), [], lease: lease.id)
            let service = Task { try await store.run() }
            defer { service.cancel() }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await store.get(k("/ttl")) != nil && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await store.get(k("/ttl")) == nil)
        }
    }

    @Test func leasesAndAttachmentsSurviveRestart() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("lease.db")
        let id: LeaseID
        do {
            let store = try Store.open(path: path, logger: quietLogger)
            id = try await store.grantLease(ttlSeconds: 60).id
            try await store.put(k("/a"), [], lease: id)
            await store.close()
        }
        let store = try Store.open(path: path, logger: quietLogger)
        #expect(try await store.leaseStatus(id).keys == [k("/a")])
        let next = try await store.grantLease(ttlSeconds: 5)
        #expect(next.id != id)
        try await store.revokeLease(id)
        #expect(try await store.get(k("/a")) == nil)
        await store.close()
    }

    @Test func badGrantsAreRefused() async throws {
        try await withScratchStore { store in
            #expect(await thrownStoreError { _ = try await store.grantLease(ttlSeconds: 0) }?.code == .invalidArgument)
            _ = try await store.grantLease(ttlSeconds: 5, id: 7)
            #expect(
                await thrownStoreError { _ = try await store.grantLease(ttlSeconds: 5, id: 7) }?.code
                    == .invalidArgument)
            #expect(await thrownStoreError { try await store.revokeLease(99) }?.code == .leaseNotFound)
        }
    }
}
