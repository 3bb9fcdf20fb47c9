import Foundation
import Synchronization

/// The one-writer rule across processes: an exclusive `flock` on `DATABASE.lock`, held while a
/// ``Store`` is open. A second `skiff server` or `skiff store serve` on the same data directory
/// fails at once with ``StoreError/Code/locked`` instead of writing beside the first (each
/// writer numbers revisions from its own memory). Readers (``StoreReader``, the history CLI) take
/// no lock. The kernel drops the lock when the process dies, so a killed server never leaves a
/// stale one behind.
final class WriterLock: Sendable {
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock for the database at `path`.
    static func acquire(for path: String) throws(StoreError) -> WriterLock {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // A missing directory fails SQLite's open just after, with its own error.
            if errno == ENOENT { return WriterLock(descriptor: -1) }
            throw StoreError(.sqlite, "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
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
