import Foundation
import Synchronization
import Testing

@testable import SkiffStore

/// One writer per database file, across processes: a second open fails clearly until the first
/// store closes or its process dies.
struct WriterLockTests {
    @Test func aSecondWriterIsRefusedUntilTheFirstCloses() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("skiff.db")
        let first = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        try await first.put(k("a"), k("1"))
        let refused = await thrownStoreError {
            _ = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        }
        #expect(refused?.code == .locked)
        #expect(refused?.message.contains("open for writing by another process") == true)
        // Readers take no lock.
        let reader = try StoreReader.open(path: path)
        #expect(try reader.currentRevision == 1)
        reader.close()
        await first.close()
        let second = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        #expect(try await second.get(k("a"))?.value == k("1"))
        await second.close()
    }

    /// The kernel drops the lock of a process that dies, so a killed server leaves none behind.
    @Test func aKilledWriterLeavesNoLock() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("skiff.db")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // -o: the lock is not passed on to `sleep`, so killing flock releases it.
        child.arguments = ["-o", path + ".lock", "sleep", "60"]
        try child.run()
        // Until the child holds the lock, opening succeeds; wait for the refusal (however slowly a
        // loaded machine starts the child), then kill it.
        var refused = false
        let deadline = ContinuousClock.now + .seconds(30)
        while !refused && ContinuousClock.now < deadline {
            do {
                let store = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
                await store.close()
                try await Task.sleep(for: .milliseconds(20))
            } catch let error as StoreError where error.code == .locked {
                refused = true
            }
        }
        #expect(refused)
        kill(child.processIdentifier, SIGKILL)
        var reopened: Store?
        let reopenDeadline = ContinuousClock.now + .seconds(30)
        while reopened == nil && ContinuousClock.now < reopenDeadline {
            reopened = try? Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
            if reopened == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(reopened != nil)
        await reopened?.close()
    }

    /// A child being spawned holds a copy of the lock's descriptor until its `exec`; a store
    /// closed and reopened meanwhile waits that moment out instead of refusing itself.
    @Test func reopeningWhileSpawningChildrenIsNotRefused() async throws {
        let directory = ScratchDirectory()
        let path = directory.file("skiff.db")
        // On a thread of its own: a spawning loop on the cooperative pool would hold one of its
        // threads for the whole test.
        final class Stop: Sendable { let requested = Atomic<Bool>(false) }
        let stop = Stop()
        let spawner = Thread {
            while !stop.requested.load(ordering: .relaxed) {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: "/bin/true")
                try? child.run()
                child.waitUntilExit()
            }
        }
        spawner.start()
        defer { stop.requested.store(true, ordering: .relaxed) }
        for round in 0..<200 {
            let store = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
            try await store.put(k("a"), k("\(round)"))
            await store.close()
        }
        let last = try Store.open(path: path, options: scratchStoreOptions(), logger: quietLogger)
        #expect(try await last.get(k("a"))?.value == k("199"))
        await last.close()
    }

    /// A lock released within ``WriterLock/contendedWait`` is taken; one held longer is refused.
    @Test func aContendedLockIsWaitedForBriefly() throws {
        let directory = ScratchDirectory()
        let path = directory.file("skiff.db")
        let holder = try WriterLock.acquire(for: path)
        Thread {
            Thread.sleep(forTimeInterval: 0.3)
            holder.release()
        }.start()
        let taken = try WriterLock.acquire(for: path)
        let started = ContinuousClock.now
        var refusal: StoreError?
        do {
            _ = try WriterLock.acquire(for: path)
        } catch {
            refusal = error
        }
        #expect(refusal?.code == .locked)
        #expect(ContinuousClock.now - started >= WriterLock.contendedWait)
        taken.release()
    }
}
