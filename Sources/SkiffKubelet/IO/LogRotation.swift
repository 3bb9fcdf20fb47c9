import Glibc

/// Size-based copy-and-truncate rotation of a container log file, like kubelet's container log manager.
///
/// The live file is `path`; rotated files are `path.1` (newest) … `path.(maxFiles-1)` (oldest). The container
/// keeps appending to `path` (opened with `O_APPEND`), so rotation copies the live file and truncates it in place.
///
/// Copy-and-truncate has an unavoidable loss window: bytes the container appends after the copy reached the end of
/// the file and before the truncation are lost. The copy reads until end of file immediately before truncating to
/// keep that window as small as possible.
public struct LogRotation: Sendable, Equatable {
    /// Rotate once the live file is larger than this many bytes (kubelet `containerLogMaxSize`, default 10 MiB).
    public var maxBytes: Int
    /// Number of files kept including the live one (kubelet `containerLogMaxFiles`, default 5).
    /// Values below 2 keep no rotated copy: rotation then only truncates the live file.
    public var maxFiles: Int

    /// Creates a policy rotating above `maxBytes` and keeping `maxFiles` files including the live one.
    public init(maxBytes: Int = 10 << 20, maxFiles: Int = 5) {
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
    }

    /// Rotates `path` if it is larger than ``maxBytes``.
    ///
    /// Rotation deletes the rotated files that would exceed ``maxFiles`` (including stale ones left by a larger
    /// earlier setting), shifts `path.k` to `path.(k+1)`, copies `path` to `path.1` (through a temporary file
    /// renamed into place, so readers never see a partial `path.1`) and truncates `path` to zero bytes.
    /// - Returns: whether it rotated; `false` when the file is missing or not larger than ``maxBytes``.
    /// - Throws: ``LogFileError`` when a file operation fails; the live file is then left untruncated.
    public func rotateIfNeeded(_ path: String) throws -> Bool {
        guard let status = FileStat(path: path), status.size > maxBytes else { return false }
        let keep = max(maxFiles - 1, 0)
        var stale = max(keep, 1)
        while FileStat(path: Self.rotatedPath(path, stale)) != nil {
            try Self.remove(Self.rotatedPath(path, stale))
            stale += 1
        }
        if keep >= 1 {
            for index in stride(from: keep - 1, through: 1, by: -1) {
                let from = Self.rotatedPath(path, index)
                guard FileStat(path: from) != nil else { continue }
                guard rename(from, Self.rotatedPath(path, index + 1)) == 0 else {
                    throw LogFileError(operation: "rename", path: from, code: errno)
                }
            }
            try Self.copy(path, to: Self.rotatedPath(path, 1), permissions: status.permissions)
        }
        guard truncate(path, 0) == 0 else {
            throw LogFileError(operation: "truncate", path: path, code: errno)
        }
        return true
    }

    /// The name of the `index`-th rotated file of `path` (`path.1` is the newest).
    static func rotatedPath(_ path: String, _ index: Int) -> String {
        "\(path).\(index)"
    }

    private static func remove(_ path: String) throws(LogFileError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw LogFileError(operation: "unlink", path: path, code: errno)
        }
    }

    private static func copy(_ source: String, to destination: String, permissions: mode_t) throws(LogFileError) {
        let temporary = destination + ".tmp"
        do {
            let input = try POSIXFile.opening(source, flags: O_RDONLY)
            let output = try POSIXFile.opening(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: permissions)
            while true {
                let block = try input.readSequential(count: 1 << 20)
                if block.isEmpty { break }
                try output.write(block)
            }
        } catch {
            try? remove(temporary)
            throw error
        }
        guard rename(temporary, destination) == 0 else {
            let code = errno
            try? remove(temporary)
            throw LogFileError(operation: "rename", path: temporary, code: code)
        }
    }
}
