import Foundation
import Synchronization

/// Scratch directories that live as long as the test process: made fresh under the temporary
/// directory and removed when the process exits, not when a test ends, so that a test may hand
/// one to a server that outlives its predecessor (a restart on the same data).
public enum ScratchDirectory {
    /// The directories made so far.
    private static let made = Mutex<[String]>([])

    /// Installed once, on first use: removes every directory made when the process exits.
    private static let removalAtExit: Void = {
        atexit {
            for path in ScratchDirectory.made.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
        }
    }()

    /// Makes `TMPDIR/PREFIX-UUID` and returns it; it is removed when the test process exits.
    public static func make(prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = removalAtExit
        made.withLock { $0.append(directory.path) }
        return directory
    }
}
