import Glibc
import Synchronization

/// Follows a live container log file from a position, like `kubectl logs -f`: call ``next()`` repeatedly.
///
/// Rotation (see ``LogRotation``) is detected either because the live file shrank below the position or because
/// `path.1` became a different file. The follower then first returns what the rotated copy `path.1` holds beyond
/// the old position (the bytes appended since the last call, before the rotation) and continues from offset 0
/// of the live file.
///
/// This is best effort, with the windows inherent to copy-and-truncate rotation: bytes appended between the copy
/// and the truncation are lost for every reader; if two rotations happen between two calls, the content of the
/// intermediate file is skipped; and a call landing exactly between the rename of `path.1` and the truncation of
/// the live file can return bytes twice.
public final class LogFollower: Sendable {
    /// The most bytes one ``next()`` call returns.
    public static let maxChunk = 64 << 10

    private struct Drain {
        var file: POSIXFile
        var position: Int
        var end: Int
    }

    private struct State {
        var offset: Int
        var rotatedIdentity: FileStat.Identity?
        var drain: Drain?
    }

    private let path: String
    private let state: Mutex<State>

    /// Starts following `path` at byte `offset` of the live file, usually the size at the time ``ContainerLog``
    /// answered the initial read (see ``endOffset(of:)``).
    public init(path: String, from offset: UInt64) {
        self.path = path
        let rotated = POSIXFile(path: LogRotation.rotatedPath(path, 1), flags: O_RDONLY)
        state = Mutex(State(offset: Int(clamping: offset), rotatedIdentity: rotated?.status?.identity, drain: nil))
    }

    /// The live file's current size in bytes, 0 if it is missing.
    public static func endOffset(of path: String) -> UInt64 {
        UInt64(FileStat(path: path)?.size ?? 0)
    }

    /// Returns the bytes appended since the previous call (at most ``maxChunk``), or an empty array when there
    /// are none yet. After a rotation, what was appended to the rotated copy `path.1` beyond the old position
    /// comes first, then the new live file from its start.
    public func next() -> [UInt8] {
        let path = self.path
        return state.withLock { state -> [UInt8] in
            if let bytes = Self.drainRotated(&state), !bytes.isEmpty {
                return bytes
            }
            let rotated = POSIXFile(path: LogRotation.rotatedPath(path, 1), flags: O_RDONLY)
            let rotatedStatus = rotated?.status
            let rotatedChanged = rotatedStatus != nil && rotatedStatus?.identity != state.rotatedIdentity
            state.rotatedIdentity = rotatedStatus?.identity
            let live = POSIXFile(path: path, flags: O_RDONLY)
            let liveSize = live?.status?.size ?? 0
            if rotatedChanged || liveSize < state.offset {
                let oldOffset = state.offset
                state.offset = 0
                if rotatedChanged, let rotated, let rotatedStatus, rotatedStatus.size > oldOffset {
                    state.drain = Drain(file: rotated, position: oldOffset, end: rotatedStatus.size)
                    if let bytes = Self.drainRotated(&state), !bytes.isEmpty {
                        return bytes
                    }
                }
            }
            guard let live, liveSize > state.offset else { return [] }
            let bytes = live.read(at: state.offset, count: min(Self.maxChunk, liveSize - state.offset))
            state.offset += bytes.count
            return bytes
        }
    }

    private static func drainRotated(_ state: inout State) -> [UInt8]? {
        guard var drain = state.drain else { return nil }
        let bytes = drain.file.read(at: drain.position, count: min(maxChunk, drain.end - drain.position))
        drain.position += bytes.count
        state.drain = bytes.isEmpty || drain.position >= drain.end ? nil : drain
        return bytes
    }
}
