import Foundation
import Synchronization

/// Scratch directories that live as long as the test process: made fresh under the temporary
/// directory and removed when the process exits, not when a test ends, so that a test may hand
/// one to a server that outlives its predecessor (a restart on the same data).
public enum ScratchDirectory {
    /// The directories made so far; `nil` until the first, when the exit handler is installed.
    private static let made: Mutex<[String]?> = Mutex(nil)

    /// Makes `TMPDIR/PREFIX-UUID` and returns it; it is removed when the test process exits.
    public static func make(prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let first = made.withLock { made in
            defer { made = (made ?? []) + [directory.path] }
            return made == nil
        }
        if first {
            atexit {
                for path in ScratchDirectory.made.withLock({ $0 ?? [] }) {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
        }
        return directory
    }
}
