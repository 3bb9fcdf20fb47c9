import Glibc

/// The live log file and its rotated copies, opened together and seen as one byte stream, oldest first.
///
/// Sizes are captured when the files are opened, so bytes appended while reading are not included. A rotation
/// racing with the opening can make the set miss or repeat one file's content (best effort, as in kubelet).
struct LogFileSet {
    /// One file of the stream and the number of its bytes that belong to the snapshot.
    struct Segment {
        var file: POSIXFile
        var size: Int
    }

    /// Oldest (`path.N`) first, the live file last.
    var segments: [Segment]

    /// Opens `path.1`, `path.2`, … up to the first missing one, then `path`; missing files are skipped.
    init(path: String) {
        var newestFirst: [Segment] = []
        var index = 1
        while let file = POSIXFile(path: LogRotation.rotatedPath(path, index), flags: O_RDONLY) {
            newestFirst.append(Segment(file: file, size: file.status?.size ?? 0))
            index += 1
        }
        if let live = POSIXFile(path: path, flags: O_RDONLY) {
            newestFirst.insert(Segment(file: live, size: live.status?.size ?? 0), at: 0)
        }
        segments = newestFirst.reversed()
    }

    /// Total number of bytes in the snapshot.
    var size: Int {
        segments.reduce(0) { $0 + $1.size }
    }

    /// The stream from its start, at most `limit` bytes (`nil`: everything).
    func readForward(limit: Int?, blockSize: Int = 1 << 20) -> [UInt8] {
        var remaining = limit ?? Int.max
        var result: [UInt8] = []
        for segment in segments {
            var offset = 0
            while remaining > 0, offset < segment.size {
                let block = segment.file.read(at: offset, count: min(blockSize, segment.size - offset, remaining))
                if block.isEmpty { break }
                result += block
                offset += block.count
                remaining -= block.count
            }
        }
        return result
    }

    /// The last `lines` lines of the stream, found by reading backwards in blocks from the end.
    ///
    /// A final line without a terminating newline counts as a line; a final newline only ends the last line.
    /// - Returns: the selected bytes and how many bytes were read to find them.
    func tail(lines: Int, blockSize: Int = 64 << 10) -> (bytes: [UInt8], scanned: Int) {
        guard lines > 0 else { return ([], 0) }
        var newestFirst: [[UInt8]] = []
        var newlines = 0
        var scanned = 0
        var atStreamEnd = true
        func joined() -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(newestFirst.reduce(0) { $0 + $1.count })
            for chunk in newestFirst.reversed() {
                result += chunk
            }
            return result
        }
        for segment in segments.reversed() {
            var end = segment.size
            while end > 0 {
                let start = max(0, end - blockSize)
                let block = segment.file.read(at: start, count: end - start)
                scanned += block.count
                var index = block.count - 1
                if atStreamEnd, !block.isEmpty {
                    atStreamEnd = false
                    if block[index] == UInt8(ascii: "\n") {
                        index -= 1
                    }
                }
                while index >= 0 {
                    if block[index] == UInt8(ascii: "\n") {
                        newlines += 1
                        if newlines == lines {
                            newestFirst.append(Array(block[(index + 1)...]))
                            return (joined(), scanned)
                        }
                    }
                    index -= 1
                }
                newestFirst.append(block)
                end = start
            }
        }
        return (joined(), scanned)
    }
}
