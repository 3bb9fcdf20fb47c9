import Foundation
import Synchronization

/// The one-writer rule across processes: an exclusive `flock` on `DATABASE.lock`, held while a
/// ``Store`` is open. A second `skiff server` or `skiff store serve` on the same data directory
/// fails within ``contendedWait`` with ``StoreError/Code/locked`` instead of writing beside the first (each
/// writer numbers revisions from its own memory). Readers (``StoreReader``, the history CLI) take
/// no lock. The kernel drops the lock when the process dies, so a killed server never leaves a
/// stale one behind.
///
/// A refusal is retried for up to ``contendedWait``: a child process this process is spawning
/// holds a copy of the descriptor between `fork` and `exec` (where `O_CLOEXEC` closes it), so a
/// store closed and reopened while another thread spawns a process can find its own lock still
/// held for that moment. The wait sleeps the calling thread (opening a store is synchronous).
final class WriterLock: Sendable {
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// How long a held lock is waited for before the open is refused.
    static let contendedWait: Duration = .seconds(1)

    /// Takes the lock for the database at `path`; refuses with ``StoreError/Code/locked`` when
    /// another holder keeps it for ``contendedWait``.
    static func acquire(for path: String) throws(StoreError) -> WriterLock {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // A missing directory fails SQLite's open just after, with its own error.
            if errno == ENOENT { return WriterLock(descriptor: -1) }
            throw StoreError(.sqlite, "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now.advanced(by: contendedWait)
        var reason: Int32 = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            reason = errno
            guard reason == EWOULDBLOCK, ContinuousClock.now < deadline else { break }
            usleep(10_000)
            reason = 0
        }
        guard reason == 0 else {
            close(fd)
            if reason == EWOULDBLOCK {
                throw StoreError(
                    .locked,
                    "\(path) is open for writing by another process (a running skiff server or skiff store serve); "
                        + "stop it first, or read the data with the history commands")
            }
            throw StoreError(.sqlite, "cannot lock \(lockPath): \(String(cString: strerror(reason)))")
        }
        return WriterLock(descriptor: fd)
    }

    /// Releases the lock. Idempotent.
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
