import Glibc

/// An open file descriptor that is closed when the object is released.
final class POSIXFile {
    let descriptor: Int32
    let path: String

    /// Opens `path` with `flags` (`O_CLOEXEC` is always added); `nil` when `open(2)` fails.
    init?(path: String, flags: Int32, mode: mode_t = 0o640) {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens `path` or throws the `errno` of the failed `open(2)`.
    static func opening(_ path: String, flags: Int32, mode: mode_t = 0o640) throws(LogFileError) -> POSIXFile {
        guard let file = POSIXFile(path: path, flags: flags, mode: mode) else {
            throw LogFileError(operation: "open", path: path, code: errno)
        }
        return file
    }

    deinit {
        close(descriptor)
    }

    /// The current size and identity of the open file.
    var status: FileStat? {
        FileStat(descriptor: descriptor)
    }

    /// Reads up to `count` bytes at `offset` without moving the file position; shorter at end of file.
    func read(at offset: Int, count: Int) -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        var got = 0
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            while got < count {
                let n = pread(descriptor, buffer.baseAddress! + got, count - got, off_t(offset + got))
                if n > 0 {
                    got += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        bytes.removeLast(count - got)
        return bytes
    }

    /// Reads up to `count` bytes from the current position; empty at end of file.
    func readSequential(count: Int) throws(LogFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var n = 0
        repeat {
            n = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, count) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw LogFileError(operation: "read", path: path, code: errno) }
        bytes.removeLast(count - n)
        return bytes
    }

    /// Writes all of `bytes` at the current position.
    func write(_ bytes: [UInt8]) throws(LogFileError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n > 0 {
                written += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw LogFileError(operation: "write", path: path, code: n < 0 ? errno : EIO)
            }
        }
    }
}
